"""The short answer of one made-up prose sentence, for the span tests
(``test_answer_align*.py``): the span ``answer/span.short_answer`` cuts, checked to be
the unit's own text at its offsets."""

from __future__ import annotations

from notelens.analysis.base import Analyzer
from notelens.answer.qtype import answer_type
from notelens.answer.span import short_answer
from notelens.answer.units import AnswerUnit


def prose_short(question: str, text: str, analyzer: Analyzer) -> str | None:
    unit = AnswerUnit("sentence", text, "", 0, 0)
    sp = short_answer(
        question, answer_type(question), unit, set(analyzer.terms(question)), analyzer
    )
    if sp is None:
        return None
    # The offsets the citation's quote carries.
    assert text[sp.start : sp.end] == sp.text
    return sp.text


def toks(sentence: str) -> list[str]:
    """The aligner's tokens of a sentence written with spaces around punctuation."""
    return sentence.split()
