"""The thing an English "how many …?" counts: the English form of "몇 <measure>".

A Korean question names the measure of a count after "몇" ("몇 장", "몇 fps"), and
``refusal.measure_factor`` weakens a unit that states no number in it. An English
question names it as the plural noun after "how many" ("How many GPUs did Pelican Lab
use …?"), and was not read at all: a unit naming the model and holding any number
("Brisa-MoE-2 router z-loss 0.001") answered it. :func:`counted_noun` reads that noun
(the first plural word within three words: "how many hard negatives", "how many
red-team prompts"), :func:`count_stated` whether a unit writes it: the noun itself (its
singular as a word's start: "dimensions" in "8,192-dimensional"), or, as Korean notes
write counts, a number with a Korean counter ("GPU 128장", "5회", "31,000쌍": the
counter stands for the noun), unless the noun is a measure with a Korean word of its own
("시간", "토큰", "에폭"), which notes write it in.

Counts of people and of occurrences ("how many people", "how many times") are left out,
as "명" and "번" are by ``refusal._GENERIC``: every count has them.
"""

from __future__ import annotations

import re

from notelens.analysis.particles import trailing_particle

# "how many" and up to three words, the counted noun among them.
_HOW_MANY_RE = re.compile(r"\bhow many((?:\s+[\w-]+){1,3})", re.I)
# A plural: a word ending in "s" (not "ss", "us", "is": "class", "corpus", "analysis"),
# or in "s" after a digit ("A100s"); no apostrophe ("Mixtral's" is a possessive).
_PLURAL_RE = re.compile(r"^[A-Za-z0-9-]*[A-Za-z0-9-](?<![su]s)(?<!is)s$")
_GENERIC = frozenset({"people", "persons", "times", "ones", "things", "items", "members"})
# The Korean counter a note writes after the number (one syllable or a word) and the
# English measures a Korean note writes in its own words (refusal._ALIASES's forms).
# (Glued to the number, or after a numeral word: "256장", "6회", "4.8만 개"; "8B / 34B
# 두 가지" writes no counter after "34B".)
_KO_COUNT_RE = re.compile(r"(?<![\w.])\d[\d,.]*(?:[KMB]|\s?[만천억조]\s?)?([가-힣]+)")
_PARTICLE_RE = trailing_particle(
    *("에서", "도", "만", "과", "와", "까지", "부터", "보다", "이나", "나")
)
_KO_MEASURES: dict[str, str] = {
    "hour": "시간",
    "token": "토큰",
    "step": "단계|스텝",
    # ("How many stages …" over "두 단계 PEFT 프레임워크": 단계 is a stage as well as a
    # step, and a count in a numeral word has no digit for the counter rule below.)
    "stage": "단계",
    "minute": "분",
    "second": "초",
    "day": "일",
    "epoch": "에폭|에포크",
    "layer": "층|레이어",
}


def own_word(noun: str) -> bool:
    """Whether the counted ``noun`` is a measure with a Korean word of its own (hours,
    tokens, epochs, layers: :func:`count_stated` reads no other counter for it)."""
    return noun in _KO_MEASURES


def korean_word(noun: str) -> str | None:
    """The Korean word (a pattern of its spellings) of a measure with one of its own
    (``"layer"`` -> ``"층|레이어"``), or None."""
    return _KO_MEASURES.get(noun)


def measure_named(word: str) -> str | None:
    """The English noun of a measure whose Korean word ``word`` is ("레이어" ->
    ``"layer"``), or None: :func:`korean_word` read backwards."""
    for noun, words in _KO_MEASURES.items():
        if re.fullmatch(words, word):
            return noun
    return None


def counted_noun(question: str) -> str | None:
    """The singular of the plural noun an English "how many …?" counts, lowercased
    ("How many GPUs …" -> "gpu", "How many A100s …" -> "a100"), or None."""
    m = _HOW_MANY_RE.search(question)
    if m is None:
        return None
    for word in m.group(1).split():
        if _PLURAL_RE.match(word):
            low = word.lower()
            if low in _GENERIC:
                return None
            # ("classes", "boxes", "batches": the "es" is the plural's.)
            return low[:-2] if re.search(r"(?:ss|x|ch|sh)es$", low) else low[:-1]
    return None


def count_stated(noun: str, text: str) -> bool:
    """Whether ``text`` writes the counted ``noun`` (its singular starting a word), the
    Korean word for it, or a number with a Korean counter."""
    if re.search(rf"(?<![a-z0-9]){re.escape(noun)}", text, re.I):
        return True
    korean = _KO_MEASURES.get(noun)
    if korean is not None:
        # A measure with a word of its own is written in it ("3 에폭", "40시간"): a number
        # with another counter ("1,000개의 프롬프트") counts something else (twenty-fifth
        # round: "How many epochs …?" was answered by the count of prompts).
        return re.search(korean, text) is not None
    if _translated_count(noun, text):
        return True
    # A counter of another measure ("3조 토큰", "40시간") counts something else.
    others = "|".join(v for k, v in _KO_MEASURES.items() if k != noun)
    for m in _KO_COUNT_RE.finditer(text):
        word = m.group(1)
        if _PARTICLE_RE.fullmatch(word) or re.match(others, word):
            continue
        return True
    return False


def _translated_count(noun: str, text: str) -> bool:
    """Whether ``text`` writes the Korean word for ``noun`` with its count in a bracket or
    after a colon ("적은 수의 참조 비디오(예: N=50)" for "how many reference videos"): the
    note names what it counts in its own language and gives the number beside it, with
    no counter after the number (twenty-ninth round)."""
    from notelens.analysis.lexicon import word_translations

    words = [t for t in word_translations(noun) if re.fullmatch("[가-힣]+", t)]
    return any(
        re.search(
            rf"{re.escape(w)}\s?[(:]\s?(?:[가-힣]{{1,2}}[.:]?\s?)?(?:[A-Za-z]\s?=\s?)?\d", text
        )
        for w in words
    )
