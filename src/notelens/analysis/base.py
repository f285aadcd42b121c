"""Seam of the analysis stage."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Analyzer(Protocol):
    """Turns text into index terms. The same analyzer is used for documents and queries.

    Contract: deterministic (same text, same terms, on every machine); terms contain no
    whitespace; ``version`` changes whenever the output for some input could change, so
    an index built with another version is detected.
    """

    version: str

    def terms(self, text: str) -> list[str]: ...

    def terms_batch(self, texts: list[str]) -> list[list[str]]: ...


@runtime_checkable
class ProperNounTagger(Protocol):
    """An optional capability of an analyzer: the proper nouns of a text, as written.

    Answer verification checks that a Korean name in an answer appears in the passage
    it cites; analyzers without a tagger (``isinstance(a, ProperNounTagger)`` is false)
    leave that check to lexical support alone.
    """

    def proper_nouns(self, text: str) -> set[str]: ...


@runtime_checkable
class MorphemeTagger(Protocol):
    """An optional capability of an analyzer: its morphemes, ``(form, tag, start, end)``
    with character offsets (Kiwi's tags). Follow-up rewriting reads the proper nouns and
    content words of a question; the searcher reads where a locative particle (``JKB``)
    begins, to find a note named as the place a thing is written ("논문정리에서").
    Analyzers without it (``isinstance(a, MorphemeTagger)`` is false) skip those readings.
    """

    def morphemes(self, text: str) -> list[tuple[str, str, int, int]]: ...
