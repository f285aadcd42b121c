"""The "when" of a note that only its heading path states.

A yearly archive files each entry under its month and week (``archive 2025 > 🎉 January
> 1st week``, the week a ``<summary>`` label that the chunker puts in the heading path);
the entry's own bullets say what the paper did, not when it was read. Asked "몇 월 몇째
주에 정리했어?" / "In which month's notes is X?", the best unit is the entry title, which
holds no date, and no span of it answers. The heading path does: its segments that name
a year, month or week are the short answer.
"""

from __future__ import annotations

import re

from notelens.answer.qtype import DATE_RE, WEEK_RE, has_evidence
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

WHEN_KINDS = frozenset({"date", "week"})
# Month names and their abbreviations, whole words: "Augmented" names no August.
_MONTH_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?|\d{1,2}\s*월",
    re.I,
)
# Emoji and other symbols a heading decorates its month with ("🎉 January").
_DECORATION_RE = re.compile(r"[^\w\s/~.\-()>,:]+")


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
    segments = [" ".join(_DECORATION_RE.sub(" ", s).split()) for s in unit.context.split(" > ")]
    when = [s for s in segments if s and _names_when(s)]
    # Only a path that names a month or week places the entry (a lone year is the
    # archive's title, not when this entry was filed).
    if not any(_MONTH_RE.search(s) or has_evidence("week", s) for s in when):
        return None
    text = " > ".join(dict.fromkeys(_trimmed(s) for s in when))
    return Span(text, 0, 0)
