"""The parts of a section, asked for by the section's name: "Data-Centric 연구는 어떤 하위
섹션으로 나뉘어?", "Model-Centric NLP 아래엔 어떤 주제들이 있어?", "What subsections does
the evaluation section have?".

A note written as an outline says what a section covers with the headings below it: the
section has no body of its own, its parts are its subsections' names. Those names are in
the passages' heading paths, in no unit's text, so the extractor can only quote a line of
one part (the failure class "gold only in a heading"). This module reads the parts off
the heading paths of the passages: the section is the heading segment the question names
(most of its words written in the question), its parts the segments right below it, in
the note's order. Only a section with parts among the passages answers: a question
about a section without subsections ("X 섹션엔 어떤 항목이 있어?", its bullets) is the
extractor's.

The answer quotes one unit of each part's passage, the parts joined as the short answer
(cut from the heading paths: ``start == end == 0``, like ``container.py``'s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.analysis.particles import trailing_particle
from notelens.answer.candidates import Scored
from notelens.answer.choose import Choice
from notelens.answer.extractive import Candidate
from notelens.answer.span import Span
from notelens.types import Hit

__all__ = ["asks_parts", "named_parts", "parts_answer"]

_PART_KO = "섹션|주제|챕터|파트|카테고리|분류|단원|목차|장"
# "하위 섹션", "세부 주제", "소제목"; "어떤 섹션으로 나뉘어", "무슨 주제들이 있어",
# "몇 개 파트로 구성돼".
_KO_RE = re.compile(
    rf"(?:하위|세부|서브|소)\s*(?:{_PART_KO}|항목|제목)|소제목"
    rf"|(?:어떤|무슨|어느|몇\s*개의?)\s*(?:{_PART_KO})(?:들)?\s*(?:으로|로|이|가|을|를)?\s*"
    r"(?:나뉘|나눠|구성|이루어|있|들어|포함|다뤄|다루)",
)
# "subsections", "sub-topics"; "which sections / parts / topics does X have / is X
# split into", "what topics are under X".
_EN_RE = re.compile(
    r"\bsub-?(?:sections?|topics?|headings?|categories|chapters?)\b"
    r"|\b(?:which|what)\s+(?:sections|parts|topics|chapters|categories|headings)\b",
    re.I,
)
_PARTICLE = trailing_particle("에는", "엔", "와", "과", "도", "에서", "아래", "밑")
_WORD_RE = re.compile(r"[A-Za-z0-9]+|[가-힣]+")
# Words that say what is asked, never which section.
_ASK_WORDS = frozenset(
    {
        *("섹션", "주제", "챕터", "파트", "카테고리", "분류", "하위", "세부", "항목", "노트"),
        *("section", "sections", "subsection", "subsections", "part", "parts", "topic"),
        *("topics", "chapter", "chapters", "the", "what", "which", "does", "have", "has"),
        *("under", "into", "split", "divided", "are", "is", "of", "in", "notes", "note"),
    }
)


def asks_parts(question: str) -> bool:
    """Whether ``question`` asks for the parts (subsections) of a section."""
    return bool(_KO_RE.search(question) or _EN_RE.search(question))


def _words(text: str) -> set[str]:
    out = set()
    for w in _WORD_RE.findall(text):
        w = w.lower()
        if re.match(r"[가-힣]", w):
            w = _PARTICLE.sub("", w) or w
        if w not in _ASK_WORDS:
            out.add(w)
    return out


def _segments(hit: Hit) -> list[str]:
    """The hit's heading path, under the note's title when the path does not start with
    it (a note whose title is its first line, not a ``#`` heading): the note's top
    sections are the title's parts."""
    segs = [s.strip() for s in hit.heading.split(" > ") if s.strip()]
    title = hit.title.strip()
    return segs if not title or (segs and segs[0] == title) else [title, *segs]


def named_parts(question: str, hits: Sequence[Hit]) -> tuple[str, list[tuple[int, str]]] | None:
    """The section ``question`` names and its parts among ``hits``: (section, [(the
    index of the first hit under each part, the part's heading)]), parts in the note's
    order; ``None`` when no section with parts is named.

    A section is named when the question writes at least half of its words (one at
    least; a note's title too: "Large Language Models 관련 논문 정리", not the "Large
    Language Models" of another note's longer title); the best named section writes the
    most of them, then the larger share."""
    asked = _words(question)
    best: tuple[int, float] | None = None
    found: tuple[str, tuple[str, ...]] | None = None
    for hit in hits:
        segs = _segments(hit)
        for i, seg in enumerate(segs[:-1]):
            words = _words(seg)
            shared = len(words & asked)
            if not words or shared == 0 or 2 * shared < len(words):
                continue
            key = (shared, shared / len(words))
            if best is None or key > best:
                best, found = key, (seg, tuple(segs[: i + 1]))
    if found is None:
        return None
    section, prefix = found
    depth = len(prefix)
    parts: dict[str, tuple[tuple[str, int], int]] = {}
    for hi, hit in enumerate(hits):
        segs = _segments(hit)
        if len(segs) <= depth or tuple(segs[:depth]) != prefix:
            continue
        order = (hit.source, hit.location.line_start or 0)
        part = segs[depth]
        if part not in parts or order < parts[part][0]:
            parts[part] = (order, hi)
    ranked = sorted(parts.items(), key=lambda kv: kv[1][0])
    return (section, [(hi, part) for part, (_order, hi) in ranked]) if ranked else None


def parts_answer(
    question: str, scored: Scored, hits: Sequence[Hit], choice: Choice, max_sentences: int
) -> tuple[Choice, Span] | None:
    """The choice led by a unit under the named section's first part, one unit quoted
    per part, the parts joined as the short answer; ``None`` for other questions."""
    if not asks_parts(question):
        return None
    named = named_parts(question, hits)
    if named is None:
        return None
    _section, parts = named
    quoted: list[Candidate] = []
    for hi, _part in parts[:max_sentences]:
        units = [c for c in scored.cands if c.hit_index == hi]
        if units:
            quoted.append(min(units, key=lambda c: c.position))
    if not quoted:
        return None
    lead = quoted[0]
    chosen = sorted(quoted, key=lambda c: (c.hit_index, c.position))
    short = Span(", ".join(part for _hi, part in parts), 0, 0)
    return choice.replaced(chosen, lead), short
