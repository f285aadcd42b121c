"""Units that answer for a sibling member of what the question names.

A question names one member of a family by a number with its counter — a season, a
cohort, a week, a model size, a month ("시즌2는 언제 시작해?", "week 6의 reading",
"the 13B model") — and the retrieved passages hold its siblings too: season 1's
schedule under the season-2 study's note, the 30B entry beside the 13B one. The sibling's
unit shares every other word of the question and often wins on them.

``members.py`` weakens the refusal signal when the *chosen* unit answers for a
sibling; :func:`other_member` is the scorer's side of the same reading, per candidate
unit: the unit's own text first, then its context from the innermost segment outward
(table header, parent bullet, section heading, document title); the first of these that
writes the question's counter decides whether the unit is about the asked member. So a
row under "시즌1 기록" in the note titled "… 시즌2" answers for season 1, and a row under
"기간" in the same note, writing no season, is not taken for a sibling.
"""

from __future__ import annotations

from notelens.answer.members import members
from notelens.answer.units import AnswerUnit

Members = list[tuple[str, str]]


def member_reading(
    asked: Members, unit: AnswerUnit, own_text: bool = True, alone: bool = False
) -> bool | None:
    """Whether ``unit`` is about the ``asked`` members (``members.members`` of the
    question): ``False`` when it writes one of their counters only with other numbers,
    ``True`` when it writes each counter it writes with the asked number, ``None`` when
    it writes none of them. Its text is read first (unless not ``own_text``), then its
    context's segments from the innermost out; the first that writes a counter decides
    for that counter. With ``alone``, a source writing the asked number beside its
    siblings ("Quartz: Open Models at 3B and 8B") says nothing of that counter."""
    if not asked:
        return None
    text, context = _written(unit)
    return _reading(asked, [text, *context] if own_text else context, alone)


def _written(unit: AnswerUnit) -> tuple[Members, list[Members]]:
    """The members ``unit``'s text writes, and those of its context's segments from the
    innermost out (empty segments left out)."""
    return members(unit.text), [members(s) for s in reversed(unit.context.split(" > ")) if s]


def _reading(asked: Members, written: list[Members], alone: bool) -> bool | None:
    """:func:`member_reading` over the sources' members, in reading order."""
    reading: bool | None = None
    for number, counter in asked:
        for found in written:
            same = [n for n, c in found if c == counter]
            if same:
                if number not in same:
                    return False
                if not alone or set(same) == {number}:
                    reading = True
                break
    return reading


def other_members(asked: Members, units: list[AnswerUnit]) -> list[bool]:
    """For each unit, whether it answers for a sibling of the asked member while another
    unit is *framed* by the asked one alone: a row's own cells, or a heading, table
    header or parent entry naming it and no sibling. A bullet mentioning the member in
    passing ("3기 신청 대상에서 빠짐") frames nothing, nor does an entry "at 3B and 8B"
    (its 8B bullet may be all the notes say). When no unit is framed so (a season the
    notes lack), none is marked: the siblings are all there is, and the refusal's own
    check (``members.py``) must still see the sibling the scorer picks."""
    if not asked:
        return [False] * len(units)
    # Each unit's members read once, for both readings below.
    written = [_written(u) for u in units]
    if not any(
        _reading(asked, [text, *context] if u.kind == "row" else context, alone=True)
        for u, (text, context) in zip(units, written, strict=True)
    ):
        return [False] * len(units)
    return [_reading(asked, [text, *context], alone=False) is False for text, context in written]


def unframed_lead(question: str, best: AnswerUnit, quoted: list[AnswerUnit]) -> bool:
    """Whether the best unit is about a sibling of the member the question names
    (:func:`member_reading` is ``False``: the season-3 syllabus row "… 논문: 시즌3 회고 및
    시즌4 주제 투표" for "시즌4 스터디 발표 순서", read by its context when its text names
    the asked member beside a sibling) while no quoted unit is framed by the asked
    member alone (its row's cells or its context, not a passing mention).
    ``members.sibling_only`` reads the quoted units' text together, so a passing
    mention of the asked member hides the sibling from it."""
    asked = members(question)
    counters = [c for _, c in asked]
    # (Two members of one counter ask a change or a comparison, "v3 to v4": a unit
    # writing either is about it, as ``members.sibling_only`` reads it.)
    if not asked or len(set(counters)) < len(counters):
        return False
    # A unit writing the asked member beside a sibling ("시즌3 회고 및 시즌4 주제 투표")
    # is read by its context, the heading or table it sits under.
    reading = member_reading(asked, best, alone=True)
    if reading is None:
        reading = member_reading(asked, best, own_text=False)
    if reading is not False:
        return False
    # Framed as :func:`other_members` frames: a row by its own cells, any unit by its
    # heading, table header or parent entry; a bullet naming the member in passing
    # ("참가자 14명으로 시작 (시즌2는 9명)" under season 3's notes) frames nothing.
    return not any(member_reading(asked, u, own_text=u.kind == "row", alone=True) for u in quoted)
