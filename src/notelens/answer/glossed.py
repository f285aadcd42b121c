"""The other language's name a note gives a term beside it, when a question asks for it
(issue #15, twenty-ninth round).

Bilingual notes name a term in both languages on one line: "RLHF (인간 피드백 기반 강화
학습)", "3. 다양성 확보 (Diversify)", "LLM 애플리케이션 리뷰 (Reviews of LLM
applications)". Questions ask for the other side by naming a language: "RLHF 한국어로
풀어서 뭐라고 써있어?", "다양성 확보는 영어로 뭐라고 적혀있어?", "What Korean gloss does the
overview give next to SFT?". The answer shares no word with the question by
construction (it is the term's translation), so the unit scorer prefers any line that
repeats the term with its usual company ("Alignment Tuning에는 SFT(…)와 RLHF(…)가 포함됨",
or a child bullet of the entry): the line that pairs the term with its gloss lost in four
sets' rows (realq3 t135, realq6 x145, realq7 y009/y308, realq8 z042/z150, realq9
p056/p129/p157), written by different writers.

:func:`glossed` finds, among the retrieved units, a line that is nothing but such a pair
(a label, an item, a heading-like line: "A (B)", optionally numbered or ending with a
colon), whose one side the question writes and whose other side is in the asked
language; :func:`gloss_span` is that other side, the short answer. A pair inside a
sentence ("편향(bias)을 줄이고") is left alone: where the term starts there is a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.analysis.asked_language import named_languages
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

# A line that is one pair: an optional list number, a side, its other side in
# parentheses, an optional colon. Markdown emphasis is already gone from a unit's text.
_PAIR_RE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s+)?([^()（）]{2,80}?)\s*[(（]([^()（）]{2,80})[)）]\s*[:：]?\s*$"
)
_HANGUL_RE = re.compile(r"[가-힣]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def asked_gloss_language(question: str) -> str | None:
    """The language ("ko" or "en") whose wording of a term ``question`` asks for
    (``analysis.asked_language``'s "wording" reading: "한국어로 뭐라고", "the English
    gloss"), or None. Both named ("한국어로 된 설명 영어로"): None, the question reads no
    one side."""
    found = named_languages(question, "wording")
    return found[0] if len(found) == 1 else None


def _in(lang: str, text: str) -> bool:
    """Whether ``text`` is written in ``lang``: Hangul in it (ko), or Latin letters and
    no Hangul (en)."""
    if lang == "ko":
        return _HANGUL_RE.search(text) is not None
    return _HANGUL_RE.search(text) is None and _LATIN_RE.search(text) is not None


def _squash(text: str) -> str:
    return re.sub(r"[\s'\"‘’“”`*_-]+", "", text).lower()


def gloss_span(question: str, unit: AnswerUnit) -> Span | None:
    """The side of ``unit``'s pair that is in the asked language, when the other side
    is in the other language and written in ``question``; else None."""
    lang = asked_gloss_language(question)
    if lang is None:
        return None
    m = _PAIR_RE.match(unit.text)
    if m is None:
        return None
    other = "en" if lang == "ko" else "ko"
    asked = _squash(question)
    for want, term in ((1, 2), (2, 1)):
        side, name = m.group(want), m.group(term).strip()
        key = _squash(name)
        if _in(lang, side) and _in(other, name) and len(key) >= 2 and key in asked:
            s, e = m.span(want)
            while e > s and unit.text[e - 1].isspace():
                e -= 1
            return Span(unit.text[s:e], s, e)
    return None


def glossed(question: str, units: Sequence[Sequence[AnswerUnit]]) -> tuple[int, AnswerUnit] | None:
    """(passage index, unit) of the first unit, in hit order, that pairs a term the
    question writes with its name in the asked language (see :func:`gloss_span`)."""
    if asked_gloss_language(question) is None:
        return None
    for hi, passage in enumerate(units):
        for u in passage:
            if u.kind != "summary" and gloss_span(question, u) is not None:
                return hi, u
    return None


__all__ = ["asked_gloss_language", "gloss_span", "glossed"]
