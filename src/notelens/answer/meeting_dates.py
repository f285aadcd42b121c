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

from notelens.analysis.dates import month_days

# The meeting words: the question asks about a meeting (or its minutes) on that date.
# (회의 as a word of its own: "안전보장이사회의", "국회의장" hold it inside another.)
_MEETING_RE = re.compile(r"(?<![가-힣])(?:회의|미팅)|\bmeetings?\b|\bminutes\b", re.I)


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
