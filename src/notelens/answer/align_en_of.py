"""A noun phrase the English aligner picked, widened to its "of" complement (issue #15,
fourteenth round).

The aligner's chunks break at "of" (a function word) unless a capitalised name goes on
after it ("University of Warsaw"), so for a "what" question the pick is often the head
of a longer noun phrase: "SI unit" of "the SI unit of magnetic flux density",
"destruction" of "destruction of the forest", "amount" of "amount of time". SQuAD-style
answers name the phrase whole, and spans that fall short of the gold outnumber those
that run past it about four to one (docs/benchmarks.md, thirteenth round). So the pick
takes "of", an article, and up to :data:`MAX_WORDS` content words after it, when none
of them is a question word (the question's own words are not what it asks: "the theory
of computation" stays "theory" for "What branch of theory …?").

Only the plain noun-phrase kind ("what / which …" without a typed head): a person, a
place, a date or a number is answered without its "of" ("President of Football
Operations" adds nothing to "Who …?"). The span is only widened over the words right
after it, never moved to another candidate.
"""

from __future__ import annotations

from collections.abc import Collection

from notelens.answer.align_en_rank import SentenceView, token_range

#: How many words after "of" (and its article) the span takes at most: SQuAD's noun
#: phrases rarely run longer, and a longer run is a clause the chunker did not break.
MAX_WORDS = 3
_ARTICLES = frozenset({"the", "a", "an"})


def of_complement(
    view: SentenceView, start: int, end: int, breaks: Collection[str]
) -> tuple[int, int]:
    """The span ``[start, end)`` widened over "of [the] N …" right after it (``breaks``:
    the words that end a noun phrase); the span itself otherwise."""
    if view.kind != "np":
        return start, end
    words, n = view.words, len(view.words)
    _i, j = token_range(view, start, end)
    if j >= n or words[j].lower() != "of":
        return start, end
    first = j + 1
    if first < n and words[first].lower() in _ARTICLES:
        first += 1
    stop = first
    while (
        stop < n
        and stop - first < MAX_WORDS
        and words[stop][:1].isalpha()
        and words[stop].lower() not in breaks
        and not view.is_q[stop]
    ):
        stop += 1
    if stop == first:
        return start, end
    return start, max(end, view.ends[stop - 1])


__all__ = ["MAX_WORDS", "of_complement"]
