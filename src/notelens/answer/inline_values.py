"""The value a bullet writes after the asked noun: "컨텍스트 256K, 라이선스는 Apache 2.0"
answers "Petrel-3 모델카드에 나온 라이선스" with "Apache 2.0", not the first number.

Notes pack several attributes into one bullet, each as a noun and its value, split by
commas or middle dots ("학습 토큰 18T, 한국어 비중은 2.1%", "가중치 공개 · 라이선스
MIT"). A Korean question that ends on the noun ("… 라이선스?", "… 비중은?", "라이선스가
뭐야?") asks that value. :func:`asked_noun` reads the noun, :func:`inline_value` finds the
part of a bullet that starts with it and cuts the value after it (and after a topic
particle or a colon).
"""

from __future__ import annotations

import re

from notelens.answer.span import Span

# What a question may end with after its noun: a particle, then an interrogative.
_TAIL_RE = re.compile(
    r"\s*(?:은|는|이|가|을|를)?\s*"
    r"(?:뭐(?:야|였지|였더라|지|예요|에요)?|무엇(?:이야|인가요?|이에요)?|어떻게\s*돼(?:요)?"
    r"|알려\s*줘(?:요)?|뭔지|(?:몇|어디|언제|누구|얼마)\S*(?:\s+\S+)?)?\s*[?？.]*\s*$"
)
# The noun itself: a Hangul word (an English term may precede it: "LoRA 라이선스").
_NOUN_RE = re.compile(r"(?:^|\s)([가-힣]{2,8})$")
# Nouns that name no attribute ("정리", "내용", "논문"): the question asks a passage.
_NOT_ATTRIBUTES = frozenset(
    {"정리", "내용", "논문", "요약", "설명", "차이", "이유", "방법", "의미", "정의", "특징"}
)
# A bullet's parts: split at commas, semicolons, middle dots and slashes between spaces;
# not at a thousands separator ("프롬프트 4,800개" is one part, its value "4,800개").
_PART_RE = re.compile(r"(?:[^,;·]|(?<=\d),(?=\d{3}(?!\d)))+")
_PARTICLE = r"(?:은|는|이|가|:|：|=)?"


def asked_noun(question: str) -> str | None:
    """The attribute noun a Korean question ends on ("라이선스" of "Petrel-3 모델카드에
    나온 라이선스?"), or ``None``."""
    tail = _TAIL_RE.search(question)
    head = question[: tail.start()] if tail else question
    head = re.sub(r"(?:은|는|이|가|을|를)$", "", head.rstrip())
    m = _NOUN_RE.search(head)
    if m is None:
        return None
    noun = m.group(1)
    # A particle glued to a noun of three or more syllables ("라이선스는") was cut above;
    # a two-syllable noun ending in one ("비중은" -> "비중") too.
    return None if noun in _NOT_ATTRIBUTES else noun


def inline_value(question: str, text: str) -> Span | None:
    """The value ``text`` writes right after the asked noun, in the same part of the
    bullet; ``None`` when the question asks no attribute noun or no part starts with it."""
    noun = asked_noun(question)
    if noun is None:
        return None
    pat = re.compile(
        rf"^\s*(?P<lead>(?:\S+\s+){{0,2}}?){re.escape(noun)}\s*{_PARTICLE}\s*(?P<value>\S.*?)\s*[.。]?\s*$"
    )
    for part in _PART_RE.finditer(text):
        m = pat.match(part.group(0))
        # Words before the noun must be the question's own ("한국어 비중은 2.1%" for
        # "한국어 비중은?"): another noun there makes it another attribute.
        if m is None or any(w not in question for w in m.group("lead").split()):
            continue
        start = part.start() + m.start("value")
        return Span(m.group("value"), start, start + len(m.group("value")))
    return None
