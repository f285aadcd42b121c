"""Seam of the embedding stage."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors of size ``dim``.

    ``id`` names the vectors, not the runtime: two embedders whose vectors agree
    (cosine >= 0.99 on the conformance texts) share an id, so an index built by one
    can be searched with the other. Query and passage prefixes (e5's ``query: `` /
    ``passage: ``) are the embedder's business, not the caller's.
    """

    id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...


@runtime_checkable
class ReportingEmbedder(Protocol):
    """Optional: an embedder that says how far one passage call has come.

    ``done(n)`` is called with the number of texts finished since its last call, as the
    embedder's own internal batches complete (from the calling thread), so a progress
    bar can advance per small batch while the call keeps its large, efficient batch
    (issue #21: no 0 -> 256 jumps, no smaller calls that cost speed)."""

    def embed_passages_reporting(
        self, texts: Sequence[str], done: Callable[[int], None]
    ) -> Vectors: ...
