"""Refusal signal of a Korean count whose counted thing no top passage names.

"research-notes 저장소 스타 몇 개야?", "MT-Bench 질문 몇 개로 구성돼 있어?", "Llama Guard
안전 위험 분류 카테고리 몇 개야?", "HaluEval 샘플 수 몇 개야?" count a thing the question
names right before "몇 개" (or after it: "몇 개의 레이어", "몇 개 layer만"). The notes
name the subject (the repo, the benchmark, the paper) and never count its stars, its
questions or its categories: the scorer then quotes a unit that shares the subject's name
and holds some other number ("18 주차", "Llama2-7b", "3가지 요소"), and its strength
stays above the threshold, since every name of the question is written.

A right answer's passages write the counted thing ("Zero Convolution Layer 2개", "3가지
요소", "12개 벤치마크"): a count the notes state names what it counts. So a counted
noun that none of the passages the quoted units stand in (with their heading paths)
writes, in the question's spelling or
as the English or Korean word of a measure with one of its own (``counted.korean_word``:
"레이어" for "layer"), is a count the notes do not hold, and the strength is scaled by
``1 - NOWHERE_PENALTY`` (half, as a measure no passage states a number in:
``asked_nowhere.measure_nowhere``). Adverbs and words that name no thing ("총", "정확히",
"모두") are read as no counted noun: the factor is then 1.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelens.answer.asked_nowhere import NOWHERE_PENALTY
from notelens.answer.counted import korean_word, measure_named

if TYPE_CHECKING:
    from notelens.answer.strength import Judged

_PARTICLES = r"(?:이|가|은|는|을|를|의|도|만)"
# "몇 개" as the count itself, ended by a particle, a copula or an ending ("몇 개야", "몇
# 개의", "몇 개인가"), not the first syllable of another counter: "몇 개국" counts
# countries with 국 ("106개국"), "몇 개월" a span, "몇 개사" companies (KorQuAD
# 6577228-2-1 read "국가는 몇 개국" as counting 국가, which "106개국" never writes).
_COUNT_END = (
    r"(?=$|[\s?.!,~]|의|야|인|이|예|요|냐|나|씩|를|을|가|로|만|정도|쯤|였|던|라|래|지|일|면"
    r"|도|는|은|와|랑|고|까|에|중|부터)"
)
# The thing counted, written before "몇 개" ("스타 몇 개", "샘플 수 몇 개", "질문이 몇 개"),
# or after it ("몇 개의 레이어", "몇 개 layer만"); "몇 개월" asks a span of time.
_BEFORE_RE = re.compile(
    rf"(?<![가-힣A-Za-z0-9])([가-힣]{{2,8}}?|[A-Za-z][A-Za-z-]{{2,}})"
    rf"(?:\s*(?:수|개수))?\s*{_PARTICLES}?\s*몇\s*개{_COUNT_END}"
)
_AFTER_RE = re.compile(
    rf"몇\s*개{_COUNT_END}(?:의\s*([가-힣]{{1,8}}?|[A-Za-z][A-Za-z-]{{2,}})(?:{_PARTICLES}|으로|로)?(?![가-힣])"
    r"|\s+([A-Za-z][A-Za-z-]{2,}))"
)
# Words before "몇 개" that count nothing themselves: adverbs, quantifiers, a question's
# frame ("정확히 몇 개", "총 몇 개", "모두 몇 개").
_NOT_NOUNS = frozenset(
    {
        "정확히",
        "대략",
        "모두",
        "전부",
        "각각",
        "보통",
        "최대",
        "최소",
        "평균",
        "대충",
        "그래서",
        "그럼",
        "그러면",
        "전체",
        "종류",
    }
)
# A Korean noun's plural suffix: "샘플들" is written "샘플".
_PLURAL_RE = re.compile(r"들$")


def counted_thing(question: str) -> str | None:
    """The noun a Korean question counts with "몇 개" ("스타 몇 개야?" -> 스타, "몇 개의
    레이어" -> 레이어), or None (no "몇 개", or a word that names no thing)."""
    m = _AFTER_RE.search(question)
    if m is not None:
        word = m.group(1) or m.group(2)
    else:
        m = _BEFORE_RE.search(question)
        if m is None:
            return None
        word = m.group(1)
    word = _PLURAL_RE.sub("", word)
    if word in _NOT_NOUNS or len(word) < 2:
        return None
    return word


def _spellings(noun: str) -> list[str]:
    """``noun`` and the other language's word of a measure with one of its own ("layer"
    and "층|레이어"), as regex alternatives."""
    lowered = noun.lower()
    stem = lowered[:-1] if re.fullmatch(r"[a-z-]+s", lowered) else lowered
    out = [re.escape(stem)]
    korean = korean_word(stem)
    if korean is not None:
        out.append(korean)
    english = measure_named(noun)
    if english is not None:
        out.append(re.escape(english))
    return out


def counted_unnamed(question: str, passages: str) -> bool:
    """Whether ``question`` counts a thing (:func:`counted_thing`) that ``passages``
    never write, in any of its spellings."""
    noun = counted_thing(question)
    if noun is None:
        return False
    pattern = "|".join(_spellings(noun))
    return re.search(pattern, passages, re.I) is None


def counted_absent(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: ``1 - NOWHERE_PENALTY`` when the counted thing is in
    none of the passages the quoted units stand in (with their heading paths), else 1."""
    hits = j.hits
    own = "\n".join(
        dict.fromkeys(
            f"{hits[c.hit_index].heading}\n{hits[c.hit_index].text}"
            for c in (j.best, *j.choice.chosen)
        )
    )
    return 1.0 - NOWHERE_PENALTY if counted_unnamed(j.q.text, own) else 1.0
