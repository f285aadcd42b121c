"""A question that names a day: the entry its notes file under that day, first (issues
#15, #22, twenty-first round).

Meeting minutes, daily logs and study journals file each entry under a heading that
is its date, written however the note's author writes dates: "## 2026.03.11 (기록: …)",
"### 2026-03-09", "## March 30th", "### 6/3 (기록: …)", "## 1월 12일 미팅". People ask
about such an entry by its day, written their own way: "3월 11일 미팅 참석자", "9/22
회의록은 누가 작성했어?", "Who attended the April 8th meeting?". Neither leg finds the
entry: the analyzer keeps "3" and "11" of "3월 11일" (numbers in every passage) and a
heading's "2026.03.11" as another token, so BM25 shares only the frame word (미팅) with
every meeting of the note, and e5 reads one dated entry much like the next. The entry
ranked 7th to 25th on the archives (docs/benchmarks.md, "The gold passage into the top
five, twenty-first round").

So the day a question names is read as (month, day) with the one date reader of the
code base (:mod:`notelens.analysis.dates`: ISO with any separator, 3월 11일, 3/11,
Mar 11, 11 March) and matched against every heading segment of the notes the fused head
comes from, read the same way; the section filed under that day takes the first places
(:func:`notelens.retrieve.named_sections.section_where`, as a named section does, its
parts in their fused order: a whole note of minutes under one date has more parts than
ask reads, and the question's other words tell which of them answers). A
date the question gives as a bound ("until May 24th", "5월 20일까지", "since 3/2") names
no entry, and a day no heading files leaves the search as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from notelens.analysis.dates import DATE_RE, month_days
from notelens.retrieve.named_sections import Part, section_where

# A date as a bound of a period, not the day of an entry: "until May 24th", "by 3/2",
# "since April 7", "5월 20일까지", "3/2부터", "4월 1일 이후", "6월 3일 전에".
_BOUND_BEFORE = re.compile(
    r"\b(?:until|till|by|before|after|since|from|through|due|deadline)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BOUND_AFTER = re.compile(r"^\s*(?:까지|부터|이전|이후|이내|전에|전까지|후에|전|후)")


def asked_days(question: str) -> set[tuple[int, int]]:
    """The (month, day) pairs ``question`` names as the day of something (a meeting, a
    log entry, a session), not as a bound of a period."""
    days: set[tuple[int, int]] = set()
    for m in DATE_RE.finditer(question):
        if _BOUND_BEFORE.search(question[: m.start()]) or _BOUND_AFTER.match(question[m.end() :]):
            continue
        days |= month_days(m.group(0))
    return days


def dated_entry(
    days: set[tuple[int, int]], parts: Iterable[Part], order: Sequence[str]
) -> list[str]:
    """The chunk ids of the section whose heading segment files it under one of
    ``days`` (at most ``named_sections.MAX_PARTS``, in their fused order: minutes filed
    whole under their date have more parts than ask reads; the section whose best part
    stands first in the fused ``order`` when several notes or places do), or ``[]``."""
    if not days:
        return []
    return section_where(lambda seg: bool(days & month_days(seg)), parts, order, fused_order=True)


__all__ = ["asked_days", "dated_entry"]
