"""A period asked, a period answered: "스터디 기간은?", "How long did the study run?",
"언제부터 언제까지야?" want both ends of a range the notes write ("2024-03-06 ~
2024-07-03 (17회)"), not its first year ("2024"), which is what a date span picks.

A range is two dates (or two month/day or year forms) joined by "~", "–", "-", "to",
"부터 … 까지" or "→"; an open range ("2024-01-27 ~", "3/6부터") answers only its start,
and is left to the start questions of ``heading_when`` and ``align_ko``.
"""

from __future__ import annotations

import re

from notelens.answer.date_ranges import ranges
from notelens.answer.span import Span

# "기간", "일정 기간", "언제부터 언제까지", "how long did … run / last", "from when to
# when", "what period": a span of time with two ends. "몇 시간" / "how long is the talk"
# are durations (a number with its unit), not periods.
_ASKS_PERIOD_RE = re.compile(
    # "기간" as the asked noun ("기간은?", "기간이 언제야", "어느 기간을 다뤄"), not as a
    # topic ("회담 기간 중 합의한 행사는?").
    r"기간(?:은|는|이|가|을|를)?\s*(?:언제|어떻게|알려|뭐|다뤄|\?|$)|어느\s*기간"
    r"|언제\s*부터\s*언제\s*까지|\bwhat period\b|\bfrom when to when\b"
    r"|\bhow long (?:did|does|will|do)\b.{0,60}\b(?:run|last|go on)\s*\??\s*$"
    r"|\b(?:start|begin)\s+and\s+end\b",
    re.I,
)


def asks_period(question: str) -> bool:
    """Whether ``question`` asks for a period with two ends."""
    return _ASKS_PERIOD_RE.search(question) is not None


def period_span(question: str, text: str) -> Span | None:
    """The first closed date range of ``text`` when ``question`` asks a period."""
    return closed_range(text) if asks_period(question) else None


def closed_range(text: str) -> Span | None:
    """The first closed date range of ``text`` (both ends), whatever is asked."""
    # The ranges as answer/date_ranges.py reads them (its start / end questions cut one
    # end; a period question takes both).
    closed = [(left, right) for left, right in ranges(text) if right is not None]
    if not closed:
        return None
    (s, _), (_, e) = closed[0]
    if text[e : e + 2] == "까지":
        e += 2
    return Span(text[s:e], s, e)
