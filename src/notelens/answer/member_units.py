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


def member_reading(
    asked: list[tuple[str, str]], unit: AnswerUnit, own_text: bool = True, alone: bool = False
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
    sources = [unit.text if own_text else "", *reversed(unit.context.split(" > "))]
    written = [members(s) for s in sources if s]
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


def other_members(asked: list[tuple[str, str]], units: list[AnswerUnit]) -> list[bool]:
    """For each unit, whether it answers for a sibling of the asked member while another
    unit is *framed* by the asked one alone: a row's own cells, or a heading, table
    header or parent entry naming it and no sibling. A bullet mentioning the member in
    passing ("3기 신청 대상에서 빠짐") frames nothing, nor does an entry "at 3B and 8B"
    (its 8B bullet may be all the notes say). When no unit is framed so (a season the
    notes lack), none is marked: the siblings are all there is, and the refusal's own
    check (``members.py``) must still see the sibling the scorer picks."""
    if not asked:
        return [False] * len(units)
    if not any(member_reading(asked, u, own_text=u.kind == "row", alone=True) for u in units):
        return [False] * len(units)
    return [member_reading(asked, u) is False for u in units]
