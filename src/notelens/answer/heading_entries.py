"""The entry a heading names, when the question asks for the entry a line describes:
"What ChatGPT evaluation study is listed under LLM Evaluation-Centric NLP?", "ChatGPT
벤치마크 평가한 논문 제목?" (issue #15, twenty-sixth round).

An overview note files a paper as a heading of its own with its summary as the lines
under it ("### A System Study … of ChatGPT on Benchmark Datasets" / "- QA, 요약, … 성능
평가"). A question describing the summary and asking for the paper is answered by the
heading, which no unit's text holds: the scorer quotes the summary line, and the short
answer is cut from it. answer/entry_title.py names the entry when it is a title line of
the chunk; here it is the heading right above the quoted line: the heading is the short
answer (from the context: ``start == end == 0``) when it reads as a work's title (four
words or more, mostly Latin) and writes a name the question writes ("ChatGPT"), so a
section's name ("Interpretability", "3 LINE SUMMARY") is never taken for an entry, nor
the note's own title (the heading path's first segment).
"""

from __future__ import annotations

import re

from notelens.answer.entry_title import asks_document
from notelens.answer.grounding import latin_names
from notelens.answer.heading_label import inner_label
from notelens.answer.note_titles import asks_title
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

__all__ = ["asks_study", "heading_entry"]

# "What … study / survey / work is listed …", "Which study …": the entry itself, asked
# by a noun answer/entry_title.py does not read as a document's.
_STUDY_RE = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:study|studies|survey|work)\b", re.I
)
_MIN_WORDS = 4
_LATIN_SHARE = 0.6


def asks_study(question: str) -> bool:
    """Whether ``question`` asks for a study by what it says (besides a paper, a post or
    a report, which answer/entry_title.py reads)."""
    return _STUDY_RE.search(question) is not None


def _titled(segment: str) -> bool:
    """Whether a heading reads as a work's title: four words or more, mostly Latin."""
    letters = [c for c in segment if c.isalpha()]
    latin = sum(c.isascii() for c in letters)
    return len(segment.split()) >= _MIN_WORDS and latin >= _LATIN_SHARE * max(1, len(letters))


def heading_entry(question: str, unit: AnswerUnit) -> Span | None:
    """The heading right above ``unit`` as the short answer, when the question asks for
    the paper or study the unit describes (not a model or a value named in it: "Tamna-2
    성능은 어떤 벤치마크로 보고됐어?" asks for what the entry says) and the heading is that
    entry; ``None`` otherwise."""
    asked = asks_document(question) or asks_study(question) or asks_title(question)
    if not asked or unit.kind not in ("sentence", "item"):
        return None
    # (The first segment is the note's own title: a note, not an entry filed in it.)
    if len([s for s in unit.context.split(" > ") if s.strip()]) < 2:
        return None
    segment = inner_label(unit.context).strip()
    if not segment or not _titled(segment) or segment in unit.text:
        return None
    names = latin_names(question)
    held = segment.lower()
    if not any(n in held for n in names):
        return None
    return Span(segment, 0, 0)
