"""In-memory search parts any :class:`~notelens.store.base.Store` backend can reuse.

A backend that holds (a copy of) its rows in memory needs the same four things, so they
live here instead of inside one backend:

* :class:`Resident` / :class:`Lexical`: snapshots of one table version (unit vectors,
  ids, the source and lang columns; BM25 postings over the ``terms`` column);
* :class:`SnapshotSlot`: keeps a snapshot fresh per table version without making readers
  wait: while one thread rebuilds after a commit, others answer from the previous one;
* :class:`VectorScan`: exact cosine top-k over a :class:`Resident`, with an int8
  shortlist scan where torch offers ``_int_mm``;
* :func:`filter_mask`: a :class:`~notelens.store.base.StoreFilter` as a row mask.

The LanceDB backend uses them below its ANN threshold; the memory backend always.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from notelens.store.base import ChunkRecord, Scored, SourceFacts, StoreFilter, matching_sources
from notelens.store.bm25 import Bm25Index

log = logging.getLogger("notelens.index")

# Below this many rows the fp32 scan is already well under a millisecond.
INT8_SCAN_MIN_ROWS = 4096
# A stored vector counts as sound when finite with a norm within this of 1 (the
# embedders write unit vectors; damage or a foreign writer shows up as anything else).
UNIT_NORM_TOLERANCE = 1e-2


def sound_vector(vector: npt.NDArray[np.float32]) -> bool:
    """True if ``vector`` is finite and of unit norm (what the embedders write)."""
    v = np.asarray(vector, dtype=np.float64)
    if not np.all(np.isfinite(v)):
        return False
    return abs(float(np.linalg.norm(v)) - 1.0) <= UNIT_NORM_TOLERANCE


def unit_rows(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Rows scaled to unit norm; non-finite rows become zero (they then never match).

    A damaged data file can hold any bytes: without this, one such row turns a search
    into numpy overflow warnings and NaN scores.
    """
    mat = np.asarray(matrix, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        bad = ~np.isfinite(mat).all(axis=1)
        if bad.any():
            log.warning("%d stored vectors are not finite: run `notelens doctor`", int(bad.sum()))
            mat = mat.copy()
            mat[bad] = 0.0
        # float64 norms: a finite float32 row can still overflow its float32 norm
        norms = np.linalg.norm(mat.astype(np.float64), axis=1)
        out = (mat / np.maximum(norms, 1e-12)[:, None]).astype(np.float32)
    return np.ascontiguousarray(out)


@dataclass
class Resident:
    """An in-memory copy of a table: unit vectors, ids and the columns filters use.

    ``rows`` is the backend's own displayable copy (LanceDB: an Arrow table; memory: a
    list of records); ``records`` caches records already built from it (a record is
    immutable).
    """

    version: int
    matrix: npt.NDArray[np.float32]
    ids: list[str]
    pos: dict[str, int]
    sources: npt.NDArray[np.object_]
    langs: npt.NDArray[np.object_]
    rows: Any = None
    records: dict[str, ChunkRecord] = dc_field(default_factory=dict)
    # int8 copy of ``matrix`` for the shortlist scan (:meth:`VectorScan._int8`): a torch
    # tensor of rows scaled to +-127 and each row's scale; built on first use.
    int8: tuple[Any, npt.NDArray[np.float32]] | None = None
    int8_tried: bool = False

    @classmethod
    def build(
        cls,
        version: int,
        vectors: npt.NDArray[np.float32],
        ids: list[str],
        sources: list[str],
        langs: list[str],
        rows: Any = None,
    ) -> Resident:
        return cls(
            version=version,
            matrix=unit_rows(vectors),
            ids=ids,
            pos={cid: i for i, cid in enumerate(ids)},
            sources=np.asarray(sources, dtype=object),
            langs=np.asarray(langs, dtype=object),
            rows=rows,
        )


@dataclass
class Lexical:
    """In-memory BM25 postings of one table version, rows in ``ids`` order."""

    version: int
    index: Bm25Index
    ids: list[str]
    sources: npt.NDArray[np.object_]
    langs: npt.NDArray[np.object_]

    def search(self, terms: list[str], k: int, mask: npt.NDArray[np.bool_] | None) -> list[Scored]:
        return [Scored(self.ids[i], s) for i, s in self.index.top(terms, k, mask)]


_Snap = TypeVar("_Snap", Resident, Lexical)


class SnapshotSlot(Generic[_Snap]):
    """One snapshot kept fresh per table version, rebuilt without stalling readers.

    Only one thread rebuilds; others answer from the previous snapshot meanwhile (or
    wait, when there is none yet). After a write by this handle (:meth:`wrote`) the next
    caller rebuilds before answering, so a handle sees its own rows. A version moved by
    another writer (the index run beside a server) is rebuilt on a background thread
    while every search answers from the previous snapshot: a rebuild takes ~0.25 s per
    slot at 16k rows (benchmarks/search_parts.py), which a request would otherwise wait
    out.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.snap: _Snap | None = None
        self._lock = threading.Lock()
        self._own_write = False

    def wrote(self) -> None:
        self._own_write = True

    def fresh(
        self, version_of: Callable[[], int], build: Callable[[int], _Snap], wait: bool = False
    ) -> _Snap:
        """The snapshot for the current version; ``wait`` (``refresh``): take the lock
        even if another thread holds it, and rebuild here."""
        version = version_of()
        snap = self.snap
        if snap is not None and snap.version == version:
            return snap
        lock = self._lock
        if snap is not None and not wait and not lock.acquire(blocking=False):
            return snap
        if snap is not None and not wait and not self._own_write:
            threading.Thread(
                target=self._rebuild_locked,
                args=(build, version),
                name=f"notelens-snapshot-{self.name}",
                daemon=True,
            ).start()
            return snap
        if snap is None or wait:
            lock.acquire()
        try:
            snap = self.snap
            if snap is None or snap.version != version:
                snap = build(version)
                self.snap = snap
                if version_of() == version:
                    self._own_write = False
            return snap
        finally:
            lock.release()

    def _rebuild_locked(self, build: Callable[[int], _Snap], version: int) -> None:
        """Background rebuild (the lock is held on entry, released here)."""
        try:
            current = self.snap
            if current is None or current.version != version:
                self.snap = build(version)
        except Exception as exc:  # the next search tries again; readers keep the old one
            log.warning("rebuilding the search snapshot failed: %s", exc)
        finally:
            self._lock.release()


def filter_mask(
    where: StoreFilter | None,
    sources: npt.NDArray[np.object_],
    langs: npt.NDArray[np.object_],
    facts: Callable[[], Mapping[str, SourceFacts]],
) -> npt.NDArray[np.bool_] | None:
    """Rows a filter keeps (``None``: all), over a snapshot's source/lang columns.

    The per-file conditions (glob, folder, tags, dates) are decided once per distinct
    source, ``facts()`` (cached by the backend per table version), then looked up per
    row: a few thousand sources cost well under a millisecond next to the row scan.
    """
    if where is None or where.empty:
        return None
    mask = np.ones(len(sources), dtype=bool)
    if where.lang is not None:
        mask &= langs == where.lang
    if where.by_source:
        keep = matching_sources(where, facts())
        mask &= np.isin(sources, np.asarray(keep, dtype=object))
    return mask


def unit_queries(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    mat = np.asarray(vectors, dtype=np.float32)
    norms = np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
    units: npt.NDArray[np.float32] = (mat / norms).astype(np.float32)
    return units


class VectorScan:
    """Exact cosine top-k over a :class:`Resident` (unit query vectors, best first).

    ``int8_scan``: shortlist with an int8 scan and score the shortlist exactly (see
    :meth:`_int8_shortlist`); None (default) does so where torch is already loaded,
    True imports it, False keeps the fp32 scan.
    """

    def __init__(self, int8_scan: bool | None = None) -> None:
        self.int8_scan = int8_scan

    def top(
        self,
        mem: Resident,
        units: npt.NDArray[np.float32],
        k: int,
        mask: npt.NDArray[np.bool_] | None,
    ) -> list[list[Scored]]:
        """The ``k`` best rows for each unit query vector, exact cosine, best first."""
        if not mem.ids:
            return [[] for _ in units]
        shortlist = self._int8_shortlist(mem, units, k, mask)
        if shortlist is not None:
            return [_top_of(mem, units[i], rows, k) for i, rows in enumerate(shortlist)]
        if len(units) == 1:
            # einsum, not `@`: OpenBLAS splits a matrix-vector product over all cores.
            # Idle, that halves the wall time (0.5 vs 1.0 ms at 16k rows); with the cores
            # busy, as in a server answering many searches, it costs more CPU for the same
            # wall time (1.9 vs 1.4 ms; benchmarks/search_parts.py), and CPU is what
            # limits throughput.
            scores = np.einsum("ij,j->i", mem.matrix, units[0])[None, :]
        else:
            # One pass over the vectors for the whole batch: a matrix product streams the
            # 16k x 384 floats once instead of once per query (8 queries: 4.3 ms on one
            # thread against 8 x 1.2 ms as separate scans; benchmarks/search_parts.py).
            scores = np.ascontiguousarray((mem.matrix @ units.T).T)
        return [_top(mem, row, k, mask) for row in scores]

    def _int8(self, mem: Resident) -> tuple[Any, npt.NDArray[np.float32]] | None:
        """The int8 copy of the resident vectors, where the shortlist scan applies.

        Only when torch is already loaded (the fast embedder loads it; importing it for
        this alone would cost a one-shot CLI search ~1 s) and the table has at least
        ``INT8_SCAN_MIN_ROWS`` rows; ``int8_scan`` (True/False) overrides the first.
        """
        if mem.int8 is not None or mem.int8_tried:
            return mem.int8
        torch = sys.modules.get("torch") if self.int8_scan is not False else None
        if torch is None and self.int8_scan:
            import torch
        if torch is None or len(mem.ids) < INT8_SCAN_MIN_ROWS:
            return None  # decided again next time (torch may be loaded by then)
        try:
            scale = np.maximum(np.abs(mem.matrix).max(axis=1), 1e-12) / 127.0
            codes = np.rint(mem.matrix / scale[:, None]).astype(np.int8)
            q8 = torch.from_numpy(codes)
            torch._int_mm(q8[:17], q8[:1].T.contiguous())  # present in this torch build?
            mem.int8 = (q8, scale.astype(np.float32))
        except Exception as exc:  # no _int_mm: the fp32 scan stays
            log.debug("int8 vector scan unavailable: %s", exc)
        mem.int8_tried = True
        return mem.int8

    def _int8_shortlist(
        self,
        mem: Resident,
        units: npt.NDArray[np.float32],
        k: int,
        mask: npt.NDArray[np.bool_] | None,
    ) -> list[npt.NDArray[np.intp]] | None:
        """Per query, the rows whose int8 scores rank in the top ``max(4k, k + 64)``.

        The scan is memory-bound: int8 rows are a quarter of the bytes, and the VNNI
        product of 8 queries takes 1.6 ms against 4.2-4.7 ms for the fp32 one at 16k
        rows when other work has evicted the vectors from cache (the server's case;
        benchmarks/search_parts.py). The shortlist is then scored exactly in fp32
        (``_top_of``), so the hits and their scores are the exact scan's unless one of
        the true top ``k`` falls outside the shortlist: int8 rounding moves a cosine by
        ~1e-3, far less than the spread of the ``4k`` best. None: use the fp32 scan.
        """
        n = len(mem.ids)
        width = max(4 * k, k + 64)
        if width >= n:
            return None
        int8 = self._int8(mem)
        if int8 is None:
            return None
        torch = sys.modules["torch"]
        q8, row_scale = int8
        qscale = np.maximum(np.abs(units).max(axis=1), 1e-12) / 127.0
        codes = np.rint(units / qscale[:, None]).astype(np.int8)
        prod = torch._int_mm(q8, torch.from_numpy(np.ascontiguousarray(codes.T))).numpy()
        # the query's own scale is one constant per column: it does not change the order
        approx = prod.T.astype(np.float32)
        approx *= row_scale  # float32 throughout (int32 * float32 would make float64)
        if mask is not None:
            approx[:, ~mask] = -np.inf
        out = []
        for row in approx:
            cand = np.argpartition(-row, width - 1)[:width]
            out.append(cand[np.isfinite(row[cand])])
        return out


def _top_of(
    mem: Resident, unit: npt.NDArray[np.float32], rows: npt.NDArray[np.intp], k: int
) -> list[Scored]:
    """The ``k`` best of ``rows`` by exact fp32 cosine, best first."""
    if not len(rows):
        return []
    exact = mem.matrix[rows] @ unit
    order = np.argsort(-exact, kind="stable")[: min(k, len(rows))]
    ids = mem.ids
    return [
        Scored(ids[r], s) for r, s in zip(rows[order].tolist(), exact[order].tolist(), strict=True)
    ]


def _top(
    mem: Resident,
    scores: npt.NDArray[np.float32],
    k: int,
    mask: npt.NDArray[np.bool_] | None,
) -> list[Scored]:
    """The ``k`` best rows of one query's scores, best first (masked rows never)."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    k = min(k, len(mem.ids))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    top = top[np.isfinite(scores[top])]
    ids = mem.ids
    return [Scored(ids[i], s) for i, s in zip(top.tolist(), scores[top].tolist(), strict=True)]
