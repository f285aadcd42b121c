"""The ``Store`` seam: where chunks, their terms and their vectors live.

Every backend must pass the conformance mixins of :mod:`notelens.store.testing`
(``tests/integration/test_store_conformance.py`` runs them per backend). Fusion,
analysis and embedding happen outside the store, so all backends rank the same way
given the same BM25 and vector results.

A backend is two objects: a :class:`StoreFactory` (registered by name in
:mod:`notelens.store.registry`, chosen by ``Settings.store`` / ``NOTELENS_STORE``) that
knows where the backend keeps its tables inside an index folder, and the
:class:`Store` handles it opens. Nothing outside the backend's own module names it.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from notelens.config import DenseConfig
from notelens.errors import IndexStoreError
from notelens.types import Lang, Link, Location, NoteMeta

log = logging.getLogger(__name__)

#: The hint of every "the index is damaged" error: the commands that repair it.
REPAIR_HINT = "repair it with `notelens doctor --repair` (or `notelens index --rebuild`)"


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
    # The note's front matter / #tags (the same on every row of a file); filters use it.
    note: NoteMeta = field(default_factory=NoteMeta)


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
    """Restricts a search: a glob on the stored source path (``fnmatch``), a language,
    and the note scope: ``tags`` (every one, case-insensitive, a parent tag matching its
    nested ones), ``folders`` (absolute paths, any), ``since``/``until`` (the note's
    day, inclusive: :func:`note_day`).

    Every condition but ``lang`` is a property of a whole file, so backends resolve them
    to a list of sources (:func:`matching_sources`) over per-source :class:`SourceFacts`
    and filter rows by source, the way the glob always was.
    """

    source_glob: str | None = None
    lang: Lang | None = None
    tags: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    @property
    def empty(self) -> bool:
        return self.lang is None and not self.by_source

    @property
    def by_source(self) -> bool:
        """Whether a condition is resolved per source (all but ``lang``)."""
        return (
            self.source_glob is not None
            or bool(self.tags)
            or bool(self.folders)
            or self.since is not None
            or self.until is not None
        )


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the file-level filters need of one source: its tags and its day."""

    tags: tuple[str, ...]
    day: str  # YYYY-MM-DD


def note_day(note: NoteMeta, file_mtime_ns: int) -> str:
    """The note's date for filters: its front matter ``date``, else the UTC day of the
    file's modification time."""
    if note.date:
        return note.date
    return datetime.fromtimestamp(file_mtime_ns / 1e9, tz=UTC).date().isoformat()


def source_facts(record: ChunkRecord) -> SourceFacts:
    return SourceFacts(record.note.tags, note_day(record.note, record.file_mtime_ns))


def _has_tag(tags: Sequence[str], wanted: str) -> bool:
    w = wanted.lstrip("#").casefold()
    return any((t := tag.casefold()) == w or t.startswith(w + "/") for tag in tags)


def _under(source: str, folder: str) -> bool:
    folder = folder.rstrip("/\\") or folder
    return source == folder or source.startswith(folder + "/") or source.startswith(folder + "\\")


def matching_sources(where: StoreFilter, facts: Mapping[str, SourceFacts]) -> list[str]:
    """The sources (keys of ``facts``) that every per-source condition of ``where`` keeps."""
    since = where.since.isoformat() if where.since is not None else None
    until = where.until.isoformat() if where.until is not None else None
    out: list[str] = []
    for src, f in facts.items():
        if where.source_glob is not None and not fnmatch.fnmatchcase(src, where.source_glob):
            continue
        if where.folders and not any(_under(src, d) for d in where.folders):
            continue
        if where.tags and not all(_has_tag(f.tags, t) for t in where.tags):
            continue
        if since is not None and f.day < since:
            continue
        if until is not None and f.day > until:
            continue
        out.append(src)
    return out


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
    # Rows the ANN index does not cover yet (written since it was built; searched flat).
    dense_unindexed: int = 0


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


@runtime_checkable
class StoreFactory(Protocol):
    """Opens :class:`Store` handles on the tables of one backend inside index folders.

    A table holds one build recipe's chunks (see :mod:`notelens.index.layout`); an index
    folder may hold several while a rebuild is switched in.

    * ``open`` returns a handle on ``table``; ``create=False`` raises
      :class:`~notelens.errors.IndexStoreError` when the table is missing or unreadable.
      Handles opened on the same folder and table see each other's commits: at once
      after :meth:`Store.refresh`, otherwise within ``consistency_s`` seconds (``None``:
      the backend's default, which may be "only on refresh").
    * ``tables`` lists the tables present; ``drop`` removes one (no error if absent);
      ``drop_others`` removes every table but ``keep`` (after a rebuild switched in).
    * ``move_aside`` moves a table's files (readable or not) into ``dest``, a folder the
      caller chose, and returns where they went (None when there was nothing to move):
      how ``doctor --repair`` and ``index --rebuild`` set damaged data apart instead of
      deleting it.
    * ``quiet_logs`` silences the backend's own console logging (the CLI calls it before
      the first handle is opened).
    """

    name: str

    def open(
        self,
        index_dir: Path,
        table: str,
        *,
        dim: int,
        dense: DenseConfig | None = None,
        create: bool = True,
        consistency_s: float | None = None,
    ) -> Store: ...

    def tables(self, index_dir: Path) -> list[str]: ...

    def drop(self, index_dir: Path, table: str) -> None: ...

    def drop_others(self, index_dir: Path, keep: str) -> None: ...

    def move_aside(self, index_dir: Path, table: str, dest: Path) -> Path | None: ...

    def quiet_logs(self) -> None: ...


@runtime_checkable
class LockingStoreFactory(Protocol):
    """A backend shared by several machines adds a lock of its own for index runs.

    ``writer_lock`` is held for a whole run beside the index folder's lock (which does
    not reach other machines); entering it raises
    :class:`~notelens.errors.IndexLockedError` at once when another run holds it.
    """

    def writer_lock(self, index_dir: Path) -> AbstractContextManager[None]: ...


@runtime_checkable
class MetaSharingStoreFactory(Protocol):
    """A backend shared by several machines also keeps each index's ``meta.json``
    (what table to read, how it was built), so a machine with another, or an empty,
    index folder finds the team's index (:class:`~notelens.index.layout.SharedMeta`).
    ``fetch_meta`` is None when the server has none for ``index_dir``."""

    def fetch_meta(self, index_dir: Path) -> str | None: ...

    def publish_meta(self, index_dir: Path, text: str) -> None: ...


@runtime_checkable
class ClosingStoreFactory(Protocol):
    """A server backend holds connections (pools, probe threads) that outlive a search;
    ``close`` releases them, after which the factory is not used again. An embedded
    backend holds nothing between calls and needs no ``close``."""

    def close(self) -> None: ...


@runtime_checkable
class DescribingStoreFactory(Protocol):
    """A server backend says where it is, for ``notelens status``: ``dsn`` (password
    masked), ``replica``, ``namespace`` and ``bm25`` (how it runs BM25; None where
    unset)."""

    def describe(self) -> dict[str, str | None]: ...


class StoreMeta:
    """A :class:`MetaSharingStoreFactory`'s copy of one index's meta (the layout's
    ``SharedMeta``); ``stores`` is called on first use, so a local backend is never
    created for it, and for a backend that shares nothing it is a no-op."""

    def __init__(self, stores: Callable[[], object], index_dir: Path) -> None:
        self._stores, self._dir = stores, index_dir

    def _sharing(self) -> MetaSharingStoreFactory | None:
        stores = self._stores()
        return stores if isinstance(stores, MetaSharingStoreFactory) else None

    def load(self) -> str | None:
        """The server's copy; None (the folder's cached copy serves) when the server
        cannot be read: searches keep answering from a replica after losing the primary,
        and opening the table says clearly when the server is gone."""
        sharing = self._sharing()
        if sharing is None:
            return None
        try:
            return sharing.fetch_meta(self._dir)
        except IndexStoreError as exc:
            log.warning("index metadata not read from the store, using the folder's: %s", exc)
            return None

    def save(self, text: str) -> None:
        sharing = self._sharing()
        if sharing is not None:
            sharing.publish_meta(self._dir, text)


def query_vector(vector: npt.NDArray[np.float32], dim: int) -> npt.NDArray[np.float32]:
    """``vector`` as one float32 row of ``dim`` values (what ``search_vector`` takes);
    another size is :class:`IndexStoreError`. Every backend checks queries this way."""
    vec: npt.NDArray[np.float32] = np.asarray(vector, dtype=np.float32).reshape(-1)
    if vec.shape[0] != dim:
        raise IndexStoreError(f"query vector has {vec.shape[0]} dimensions, index has {dim}")
    return vec


def query_matrix(vectors: npt.NDArray[np.float32], dim: int) -> npt.NDArray[np.float32]:
    """``vectors`` as an ``(n, dim)`` float32 matrix (what ``search_vectors`` takes)."""
    mat: npt.NDArray[np.float32] = np.asarray(vectors, dtype=np.float32)
    if mat.ndim != 2 or mat.shape[1] != dim:
        raise IndexStoreError(f"query vectors have shape {tuple(mat.shape)}, expected (n, {dim})")
    return mat
