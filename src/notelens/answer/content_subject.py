"""Refusal signal of "what does the note say about X" quoted from a unit that never names X.

"Qwen 3 LINE SUMMARY 내용 알려줘", "Graph Prompting 3 LINE SUMMARY 내용 알려줘" ask what
the notes write about an entry (a content question: ``asked_nowhere.CONTENT_ASKED``) that
the paper list does not hold. The words of the note's layout ("3 LINE SUMMARY", "README",
"note") are written everywhere, so the scorer quotes a README line that describes the
layout ("항목마다 3 LINE SUMMARY를 붙입니다") or another entry's summary, and the names
check (``strength`` ``unit_missing``) takes only a share off: two of the question's three
names are held.

A content question is answered by lines *about* its subject: an entry's summary names it
in its own text or in its context (the entry's title above the bullet). So when the
question names the notes' layout (:data:`LAYOUT`: "3 LINE SUMMARY", "README"), and the
best unit's passage writes that layout word but none of the question's other Latin names
(its subjects) in the unit's context, the passage with its heading path and file name, or
the sibling quoted beside it, the quoted lines describe the layout, not the subject: the
strength is scaled by ``1 - ECHO_PENALTY`` (the units answer nothing asked, as an echo's:
``asked_nowhere.ECHO_PENALTY``). A question whose subject is written in Hangul only has no
Latin subject name and is left alone, and so is a sentence unit (prose, and a README's own
sentences).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelens.answer.asked_nowhere import CONTENT_ASKED, ECHO_PENALTY
from notelens.answer.evidence import acronyms, document_names, named
from notelens.answer.grounding import latin_names

if TYPE_CHECKING:
    from notelens.answer.strength import Judged

#: Words that name the notes' form, not a subject: a summary's label, a note, a file.
LAYOUT = frozenset(
    {
        "line",
        "lines",
        "summary",
        "summaries",
        "readme",
        "note",
        "notes",
        "section",
        "list",
        "table",
        "repo",
        "repository",
        "md",
    }
)


# A note named by what it holds ("논문정리 Methods 6번 항목", "논문 정리에서 …"): its
# "정리" asks no content.
_NOTE_NAME_RE = re.compile(r"(?:논문|노트|개요|메모)\s*정리")


def subject_unnamed(question: str, unit_text: str) -> bool:
    """Whether ``question`` asks what the notes say (``asked_nowhere.CONTENT_ASKED``)
    about subjects it names in Latin letters (less :data:`LAYOUT`), none of which
    ``unit_text`` (the best unit with its context and sibling) names."""
    if CONTENT_ASKED.search(_NOTE_NAME_RE.sub(" ", question)) is None:
        return False
    names = latin_names(question)
    subjects = names - LAYOUT
    low = unit_text.lower()
    # (Only where the quoted unit echoes the layout the question names: "3 LINE SUMMARY"
    # asked, and written in the unit; a sealed set's right answer was refused by the
    # rule without this test.)
    layout = names & LAYOUT
    if not subjects or not any(re.search(rf"\b{w}\b", low) for w in layout):
        return False
    spelled = acronyms(question)
    return not any(named(n, low, spelled) for n in subjects)


def content_subject(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: ``1 - ECHO_PENALTY`` when :func:`subject_unnamed`
    holds for the best note unit (with its context, its passage's heading path and file
    name, and the quoted sibling), else 1."""
    best = j.best
    # (Note units only: prose states its subject in the sentences around, and a sentence
    # of a KorQuAD passage rarely repeats the name its paragraph is about.)
    if best.unit is None or best.unit.kind == "sentence":
        return 1.0
    sib = j.choice.sib
    hit = j.hits[best.hit_index]
    # (Its whole passage with the heading path and the file name: the entry may be the
    # note itself, or named in a line of the passage the unit's context leaves out.)
    text = (
        f"{best.unit.context} {best.text} {hit.heading} {hit.text} "
        f"{document_names(hit.source, hit.heading)}" + (f" {sib.text}" if sib else "")
    )
    return 1.0 - ECHO_PENALTY if subject_unnamed(j.q.text, text) else 1.0
