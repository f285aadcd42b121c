"""Refusal signal of a value quoted from a unit about another subject than the one asked.

"How many tokens was Galactica trained on?", "FLAN 요약에서 제일 큰 모델 몇 B야?",
"HyperCLOVA X 보고서 연도" ask a value (a number, a date, a size, a person) of a thing
the question names. When the notes name the thing but never give that value, the scorer
falls back to a unit that holds a token of the asked type and shares the question's
framing words ("… 20 tokens per parameter … Llama 3 8B", "[Mistral 7B]", "FLAN …
(2021)"): a value of a neighbouring subject. Its strength stays near the threshold, as
``UNIT_NAME_PENALTY`` is mild: a unit may leave its subject to its heading, which the
names check already reads.

:func:`other_subject_factor` reads what is left: the best unit, with its context and
the sibling quoted beside it, names *none* of the question's names, another top passage
names at least one of them (the notes know the subject, so the unit's silence is not a
spelling the names check misses), the unit names a subject of its own (it is an entry's
title, or it writes a versioned or sized name, "Mistral 7B", "Llama 3 8B", "GPT-3"), and it
holds a token of the asked type. The value quoted then answers for the other subject the
unit is about: the strength is scaled by ``1 - SIBLING_PENALTY``, as a sibling member's
value is (``members.py``). A unit that names no subject of its own may describe the asked
one under another name: "초기 가중치가 0인 2개의 Zero Convolution Layer" under the entry
of ControlNet's paper title answers "ControlNet 레이어 몇 개?".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelens.answer.evidence import names_missing
from notelens.answer.grounding import latin_names
from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.prose import PENALISED_KINDS
from notelens.answer.qtype import LATIN_NAME_RE, Kind, has_evidence

# A name's size or version: "7B", "1.5T", "GPT-3", "Qwen2" (not "Layer 2", a count).
_VERSIONED = re.compile(r"\d(?:\.\d+)?[BMKT]\b|[A-Za-z]-?\d")

if TYPE_CHECKING:
    from notelens.answer.strength import Judged


def names_own_subject(unit_kind: str, unit_text: str) -> bool:
    """Whether a unit names a subject of its own: an entry's title, or a Latin name with a
    version or a size ("Mistral 7B", "Llama 3 8B", "GPT-3")."""
    return unit_kind == "title" or any(
        _VERSIONED.search(m.group()) for m in LATIN_NAME_RE.finditer(unit_text)
    )


def other_subject_factor(
    question: str,
    kind: Kind,
    unit_kind: str,
    unit_text: str,
    unit_missing: float,
    missing: float,
) -> float:
    """``1 - SIBLING_PENALTY`` when ``question`` asks a value of ``kind`` that
    ``unit_text`` holds, while the unit (``unit_missing``: the share of the question's
    names it lacks) names none of the question's names and the top passages (``missing``)
    name some; else 1."""
    if kind not in PENALISED_KINDS or not latin_names(question):
        return 1.0
    if unit_missing < 1.0 or missing >= 1.0 or not names_own_subject(unit_kind, unit_text):
        return 1.0
    return 1.0 - SIBLING_PENALTY if has_evidence(kind, unit_text) else 1.0


def other_subject(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`other_subject_factor` of the best unit."""
    best = j.best
    return other_subject_factor(
        j.q.text,
        j.q.atype.kind,
        best.unit.kind if best.unit else "sentence",
        best.text,
        j.unit_missing,
        names_missing(j.q.text, j.evidence),
    )
