"""A meeting's date as its member: the minutes head each meeting with its date.

Minutes file every line under its meeting's heading (``## 2026-09-15 (월) 회의 > 할 일``).
A question about a meeting the minutes lack ("9/29 회의에서 뭘 결정했어?", "12월 15일 회의
결정 사항") otherwise reaches the answer with a line of *another* meeting that mentions the
date as a due date ("… — 9/29까지") or a plan ("12월 회의는 격주(12/1, 12/15)로"): the
unit writes the date, so :func:`members.sibling_only` cannot see it. The meeting's date is
the one its heading path writes (docs/benchmarks.md "Refusals on the third blind
archive, eleventh round").
"""

from __future__ import annotations

import re

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(?P<{0}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A month and day in the forms notes and questions write: "2026-09-15", "9월 15일",
# "9/15" (not a fraction's or a date's tail: "1/2/3", "2026/09/15"), "Sep 15",
# "15 September".
_DATE_RE = re.compile(
    r"(?<![\d-])\d{4}-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?<![\d.])(?P<km>1[0-2]|0?[1-9])\s?월\s?(?P<kd>[12]\d|3[01]|0?[1-9])\s?일"
    r"|(?<![\d/.])(?P<sm>1[0-2]|0?[1-9])/(?P<sd>[12]\d|3[01]|0?[1-9])(?![\d/])"
    rf"|\b{_MON.format('em')}\s(?P<ed>[12]\d|3[01]|0?[1-9])(?!\d)"
    rf"|(?<!\d)(?P<fd>[12]\d|3[01]|0?[1-9])\s{_MON.format('fm')}\b",
    re.I,
)
# The meeting words: the question asks about a meeting (or its minutes) on that date.
# (회의 as a word of its own: "안전보장이사회의", "국회의장" hold it inside another.)
_MEETING_RE = re.compile(r"(?<![가-힣])(?:회의|미팅)|\bmeetings?\b|\bminutes\b", re.I)


def month_days(text: str) -> set[tuple[int, int]]:
    """The (month, day) pairs ``text`` writes."""
    out = set()
    for m in _DATE_RE.finditer(text):
        month = m.group("im") or m.group("km") or m.group("sm")
        day = m.group("id") or m.group("kd") or m.group("sd") or m.group("ed") or m.group("fd")
        if month is None:
            month = str(month_number(m.group("em") or m.group("fm")))
        out.add((int(month), int(day)))
    return out


def month_number(name: str) -> int:
    """The month an English month name or its abbreviation names ("Sep", "October")."""
    return _MONTHS.index(name[:3].lower()) + 1


def meeting_elsewhere(question: str, context: str) -> bool:
    """Whether the question asks about the meeting of a date and ``context`` (the quoted
    units' heading paths) dates them to other days only: the lines are another
    meeting's. A context with no date decides nothing (a summary note's bullet)."""
    if _MEETING_RE.search(question) is None:
        return False
    asked = month_days(question)
    if not asked:
        return False
    dated = month_days(context)
    return bool(dated) and not asked & dated
