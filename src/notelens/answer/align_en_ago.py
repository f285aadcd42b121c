"""An age written as "N (million) years ago", as a date or as a length of time (issue #15,
sixteenth round).

Prose dates far-off events by their distance from now: "the extinction event 66 million
years ago", "about 515 million years ago". The aligner's date candidates are the typed
tokens (a year, a decade, a date), so for "When did the extinction happen?" it picks the
bare "66", a third of the answer: the distance is the date only with its unit and
"ago". Asked as a length ("How old are the fossils?", "How long ago …?"), the same
words answer without the "ago" ("515 million years"), which only says the count is
counted back from now.

So a date pick that is a number right before "[million|billion|thousand] years ago"
takes those words, and a number pick that ends in "years ago" drops the "ago", unless
the question itself asks "How long ago …?" (then a pick "a billion years" takes the
"ago" after it). Only right beside the pick, never moved to another candidate.
"""

from __future__ import annotations

import re

from notelens.answer.align_base import words as _words
from notelens.answer.align_en_rank import SentenceView, token_range

#: The scale words written between a count and its unit ("66 million years").
_SCALES = frozenset(_words("hundred thousand million billion"))
#: Units of time an age is counted in.
_UNITS = frozenset(_words("year years decade decades century centuries"))
_AGO_Q = re.compile(r"\bago\b", re.I)
_COUNT = re.compile(r"\d[\d,.]*|(?:a )?few|several|many")


def _ago_end(words: tuple[str, ...], j: int) -> int | None:
    """The index after "ago" when the words from ``j`` read "[scale] unit ago"."""
    low = [w.lower() for w in words[j : j + 3]]
    k = 1 if low[:1] and low[0] in _SCALES else 0
    if low[k : k + 2] and low[k] in _UNITS and low[k + 1 : k + 2] == ["ago"]:
        return j + k + 2
    return None


def ago_span(view: SentenceView, start: int, end: int, question: str) -> tuple[int, int]:
    """The span ``[start, end)`` of the sentence ``view`` reads, widened over "million
    years ago" for a date question, or with a closing "ago" dropped for a number
    question (kept, or taken, when the question asks "how long ago"); the span itself
    otherwise."""
    if view.kind not in ("date", "number"):
        return start, end
    words = view.words
    i, j = token_range(view, start, end)
    if i >= j:
        return start, end
    if view.kind == "date":
        if not _COUNT.fullmatch(words[j - 1].lower()):
            return start, end
        stop = _ago_end(words, j)
        return (start, view.ends[stop - 1]) if stop is not None else (start, end)
    if _AGO_Q.search(question):
        # "How long ago …?" asks the distance as a time: the "ago" with it.
        if words[j - 1].lower() in _UNITS and j < len(words) and words[j].lower() == "ago":
            return start, view.ends[j]
        return start, end
    # A number question: "515 million years ago" → "515 million years".
    if j - i >= 3 and words[j - 1].lower() == "ago" and words[j - 2].lower() in _UNITS:
        return start, view.ends[j - 2]
    return start, end


__all__ = ["ago_span"]
