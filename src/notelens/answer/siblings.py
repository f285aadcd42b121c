"""The sibling bullet that holds the asked number.

A question names an entry by restating one of its bullets and asks for a fact in
another: "쉬운 질문은 7B로, 어려운 건 70B로 보내는 방식으로 비용을 얼마나 아꼈어?" over

    - 📜 [Lab] [Routing Queries Between Small and Large Models](…)
        - 질문 난이도 분류기로 쉬운 질문은 7B, 어려운 질문은 70B 모델로 보냄
        - 품질은 70B 단독 대비 97%를 유지하면서 비용을 62% 절감

The first bullet wins on lexical overlap, yet its only numbers are the question's own.
:func:`typed_sibling` finds the bullet of the same entry that holds a token of the asked
numeric type beyond the question's words; the extractor quotes it as well and cuts the
short answer from it (the note-unit counterpart of ``prose.span_unit``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, TypeVar

from notelens.answer.focus import states_focus
from notelens.answer.prose import Scored, Texted, span_unit
from notelens.answer.qtype import Kind, number_in_words
from notelens.answer.units import AnswerUnit

#: Counts and sizes only: a sibling's date is often another event's ("3월에 본 X의
#: 후속"), and the archive's heading path answers "when" (answer/heading_when.py).
SIBLING_KINDS = frozenset({"number", "size"})
#: Note units a sibling can be: bullets, definition lines, table rows.
_NOTE_KINDS = frozenset({"item", "title", "definition", "row"})


class _Unitlike(Scored, Texted, Protocol):
    """What :func:`typed_sibling` reads of an extraction candidate."""

    @property
    def unit(self) -> AnswerUnit | None: ...


def same_entry(best: AnswerUnit, other: AnswerUnit) -> bool:
    """Whether ``other`` sits beside ``best`` under the same parent, or under ``best``
    itself when ``best`` is the entry's title."""
    if other.context == best.context:
        return True
    return best.kind == "title" and other.context == f"{best.context} > {best.text}".lstrip(" >")


U = TypeVar("U", bound=_Unitlike)


def typed_sibling(kind: Kind, best: U, cands: Sequence[U], q_words: Collection[str]) -> U | None:
    """The best-scoring unit of ``best``'s entry holding a token of ``kind`` (beyond
    the question's words ``q_words``) when ``best`` holds none; else ``None``. The rule
    is prose's :func:`~notelens.answer.prose.span_unit`, over the entry's units by score
    instead of the quoted neighbours."""
    if kind not in SIBLING_KINDS or best.unit is None or best.unit.kind not in _NOTE_KINDS:
        return None
    if kind == "number" and number_in_words(best.text):
        # "사전학습 데이터를 절반 사용하면서도 …" writes the amount asked as a word: its
        # sibling's digits ("0.27B, 0.45B … 공개") are another figure (qtype.number_in_words).
        return None
    pick = span_unit(kind, best, _entry_lines(best, best.unit, cands), q_words)
    return None if pick is best else pick


def _entry_lines(best: U, unit: AnswerUnit, cands: Sequence[U]) -> list[U]:
    """The other note lines of the entry of ``best`` (whose unit is ``unit``) in its
    passage, best-scoring first."""
    return sorted(
        (
            c
            for c in cands
            if c is not best
            and c.hit_index == best.hit_index
            and c.unit is not None
            and c.unit.kind in _NOTE_KINDS
            and same_entry(unit, c.unit)
        ),
        key=lambda c: -c.score,
    )


#: The question types a relation sibling answers: what a comparison is asked as ("How
#: does X compare …?", "GPT-4랑 비교하면 어때?"). A list, a count, a name or a date asked
#: of a comparison ("Which four models were compared?") has its own typed rules.
RELATION_KINDS = frozenset({"other", "method", "definition"})


def relation_sibling(
    focus: str | None, kind: Kind, lead: U, cands: Sequence[U], margin: float
) -> U | None:
    """The best-scoring line of ``lead``'s entry that states ``focus`` (answer/focus.py)
    when ``lead`` does not, scoring within ``margin`` of it; else ``None``. Siblings of
    one entry share its name and most of the question's words: the relation the
    question asks is what tells them apart ("How does X compare to GPT-4?" over X's
    bullets -> "…GPT-4와 비슷한 수준"). Only the lead's own entry is read, so a cue in
    another passage (another model's score) never answers."""
    lu = lead.unit
    if focus is None or kind not in RELATION_KINDS or lu is None or lu.kind not in _NOTE_KINDS:
        return None
    if states_focus(focus, lu):
        return None
    return next(
        (
            c
            for c in _entry_lines(lead, lu, cands)
            if c.score >= lead.score - margin and c.unit is not None and states_focus(focus, c.unit)
        ),
        None,
    )
