"""The "when" of a note that only its heading path states.

A yearly archive files each entry under its month and week (``archive 2025 > 🎉 January
> 1st week``, the week a ``<summary>`` label that the chunker puts in the heading path);
the entry's own bullets say what the paper did, not when it was read. Asked "몇 월 몇째
주에 정리했어?" / "In which month's notes is X?", the best unit is the entry title, which
holds no date, and no span of it answers. The heading path does: its segments that name
a year, month or week are the short answer.

A log files an entry under its day (``reading log > 2026-07-11 · Tern-7B tech report``):
that day is the answer, not the log's year. A cohort's heading states its hour
(``English cohort (Thursday, 09:00 KST, …)``) and the table under it only the dates:
"At what time does it meet?" is answered by the heading's clock time.
"""

from __future__ import annotations

import re

from notelens.analysis.dates import DAY_RE, MONTH_NAMES
from notelens.answer.qtype import DATE_RE, WEEK_RE, has_evidence
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

WHEN_KINDS = frozenset({"date", "week"})
# Month names and their abbreviations, whole words: "Augmented" names no August.
_MONTH_RE = re.compile(rf"\b(?:{MONTH_NAMES})\b\.?|\d{{1,2}}\s*월", re.I)
# Emoji and other symbols a heading decorates its month with ("🎉 January").
_DECORATION_RE = re.compile(r"[^\w\s/~.\-()>,:]+")


# "What time / 몇 시에" asks an hour of the day ("몇 시간" is a duration).
_ASKS_TIME_RE = re.compile(r"\bwhat time\b|몇\s*시(?!간)", re.I)
# "무슨 요일 몇 시", "what day and time": the weekday is asked too.
_ASKS_DAY_RE = re.compile(r"요일|\b(?:what|which) day\b", re.I)
# The same, as the interrogative and its noun: the noun names the asked type, and the
# notes write its value ("수요일", "Wednesday"), never the noun itself.
_DAY_NOUN_RE = re.compile(r"(?:무슨|어느|어떤|몇)\s*(요일)|\b(?:what|which)\s+(day)\b", re.I)


def asked_day_noun(question: str) -> str | None:
    """ "요일" of "무슨 요일에 모여?" ("day" of "What day do they meet?"): a question term
    that no unit holds as a word, to be left out of the terms a unit must cover."""
    m = _DAY_NOUN_RE.search(question)
    return None if m is None else (m.group(1) or m.group(2)).lower()


# A clock time with its zone ("09:00 KST") or a Korean hour ("오전 10시", "저녁 7시 30분",
# "7시에"; not "3시간", "4시즌" or "시작": the hour ends at a particle or a break), with the
# weekday written before it ("매주 수요일 19:30–21:00": "무슨 요일 몇 시" asks both).
_CLOCK_RE = re.compile(
    r"(?:(?:매주\s*)?[월화수목금토일]요일\s*|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?,?\s+(?:at\s+)?)?"
    r"(?P<clock>\b\d{1,2}:\d{2}(?:\s*[–~-]\s*\d{1,2}:\d{2})?(?:\s*(?:KST|UTC|GMT|CET|[AaPp]\.?[Mm]\.?)\b)?"
    r"|(?:(?:오전|오후|아침|저녁|밤|새벽|낮)\s*)?(?<![\d.])\d{1,2}\s*시(?=\s*\d{1,2}\s*분|\s*반|에|부터|까지|쯤|경|[\s,.)~–-]|$)"
    r"(?:\s*\d{1,2}\s*분|\s*반)?)",
    re.I,
)


#: A path segment longer than this is a title that names its week ("6주차 기록:
#: PagedAttention (발표 최우진)"): only its date / week tokens are the answer.
SEGMENT_CHARS = 24


def _trimmed(segment: str) -> str:
    if len(segment) <= SEGMENT_CHARS:
        return segment
    found = [m.group(0) for p in (WEEK_RE, DATE_RE, _MONTH_RE) for m in p.finditer(segment)]
    return " ".join(dict.fromkeys(found)) or segment


def _names_when(segment: str) -> bool:
    return (
        has_evidence("date", segment)
        or has_evidence("week", segment)
        or _MONTH_RE.search(segment) is not None
    )


def heading_when(kind: str, unit: AnswerUnit) -> Span | None:
    """The heading-path segments naming a year, month or week, for a date / week
    question whose best ``unit`` states none itself; ``None`` otherwise.

    The span is not a substring of the unit (it comes from its context), so it carries
    no offsets into the quote: ``start == end == 0``.
    """
    if kind not in WHEN_KINDS or _names_when(unit.text):
        return None
    segments = _segments(unit)
    days = [m.group(0) for s in segments for m in DAY_RE.finditer(s)]
    if kind == "date" and days:
        # The deepest segment's day is when this entry was filed.
        return Span(days[-1], 0, 0)
    when = [s for s in segments if s and _names_when(s)]
    if kind == "week" and not any(has_evidence("week", s) for s in when):
        # A month alone ("Quantisation check (Nov, …)") answers no "which week".
        return None
    # Only a path that names a month or week places the entry (a lone year is the
    # archive's title, not when this entry was filed).
    if not any(_MONTH_RE.search(s) or has_evidence("week", s) for s in when):
        return None
    # A segment naming only a year is the archive's title ("digest — 2026 Q4").
    when = [s for s in when if _MONTH_RE.search(s) or has_evidence("week", s)]
    text = " > ".join(dict.fromkeys(_trimmed(s) for s in when))
    return Span(text, 0, 0)


def _segments(unit: AnswerUnit) -> list[str]:
    return [" ".join(_DECORATION_RE.sub(" ", s).split()) for s in unit.context.split(" > ")]


def states_when(kind: str, unit: AnswerUnit) -> bool:
    """Whether only ``unit``'s heading path answers its date / week question: the unit
    earns the asked type's token from it when ranked (a digest's entry under ``2nd week
    (10/9)`` against a note that names the paper without any week)."""
    return heading_when(kind, unit) is not None


def heading_time(question: str, unit: AnswerUnit, short: Span | None) -> Span | None:
    """The clock time answering a question that asks the hour ("What time does the
    cohort meet?", "무슨 요일 몇 시에 모여?") when the ``short`` answer is none ("19" of
    "19:30"): the unit's own, else its heading path's; ``None`` otherwise."""
    if not _ASKS_TIME_RE.search(question):
        return None
    group = 0 if _ASKS_DAY_RE.search(question) else "clock"
    m = _CLOCK_RE.search(unit.text)
    if short is not None and _CLOCK_RE.fullmatch(short.text.strip()):
        # A clock time already, unless it is the hour cut from the unit's fuller one
        # ("7시" of "저녁 7시 30분").
        held = short.text.strip()
        if m is None or held not in m.group(group) or len(m.group(group)) <= len(held):
            return None
    if m:
        return Span(m.group(group), m.start(group), m.end(group))
    # The deepest segment's first time (read as written: the decoration strip would
    # drop the dash of "19:30–21:00").
    for segment in reversed(unit.context.split(" > ")):
        m = _CLOCK_RE.search(segment)
        if m:
            return Span(m.group(group), 0, 0)
    return None


def clock_typed(question: str, unit: AnswerUnit) -> float | None:
    """The answer-type bonus (in ``W_TYPE``) of ``unit`` for a question asking the hour
    ("What time does the group meet?", "몇 시에 모여?"): two for a clock time in its
    text, one for one in its heading path only, none otherwise; ``None`` for any other
    question. A date ("Date: November 20th" of a session row) is no hour: qtype reads
    the question as a date one, so the row would earn the type of a date."""
    if not _ASKS_TIME_RE.search(question):
        return None
    if _CLOCK_RE.search(unit.text):
        return 2.0
    if any(_CLOCK_RE.search(s) for s in unit.context.split(" > ")):
        return 1.0
    return 0.0
