"""Refusal signal of a qualifier another passage writes and the best unit's entry does not.

A near-domain question names what the notes hold and adds the one qualified name that
picks the fact: a size or a release ("Gaon-2 13B 모델은 몇 토큰 학습했어?", "Quiet
Tokens 논문에서 7B 모델에 …"). ``refusal.qualifier_factor`` reads that name over
*every* top passage, and another entry of the archive writes it (the predecessor
"Gaon-13B", another paper's "1.3B~7B"), so it passes; the best unit answers for
another member ("총 2조 토큰 학습" of Gaon-2, whose sizes are 7B / 30B; "350M 모델에서
…" of a predecessor paper). ``members.sibling_only`` sees no sibling when the unit
writes no number of that counter at all.

:func:`unquoted_qualifiers` reads the question's qualified names (``refusal.qualifiers``,
the same names and the same test ``refusal.qualifier_stated``) over the best unit with
its context and heading path (its entry: the scope ``members.member_factor`` reads a
counter in): a name the top passages write and that scope does not. One check for every
kind of qualified name, passage-level and unit-level alike: the passage-level one says
"the notes lack it", this one "the notes have it, elsewhere". Prose is left alone, as by
``unwritten.unwritten_factor``: a paragraph states its qualifiers in the sentences around.

An English term of a Korean question read the same way was tried and left out: over
the best unit's scope ("tokenizer", "rerank" absent from it) the unit writes the term
translated or by its symbol ("acceptance rate" as "α", "normalization" as "RMSNorm"),
and two right answers of the odd ids were refused for one near miss; narrowed to a term
the best unit's own passage writes (a sibling row "Hybrid + rerank"), it refused a right
held-out answer for the same one near miss (docs/benchmarks.md "Refusals, sixteenth
round (issue #15)").
"""

from __future__ import annotations

import re

from notelens.analysis.particles import trailing_particle
from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.refusal import qualifier_stated, qualifiers

#: A best unit that leaves out the question's qualifier answers for a sibling member:
#: ``members.SIBLING_PENALTY`` by name (a full strength falls below the threshold).
UNQUOTED_PENALTY = SIBLING_PENALTY
_PARTICLE_RE = trailing_particle(*("에서", "도", "만", "과", "와", "까지", "부터", "보다"))


def unquoted_qualifiers(question: str, unit: str, evidence: str) -> list[str]:
    """The question's qualified names that ``evidence`` (the top passages) writes and
    ``unit`` (the best unit with its context and heading path) does not."""
    return [
        f"{w}{n}"
        for w, n in qualifiers(question)
        if not _counted(w, n, question)
        and qualifier_stated(w, n, evidence)
        and not _entry_states(w, n, unit)
    ]


def _counted(word: str, number: str, question: str) -> bool:
    """Whether the question writes ``word number`` as a count with its Korean counter
    ("GPU 8장에서", "50턴"), not a member's name ("Llama 3의": a particle follows)."""
    if not word:
        return False
    m = re.search(rf"{re.escape(word)}[\s\-]?{re.escape(number)}([가-힣]+)", question)
    return m is not None and _PARTICLE_RE.fullmatch(m.group(1)) is None


def _entry_states(word: str, number: str, unit: str) -> bool:
    """Whether ``unit`` states the qualified name, glued ("Gorae-3B") or, an entry's
    title writing the name and its size apart ("Gorae: A 3B Bilingual Model"), the word
    and the number each on its own (a number not glued to a Korean counter: "2조" is
    no "Gaon-2")."""
    if qualifier_stated(word, number, unit):
        return True
    if not word or re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![a-z])", unit, re.I) is None:
        return False
    num = re.escape(number)
    return re.search(rf"(?<![\w.\-]){num}(?![A-Za-z0-9.가-힣])", unit, re.I) is not None


def unquoted_factor(question: str, unit_kind: str, unit: str, evidence: str) -> float:
    """``1 - UNQUOTED_PENALTY`` when :func:`unquoted_qualifiers` finds a name and the
    best unit (``unit_kind``) is a note unit, else 1."""
    if unit_kind == "sentence":
        return 1.0
    return 1.0 - UNQUOTED_PENALTY if unquoted_qualifiers(question, unit, evidence) else 1.0
