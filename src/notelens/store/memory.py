"""In-memory :class:`~notelens.store.base.Store`: the reference backend and a test double.

Everything is held in the process: rows in a dict per table, searches through the
shared resident parts (:mod:`notelens.store.resident`: BM25 postings, exact/int8 vector
top-k, snapshots rebuilt per version without stalling readers).

The second-handle contract: a table lives in a :class:`TableSpace` keyed by (resolved
index folder, table name). Every handle that :class:`MemoryStoreFactory` opens on the
same key shares the same table, so one handle's commits are visible to the others, as
another process's commits are to a LanceDB reader: at once to ``count``, ``get`` and
``file_states``, to searches after :meth:`MemoryStore.refresh` or after a background
snapshot rebuild (meanwhile they answer as before). The factory registered as
``memory`` uses one space per process, so an index run and a server in one process (the
HTTP server's ``POST /index``) share tables; nothing survives the process. Pass your
own :class:`TableSpace` to isolate tests.

Commits are atomic: a commit builds a new row dict and publishes it with its version in
one assignment under the table's lock, so a reader sees all of a commit or none of it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from notelens.config import DenseConfig
from notelens.errors import IndexStoreError
from notelens.store.base import (
    ChunkRecord,
    FileState,
    Scored,
    SourceFacts,
    StoreFilter,
    StoreStats,
    matching_sources,
    query_matrix,
    query_vector,
    source_facts,
)
from notelens.store.bm25 import Bm25Index
from notelens.store.resident import (
    Lexical,
    Resident,
    SnapshotSlot,
    VectorScan,
    filter_mask,
    unit_queries,
)


@dataclass(frozen=True, slots=True)
class _State:
    """One committed version of a table: rows by id, in commit order."""

    version: int
    rows: dict[str, ChunkRecord]  # never mutated once published


@dataclass
class _Table:
    dim: int
    state: _State = field(default_factory=lambda: _State(0, {}))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def commit(self, drop_sources: set[str], add: Sequence[ChunkRecord]) -> None:
        with self.lock:
            old = self.state
            rows = {cid: r for cid, r in old.rows.items() if r.source not in drop_sources}
            for r in add:
                rows[r.chunk_id] = r
            self.state = _State(old.version + 1, rows)


class TableSpace:
    """Tables by (resolved index folder, table name); see the module docstring."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, str], _Table] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(index_dir: Path, table: str) -> tuple[str, str]:
        return (str(Path(index_dir).expanduser().resolve()), table)

    def get(self, index_dir: Path, table: str, dim: int, create: bool) -> _Table | None:
        key = self._key(index_dir, table)
        with self._lock:
            found = self._tables.get(key)
            if found is None and create:
                found = self._tables[key] = _Table(dim)
            return found

    def names(self, index_dir: Path) -> list[str]:
        root = self._key(index_dir, "")[0]
        with self._lock:
            return sorted(t for (r, t) in self._tables if r == root)

    def drop(self, index_dir: Path, table: str) -> None:
        with self._lock:
            self._tables.pop(self._key(index_dir, table), None)


class MemoryStore:
    """A handle on one in-memory table (see the module docstring)."""

    def __init__(
        self,
        table: _Table,
        *,
        dim: int,
        dense: DenseConfig | None = None,
        int8_scan: bool | None = None,
    ) -> None:
        if table.dim != dim:
            raise IndexStoreError(f"the table holds {table.dim}-d vectors, not {dim}-d")
        self.dim = dim
        self._table = table
        self._dense = dense or DenseConfig()
        self._scan_vectors = VectorScan(int8_scan)
        self._resident: SnapshotSlot[Resident] = SnapshotSlot("vectors")
        self._lexical_snap: SnapshotSlot[Lexical] = SnapshotSlot("bm25")
        self._hashes: tuple[int, dict[str, npt.NDArray[np.float32]]] | None = None
        self._facts_cache: tuple[int, dict[str, SourceFacts]] | None = None

    # -- snapshots ----------------------------------------------------------------------

    def _version(self) -> int:
        return self._table.state.version

    def _memory(self, wait: bool = False) -> Resident:
        def build(version: int) -> Resident:
            state = self._table.state
            recs = list(state.rows.values())
            matrix = (
                np.stack([r.vector for r in recs if r.vector is not None]).astype(np.float32)
                if recs
                else np.zeros((0, self.dim), dtype=np.float32)
            )
            return Resident.build(
                state.version,
                matrix,
                ids=[r.chunk_id for r in recs],
                sources=[r.source for r in recs],
                langs=[r.lang for r in recs],
                rows=[replace(r, vector=None) for r in recs],
            )

        return self._resident.fresh(self._version, build, wait)

    def _lexical(self, wait: bool = False) -> Lexical:
        mem = self._memory(wait)

        def build(version: int) -> Lexical:
            return Lexical(
                version=mem.version,
                index=Bm25Index([r.terms for r in mem.rows]),
                ids=mem.ids,
                sources=mem.sources,
                langs=mem.langs,
            )

        # Keyed by the resident snapshot's version, which the postings are built from.
        return self._lexical_snap.fresh(lambda: mem.version, build, wait)

    def _wrote(self) -> None:
        self._resident.wrote()
        self._lexical_snap.wrote()

    def _mask(self, where: StoreFilter | None, mem: Resident) -> npt.NDArray[np.bool_] | None:
        return filter_mask(where, mem.sources, mem.langs, self._facts)

    def _facts(self) -> dict[str, SourceFacts]:
        """Per-source filter facts, cached per table version."""
        state = self._table.state
        if self._facts_cache is None or self._facts_cache[0] != state.version:
            facts = {r.source: source_facts(r) for r in state.rows.values()}
            self._facts_cache = (state.version, facts)
        return self._facts_cache[1]

    # -- Store protocol -----------------------------------------------------------------

    def count(self) -> int:
        return len(self._table.state.rows)

    def file_states(self) -> dict[str, FileState]:
        out: dict[str, FileState] = {}
        for r in self._table.state.rows.values():
            prev = out.get(r.source)
            chunks = prev.chunks + 1 if prev else 1
            out[r.source] = FileState(r.source, r.file_hash, r.file_size, r.file_mtime_ns, chunks)
        return out

    def replace_sources(self, sources: Sequence[str], records: Sequence[ChunkRecord]) -> None:
        if not sources:
            return
        stray = {r.source for r in records} - set(sources)
        if stray:
            raise IndexStoreError(f"records for sources not being replaced: {sorted(stray)[:3]}")
        for r in records:
            if r.vector is None or np.asarray(r.vector).shape != (self.dim,):
                raise IndexStoreError(f"chunk {r.chunk_id} has no {self.dim}-d vector")
        kept = [replace(r, vector=np.asarray(r.vector, dtype=np.float32).copy()) for r in records]
        self._table.commit(set(sources), kept)
        self._wrote()

    def delete_sources(self, sources: Sequence[str]) -> None:
        self._table.commit(set(sources), ())
        self._wrote()

    def vectors_for_hashes(
        self, content_hashes: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]:
        state = self._table.state
        if self._hashes is None or self._hashes[0] != state.version:
            by_hash: dict[str, npt.NDArray[np.float32]] = {}
            for r in state.rows.values():
                if r.vector is not None:
                    by_hash[r.content_hash] = r.vector
            self._hashes = (state.version, by_hash)
        known = self._hashes[1]
        return {h: known[h].copy() for h in set(content_hashes) if h in known}

    def search_terms(
        self, terms: Sequence[str], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        terms = [t for t in terms if t and not any(c.isspace() for c in t)]
        if not terms or self.count() == 0:
            return []
        lex = self._lexical()
        return lex.search(terms, k, filter_mask(where, lex.sources, lex.langs, self._facts))

    def search_vector(
        self, vector: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        vec = query_vector(vector, self.dim)
        return self.search_vectors(vec[None, :], k, where)[0]

    def search_vectors(
        self, vectors: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[list[Scored]]:
        mat = query_matrix(vectors, self.dim)
        if self.count() == 0:
            return [[] for _ in mat]
        mem = self._memory()
        return self._scan_vectors.top(mem, unit_queries(mat), k, self._mask(where, mem))

    def get(self, chunk_ids: Sequence[str], *, with_vectors: bool = False) -> list[ChunkRecord]:
        rows = self._table.state.rows
        out = [rows[c] for c in chunk_ids if c in rows]
        if with_vectors:
            return [replace(r, vector=None if r.vector is None else r.vector.copy()) for r in out]
        return [replace(r, vector=None) for r in out]

    def records(self, where: StoreFilter | None = None) -> list[ChunkRecord]:
        out = []
        keep = set(matching_sources(where, self._facts())) if where and where.by_source else None
        for r in self._table.state.rows.values():
            if where is not None and where.lang is not None and r.lang != where.lang:
                continue
            if keep is not None and r.source not in keep:
                continue
            out.append(replace(r, vector=None))
        out.sort(key=lambda r: (r.source, r.ordinal))
        return out

    def optimize(self) -> None:
        """Nothing to fold in: the snapshots are the only secondary indexes."""

    def refresh(self) -> None:
        self._memory(wait=True)
        self._lexical(wait=True)

    def stats(self) -> StoreStats:
        langs: dict[str, int] = {}
        sources: set[str] = set()
        flags: dict[str, int] = {}
        flagged = 0
        for r in self._table.state.rows.values():
            langs[r.lang] = langs.get(r.lang, 0) + 1
            sources.add(r.source)
            if r.flags:
                flagged += 1
                for f in r.flags:
                    flags[f] = flags.get(f, 0) + 1
        return StoreStats(
            rows=sum(langs.values()),
            files=len(sources),
            langs=langs,
            dense_index="exact",
            flagged=flagged,
            flags=flags,
        )


class MemoryStoreFactory:
    """Opens :class:`MemoryStore` handles on the tables of a :class:`TableSpace`."""

    name = "memory"

    def __init__(self, space: TableSpace, *, int8_scan: bool | None = None) -> None:
        self._space = space
        self._int8_scan = int8_scan

    def open(
        self,
        index_dir: Path,
        table: str,
        *,
        dim: int,
        dense: DenseConfig | None = None,
        create: bool = True,
        consistency_s: float | None = None,
    ) -> MemoryStore:
        found = self._space.get(index_dir, table, dim, create)
        if found is None:
            raise IndexStoreError(
                f"no table {table!r} in this process's memory store",
                path=str(index_dir),
                hint="the memory store keeps nothing across processes: "
                "rebuild it with `notelens index --rebuild PATH`",
            )
        return MemoryStore(found, dim=dim, dense=dense, int8_scan=self._int8_scan)

    def tables(self, index_dir: Path) -> list[str]:
        return self._space.names(index_dir)

    def drop(self, index_dir: Path, table: str) -> None:
        self._space.drop(index_dir, table)

    def drop_others(self, index_dir: Path, keep: str) -> None:
        for name in self.tables(index_dir):
            if name != keep:
                self.drop(index_dir, name)

    def move_aside(self, index_dir: Path, table: str, dest: Path) -> Path | None:
        """Nothing is on disk to keep: the table is dropped."""
        self.drop(index_dir, table)
        return None

    def quiet_logs(self) -> None:
        """The memory store logs nothing of its own."""
