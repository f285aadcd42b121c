"""The unit that spells out the acronym a question asks to expand ("SAIL 약자 뭐야?",
"What does GQA stand for?"): how questions ask and notes write it is read in
``retrieve/acronyms.py`` (shared with the search, which puts such a passage first)."""

from __future__ import annotations

from collections.abc import Sequence

from notelens.answer.units import AnswerUnit
from notelens.retrieve.acronyms import asked_acronym, expands, spells


def expansion(
    question: str, units: Sequence[Sequence[AnswerUnit]]
) -> tuple[int, AnswerUnit] | None:
    """(passage index, unit) of the first unit, in hit order, that spells out the
    acronym the question asks to expand, or None (not such a question, or no unit
    spells it out)."""
    acronym = asked_acronym(question)
    if acronym is None:
        return None
    for hi, passage in enumerate(units):
        for u in passage:
            if u.kind != "summary" and expands(acronym, u.text):
                return hi, u
    return None


__all__ = ["asked_acronym", "expands", "expansion", "spells"]
