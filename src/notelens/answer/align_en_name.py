"""A capitalised pick widened to the whole name it is part of (issue #15, fifteenth round).

The English aligner's chunks break at the question's own words and at function words,
and a capitalised break word ends a chunk too ("Thought" is the past of "think"). So a
name the question writes part of, or that holds such a word, reaches the answer cut in
two: "Hulagu" of "His descendant Hulagu Khan" for "Which descendant of Genghis Khan …?",
"Tropical Storm" of "Tropical Storm Beryl" for "What was the name of the storm …?",
"Bạch Đằng" of "the Battle of Bạch Đằng", "Reconstruction of Religious" of "The
Reconstruction of Religious Thought in Islam". Inside a sentence a run of capitalised
words is one name as it is written, and SQuAD-style answers name it whole.

So a pick whose words are all capitalised takes the capitalised words right beside it
(and "of" / "de" / "von" … between two of them, and a number right after one: "State
Route 99", "Super Bowl 50"), up to a comma, a bracket, a lowercase word or a possessive
("Denver's Executive …" is two names). Not for a date or a number (their spans are
typed tokens), and never over the sentence's first word unless it is a name part itself
(a sentence's first word is capitalised whatever it is).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from notelens.answer.align_en_rank import SentenceView, token_range

#: The lowercase words that join two capitalised parts of one name.
NAME_INNER = frozenset({"of", "de", "la", "du", "da", "di", "del", "der", "den", "van", "von"})
_KINDS = frozenset({"person", "place", "proper", "np"})


def _cap(word: str) -> bool:
    return word[:1].isupper() and not word.endswith(("'s", "’s"))


def _number(word: str) -> bool:
    # "Route 99", "Super Bowl 50"; a year after a name is mostly its date ("Guide 2005").
    return word.isdigit() and len(word) <= 3


def _adjective(words: Sequence[str], at: int, breaks: Collection[str]) -> bool:
    """Whether the capitalised run from ``at`` modifies a lowercase noun right after it
    ("of Chinese art": an adjective, no part of the name before "of")."""
    k = at
    while k < len(words) and _cap(words[k]):
        k += 1
    return k < len(words) and words[k].isalpha() and words[k].islower() and words[k] not in breaks


def name_run(view: SentenceView, start: int, end: int, breaks: Collection[str]) -> tuple[int, int]:
    """The span ``[start, end)`` widened to the capitalised name it lies in (``breaks``:
    the words that end a noun phrase, which open no name at the sentence's start)."""
    if view.kind not in _KINDS:
        return start, end
    words, n = view.words, len(view.words)
    i, j = token_range(view, start, end)
    span = words[i:j]
    if not span or not all(_cap(w) or w in NAME_INNER or _number(w) for w in span):
        return start, end
    if not _cap(span[0]) or not (_cap(span[-1]) or _number(span[-1])):
        return start, end
    b = j
    while b < n:
        w = words[b]
        if _cap(w):
            b += 1  # a capitalised break word too, inside a name: "Religious Thought"
        elif (
            w in NAME_INNER
            and b + 1 < n
            and _cap(words[b + 1])
            and not _adjective(words, b + 1, breaks)
        ):
            b += 1
        elif _number(w) and _cap(words[b - 1]):
            b += 1
            break  # "State Route 99": the number ends the name
        else:
            break
    a = i
    while a > 0:
        w = words[a - 1]
        if _cap(w) and (a - 1 > 0 or w.lower() not in breaks):
            a -= 1
        elif w in NAME_INNER and a - 2 >= 0 and _cap(words[a - 2]):
            if a - 2 == 0 and words[a - 2].lower() in breaks:
                break
            a -= 2  # "Battle of Bạch Đằng"
        else:
            break
    if (a, b) == (i, j):
        return start, end
    return min(start, view.starts[a]), max(end, view.ends[b - 1])


__all__ = ["NAME_INNER", "name_run"]
