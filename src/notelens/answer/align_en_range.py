"""A number or year the English aligner picked, widened to the range or date it belongs
to (issue #15, thirteenth round).

The aligner's candidates are single numbers and years; where the sentence states a
range or a full date, the one number it picks is half the answer:

* "between 2005 and 2010" for "When were attacks … the highest?" (the aligner: "2005"
  or "2010"): a range opened by "between" is the answer whole;
* "five to ten years" for "How long does it take …?" ("ten years"): "A to B" right
  before the pick, unless "from" opens it ("rose from 5 to 10" asks the end; "A or B"
  is a unit conversion as often: "22,392 km2 or 8,646 sq mi");
* "May 18, 1756" for "When did England declare war?" ("1756"): the month and day
  written before a year, unless the question asks the year itself ("What year …?").

The span is only widened over words next to it, never moved to another candidate.
"""

from __future__ import annotations

import re

from notelens.answer.align_base import words as _words
from notelens.answer.align_en_rank import SentenceView, token_range

_NUMBER_WORD = re.compile(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif"
    r"|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundred|thousand|million|billion)",
    re.I,
)
_MONTHS = frozenset(
    _words("january february march april may june july august september october november december")
)
_YEAR = re.compile(r"(?:1\d|20)\d{2}")
_DAY = re.compile(r"[0-3]?\d")


def _numeric(word: str) -> bool:
    """A number written in digits or words ("1,435", "ten"); not a unit with a digit
    ("km2", of "22,392 km2 or 8,646 sq mi": a conversion, no range)."""
    return word[:1].isdigit() or _NUMBER_WORD.fullmatch(word) is not None


def widened(view: SentenceView, start: int, end: int) -> tuple[int, int]:
    """The span ``[start, end)`` of the sentence ``view`` reads, widened to the range
    ("between 2005 and 2010", "five to ten years") or the full date ("May 18, 1756")
    it is part of; the span itself otherwise (and for any question that is not a date
    or number question)."""
    if view.kind not in ("date", "number"):
        return start, end
    words = view.words
    n = len(words)
    i, j = token_range(view, start, end)
    if i >= j or not any(_numeric(w) for w in words[i:j]):
        return start, end
    s, e = i, j
    low = [w.lower() for w in words]
    if i >= 2 and low[i - 1] in ("and", "to") and _numeric(words[i - 2]):
        opener = low[i - 3] if i >= 3 else ""
        if low[i - 1] == "and" and opener == "between":
            s = i - 3
        elif low[i - 1] != "and" and opener not in ("from", "between"):
            s = i - 2
    elif i >= 1 and low[i - 1] == "between":
        if "and" in low[i:j]:
            s = i - 1  # the aligner's list candidate holds both ends already
        elif j + 1 < n and low[j] == "and" and _numeric(words[j + 1]):
            s, e = i - 1, j + 2
    if (
        view.kind == "date"
        and view.head != "year"
        and s == i
        and j - i == 1
        and _YEAR.fullmatch(words[i])
        and i >= 3
        and words[i - 1] == ","
        and _DAY.fullmatch(words[i - 2])
        and low[i - 3] in _MONTHS
    ):
        s = i - 3
    if (s, e) == (i, j):
        return start, end
    return (view.starts[s] if s < i else start), (view.ends[e - 1] if e > j else end)


__all__ = ["widened"]
