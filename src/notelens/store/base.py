"""The ``Store`` seam: where chunks, their terms and their vectors live.

Every backend must pass ``tests/integration/test_store_conformance.py``. Fusion,
analysis and embedding happen outside the store, so all backends rank the same way
given the same BM25 and vector results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from notelens.types import Lang, Link, Location


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    """One stored row: a chunk with its terms, vector and the state of its file."""

    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    terms: str  # analyzed terms, whitespace-joined (what BM25 indexes)
    location: Location
    lang: Lang
    kind: str
    links: tuple[Link, ...]
    content_hash: str  # SHA-256 of the indexed text (heading context + text): the vector cache key
    ordinal: int
    file_hash: str
    file_size: int
    file_mtime_ns: int
    vector: npt.NDArray[np.float32] | None = None
    # Guard findings at ingest (``pii:rrn``, ``injection:override``); see notelens.guard.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileState:
    """What the store holds for one source file (derived from its rows)."""

    source: str
    file_hash: str
    file_size: int
    file_mtime_ns: int
    chunks: int


@dataclass(frozen=True, slots=True)
class StoreFilter:
    """Restricts a search: a glob on the stored source path (``fnmatch``) and a language."""

    source_glob: str | None = None
    lang: Lang | None = None

    @property
    def empty(self) -> bool:
        return self.source_glob is None and self.lang is None


@dataclass(frozen=True, slots=True)
class Scored:
    """A search result from one retriever, before fusion. Higher ``score`` is better.

    Retrievers return ids only: fusion needs nothing else, and reading full rows for
    every candidate of both retrievers costs more than the searches themselves.
    """

    chunk_id: str
    score: float


@dataclass(frozen=True, slots=True)
class StoreStats:
    rows: int
    files: int
    langs: dict[str, int]
    dense_index: str  # "exact" or the ANN index kind
    flagged: int = 0  # rows with at least one guard flag
    flags: dict[str, int] = field(default_factory=dict)  # rows per flag kind


@runtime_checkable
class Store(Protocol):
    """Persistent chunk storage with BM25 over terms and vector search.

    Contracts every backend keeps (and the conformance suite checks):

    * ``replace_sources`` is atomic: after it returns, or after a crash at any point
      inside it, each listed source has either all its old rows or all its new rows.
    * Searches see every committed row, whether or not a secondary index is current:
      a store's own commits at once; other writers' commits (an index run beside a
      server) within a short delay (LanceDB's read-consistency interval, then a
      snapshot rebuild in the background), meanwhile searches answer as before them.
    * ``search_terms`` is BM25 over the whitespace-separated ``terms``; a query term
      matches only an identical stored term (no further analysis inside the store).
    * ``search_vector`` returns cosine similarity as ``score`` (1 = identical);
      ``search_vectors`` answers several query vectors at once (row ``i`` of the result is
      what ``search_vector`` returns for row ``i``), so a backend can score a batch of
      queries in one pass over its vectors.
    * ``get`` returns the rows of the ids it knows, in the order asked; vectors only
      when ``with_vectors``.
    * ``records`` returns every row (without vectors) matching ``where``, ordered by
      source then ordinal: for tools that read the whole index (question generation).
    * ``refresh`` catches up at once with every row committed so far by any writer
      (another handle on the same index: this process's own index run, or another
      process), doing the catching-up work in the calling thread; searches running
      meanwhile on other threads answer as before. After it returns, every search
      sees those rows.
    """

    dim: int

    def count(self) -> int: ...

    def file_states(self) -> dict[str, FileState]: ...

    def replace_sources(self, sources: Sequence[str], records: Sequence[ChunkRecord]) -> None: ...

    def delete_sources(self, sources: Sequence[str]) -> None: ...

    def vectors_for_hashes(
        self, content_hashes: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]: ...

    def search_terms(
        self, terms: Sequence[str], k: int, where: StoreFilter | None = None
    ) -> list[Scored]: ...

    def search_vector(
        self, vector: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[Scored]: ...

    def search_vectors(
        self, vectors: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[list[Scored]]: ...

    def get(self, chunk_ids: Sequence[str], *, with_vectors: bool = False) -> list[ChunkRecord]: ...

    def records(self, where: StoreFilter | None = None) -> list[ChunkRecord]: ...

    def optimize(self) -> None: ...

    def refresh(self) -> None: ...

    def stats(self) -> StoreStats: ...
