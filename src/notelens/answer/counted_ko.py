"""A count asked in Korean by the measure's own word, and whether any passage writes one.

"SOLAR는 레이어가 몇 개야?", "토큰 수는?", "에폭은 몇 번 돌렸어?" count a measure with a
word of its own (``counted.own_word``: layers, tokens, epochs, steps), as the English
"How many layers …?" does; but "몇" reads "개" or "번" as the measure (a counter every
count has, ``refusal.asked_measure`` leaves it), so nothing asked the number of layers.
A model's row in a paper list ("Type: layer extension · Paper title: … 10.7B …") names
the measure and its size without counting it: the count is written only as a number by
the measure's word ("48 layers", "48-layer", "레이어 48개", "layers: 48", "3조 토큰").
"""

from __future__ import annotations

import re

from notelens.answer.counted import korean_word

# The measure before "몇" or "수"/"개수": "레이어가 몇 개", "층 수는?", "토큰 몇 개로",
# "에폭은 몇 번", "스텝 수가 얼마야". (Hours and minutes are ``refusal.asked_measure``'s
# "몇 시간" / "몇 분": only the measures "몇" does not name come here.)
_ASKED_RE = re.compile(
    # (or its English word in a mixed question: "Gaon layer 수는?")
    r"(?<![가-힣A-Za-z])(레이어|층|토큰|에폭|에포크|스텝|(?i:layer|token|epoch|step)s?)\s*"
    r"(?:이|가|은|는|을|를|의)?\s*"
    r"(?:몇|(?:총\s*)?(?:수|개수)\s*(?:은|는|이|가)?\s*(?:몇|얼마|[?？]|$))"
)
# The measures of :data:`_ASKED_RE`, by the English noun ``counted`` keys them on.
_NOUNS = ("layer", "token", "epoch", "step")


def korean_counted(question: str) -> str | None:
    """The English noun (``counted``'s key) of a measure a Korean question counts by its
    own word, or None."""
    m = _ASKED_RE.search(question)
    if m is None:
        return None
    asked = m.group(1).lower()
    for noun in _NOUNS:
        word = korean_word(noun)
        if asked.rstrip("s") == noun or (word is not None and re.fullmatch(word, asked)):
            return noun
    return None


def counted_by_number(noun: str, text: str) -> bool:
    """Whether ``text`` writes a number by the measure's word, English or Korean ("32
    layers", "32-layer", "레이어 32개", "layers: 32", "2T tokens", "3조 토큰")."""
    korean = korean_word(noun) or re.escape(noun)
    word = rf"(?:{re.escape(noun)}s?|{korean})"
    # (a digit, or a numeral word: "두 개의 zero convolution layer", "two layers")
    number = rf"(?:\d[\d,.]*\s*(?:[KMBT](?![A-Za-z])|[만천억조])?|{_NUMERALS})(?:\s*개의?)?"
    return (
        re.search(
            rf"{number}\s*[-‑]?\s*(?:[\w-]+\s+){{0,2}}{word}"
            rf"|{word}\S{{0,3}}\s*(?:수|개수|count)?\S{{0,2}}\s*[:=|]?\s*(?:\d|{_NUMERALS}\s*개)",
            text,
            re.I,
        )
        is not None
    )


# Numbers a note writes in words, Korean and English.
_NUMERALS = (
    r"(?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozen)\b"
)
