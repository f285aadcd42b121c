"""LanceDB backend of :class:`~notelens.store.base.Store` (the embedded default).

Why LanceDB fits the crash-safety contract: every write is a new table version whose
manifest is committed by an atomic rename, so a killed process leaves the previous
version readable. ``replace_sources`` is one ``merge_insert`` that inserts the new
rows and deletes the old ones of the same sources in a single commit, or, when the
table holds no row of those sources (a first index run), one append.

BM25 scores the ``terms`` column, which our analyzer wrote (the query is analyzed by the
same analyzer). Up to :data:`RESIDENT_BM25_MAX_ROWS` rows the postings are held in memory
(:class:`~notelens.store.bm25.Bm25Index`, rebuilt when the table version changes): a
query costs well under a millisecond there against ~7 ms through LanceDB. Larger tables
use LanceDB's native full-text index over the same column, whitespace tokenizer, every
built-in normalisation off; rows added after that index was built are still searched
(flat) until :meth:`optimize` folds them in.

In-memory copies (BM25 postings; vectors and rows below the ANN threshold) are
snapshots of one table version (:mod:`notelens.store.resident`). While one thread
rebuilds a snapshot after a commit, concurrent readers keep answering from the previous
one instead of queueing behind it.

Errors: every LanceDB and pyarrow failure is mapped once, by :func:`lance_errors`, to
:class:`~notelens.errors.IndexStoreError` naming the folder and the repair command (a
truncated or overwritten data file, deleted manifests), never left to surface as an
unexpected exception.

The folder layout (``lance/`` inside the index folder) is known only here:
:class:`LanceDBStoreFactory` is what the rest of notelens opens tables through.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from notelens.config import DenseConfig
from notelens.errors import IndexStoreError, first_line
from notelens.store.base import (
    REPAIR_HINT,
    ChunkRecord,
    FileState,
    Scored,
    SourceFacts,
    StoreFilter,
    StoreStats,
    matching_sources,
    note_day,
    query_matrix,
    query_vector,
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
from notelens.types import Lang, Link, Location, NoteMeta

log = logging.getLogger("notelens.index")

# Columns read back for a hit (everything but the vector).
_RECORD_COLUMNS = [
    "chunk_id",
    "source",
    "title",
    "heading",
    "text",
    "terms",
    "line_start",
    "line_end",
    "page",
    "part",
    "lang",
    "kind",
    "links",
    "content_hash",
    "ordinal",
    "file_hash",
    "file_size",
    "file_mtime_ns",
    "flags",
    "note",
]
_FILE_COLUMNS = ["source", "file_hash", "file_size", "file_mtime_ns"]
_IN_LIST_BATCH = 500
# The index run's vector-cache lookup: one filtered scan per commit batch, not one per
# 500 hashes (each IN list is a scan of the rows not yet under the content_hash B-tree).
_HASH_LOOKUP_BATCH = 4096
# In-memory BM25 postings cost ~12 bytes per (term, chunk) pair: ~30 MB per 16k
# chunks of notes. Past this many rows LanceDB's on-disk full-text index is used.
RESIDENT_BM25_MAX_ROWS = 200_000
VERSION_TTL_S = 0.1
#: Rows outside LanceDB's full-text index past which ``optimize`` rebuilds it while the
#: vector index is kept: LanceDB scores them flat, ~7.5 ms of CPU a query per 1,000 rows
#: (BM25 5 -> 42 ms with 3,601 rows written at 300k), and a rebuild cost 10-13 s of CPU
#: at 300k rows (docs/benchmarks.md, "The vector index across incremental runs").
FTS_FLAT_MAX_ROWS = 500
#: Rows past which ``optimize`` builds LanceDB's vector index when
#: ``dense.ann_threshold`` is unset. Below it the resident int8 scan answers (4.2 ms at
#: 100k rows against 17.9 ms for IVF_FLAT, hybrid p50 16 against 32 ms; docs/benchmarks.md
#: "Embedded store at 1M chunks"); its cost grows with the rows, ~9 ms and ~380 MB of
#: vectors in memory at 200k. An index that already has a vector index keeps it.
EMBEDDED_ANN_ROWS = 200_000
#: Lance's data file format for new tables. The newer default (2.2) stores a page whose
#: values are all equal (``flags`` and ``note`` are "" on most rows) so that reading a few
#: rows back costs more the more rows the page holds: at 1M rows a search's hit fetch
#: took 21 ms in 2.2 against 7 ms in 2.1 (docs/benchmarks.md, "The hit fetch at 1M,
#: sixth round"). A table keeps the format it was created with (an older table until
#: ``index --rebuild``).
FILE_FORMAT = "2.1"
#: The folder inside an index folder that holds the LanceDB tables.
FOLDER = "lance"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _failure_types() -> tuple[type[BaseException], ...]:
    """What LanceDB and pyarrow raise on unreadable data: OSError (missing files),
    RuntimeError ("lance error: ..."), ValueError (pyarrow's ArrowInvalid among them),
    pyarrow's other errors, and pyo3's PanicException (a Rust panic on corrupt bytes,
    which derives from BaseException)."""
    import pyarrow as pa

    kinds: list[type[BaseException]] = [OSError, RuntimeError, ValueError, pa.ArrowException]
    try:
        from pyo3_runtime import PanicException  # type: ignore[import-not-found]

        kinds.append(PanicException)
    except ImportError:
        pass
    return tuple(kinds)


@contextlib.contextmanager
def lance_errors(path: Path | str, what: str = "the index") -> Iterator[None]:
    """Map LanceDB/pyarrow failures inside the block to :class:`IndexStoreError`.

    The one place where they are translated (httpx's ``map_exceptions`` is the model):
    the message says what failed, ``path`` names the folder, the hint the repair.
    Our own :class:`IndexStoreError` passes through unchanged.
    """
    try:
        yield
    except IndexStoreError:
        raise
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError) or not isinstance(
            exc, _failure_types()
        ):
            raise
        raise IndexStoreError(
            f"{what} is damaged or unreadable ({first_line(exc)[:300]})",
            path=str(path),
            hint=REPAIR_HINT,
        ) from exc


def _mapped(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A store method whose LanceDB failures surface as :func:`lance_errors` maps them."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        self = args[0]
        with lance_errors(getattr(self, "_path", "?")):
            return method(*args, **kwargs)

    return wrapper


def ann_partitions(rows: int) -> int:
    """IVF partitions of an index built over ``rows`` rows (~sqrt(rows))."""
    return max(16, int(rows**0.5))


def ivf_nprobes(dense: DenseConfig, rows: int) -> int:
    """Partitions a dense search visits: ``dense.nprobes``, and at least
    ``dense.nprobes_share`` of the partitions an index over ``rows`` rows has. A fixed
    count visits an ever smaller share as the table grows (recall@10 0.948 at 1M rows
    with 24 of ~1,000). The index keeps the partitions it was built with as rows are
    added, so for a table grown since, this over-counts: more recall, not less."""
    return max(dense.nprobes, math.ceil(dense.nprobes_share * ann_partitions(rows)))


def retrain_due(dense: DenseConfig, unindexed: int, rows: int, small_fragments: int) -> bool:
    """Whether a vector index is trained again: the rows written since it was trained
    (searched flat beside it) passed ``dense.ann_retrain_share`` of the table's ``rows``,
    or the table's small fragments (each searched on its own) ``dense.ann_retrain_fragments``."""
    return (
        unindexed > dense.ann_retrain_share * rows or small_fragments > dense.ann_retrain_fragments
    )


def vector_index_config(kind: str, rows: int, dim: int) -> Any:
    """LanceDB's index config for ``dense.ann_index`` ``kind`` over ``rows`` rows of
    ``dim`` dimensions (~sqrt(rows) IVF partitions; PQ: 8 dimensions a sub-vector).

    Each IVF kind keeps per partition: the vectors (FLAT), int8 codes (SQ: a quarter of
    the bytes a probe scans), PQ codes, or an HNSW graph over int8 codes (HNSW_SQ). The
    store's ``refine_factor`` re-scores ``k * refine`` candidates on the stored vectors.
    (RaBitQ, IVF_RQ, found 0.84 of the exact top 10 at 1M rows re-scoring 8 x k; HNSW
    over the vectors cost twice IVF_SQ for less recall: neither is offered.)"""
    from lancedb.index import HnswSq, IvfFlat, IvfPq, IvfSq

    parts = ann_partitions(rows)
    configs: dict[str, Callable[[], Any]] = {
        "IVF_FLAT": lambda: IvfFlat(distance_type="cosine", num_partitions=parts),
        "IVF_SQ": lambda: IvfSq(distance_type="cosine", num_partitions=parts),
        "IVF_PQ": lambda: IvfPq(
            distance_type="cosine", num_partitions=parts, num_sub_vectors=dim // 8
        ),
        "IVF_HNSW_SQ": lambda: HnswSq(distance_type="cosine", num_partitions=parts),
    }
    if kind not in configs:
        raise IndexStoreError(
            f"unknown dense.ann_index {kind!r}", hint=f"use one of {sorted(configs)}"
        )
    return configs[kind]()


def _quote(value: str) -> str:
    """A SQL string literal for LanceDB filters (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def _in_list(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(_quote(v) for v in values)})"


def _batched(items: Sequence[str], size: int = _IN_LIST_BATCH) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class LanceDBStore:
    """A chunks table in a LanceDB folder.

    ``table`` names the table inside ``path``; the index layer uses a table name per
    (schema, analyzer, embedder) combination so a rebuild never overwrites the index
    that is being searched.

    ``int8_scan``: below the ANN threshold, shortlist dense hits with an int8 scan and
    score the shortlist exactly (see :class:`~notelens.store.resident.VectorScan`); None
    (default) does so where torch is already loaded, True imports it, False keeps the
    fp32 scan.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        table: str = "chunks",
        dim: int,
        dense: DenseConfig | None = None,
        create: bool = True,
        read_consistency_s: float | None = None,
        resident_bm25_max_rows: int = RESIDENT_BM25_MAX_ROWS,
        int8_scan: bool | None = None,
    ) -> None:
        import lancedb
        import pyarrow as pa

        self.dim = dim
        self._scan_vectors = VectorScan(int8_scan)
        self._dense = dense or DenseConfig()
        self._resident_bm25_max = resident_bm25_max_rows
        self._pa = pa
        self._path = Path(path)
        self._table_name = table
        with lance_errors(self._path, f"table {table!r}"):
            # Readers in long-lived processes (the server) must see other processes'
            # commits; a short consistency interval makes LanceDB re-check the version.
            from datetime import timedelta

            interval = None if read_consistency_s is None else timedelta(seconds=read_consistency_s)
            self._db = lancedb.connect(str(self._path), read_consistency_interval=interval)
            if table in self._table_names():
                self._table = self._db.open_table(table)
            elif create:
                self._table = self._db.create_table(
                    table,
                    schema=self._schema(),
                    storage_options={"new_table_data_storage_version": FILE_FORMAT},
                )
            else:
                raise IndexStoreError(
                    f"no table {table!r} in the index", path=str(self._path), hint=REPAIR_HINT
                )
            # Opening reads only the manifest: count the rows too, so that a table whose
            # fragments are gone fails here, where the caller expects it.
            self._table.count_rows()
        # A table written before the `note` column (issue #18) is still searched until
        # the next index run has rebuilt it: read only the columns it has.
        names = set(self._table.schema.names)
        self._columns = [c for c in _RECORD_COLUMNS if c in names]
        self._fts_ready = self._has_index("terms")
        self._ann_ready = self._has_index("vector")
        self._sources: tuple[int, dict[str, SourceFacts]] | None = None
        self._count: tuple[int, int] | None = None
        # The sources the table holds, at a table version: the writer's check for the
        # append path (kept up to date by this handle's own commits, reread otherwise).
        self._held: tuple[int, set[str]] | None = None
        # Python hashes of the content hashes the table may hold (a superset: replaced
        # rows' stay in), likewise: the vector-cache lookup scans only for keys in it.
        self._held_hashes: tuple[int, set[int]] | None = None
        self._version_cache: tuple[int, float] | None = None
        # One slot per snapshot: rebuilding one never stalls readers of the other.
        self._resident: SnapshotSlot[Resident] = SnapshotSlot("vectors")
        self._lexical_snap: SnapshotSlot[Lexical] = SnapshotSlot("bm25")

    @property
    def int8_scan(self) -> bool | None:
        return self._scan_vectors.int8_scan

    # -- schema -------------------------------------------------------------------------

    def _schema(self) -> Any:
        pa = self._pa
        return pa.schema(
            [
                ("chunk_id", pa.string()),
                ("source", pa.string()),
                ("title", pa.string()),
                ("heading", pa.string()),
                ("text", pa.string()),
                ("terms", pa.string()),
                ("line_start", pa.int32()),
                ("line_end", pa.int32()),
                ("page", pa.int32()),
                ("part", pa.string()),
                ("lang", pa.string()),
                ("kind", pa.string()),
                ("links", pa.string()),
                ("content_hash", pa.string()),
                ("ordinal", pa.int32()),
                ("file_hash", pa.string()),
                ("file_size", pa.int64()),
                ("file_mtime_ns", pa.int64()),
                # Guard flags, comma-separated ("" = none): a plain string keeps the
                # schema simple and filterable (`flags != ''`).
                ("flags", pa.string()),
                # NoteMeta as JSON ("" = none): read back whole, filtered per source.
                ("note", pa.string()),
                ("vector", pa.list_(pa.float32(), self.dim)),
            ]
        )

    def _table_names(self) -> list[str]:
        result = self._db.list_tables()
        names = getattr(result, "tables", result)
        return [str(n) for n in names]

    def _vector_index_kind(self) -> str:
        """The kind of the table's vector index as ``dense.ann_index`` spells it (LanceDB's
        ``IvfHnswSq`` is ``IVF_HNSW_SQ``): an index keeps its kind when the setting
        changes, until a rebuild writes a new table."""
        idx = self._vector_index()
        if idx is None:
            return "exact"
        return "_".join(re.findall(r"[A-Z][a-z]*", str(idx.index_type))).upper()

    def _has_index(self, column: str) -> bool:
        try:
            return self._index_on(column) is not None
        except (OSError, RuntimeError, ValueError):
            return False

    # -- conversion ---------------------------------------------------------------------

    def _to_arrow(self, records: Sequence[ChunkRecord]) -> Any:
        pa = self._pa
        cols: dict[str, list[Any]] = {name: [] for name in self._schema().names}
        for r in records:
            if r.vector is None or r.vector.shape != (self.dim,):
                raise IndexStoreError(f"chunk {r.chunk_id} has no {self.dim}-d vector")
            cols["chunk_id"].append(r.chunk_id)
            cols["source"].append(r.source)
            cols["title"].append(r.title)
            cols["heading"].append(r.heading)
            cols["text"].append(r.text)
            cols["terms"].append(r.terms)
            cols["line_start"].append(r.location.line_start)
            cols["line_end"].append(r.location.line_end)
            cols["page"].append(r.location.page)
            cols["part"].append(r.location.part)
            cols["lang"].append(r.lang)
            cols["kind"].append(r.kind)
            cols["links"].append(
                json.dumps([[lk.text, lk.url] for lk in r.links], ensure_ascii=False)
            )
            cols["content_hash"].append(r.content_hash)
            cols["ordinal"].append(r.ordinal)
            cols["file_hash"].append(r.file_hash)
            cols["file_size"].append(r.file_size)
            cols["file_mtime_ns"].append(r.file_mtime_ns)
            cols["flags"].append(",".join(r.flags))
            cols["note"].append(r.note.to_json())
        schema = self._schema()
        arrays = []
        for field in schema:
            if field.name == "vector":
                flat = (
                    np.stack([np.asarray(r.vector) for r in records]).astype(np.float32).ravel()
                    if records
                    else np.zeros(0, dtype=np.float32)
                )
                arrays.append(pa.FixedSizeListArray.from_arrays(pa.array(flat), self.dim))
            else:
                arrays.append(pa.array(cols[field.name], type=field.type))
        return pa.Table.from_arrays(arrays, schema=schema)

    @staticmethod
    def _record(row: dict[str, Any], with_vector: bool = False) -> ChunkRecord:
        links_raw = row.get("links") or "[]"
        links = tuple(Link(text=t, url=u) for t, u in json.loads(links_raw))
        vec = row.get("vector") if with_vector else None
        lang: Lang = row["lang"]
        return ChunkRecord(
            chunk_id=row["chunk_id"],
            source=row["source"],
            title=row["title"],
            heading=row["heading"],
            text=row["text"],
            terms=row["terms"],
            location=Location(
                line_start=row["line_start"],
                line_end=row["line_end"],
                page=row["page"],
                part=row.get("part"),
            ),
            lang=lang,
            kind=row["kind"],
            links=links,
            content_hash=row["content_hash"],
            ordinal=row["ordinal"],
            file_hash=row["file_hash"],
            file_size=row["file_size"],
            file_mtime_ns=row["file_mtime_ns"],
            vector=np.asarray(vec, dtype=np.float32) if vec is not None else None,
            flags=tuple(f for f in (row.get("flags") or "").split(",") if f),
            note=NoteMeta.from_json(row.get("note")),
        )

    def _scan(self, columns: list[str], where: str | None = None) -> list[dict[str, Any]]:
        n = self._table.count_rows()
        if n == 0:
            return []
        q = self._table.search().select(columns).limit(n)
        if where:
            q = q.where(where)
        rows: list[dict[str, Any]] = q.to_arrow().to_pylist()
        return rows

    # -- Store protocol -------------------------------------------------------------------

    def _version(self) -> int:
        """The table version, asked of LanceDB at most every :data:`VERSION_TTL_S`.

        Every LanceDB call is a round trip to its event-loop thread; a search asked for
        the version six times. Our own writes reset the cache, so this process always
        sees them at once; other processes' commits show up within the TTL on top of
        LanceDB's own read-consistency interval.
        """
        now = time.monotonic()
        cached = self._version_cache
        if cached is not None and now - cached[1] < VERSION_TTL_S:
            return cached[0]
        version = int(self._table.version)
        if cached is not None and cached[0] != version:
            self._take_up_indexes()
        self._version_cache = (version, now)
        return version

    def _take_up_indexes(self) -> None:
        """Use secondary indexes another writer built since (the index run's optimize
        once the table passes the ANN threshold), as a freshly opened store would."""
        self._fts_ready = self._fts_ready or self._has_index("terms")
        self._ann_ready = self._ann_ready or self._has_index("vector")

    def _wrote(self) -> None:
        # Set by this instance's own writes: its next search rebuilds before answering
        # (read-your-writes); changes by other writers are picked up in the background.
        self._version_cache = None
        self._resident.wrote()
        self._lexical_snap.wrote()

    @_mapped
    def refresh(self) -> None:
        """See every committed row now, and rebuild the search snapshots in this thread.

        Without it, another writer's commits show up within LanceDB's read-consistency
        interval and are then rebuilt in the background. The engine calls it after its
        own index run (a separate store handle): the run's thread pays for the rebuild,
        where a fresh store made every search in flight wait for it (0.4-1 s at the end
        of each run in a loaded server; docs/benchmarks.md). Searches meanwhile answer
        from the previous snapshots.
        """
        try:
            self._table.checkout_latest()  # type: ignore[no-untyped-call]
        except Exception as exc:  # a LanceDB without it, or a broken handle: reopen
            log.debug("checkout_latest failed (%s): reopening the table", exc)
            self._table = self._db.open_table(self._table_name)
        self._version_cache = None
        self._take_up_indexes()
        if self.count() == 0 or self._ann_ready:
            return
        # Rebuilt here, waiting for the build locks: a search that meanwhile sees the new
        # version starts a background rebuild (never one it waits for) and answers from
        # the previous snapshot.
        self._memory(wait=True)
        if self.count() <= self._resident_bm25_max:
            self._lexical(wait=True)

    @_mapped
    def count(self) -> int:
        version = self._version()
        if self._count is None or self._count[0] != version:
            self._count = (version, int(self._table.count_rows()))
        return self._count[1]

    @_mapped
    def file_states(self) -> dict[str, FileState]:
        rows: dict[str, dict[str, Any]] = {}
        counts: dict[str, int] = {}
        for row in self._scan(_FILE_COLUMNS):
            rows[row["source"]] = row
            counts[row["source"]] = counts.get(row["source"], 0) + 1
        return {
            src: FileState(
                src, row["file_hash"], row["file_size"], row["file_mtime_ns"], counts[src]
            )
            for src, row in rows.items()
        }

    def replace_sources(self, sources: Sequence[str], records: Sequence[ChunkRecord]) -> None:
        if not sources:
            return
        stray = {r.source for r in records} - set(sources)
        if stray:
            raise IndexStoreError(f"records for sources not being replaced: {sorted(stray)[:3]}")
        data = self._to_arrow(records)
        written = {r.source for r in records}
        try:
            before = int(self._table.version)
            if records and not self._any_rows_of(sources):
                # Nothing to delete or update (a first index run, a new file): a plain
                # append is one commit too, and its cost barely grows with the table,
                # where merge_insert joins against every row (docs/benchmarks.md,
                # "Embedded store at 1M chunks": CPU per commit of 2,000 rows at 100k
                # rows 0.055 s appended, 0.18 s merged, the merge growing with the table).
                self._table.add(data)
            else:
                (
                    self._table.merge_insert("chunk_id")
                    .when_matched_update_all()
                    .when_not_matched_insert_all()
                    .when_not_matched_by_source_delete(_in_list("source", sources))
                    .execute(data)
                )
            self._track_held(before, records, set(sources) - written)
        except (OSError, RuntimeError, ValueError) as exc:
            self._held = self._held_hashes = None
            raise IndexStoreError(
                f"writing chunks failed: {exc}", path=str(self._path), hint=REPAIR_HINT
            ) from exc
        finally:
            self._wrote()

    def _any_rows_of(self, sources: Sequence[str]) -> bool:
        """Whether the table holds a row of any of ``sources``. The held sources are read
        (the ``source`` column) once per table version this handle did not write itself;
        its own commits update them, so a run's checks cost nothing per commit. Chunk
        ids are made from their source (``chunk_id_for``), so rows of sources the table
        does not hold cannot collide with stored ids; the index run's write lock keeps
        another writer from adding those sources between this check and the append."""
        version = int(self._table.version)
        if self._held is None or self._held[0] != version:
            column = self._table.search().select(["source"]).limit(None).to_arrow()
            self._held = (version, set(column.column("source").to_pylist()))
        held = self._held[1]
        return any(s in held for s in sources)

    def _track_held(self, before: int, records: Sequence[ChunkRecord], emptied: set[str]) -> None:
        """After this handle's commit: the held sources and content hashes at the new
        version, if the commit came right after the version they were read at (else
        they are reread when next needed)."""
        after = int(self._table.version)
        held, hashes = self._held, self._held_hashes
        if held is None or held[0] != before or after != before + 1:
            self._held = None
        else:
            self._held = (after, (held[1] | {r.source for r in records}) - emptied)
        if hashes is None or hashes[0] != before or after != before + 1:
            self._held_hashes = None
        else:
            hashes[1].update(hash(r.content_hash) for r in records)
            self._held_hashes = (after, hashes[1])

    def _may_hold_hashes(self) -> set[int]:
        """Python hashes of every content hash in the table (and maybe some no longer
        there), read once per table version this handle did not write itself."""
        version = int(self._table.version)
        if self._held_hashes is None or self._held_hashes[0] != version:
            column = self._table.search().select(["content_hash"]).limit(None).to_arrow()
            found = {hash(h) for h in column.column("content_hash").to_pylist()}
            self._held_hashes = (version, found)
        return self._held_hashes[1]

    @_mapped
    def delete_sources(self, sources: Sequence[str]) -> None:
        self._held = self._held_hashes = None
        try:
            for batch in _batched(list(sources)):
                self._table.delete(_in_list("source", batch))
        finally:
            self._wrote()

    @_mapped
    def vectors_for_hashes(
        self, content_hashes: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]:
        found: dict[str, npt.NDArray[np.float32]] = {}
        # Only keys the table may hold are looked up: a first index run's lookups (all
        # misses) then cost no scan at all, where each was a scan of every row written.
        may = self._may_hold_hashes()
        unique = sorted(h for h in set(content_hashes) if hash(h) in may)
        for batch in _batched(unique, _HASH_LOOKUP_BATCH):
            for row in self._scan(["content_hash", "vector"], _in_list("content_hash", batch)):
                found[row["content_hash"]] = np.asarray(row["vector"], dtype=np.float32)
        return found

    def _where_sql(self, where: StoreFilter | None) -> str | None:
        if where is None or where.empty:
            return None
        clauses: list[str] = []
        if where.lang is not None:
            clauses.append(f"lang = {_quote(where.lang)}")
        if where.by_source:
            # Globs, folders, tags and dates are decided in Python over the (few) distinct
            # sources, then pushed down as an IN list: the same semantics on every backend.
            sources = matching_sources(where, self._facts())
            if not sources:
                return "FALSE"
            clauses.append(_in_list("source", sources))
        return " AND ".join(f"({c})" for c in clauses)

    def _facts(self) -> dict[str, SourceFacts]:
        """Per-source filter facts, cached per table version (filters call this per query)."""
        version = self._version()
        if self._sources is None or self._sources[0] != version:
            facts: dict[str, SourceFacts] = {}
            cols: list[str] = [c for c in ("source", "note", "file_mtime_ns") if c in self._columns]
            for r in self._scan(cols):
                if r["source"] not in facts:
                    note = NoteMeta.from_json(r.get("note"))
                    facts[r["source"]] = SourceFacts(
                        note.tags, note_day(note, int(r["file_mtime_ns"]))
                    )
            self._sources = (version, facts)
        return self._sources[1]

    @_mapped
    def search_terms(
        self, terms: Sequence[str], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        terms = [t for t in terms if t and not any(c.isspace() for c in t)]
        n_rows = self.count()
        if not terms or n_rows == 0:
            return []
        if n_rows <= self._resident_bm25_max:
            lex = self._lexical()
            return lex.search(terms, k, self._mask(where, lex.sources, lex.langs))
        return self._fts(terms, k, where)

    def _fts(self, terms: Sequence[str], k: int, where: StoreFilter | None) -> list[Scored]:
        from lancedb.query import MatchQuery

        sql = self._where_sql(where)
        if sql == "FALSE":
            return []
        if not self._fts_ready:
            self._ensure_fts()
        q: Any = self._table.search(MatchQuery(" ".join(terms), "terms"), query_type="fts")  # type: ignore[call-arg]
        q = q.select(["chunk_id", "_score"]).limit(k)
        if sql:
            q = q.where(sql, prefilter=True)
        rows = q.to_arrow().to_pylist()
        return [Scored(r["chunk_id"], float(r["_score"])) for r in rows]

    def _mask(
        self,
        where: StoreFilter | None,
        sources: npt.NDArray[np.object_],
        langs: npt.NDArray[np.object_],
    ) -> npt.NDArray[np.bool_] | None:
        return filter_mask(where, sources, langs, self._facts)

    def _lexical(self, wait: bool = False) -> Lexical:
        # Below the ANN threshold every search loads the in-memory rows anyway (`get`
        # reads hits from them): build the postings from that copy instead of scanning
        # the table a second time. Taken before the lexical slot's lock, never inside it.
        mem = self._memory() if not self._ann_ready else None

        def build(version: int) -> Lexical:
            if mem is not None and mem.version == version:
                return Lexical(
                    version=version,
                    index=Bm25Index(mem.rows.column("terms")),
                    ids=mem.ids,
                    sources=mem.sources,
                    langs=mem.langs,
                )
            tbl = self._table.search().select(["chunk_id", "terms", "source", "lang"])
            tbl = tbl.limit(max(self.count(), 1)).to_arrow()
            return Lexical(
                version=version,
                index=Bm25Index(tbl.column("terms")),
                ids=tbl.column("chunk_id").to_pylist(),
                sources=np.asarray(tbl.column("source").to_pylist(), dtype=object),
                langs=np.asarray(tbl.column("lang").to_pylist(), dtype=object),
            )

        return self._lexical_snap.fresh(self._version, build, wait)

    @_mapped
    def search_vector(
        self, vector: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        if self.count() == 0:
            return []
        vec = query_vector(vector, self.dim)
        if not self._ann_ready:
            return self._exact(vec, k, where)
        sql = self._where_sql(where)
        if sql == "FALSE":
            return []
        q: Any = self._table.search(vec, vector_column_name="vector")
        q = q.distance_type("cosine").nprobes(ivf_nprobes(self._dense, self.count()))
        q = q.refine_factor(self._dense.refine_factor)
        q = q.select(["chunk_id", "_distance"]).limit(k)
        if sql:
            q = q.where(sql, prefilter=True)
        rows = q.to_arrow().to_pylist()
        return [Scored(r["chunk_id"], 1.0 - float(r["_distance"])) for r in rows]

    def _memory(self, wait: bool = False) -> Resident:
        """The table held in memory (below the ANN threshold), refreshed per table version."""

        def build(version: int) -> Resident:
            query = self._table.search().select([*self._columns, "vector"])
            tbl = query.limit(max(self.count(), 1)).to_arrow()
            flat = tbl.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
            matrix = np.ascontiguousarray(flat, dtype=np.float32).reshape(-1, self.dim)
            return Resident.build(
                version,
                matrix,
                ids=tbl.column("chunk_id").to_pylist(),
                sources=tbl.column("source").to_pylist(),
                langs=tbl.column("lang").to_pylist(),
                rows=tbl.drop_columns(["vector"]).combine_chunks(),
            )

        return self._resident.fresh(self._version, build, wait)

    @_mapped
    def search_vectors(
        self, vectors: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[list[Scored]]:
        mat = query_matrix(vectors, self.dim)
        if len(mat) == 1 or self._ann_ready or self.count() == 0:
            return [self.search_vector(v, k, where) for v in mat]
        mem = self._memory()
        mask = self._mask(where, mem.sources, mem.langs)
        return self._scan_vectors.top(mem, unit_queries(mat), k, mask)

    def _exact(
        self, vec: npt.NDArray[np.float32], k: int, where: StoreFilter | None
    ) -> list[Scored]:
        """Exact cosine search over the in-memory vectors (below the ANN threshold).

        A matrix-vector product over 25k x 384 floats takes about a millisecond, far less
        than a scan through the table; the int8 shortlist (``VectorScan``) less.
        """
        mem = self._memory()
        mask = self._mask(where, mem.sources, mem.langs)
        return self._scan_vectors.top(mem, unit_queries(vec[None, :]), k, mask)[0]

    @_mapped
    def get(self, chunk_ids: Sequence[str], *, with_vectors: bool = False) -> list[ChunkRecord]:
        if not chunk_ids:
            return []
        if not with_vectors and not self._ann_ready and self.count() > 0:
            mem = self._memory()
            records = mem.records
            missing = [c for c in chunk_ids if c in mem.pos and c not in records]
            if missing:
                rows = mem.rows.take([mem.pos[c] for c in missing]).to_pylist()
                for row in rows:  # racing threads would build equal records: harmless
                    records[row["chunk_id"]] = self._record(row)
            return [records[c] for c in chunk_ids if c in records]
        by_id: dict[str, ChunkRecord] = {}
        columns = [*self._columns, "vector"] if with_vectors else self._columns
        for batch in _batched(list(dict.fromkeys(chunk_ids))):
            for row in self._scan(columns, _in_list("chunk_id", batch)):
                by_id[row["chunk_id"]] = self._record(row, with_vector=with_vectors)
        return [by_id[c] for c in chunk_ids if c in by_id]

    @_mapped
    def records(self, where: StoreFilter | None = None) -> list[ChunkRecord]:
        rows = self._scan(self._columns, self._where_sql(where))
        recs = [self._record(row) for row in rows]
        recs.sort(key=lambda r: (r.source, r.ordinal))
        return recs

    def _ensure_fts(self) -> None:
        from lancedb.index import FTS

        if self.count() == 0:
            return
        cfg = FTS(
            base_tokenizer="whitespace",
            lower_case=False,
            stem=False,
            remove_stop_words=False,
            ascii_folding=False,
            with_position=False,
            max_token_length=None,
        )
        self._table.create_index("terms", config=cfg, replace=True)
        self._wrote()
        self._fts_ready = True

    def _index_on(self, column: str) -> Any | None:
        """LanceDB's description of the index on ``column`` (None: there is none): its
        name, kind and ``num_unindexed_rows`` (rows written since it was built)."""
        for idx in self._table.list_indices():
            if column in idx.columns:
                return idx
        return None

    def _vector_index(self) -> Any | None:
        return self._index_on("vector")

    def _small_fragments(self) -> int:
        """Fragments LanceDB's compaction would merge (a manifest read). lancedb 0.40
        annotates its statistics as dataclasses and returns dicts: read either."""
        stats: Any = self._table.stats()
        frags = stats["fragment_stats"] if isinstance(stats, dict) else stats.fragment_stats
        small = (
            frags["num_small_fragments"] if isinstance(frags, dict) else frags.num_small_fragments
        )
        return int(small)

    def _fold_in_fts(self, n: int) -> None:
        """Rebuild the FTS index once more than :data:`FTS_FLAT_MAX_ROWS` rows are
        outside it, where it answers BM25 (past the resident postings' size): LanceDB
        scores those rows flat at every query. The other way, its optimize, would
        rewrite the vector index too."""
        if n <= self._resident_bm25_max:
            return
        fts = self._index_on("terms")
        if fts is not None and (fts.num_unindexed_rows or 0) > FTS_FLAT_MAX_ROWS:
            log.info("rebuilding the full-text index: %d rows outside it", fts.num_unindexed_rows)
            self._ensure_fts()

    @_mapped
    def optimize(self) -> None:
        """Fold new rows into the FTS and B-tree indexes and compact, and build the vector
        index past the threshold; a vector index already built is kept as it is until
        the rows written since or the small fragments pass their limits (:func:`retrain_due`),
        then trained again."""
        n = self.count()
        if n == 0:
            return
        if not self._fts_ready:
            self._ensure_fts()
        for column in ("chunk_id", "content_hash"):
            # A B-tree on the key makes `get` and merge_insert lookups index probes; on
            # content_hash, the index run's vector-cache lookup (rows appended since are
            # scanned, until the next optimize folds them in).
            if column in self._table.schema.names and not self._has_index(column):
                from lancedb.index import BTree

                self._table.create_index(column, config=BTree())
        try:
            vector = self._vector_index()
            if vector is not None and not retrain_due(
                self._dense,
                vector.num_unindexed_rows or 0,
                n,
                self._small_fragments(),
            ):
                # LanceDB's optimize cannot leave the vector index out, and its index step
                # rewrites one it did not just build into one that costs 2-2.5x the CPU a
                # query (docs/benchmarks.md, "LanceDB's optimize and the vector index"):
                # the rows written since are searched flat beside it meanwhile.
                self._fold_in_fts(n)
                return
            self._rebuild_with_optimize(n, vector)
        finally:
            self._wrote()

    def _rebuild_with_optimize(self, n: int, vector: Any | None) -> None:
        """LanceDB's optimize (compaction, old versions, the FTS and B-tree updates), then
        the vector index trained from scratch: past the threshold, or again (its kind
        kept) once :func:`retrain_due`."""
        from datetime import timedelta

        kind = self._dense.ann_index
        if vector is not None:
            kind = self._vector_index_kind()
            log.info(
                "training the %s vector index again: %d of %d rows written since",
                kind,
                vector.num_unindexed_rows,
                n,
            )
        # Old versions are kept for a while so readers that opened them keep working. An
        # old vector index stays in place through it (LanceDB rewrites it, ~10 s of CPU
        # at 300k rows) and is replaced in one commit at the end: searches meanwhile use
        # it, where dropping it first would make them scan every row.
        self._table.optimize(cleanup_older_than=timedelta(minutes=10))
        if vector is not None or n >= self._dense.ann_rows(EMBEDDED_ANN_ROWS):
            # Built after LanceDB's optimize, never before it (see optimize).
            log.info("building %s vector index over %d rows", kind, n)
            config = vector_index_config(kind, n, self.dim)
            self._table.create_index("vector", config=config, replace=True)
            self._ann_ready = True

    @_mapped
    def stats(self) -> StoreStats:
        langs: dict[str, int] = {}
        sources: set[str] = set()
        flags: dict[str, int] = {}
        flagged = 0
        for row in self._scan(["source", "lang", "flags"]):
            langs[row["lang"]] = langs.get(row["lang"], 0) + 1
            sources.add(row["source"])
            if row.get("flags"):
                flagged += 1
                for f in row["flags"].split(","):
                    flags[f] = flags.get(f, 0) + 1
        vector = self._vector_index() if self._ann_ready else None
        return StoreStats(
            rows=sum(langs.values()),
            files=len(sources),
            langs=langs,
            dense_index=self._vector_index_kind().lower() if vector is not None else "exact",
            flagged=flagged,
            flags=flags,
            dense_unindexed=(vector.num_unindexed_rows or 0) if vector is not None else 0,
        )


class LanceDBStoreFactory:
    """Tables in ``<index folder>/lance``, one LanceDB table (``<name>.lance``) each.

    ``resident_bm25_max_rows`` and ``int8_scan`` are passed to every handle (see
    :class:`LanceDBStore`); ``consistency_s=None`` means LanceDB sees other writers'
    commits only on :meth:`LanceDBStore.refresh`.
    """

    name = "lancedb"

    def __init__(
        self, *, resident_bm25_max_rows: int = RESIDENT_BM25_MAX_ROWS, int8_scan: bool | None = None
    ) -> None:
        self._bm25_rows = resident_bm25_max_rows
        self._int8_scan = int8_scan

    @staticmethod
    def folder(index_dir: Path) -> Path:
        return Path(index_dir) / FOLDER

    def open(
        self,
        index_dir: Path,
        table: str,
        *,
        dim: int,
        dense: DenseConfig | None = None,
        create: bool = True,
        consistency_s: float | None = None,
    ) -> LanceDBStore:
        return LanceDBStore(
            self.folder(index_dir),
            table=table,
            dim=dim,
            dense=dense,
            create=create,
            read_consistency_s=consistency_s,
            resident_bm25_max_rows=self._bm25_rows,
            int8_scan=self._int8_scan,
        )

    def tables(self, index_dir: Path) -> list[str]:
        """Table folders present, readable or not (a damaged one is listed too)."""
        folder = self.folder(index_dir)
        if not folder.is_dir():
            return []
        return sorted(p.name[: -len(".lance")] for p in folder.glob("*.lance") if p.is_dir())

    def drop(self, index_dir: Path, table: str) -> None:
        path = self.folder(index_dir) / f"{table}.lance"
        if not path.exists():
            return
        with lance_errors(path, f"table {table!r}"):
            shutil.rmtree(path)

    def drop_others(self, index_dir: Path, keep: str) -> None:
        """Remove tables left by earlier builds (after a rebuild has been switched in)."""
        for name in self.tables(index_dir):
            if name != keep:
                try:
                    self.drop(index_dir, name)
                except IndexStoreError as exc:  # pragma: no cover - a busy file system
                    log.warning("could not drop old table %s: %s", name, exc)

    def move_aside(self, index_dir: Path, table: str, dest: Path) -> Path | None:
        path = self.folder(index_dir) / f"{table}.lance"
        if not path.exists():
            return None
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / path.name
        with lance_errors(path, f"table {table!r}"):
            os.replace(path, target)
        return target

    def quiet_logs(self) -> None:
        """Lance's Rust side prints deprecation notices to stderr; keep the CLI clean."""
        os.environ.setdefault("LANCE_LOG", "error")
        os.environ.setdefault("RUST_LOG", "error")
