"""The short answer, cut from the unit the choice named (the fourth stage of
:func:`notelens.answer.extractive.extract`).

A row the question reads as a lookup gives its cell (answer/rows.py); otherwise the
aligners cut a span from the unit (answer/span.py), or a bullet packing several
attributes gives the value after the asked noun. :data:`REFINEMENTS` then run in a fixed
order, each free to replace the span with what the unit's headings, range or change say.
"""

from __future__ import annotations

from collections.abc import Callable

from notelens.answer import extractive as ex
from notelens.answer.align import MemoMorphemes
from notelens.answer.candidates import Scored
from notelens.answer.causes import cause_short
from notelens.answer.changed import changed_value
from notelens.answer.choose import Choice
from notelens.answer.container import container_span
from notelens.answer.date_ranges import range_end
from notelens.answer.glossed import gloss_span
from notelens.answer.heading_entries import heading_entry
from notelens.answer.heading_when import heading_time, heading_when
from notelens.answer.inline_values import inline_value
from notelens.answer.lists import items_lead
from notelens.answer.periods import closed_range
from notelens.answer.qtype import AnswerType, has_evidence
from notelens.answer.question import Asked
from notelens.answer.roles import heading_presenter, role_value
from notelens.answer.rows import lookup_span
from notelens.answer.short_worth import worth_leading
from notelens.answer.span import Span, short_answer
from notelens.answer.units import AnswerUnit

# Kinds whose short answer may be the value a bullet writes after the asked noun.
_INLINE_KINDS = frozenset({"other", "name", "number", "size", "definition"})


def _heading_when(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    if short is None or not has_evidence(q.atype.kind, short.text):
        # "몇 월 몇째 주에 정리했어?": in an archive only the heading path says when (also
        # over a span that is no date or week: "논문" for "몇 주차에 발표해?").
        return heading_when(q.atype.kind, unit) or short
    return short


def _presenter(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    if q.atype.kind == "person":
        # "Gorae는 누가 발표했어?": the presenter in the session's heading; "… ·
        # Transcribed by: X": the asked role's field of the line (answer/roles.py).
        return role_value(q.roles, unit) or heading_presenter(q.text, unit) or short
    return short


def _container(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "GSM8K Platinum은 어느 폴더에 있어?": the folder or section the unit sits under.
    return container_span(q.text, unit) or short


def _heading_entry(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "What ChatGPT evaluation study is listed under …?": the paper's heading above its
    # summary line (answer/heading_entries.py).
    return heading_entry(q.text, unit) or short


def _heading_time(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "At what time does the cohort meet?": the hour in the cohort's heading.
    return heading_time(q.text, unit, short) or short


def _period(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "스터디 기간은?": both ends of the range the unit writes (answer/periods.py).
    return (closed_range(unit.text) if q.period else None) or short


def _changed(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "10,000에서 1,000,000으로 늘렸다": the side of the change asked for.
    return changed_value(q.text, unit.text, short)


def _range_end(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    if q.atype.kind == "date":
        # "언제 시작해?" over "기간: 2024 1/27 ~": the end of the range asked for.
        return range_end(q.text, unit.text, short)
    return short


def _placed(q: Asked, unit: AnswerUnit, short: Span | None) -> bool:
    """Whether ``short`` is the container a container question asks for
    (answer/container.py), a heading the question does not write whole."""
    placed = container_span(q.text, unit)
    return (
        short is not None
        and placed is not None
        and short.text == placed.text
        and short.text.lower() not in q.text.lower()
    )


def _gloss(q: Asked, unit: AnswerUnit, short: Span | None) -> Span | None:
    # "RLHF 한국어로 뭐라고?" over "RLHF (인간 피드백 기반 강화 학습)": the pair's side in the
    # asked language (answer/glossed.py), whatever the aligners cut.
    return gloss_span(q.text, unit) or short


Refine = Callable[[Asked, AnswerUnit, Span | None], Span | None]
# In this order: a later refinement reads the span the earlier ones left.
REFINEMENTS: tuple[Refine, ...] = (
    _heading_when,
    _presenter,
    _container,
    _heading_entry,
    _heading_time,
    _period,
    _changed,
    _range_end,
    _gloss,
)


def cut_short(q: Asked, scored: Scored, choice: Choice, morphs: MemoMorphemes) -> Span | None:
    """The span of ``choice.source`` that answers ``q`` (None: the quoted units are the
    answer)."""
    source = choice.source
    looked_up = next(
        (lk for i, lk in scored.lookups.items() if scored.raw[i][1] is source.unit), None
    )
    short = lookup_span(source.unit, looked_up) if source.unit and looked_up else None
    unit = source.unit
    if unit is None:
        return None
    if short is None:
        # The entry named for the bullet is the title asked for, whatever the wording.
        asked_type = AnswerType("title") if choice.entry is not None else q.atype
        short = short_answer(q.text, asked_type, unit, q.term_set, morphs)
        if choice.entry is None and unit.kind == "item" and q.atype.kind in _INLINE_KINDS:
            # "컨텍스트 256K, 라이선스는 Apache 2.0": the value after the asked noun, in
            # a bullet packing several attributes (answer/inline_values.py).
            short = inline_value(q.text, unit.text) or short
    for refine in REFINEMENTS:
        short = refine(q, unit, short)
    if q.atype.kind == "reason":
        # "… 이유는?": the clause that says why, when a line writes one (answer/causes.py).
        short = cause_short(unit, short, morphs.morphemes)
    if _placed(q, unit, short):
        # "LIMA랑 OpenELM 있는 섹션", "research-notes에서 리뷰 들어있는 폴더": the folder
        # or section asked for is the answer even where the question names several
        # things (a list) or shares a word with the heading ("/research" of
        # "research-notes"): it is a heading, no phrase of the question.
        return short
    if choice.listed and items_lead(choice.chosen, ex.LIST_LEAD_ITEMS):
        # "The five stages": the items themselves lead the answer, not a phrase of one.
        short = None
    cell = unit.kind == "row"
    if short is not None and not worth_leading(
        q.text, q.atype.kind, short.text, q.term_set, cell=cell
    ):
        # A yes/no, difference or content question, or a span of the question's own
        # words: the cited units answer, a fragment of one would mislead (short_worth.py).
        short = None
    return short
