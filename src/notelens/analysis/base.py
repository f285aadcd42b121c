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
