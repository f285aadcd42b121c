"""A :class:`~notelens.store.base.Store` on PostgreSQL with pgvector: one index for a team.

Selected by ``NOTELENS_STORE=postgres`` and ``NOTELENS_DSN`` (``Settings.store``). Every
handle talks to the server through a connection pool (psycopg 3, the pgvector adapter),
so a handle holds no snapshot: each search reads what is committed, and another
writer's commits are visible to the very next search (``refresh`` has nothing to do).

Layout (schema version in ``notelens_schema``, migrations applied in order under an
advisory lock, like the index meta's versions; the DDL and the migrations are in
:mod:`notelens.store.postgres_schema`):

* ``notelens_tables``: one row per (space, table). The space is the resolved index
  folder, so each folder's tables (``chunks_<recipe>``) are apart; the row also keeps
  the document count and the sum of document lengths for BM25.
* ``notelens_chunks``: the rows, with their vector (pgvector ``vector``) and their
  document length (number of terms).
* ``notelens_postings``: (term, chunk, tf) for every distinct term of every row.

``replace_sources`` is one transaction: it locks the table's row (one writer per table
at a time), deletes the sources' rows and their postings, inserts the new rows and
postings (COPY, in the same transaction), and updates the count and length sum, so a
reader or a crash sees each file old or new, and BM25 statistics always match the rows.

BM25 is computed in SQL with the formula of :mod:`notelens.store.bm25` (Lucene's:
``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``, ``k1 = 1.2``, ``b = 0.75``), document
frequencies counted from the postings of the query terms: the same scores as the
embedded store, not ``ts_rank``. Dense search is exact (a scan ordered by cosine
distance) until :meth:`PostgresStore.optimize` finds the table past
its ANN size (``DenseConfig.ann_rows(SERVER_ANN_ROWS)``); then a partial HNSW index serves it, with
``hnsw.ef_search`` set explicitly per query (``StoreConfig.hnsw_ef_search``, else by the
table's size: :func:`ef_search_for`, on the handle's row count, renewed by ``refresh``,
its own writes and after :data:`ROW_COUNT_TTL_S`).
"""

from __future__ import annotations

import logging
import math
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from notelens.config import DenseConfig, StoreConfig, redact_dsn
from notelens.errors import IndexLockedError, IndexStoreError, first_line
from notelens.store.base import (
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
from notelens.store.postgres_bm25 import (
    AGG_POSTINGS,
    CHUNK_TERMS_SQL,
    FIRST_DEPTH,
    HEAD_CAP,
    IMPACT_INDEX_ROWS,
    IMPACT_SQL,
    REBASE_DRIFT,
    SURVIVOR_CAP,
    TOTALS_SQL,
    Bm25Trace,
    agg_sql,
    cutoffs,
    decide,
    drift,
    finish,
    full_sql,
    group_tops,
    heads_sql,
    idf,
    impact,
    missing_tfs,
    tops_sql,
)
from notelens.store.postgres_ext import (
    DIRTY_SQL,
    EXTENSION,
    FORGET_SQL,
    ORDS_SQL,
    PRUNE_SQL,
    SEGMENT_BUILD_MEMORY,
    SEGMENT_REBUILD_DIRTY,
    SEGMENT_ROWS,
    SEGS_SQL,
    SWAP_SQL,
    TOPK_SQL,
    probe,
)
from notelens.store.postgres_schema import MIGRATIONS, SCHEMA_VERSION, migrate
from notelens.types import Link, Location, NoteMeta

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long a replica gets to accept a connection, and how often a lost one is retried.
REPLICA_TIMEOUT_S = 2.0
REPLICA_RETRY_S = 5.0

_COLUMNS = (
    "chunk_id, source, title, heading, text, terms, line_start, line_end, page, lang, kind, "
    "links, content_hash, ordinal, file_hash, file_size, file_mtime_ns, flags, part, note"
)
#: Position of the vector when a query selects ``_COLUMNS, embedding``.
_VECTOR_AT = 20

#: ``maintenance_work_mem`` of an HNSW build (see :meth:`PostgresStore.build_ann`).
#: Rows past which ``optimize`` builds the HNSW index when ``dense.ann_threshold`` is
#: unset: an exact scan reads every row in the server (~1.1 ms per 1,000 rows measured,
#: docs/benchmarks.md "Dense search: exact vs ANN, and the threshold").
SERVER_ANN_ROWS = 25_000
ANN_BUILD_MEMORY = "512MB"

#: ``hnsw.ef_search`` by table size when ``StoreConfig.hnsw_ef_search`` is unset: the
#: base up to ``EF_SEARCH_ROWS`` rows, then one more base per doubling of the rows, at
#: most pgvector's limit. Measured (docs/benchmarks.md, "Team store, fourth round:
#: ef_search by size"): 100 reaches recall@10 >= 0.95 at 50k rows but not at 100k, 200
#: does there; past 100k the doubling rule is an extrapolation (HNSW's beam grows about
#: with log n for a fixed recall), not a measurement.
EF_SEARCH_BASE = 100
EF_SEARCH_ROWS = 50_000
EF_SEARCH_MAX = 1000
#: Seconds a handle reuses the row count that sizes ``ef_search`` (one indexed read per
#: search before). The rule moves in doublings of the rows, so a count this old is as
#: good as a fresh one; :meth:`PostgresStore.refresh` and the handle's own writes renew
#: it at once, this bounds how long another machine's writes go unseen by the rule.
ROW_COUNT_TTL_S = 60.0


def ef_search_for(rows: int, k: int, configured: int | None = None) -> int:
    """The ``hnsw.ef_search`` of a search for ``k`` hits in a table of ``rows`` rows: the
    explicit setting when there is one, else the size rule above; never below ``k`` (the
    beam must hold the hits it returns), never above :data:`EF_SEARCH_MAX`."""
    if configured is not None:
        ef = configured
    elif rows <= EF_SEARCH_ROWS:
        ef = EF_SEARCH_BASE
    else:
        # Rounded up to tens, so that a few rows more do not change the setting each time.
        grown = EF_SEARCH_BASE * (1.0 + math.log2(rows / EF_SEARCH_ROWS))
        ef = math.ceil(grown / 10) * 10
    return min(max(ef, k), EF_SEARCH_MAX)


_HINT = "check NOTELENS_DSN and that the PostgreSQL server is running and reachable"


def _db_error(exc: Exception, what: str) -> IndexStoreError:
    """A psycopg failure as the project's error (stage, hint), never a traceback."""
    return IndexStoreError(f"PostgreSQL store: {what} failed: {exc}".strip(), hint=_HINT)


def _array(value: Any) -> npt.NDArray[np.float32]:
    """A vector read back (pgvector's ``Vector``, or a numpy array) as float32."""
    to_numpy = getattr(value, "to_numpy", None)
    return np.asarray(to_numpy() if to_numpy else value, dtype=np.float32)


def writer_lock_key(space: str) -> int:
    """The advisory-lock key of index runs on one space (a signed 64-bit int)."""
    return zlib.crc32(space.encode("utf-8")) | (1 << 40)


def segment_build_key(tid: int) -> int:
    """The advisory-lock key of BM25 segment builds of one table (apart from the
    index runs' keys: bit 41 instead of 40)."""
    return int(tid) | (1 << 41)


class _Pools:
    """The connection pools of one factory: the primary, and a read replica if set.

    The primary's pool is opened on first use (and fails with a clear error). The
    replica's is opened by a background thread, so no read ever waits for a standby:
    until it is up, and from the moment a read on it fails (the read is then retried on
    the primary), reads go to the primary while the thread retries every
    :data:`REPLICA_RETRY_S` seconds. Losing the standby degrades to the primary.
    """

    def __init__(self, config: StoreConfig) -> None:
        if not config.dsn:
            raise IndexStoreError(
                "the postgres store needs a connection string",
                hint="set NOTELENS_DSN=postgresql://USER@HOST:PORT/DB (or pass --dsn)",
            )
        self.config = config
        self._lock = threading.Lock()
        self._primary: ConnectionPool[Any] | None = None
        self._replica: ConnectionPool[Any] | None = None
        self._probe: threading.Thread | None = None
        self._closed = threading.Event()
        # Why the BM25 extension cannot serve (None: it can), probed with the primary.
        self.no_extension: str | None = "not probed"
        # Servers (host, port) that failed to load the extension's library although the
        # primary has it (a standby set up without it): their BM25 runs in SQL.
        self.no_library: set[tuple[str, int]] = set()

    def _open(self, dsn: str, timeout: float = 10) -> ConnectionPool[Any]:
        try:
            import psycopg  # noqa: F401  (the clear error below if it is missing)
            from pgvector.psycopg import register_vector
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise IndexStoreError(
                f"the postgres store needs psycopg, psycopg-pool and pgvector ({exc})",
                hint="pip install 'notelens[postgres]'",
            ) from exc

        pool: ConnectionPool[Any] = ConnectionPool(
            dsn,
            min_size=1,
            max_size=self.config.pool_size,
            configure=register_vector,
            open=False,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(timeout))},
        )
        try:
            pool.open(wait=True, timeout=timeout)
        except Exception as exc:
            pool.close()
            raise _db_error(exc, f"connecting to {_redact(dsn)}") from exc
        return pool

    def primary(self) -> ConnectionPool[Any]:
        with self._lock:
            if self._primary is None:
                assert self.config.dsn is not None
                _migrate(self.config.dsn)
                self._primary = self._open(self.config.dsn)
                self._probe_extension(self._primary)
            return self._primary

    def _probe_extension(self, pool: ConnectionPool[Any]) -> None:
        """Whether BM25 can use the C extension here, decided once and logged (the SQL
        path serves where it cannot: managed servers load no custom C)."""
        import psycopg

        try:
            with pool.connection(timeout=30) as conn:
                self.no_extension = probe(conn)
        except (psycopg.Error, TimeoutError) as exc:
            self.no_extension = first_line(exc, "probe failed")
        if self.no_extension is None:
            log.info("BM25: the %s extension serves top-k queries", EXTENSION)
        else:
            log.info("BM25 in SQL: extension %s unavailable (%s)", EXTENSION, self.no_extension)

    def replica(self) -> ConnectionPool[Any] | None:
        """The replica's pool when it is up, else None (and a probe is started)."""
        if not self.config.dsn_read or self._closed.is_set():
            return None
        with self._lock:
            if self._replica is None and self._probe is None:
                self._probe = threading.Thread(
                    target=self._connect_replica, name="notelens-pg-replica", daemon=True
                )
                self._probe.start()
            return self._replica

    def _connect_replica(self) -> None:
        assert self.config.dsn_read is not None
        failures = 0
        while not self._closed.is_set():
            try:
                pool = self._open(self.config.dsn_read, timeout=REPLICA_TIMEOUT_S)
            except IndexStoreError as exc:
                if self._closed.is_set():
                    return  # closed while connecting: the store is gone, nothing to report
                # Once per outage at WARNING: a standby down for an hour would otherwise
                # write a line every REPLICA_RETRY_S into the user's log.
                level = logging.WARNING if failures == 0 else logging.DEBUG
                log.log(level, "read replica unavailable, reading from the primary: %s", exc)
                failures += 1
                self._closed.wait(REPLICA_RETRY_S)
                continue
            if failures:
                log.info("read replica back after %d failed connection attempts", failures)
            with self._lock:
                if self._closed.is_set():
                    pool.close()
                else:
                    self._replica = pool
                self._probe = None
            return

    def replica_failed(self, pool: ConnectionPool[Any]) -> None:
        """A read on ``pool`` failed: read from the primary until a probe reconnects."""
        with self._lock:
            if self._replica is not pool:
                return
            self._replica = None
        threading.Thread(target=pool.close, kwargs={"timeout": 1}, daemon=True).start()
        self.replica()  # a probe reconnects in the background

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            for pool in (self._primary, self._replica):
                if pool is not None:
                    pool.close()
            self._primary = self._replica = None


def _redact(dsn: str) -> str:
    """A DSN without its password, for messages."""
    return redact_dsn(dsn) or "the configured server"


#: The column types of the binary COPY of ``notelens_chunks`` (``tid, _COLUMNS, dl,
#: embedding`` in that order).
COPY_TYPES = (
    ["int4"] + ["text"] * 6 + ["int4"] * 3 + ["text", "text", "jsonb", "text", "int4", "text"]
    + ["int8", "int8", "text[]", "text", "text", "int4", "vector"]
)  # fmt: skip


def chunk_row(tid: int, r: ChunkRecord, dl: int) -> tuple[Any, ...]:
    """One row of the binary COPY of ``notelens_chunks`` (``tid, _COLUMNS, dl,
    embedding``, typed by :data:`COPY_TYPES`): the writer's, and the benchmark's bulk
    load (benchmarks/pg_bulk.py) writes the very same rows."""
    return (
        tid,
        r.chunk_id,
        r.source,
        r.title,
        r.heading,
        r.text,
        r.terms,
        r.location.line_start,
        r.location.line_end,
        r.location.page,
        r.lang,
        r.kind,
        [[lk.text, lk.url] for lk in r.links],
        r.content_hash,
        r.ordinal,
        r.file_hash,
        r.file_size,
        r.file_mtime_ns,
        list(r.flags),
        r.location.part,
        r.note.to_json(),
        dl,
        np.asarray(r.vector, dtype=np.float32),
    )


#: COPY's text format escapes (a term has no whitespace, but may hold a backslash).
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def postings_text(
    tid: int, records: Sequence[ChunkRecord], terms: list[list[str]], ref_avgdl: float | None
) -> tuple[str, Counter[str]]:
    """The postings of ``records`` as COPY text rows ``tid, term, chunk_id, tf, dl[,
    impact]`` (impact at ``ref_avgdl``, 9 significant digits: float4 keeps ~7; no column
    when the table keeps no impacts), and the number of postings per term (the writer
    adds them to the terms' df)."""
    lines: list[str] = []
    df: Counter[str] = Counter()
    for r, t in zip(records, terms, strict=True):
        cid = r.chunk_id.translate(_COPY_ESCAPES)
        dl = len(t)
        counts = Counter(t)
        df.update(counts.keys())
        if ref_avgdl is None:  # no impact column: it defaults to 0
            lines.extend(
                f"{tid}\t{term.translate(_COPY_ESCAPES)}\t{cid}\t{tf}\t{dl}\n"
                for term, tf in counts.items()
            )
            continue
        lines.extend(
            f"{tid}\t{term.translate(_COPY_ESCAPES)}\t{cid}\t{tf}\t{dl}\t"
            f"{impact(tf, dl, ref_avgdl):.9g}\n"
            for term, tf in counts.items()
        )
    return "".join(lines), df


def _migrate(dsn: str) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` (once per factory; concurrent-safe:
    :func:`notelens.store.postgres_schema.migrate`)."""
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            migrate(conn)
    except psycopg.Error as exc:
        raise _db_error(exc, f"connecting to {_redact(dsn)}") from exc


def _space(index_dir: Path, namespace: str | None = None) -> str:
    """The key of one index's tables in the server: its namespace when one is set (two
    machines with different index folders share it), else the folder's absolute path
    (what every index was keyed by before namespaces; a namespace has no ``/`` or
    ``:``, so the two never collide)."""
    return namespace or str(Path(index_dir).expanduser().resolve())


class PostgresStore:
    """A handle on one table in the server (see the module docstring)."""

    def __init__(
        self, pools: _Pools, tid: int, *, dim: int, dense: DenseConfig | None = None
    ) -> None:
        self.dim = dim
        self._pools = pools
        self._tid = tid
        self._dense = dense or DenseConfig()
        # (rows, time.monotonic() when read): the count behind ef_search_for, see
        # ROW_COUNT_TTL_S. Replaced whole, never mutated: threads share the handle.
        self._rows: tuple[int, float] | None = None

    # -- connections --------------------------------------------------------------------

    @contextmanager
    def _conn(self, what: str) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection to the primary; failures become :class:`IndexStoreError`."""
        import psycopg

        try:
            with self._pools.primary().connection(timeout=30) as conn:
                yield conn
        except (psycopg.Error, TimeoutError) as exc:  # TimeoutError: the pool's (server gone)
            raise _db_error(exc, what) from exc

    def _reading(self, what: str, fn: Callable[[psycopg.Connection[Any]], T]) -> T:
        """``fn`` on a read connection: the replica when it is up, else (or when it fails)
        the primary. What a replica answers may lag the primary by its replication lag."""
        import psycopg

        pool = self._pools.replica()
        if pool is not None:
            try:
                with pool.connection(timeout=REPLICA_TIMEOUT_S) as conn:
                    return fn(conn)
            except (psycopg.Error, TimeoutError) as exc:
                log.warning("read replica failed (%s), reading from the primary", exc)
                self._pools.replica_failed(pool)
        with self._conn(what) as conn:
            return fn(conn)

    def _read(self, what: str, sql: Any, params: Any) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (see :meth:`_reading`)."""
        return self._reading(what, lambda conn: list(conn.execute(sql, params).fetchall()))

    # -- rows ---------------------------------------------------------------------------

    def _table_row(
        self, conn: psycopg.Connection[Any], *, lock: bool
    ) -> tuple[int, int, float | None]:
        """The table's document count, length sum and impacts' reference avgdl."""
        row = conn.execute(
            "SELECT n_docs, sum_dl, impact_avgdl FROM notelens_tables WHERE tid = %s"
            + (" FOR UPDATE" if lock else ""),
            (self._tid,),
        ).fetchone()
        if row is None:
            raise IndexStoreError(
                "this table was dropped from the PostgreSQL store",
                hint="re-run `notelens index` to rebuild it",
            )
        return int(row[0]), int(row[1]), None if row[2] is None else float(row[2])

    def count(self) -> int:
        rows = self._read(
            "count", "SELECT n_docs FROM notelens_tables WHERE tid = %s", (self._tid,)
        )
        return self._note_rows(int(rows[0][0]) if rows else 0)

    def _note_rows(self, rows: int) -> int:
        """Keep ``rows`` as the table's count for sizing ``ef_search``; returns it."""
        self._rows = (rows, time.monotonic())
        return rows

    def file_states(self) -> dict[str, FileState]:
        rows = self._read(
            "reading file states",
            "SELECT source, max(file_hash), max(file_size), max(file_mtime_ns), count(*) "
            "FROM notelens_chunks WHERE tid = %s GROUP BY source",
            (self._tid,),
        )
        return {s: FileState(s, h, int(size), int(mtime), int(n)) for s, h, size, mtime, n in rows}

    def replace_sources(self, sources: Sequence[str], records: Sequence[ChunkRecord]) -> None:
        if not sources:
            return
        stray = {r.source for r in records} - set(sources)
        if stray:
            raise IndexStoreError(f"records for sources not being replaced: {sorted(stray)[:3]}")
        for r in records:
            if r.vector is None or np.asarray(r.vector).shape != (self.dim,):
                raise IndexStoreError(f"chunk {r.chunk_id} has no {self.dim}-d vector")
        self._commit(list(dict.fromkeys(sources)), list({r.chunk_id: r for r in records}.values()))

    def delete_sources(self, sources: Sequence[str]) -> None:
        if sources:
            self._commit(list(dict.fromkeys(sources)), [])

    def _commit(self, sources: list[str], records: list[ChunkRecord]) -> None:
        """Replace the rows of ``sources`` by ``records`` in one transaction.

        Both tables are filled by COPY inside the transaction (atomic as before): the rows
        in binary (pgvector's binary dumper writes the float32s as they are; its text
        dumper formatted every float in Python, a third of the write time), the postings
        as one text buffer built in Python (no per-row call: a row has ~100 postings).
        The removed rows' postings are deleted by chunk id, not by a foreign-key cascade
        (schema v5 dropped it: its trigger checked every posting inserted, one by one),
        and their terms' df lowered; the new postings raise their terms' df and, while
        the table has its impact index (:meth:`build_impact_index`), carry their impact at
        its reference avgdl (schema v6), all in the same transaction.
        """
        terms = [r.terms.split() for r in records]
        with self._conn("writing rows") as conn, conn.transaction():
            # One writer per table (the row lock); fails if the table was dropped.
            ref = self._table_row(conn, lock=True)[2]
            removed = conn.execute(
                "DELETE FROM notelens_chunks WHERE tid = %s AND source = ANY(%s) "
                "RETURNING chunk_id, dl",
                (self._tid, sources),
            ).fetchall()
            # While the table has BM25 segments (or a build runs), the chunks they no
            # longer describe.
            # Each id once: ON CONFLICT DO UPDATE may not touch a row twice in one
            # statement (a rewritten chunk is both removed and written).
            ids = dict.fromkeys([c for c, _ in removed] + [r.chunk_id for r in records])
            conn.execute(DIRTY_SQL, {"tid": self._tid, "ids": list(ids)})
            if removed:
                self._remove_postings(conn, [cid for cid, _ in removed])
            added = sum(len(t) for t in terms) - sum(int(d) for _, d in removed)
            with conn.cursor().copy(
                f"COPY notelens_chunks (tid, {_COLUMNS}, dl, embedding) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(COPY_TYPES)
                for r, t in zip(records, terms, strict=True):
                    copy.write_row(chunk_row(self._tid, r, len(t)))
            text, df = postings_text(self._tid, records, terms, ref)
            columns = "tid, term, chunk_id, tf, dl" + (", impact" if ref is not None else "")
            with conn.cursor().copy(f"COPY notelens_postings ({columns}) FROM STDIN") as copy:
                copy.write(text)
            if df:
                new_terms = sorted(df)
                conn.execute(
                    "INSERT INTO notelens_terms (tid, term, df) "
                    "SELECT %s, * FROM unnest(%s::text[], %s::int[]) "
                    "ON CONFLICT (tid, term) DO UPDATE SET df = notelens_terms.df + EXCLUDED.df",
                    (self._tid, new_terms, [df[t] for t in new_terms]),
                )
            counted = conn.execute(
                "UPDATE notelens_tables SET n_docs = n_docs + %s, sum_dl = sum_dl + %s "
                "WHERE tid = %s RETURNING n_docs",
                (len(records) - len(removed), added, self._tid),
            ).fetchone()
        if counted is not None:  # committed: this handle's next search sizes ef by it
            self._note_rows(int(counted[0]))

    def _remove_postings(self, conn: psycopg.Connection[Any], chunk_ids: list[str]) -> None:
        """Delete the postings of ``chunk_ids`` and lower their terms' df (a term left
        with none is dropped from ``notelens_terms``)."""
        lowered = conn.execute(
            "WITH d AS (DELETE FROM notelens_postings WHERE tid = %(tid)s "
            "AND chunk_id = ANY(%(ids)s) RETURNING term), "
            "c AS (SELECT term, count(*)::int AS n FROM d GROUP BY term) "
            "UPDATE notelens_terms w SET df = w.df - c.n FROM c "
            "WHERE w.tid = %(tid)s AND w.term = c.term RETURNING w.term, w.df",
            {"tid": self._tid, "ids": chunk_ids},
        ).fetchall()
        gone = [term for term, df in lowered if df <= 0]
        if gone:
            conn.execute(
                "DELETE FROM notelens_terms WHERE tid = %s AND term = ANY(%s)", (self._tid, gone)
            )

    def vectors_for_hashes(
        self, content_hashes: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]:
        if not content_hashes:
            return {}
        rows = self._read(
            "reading vectors",
            "SELECT DISTINCT ON (content_hash) content_hash, embedding FROM notelens_chunks "
            "WHERE tid = %s AND content_hash = ANY(%s)",
            (self._tid, list(set(content_hashes))),
        )
        return {h: _array(v) for h, v in rows}

    # -- searches -----------------------------------------------------------------------

    def _where(self, where: StoreFilter | None) -> tuple[str, dict[str, Any]] | None:
        """SQL conditions on ``c`` for a filter, or None when nothing can match.

        Per-source conditions (glob, folders, tags, dates) are decided over the stored sources
        (the semantics of every backend), then passed as a list of sources.
        """
        sql = ""
        params: dict[str, Any] = {"tid": self._tid}
        if where is None or where.empty:
            return sql, params
        if where.lang is not None:
            sql += " AND c.lang = %(lang)s"
            params["lang"] = where.lang
        if where.by_source:
            # Decided in Python over the distinct sources (the semantics of every
            # backend: notelens.store.base.matching_sources), passed as a list.
            rows = self._read(
                "reading sources",
                "SELECT DISTINCT ON (source) source, note, file_mtime_ns FROM notelens_chunks "
                "WHERE tid = %s ORDER BY source",
                (self._tid,),
            )
            facts = {}
            for src, raw, mtime in rows:
                note = NoteMeta.from_json(raw)
                facts[src] = SourceFacts(note.tags, note_day(note, int(mtime)))
            names = matching_sources(where, facts)
            if not names:
                return None
            sql += " AND c.source = ANY(%(sources)s)"
            params["sources"] = names
        return sql, params

    def _bm25_query(
        self, terms: Sequence[str], k: int, where: StoreFilter | None
    ) -> tuple[list[str], str, dict[str, Any]] | None:
        """The deduplicated query terms and the filter's SQL (None: nothing can match)."""
        terms = list(dict.fromkeys(t for t in terms if t and not any(c.isspace() for c in t)))
        cond = self._where(where)
        if not terms or k <= 0 or cond is None:
            return None
        return terms, cond[0], cond[1]

    def bm25_sql(
        self,
        terms: Sequence[str],
        k: int,
        where: StoreFilter | None = None,
        *,
        one_scan: bool = True,
    ) -> tuple[str, dict[str, Any]] | None:
        """The exact full BM25 aggregate and its parameters (None: nothing can match):
        what :meth:`bm25_topk` falls back to, public so that benchmarks/scale.py can time
        and EXPLAIN it (see :func:`notelens.store.postgres_bm25.full_sql`)."""
        query = self._bm25_query(terms, k, where)
        if query is None:
            return None
        return full_sql(query[0], k, query[1], query[2], one_scan=one_scan)

    def bm25_topk(
        self,
        terms: Sequence[str],
        k: int,
        where: StoreFilter | None = None,
        *,
        aggregate_below: int | None = None,
        server: bool = True,
        segments: bool = True,
    ) -> tuple[list[Scored], Bm25Trace]:
        """The exact BM25 top ``k`` from impact-ordered postings, and how it was found
        (:mod:`notelens.store.postgres_bm25`): rounds of growing depth until the bound
        proves the top ``k``, else the full aggregate. Every round reads one snapshot (a
        repeatable-read transaction), so a writer's commit between rounds cannot mix
        two states of the table. Query terms with fewer postings than
        ``aggregate_below`` (default :data:`~notelens.store.postgres_bm25.AGG_POSTINGS`)
        are scored by the aggregate at once. Past it, without a filter, the rounds run
        inside the server (``notelens_bm25_topk``, schema v7: one round trip; ``server``
        False: the client-driven rounds, for comparison); with a filter, from here.
        Before all that, a table with BM25 segments on a server with the extension
        (:mod:`~notelens.store.postgres_ext`) is answered by it when there is no filter
        (``segments`` False: not, for comparison)."""
        query = self._bm25_query(terms, k, where)
        if query is None:
            return [], Bm25Trace(0, 0, 0, fallback=False)
        qterms, extra, params = query

        def run(conn: psycopg.Connection[Any]) -> tuple[list[Scored], Bm25Trace]:
            depth = max(FIRST_DEPTH, 2 * k)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                row = conn.execute(TOTALS_SQL, {"tid": self._tid, "terms": qterms}).fetchone()
                if row is None:
                    raise IndexStoreError(
                        "this table was dropped from the PostgreSQL store",
                        hint="re-run `notelens index` to rebuild it",
                    )
                n_docs, sum_dl = int(row[0]), int(row[1])
                ref = None if row[2] is None else float(row[2])
                dfs = dict(zip(row[5], (int(d) for d in row[6]), strict=True))
                avgdl = sum_dl / n_docs if n_docs > 0 and sum_dl > 0 else 1.0
                factor = drift(avgdl, ref or avgdl)
                volume = sum(dfs.values())
                present = list(dfs)
                agg = agg_sql(present, [idf(n_docs, dfs[t]) for t in present], k, extra, params)
                below = AGG_POSTINGS if aggregate_below is None else aggregate_below
                if not present:
                    return [], Bm25Trace(0, 0, 0, fallback=False)
                if row[3] is not None and segments and not extra and self.extension:
                    seg = (int(row[4]), int(row[3]))  # the serving generation, its size
                    by_ext = self._segments_topk(conn, agg[1], avgdl, seg)
                    if by_ext is not None:
                        hits = [Scored(cid, float(s)) for cid, s in by_ext if s > 0]
                        return hits, Bm25Trace(0, 4, len(by_ext), False, 0, volume)
                if volume < below or ref is None:  # ref None: no impacts kept
                    rows = conn.execute(*agg).fetchall()
                    direct = [Scored(cid, float(s)) for cid, s in rows if s > 0]
                    return direct, Bm25Trace(0, 0, len(rows), False, 0, volume)
                if server and not extra:
                    return self._server_topk(conn, present, agg, k, depth, volume)
                rows = conn.execute(*tops_sql(qterms, depth, extra, params)).fetchall()
                tops = group_tops(rows, n_docs, depth, factor)
                if not tops:
                    return [], Bm25Trace(depth, 1, 0, fallback=False)
                idfs = {t.term: t.idf for t in tops}
                postings = {t.term: set(t.postings) for t in tops}
                bounds = {t.term: t.bound for t in tops}
                found = decide(postings, idfs, bounds, k, avgdl)
                rounds = 1
                if not found.proven:
                    # Second round: heads above per-term caps that sum below theta, a
                    # lower bound on the k-th score: the k-th exact score of the first
                    # round's k best partial scores (their missing pairs read).
                    rounds = 2
                    best = sorted(found.partial, key=lambda c: -found.partial[c])[:k]
                    lookups = [(t, c) for c in best for t in idfs if t not in found.seen[c]]
                    exact = finish(found, self._pairs(conn, lookups), idfs, k, avgdl, only=best)
                    theta = max(found.theta, exact[-1][1] if len(exact) >= k else 0.0)
                    caps = cutoffs(tops, theta)
                    cuts = {t.term: caps[t.term] / (t.idf * factor) for t in tops
                            if caps[t.term] < t.top}  # fmt: skip
                    heads = conn.execute(*heads_sql(cuts, HEAD_CAP, extra, params)).fetchall()
                    if max(Counter(h[0] for h in heads).values(), default=0) <= HEAD_CAP:
                        for term, cid, tf, dl, _ in heads:
                            postings[term].add((cid, int(tf), int(dl)))
                        bounds = {t: min(b, caps[t]) for t, b in bounds.items()}
                        found = decide(postings, idfs, bounds, k, avgdl, theta=theta)
                if found.proven and len(found.known) <= SURVIVOR_CAP:
                    pairs = self._pairs(conn, found.missing)
                    exact = finish(found, pairs, idfs, k, avgdl)
                    trace = Bm25Trace(
                        depth, rounds, found.candidates, False, len(found.missing), volume
                    )
                    return [Scored(c, s) for c, s in exact if s > 0], trace
                rows = conn.execute(*agg).fetchall()
            scored = [Scored(cid, float(s)) for cid, s in rows if s > 0]
            return scored, Bm25Trace(depth, rounds, found.candidates, True, 0, volume)

        return self._reading("BM25 search", run)

    def _server_topk(
        self,
        conn: psycopg.Connection[Any],
        present: list[str],
        agg: tuple[str, dict[str, Any]],
        k: int,
        depth: int,
        volume: int,
    ) -> tuple[list[Scored], Bm25Trace]:
        """The exact top ``k`` by the server's function (its idfs are the aggregate's),
        or by the aggregate when the function cannot bound it (in the same snapshot)."""
        idfs = agg[1]["idfs"]
        rows = conn.execute(
            "SELECT * FROM notelens_bm25_topk(%s, %s, %s, %s, %s, %s)",
            (self._tid, present, idfs, k, depth, SURVIVOR_CAP),
        ).fetchall()
        survivors, done = (int(rows[0][2]), int(rows[0][3])) if rows else (0, 0)
        if rows and rows[0][4]:
            rows = conn.execute(*agg).fetchall()
            scored = [Scored(cid, float(s)) for cid, s in rows if s > 0]
            return scored, Bm25Trace(depth, 3, survivors, True, done, volume)
        hits = [Scored(cid, float(s)) for cid, s, *_ in rows if s > 0]
        return hits, Bm25Trace(depth, 3, survivors, False, done, volume)

    def _pairs(
        self, conn: psycopg.Connection[Any], pairs: Sequence[tuple[str, str]]
    ) -> list[tuple[str, str, int]]:
        """The tf of each (term, chunk) pair the chunk has, counted from its row."""
        if not pairs:
            return []
        ids = list({cid for _, cid in pairs})
        return missing_tfs(conn.execute(CHUNK_TERMS_SQL, (self._tid, ids)).fetchall(), pairs)

    def search_terms(
        self, terms: Sequence[str], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        return self.bm25_topk(terms, k, where)[0]

    def search_vector(
        self, vector: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[Scored]:
        vec = query_vector(vector, self.dim)
        return self.search_vectors(vec[None, :], k, where)[0]

    def search_vectors(
        self, vectors: npt.NDArray[np.float32], k: int, where: StoreFilter | None = None
    ) -> list[list[Scored]]:
        mat = query_matrix(vectors, self.dim)
        cond = self._where(where)
        if cond is None or k <= 0 or len(mat) == 0:
            return [[] for _ in mat]
        extra, params = cond
        # The expression and the literal tid match the partial HNSW index (optimize), so
        # the planner can use it once it exists (pgvector needs ORDER BY the distance
        # alone: ties are ordered by id here, after); below the threshold it scans.
        dim, tid = int(self.dim), int(self._tid)
        sql = (
            f"SELECT c.chunk_id, 1.0 - (c.embedding::vector({dim}) <=> %(q)s::vector({dim})) "
            f"FROM notelens_chunks c WHERE c.tid = {tid}{extra} "
            f"ORDER BY c.embedding::vector({dim}) <=> %(q)s::vector({dim}) LIMIT %(k)s"
        )

        def run(conn: psycopg.Connection[Any]) -> list[list[Scored]]:
            out: list[list[Scored]] = []
            with conn.transaction():
                conn.execute(
                    "SELECT set_config('hnsw.ef_search', %s, true), "
                    "set_config('hnsw.iterative_scan', 'strict_order', true)",
                    (str(self._ef_search(conn, k)),),
                )
                for q in mat:
                    args = {**params, "q": q, "k": k}
                    rows = conn.execute(sql, args).fetchall()
                    hits = [Scored(cid, float(s)) for cid, s in rows]
                    out.append(sorted(hits, key=lambda h: (-h.score, h.chunk_id)))
            return out

        return self._reading("vector search", run)

    def _ef_search(self, conn: psycopg.Connection[Any], k: int) -> int:
        # The row count is read only when the rule needs it and the handle's is missing
        # or older than ROW_COUNT_TTL_S (then in the search's own transaction); refresh()
        # and this handle's writes renew it. The rows a search returns are always the
        # committed ones: only the size of the beam may lag.
        configured = self._pools.config.hnsw_ef_search
        if configured is not None:
            return ef_search_for(0, k, configured)
        known = self._rows
        if known is not None and time.monotonic() - known[1] <= ROW_COUNT_TTL_S:
            return ef_search_for(known[0], k)
        row = conn.execute(
            "SELECT n_docs FROM notelens_tables WHERE tid = %s", (self._tid,)
        ).fetchone()
        return ef_search_for(self._note_rows(int(row[0]) if row else 0), k)

    def ef_search(self, k: int = 10) -> int:
        """The ``hnsw.ef_search`` a search for ``k`` hits uses now (:func:`ef_search_for`
        on this handle's count of the table's rows, unless ``StoreConfig.hnsw_ef_search``
        sets it)."""
        return self._reading("reading the row count", lambda conn: self._ef_search(conn, k))

    # -- whole rows ---------------------------------------------------------------------

    @staticmethod
    def _record(row: tuple[Any, ...], vector: Any | None) -> ChunkRecord:
        (cid, source, title, heading, text, terms, ls, le, page, lang, kind, links,
         chash, ordinal, fhash, fsize, fmtime, flags, part, note) = row[:_VECTOR_AT]  # fmt: skip
        return ChunkRecord(
            chunk_id=cid,
            source=source,
            title=title,
            heading=heading,
            text=text,
            terms=terms,
            location=Location(line_start=ls, line_end=le, page=page, part=part),
            lang=lang,
            kind=kind,
            links=tuple(Link(text=t, url=u) for t, u in links),
            content_hash=chash,
            ordinal=int(ordinal),
            file_hash=fhash,
            file_size=int(fsize),
            file_mtime_ns=int(fmtime),
            vector=None if vector is None else _array(vector),
            flags=tuple(flags),
            note=NoteMeta.from_json(note),
        )

    def get(self, chunk_ids: Sequence[str], *, with_vectors: bool = False) -> list[ChunkRecord]:
        if not chunk_ids:
            return []
        cols = _COLUMNS + (", embedding" if with_vectors else "")
        rows = self._read(
            "reading rows",
            f"SELECT {cols} FROM notelens_chunks WHERE tid = %s AND chunk_id = ANY(%s)",
            (self._tid, list(set(chunk_ids))),
        )
        by_id = {r[0]: self._record(r, r[_VECTOR_AT] if with_vectors else None) for r in rows}
        return [by_id[c] for c in chunk_ids if c in by_id]

    def records(self, where: StoreFilter | None = None) -> list[ChunkRecord]:
        cond = self._where(where)
        if cond is None:
            return []
        extra, params = cond
        rows = self._read(
            "reading rows",
            f"SELECT {_COLUMNS} FROM notelens_chunks c WHERE c.tid = %(tid)s{extra} "
            "ORDER BY c.source, c.ordinal",
            params,
        )
        return [self._record(r, None) for r in rows]

    # -- maintenance --------------------------------------------------------------------

    def _ann_index(self) -> str:
        return f"notelens_hnsw_{int(self._tid)}"

    def build_ann(
        self,
        *,
        m: int | None = None,
        ef_construction: int | None = None,
        rebuild: bool = False,
        memory: str = ANN_BUILD_MEMORY,
    ) -> None:
        """The partial HNSW index of this table (pgvector's defaults, m 16 and
        ef_construction 64, unless given); ``rebuild`` drops an existing one first.
        ``memory``: the build's ``maintenance_work_mem`` (a 1M-row graph needs 2-3 GB to
        be built in memory). Public so that benchmarks/scale.py can weigh build time
        against recall.

        Built ``CONCURRENTLY``: a plain ``CREATE INDEX`` holds a SHARE lock on the chunks
        table for the whole build (minutes at 1M rows), so every writer of every index in
        the database waited for it; the concurrent build lets them write and search
        (exactly) meanwhile, at the cost of a second pass. A concurrent build that failed
        (a cancelled statement, a lost server) leaves an invalid index behind, which
        ``IF NOT EXISTS`` would keep forever: it is dropped and built again here."""
        import psycopg

        name = self._ann_index()
        params = {"m": m, "ef_construction": ef_construction}
        with_ = ", ".join(f"{k} = {int(v)}" for k, v in params.items() if v is not None)
        # autocommit: CONCURRENTLY cannot run inside a transaction block.
        with self._conn("building the ANN index") as conn:
            valid = conn.execute(
                "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", (name,)
            ).fetchone()
            if valid is not None and (rebuild or not valid[0]):
                conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            # pgvector builds a graph that outgrows maintenance_work_mem (64 MB by default:
            # some tens of thousands of 384-d rows) much more slowly; this build may use
            # more. Session-wide (no transaction to scope it), so it is reset for the pool.
            conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (memory,))
            try:
                conn.execute(
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON notelens_chunks "
                    f"USING hnsw ((embedding::vector({int(self.dim)})) vector_cosine_ops)"
                    + (f" WITH ({with_})" if with_ else "")
                    + f" WHERE tid = {int(self._tid)}"
                )
            finally:
                # On a lost server the build's own error stands.
                with suppress(psycopg.Error):
                    conn.execute("RESET maintenance_work_mem")

    def rebase_impacts(self, *, force: bool = False) -> bool:
        """Rewrite the postings' impacts at the current avgdl when it drifted more than
        :data:`~notelens.store.postgres_bm25.REBASE_DRIFT` from their reference (or
        ``force``). Top-k BM25 is exact either way; a drift loosens its bound (more
        rounds). One transaction under the table's writer lock; True if it rewrote."""
        with self._conn("rewriting BM25 impacts") as conn, conn.transaction():
            n_docs, sum_dl, ref = self._table_row(conn, lock=True)
            avgdl = sum_dl / n_docs if n_docs > 0 and sum_dl > 0 else 1.0
            if ref is None or (not force and abs(avgdl / ref - 1.0) <= REBASE_DRIFT):
                return False
            conn.execute(
                f"UPDATE notelens_postings p SET impact = {IMPACT_SQL.format(ref='%(ref)s')} "
                "WHERE p.tid = %(tid)s",
                {"ref": avgdl, "tid": self._tid},
            )
            conn.execute(
                "UPDATE notelens_tables SET impact_avgdl = %s WHERE tid = %s", (avgdl, self._tid)
            )
        return True

    def _impact_index(self) -> str:
        return f"notelens_impact_{int(self._tid)}"

    def impact_index_sql(self) -> str:
        """The statement creating this table's impact index (also run by the benchmark's
        bulk load after it wrote the impacts)."""
        return (
            f"CREATE INDEX IF NOT EXISTS {self._impact_index()} ON notelens_postings "
            f"(tid, term, impact DESC) INCLUDE (chunk_id, tf, dl) WHERE tid = {int(self._tid)}"
        )

    def build_impact_index(self) -> None:
        """Keep impacts for this table: compute every posting's at the current avgdl
        (the new reference) and build the partial index ``(tid, term, impact DESC)`` that
        BM25's threshold rounds read; from then on the writer writes impacts too. One
        transaction under the table's writer lock. Not kept below
        :data:`IMPACT_INDEX_ROWS` rows: it cost writes ~2.3x (docs/benchmarks.md)."""
        with self._conn("building the BM25 impact index") as conn, conn.transaction():
            n_docs, sum_dl, _ = self._table_row(conn, lock=True)
            avgdl = sum_dl / n_docs if n_docs > 0 and sum_dl > 0 else 1.0
            conn.execute(
                f"UPDATE notelens_postings p SET impact = {IMPACT_SQL.format(ref='%(ref)s')} "
                "WHERE p.tid = %(tid)s",
                {"ref": avgdl, "tid": self._tid},
            )
            conn.execute(self.impact_index_sql())
            conn.execute(
                "UPDATE notelens_tables SET impact_avgdl = %s WHERE tid = %s", (avgdl, self._tid)
            )

    def drop_impact_index(self) -> None:
        """Stop keeping impacts (the writer writes 0, BM25 takes the aggregate)."""
        with self._conn("dropping the BM25 impact index") as conn, conn.transaction():
            self._table_row(conn, lock=True)
            conn.execute(f"DROP INDEX IF EXISTS {self._impact_index()}")
            conn.execute(
                "UPDATE notelens_tables SET impact_avgdl = NULL WHERE tid = %s", (self._tid,)
            )

    def _segments_topk(
        self,
        conn: psycopg.Connection[Any],
        params: dict[str, Any],
        avgdl: float,
        seg: tuple[int, int],
    ) -> list[tuple[Any, ...]] | None:
        """The extension's top k on ``conn``, or None where that server cannot load its
        library (a read replica built without it): the caller's SQL path answers there,
        rather than the replica being given up for the primary. A savepoint keeps the
        snapshot's transaction usable after the failed call."""
        import psycopg

        server = (str(conn.info.host), int(conn.info.port))
        if server in self._pools.no_library:
            return None
        try:
            with conn.transaction():
                return conn.execute(
                    TOPK_SQL, {**params, "avgdl": avgdl, "gen": seg[0], "n_ords": seg[1]}
                ).fetchall()
        except psycopg.errors.UndefinedFile as exc:
            self._pools.no_library.add(server)
            log.warning(
                "BM25 in SQL on %s:%s: it cannot load the %s library (%s)",
                *server,
                EXTENSION,
                first_line(exc),
            )
            return None

    @property
    def extension(self) -> bool:
        """Whether the server runs the BM25 extension (probed once per factory)."""
        self._pools.primary()
        return self._pools.no_extension is None

    def build_segments(self) -> None:
        """Pack every term's postings into a new generation of segments for the BM25
        extension and make it the serving one (the previous generation and the chunks
        written before the build's snapshot are forgotten with it). Writers, searches and
        store opens go on during the build: only its first and last steps take the
        table's row lock, each for a moment (:mod:`~notelens.store.postgres_ext`).
        :class:`IndexStoreError` when the server has no extension, or when another build
        of this table runs."""
        if not self.extension:
            raise IndexStoreError(
                f"the PostgreSQL server has no {EXTENSION} extension ({self._pools.no_extension})",
                hint="see docs/team.md: the optional BM25 extension",
            )
        import psycopg

        key = segment_build_key(self._tid)
        with self._conn("building BM25 segments") as conn:
            # One build per table (a session lock: a killed build's goes with it), so
            # that no build prunes another's generation before its swap.
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            if not row or not row[0]:
                raise IndexStoreError(
                    "another process is building this table's BM25 segments",
                    hint="wait for it to finish (searches keep working meanwhile)",
                )
            try:
                self._build_generation(conn)
            finally:
                # A lost server took the lock with the session; the build's error stands.
                with suppress(psycopg.Error):
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def _build_generation(self, conn: psycopg.Connection[Any]) -> None:
        """build_segments' four transactions on ``conn`` (autocommit)."""
        params: dict[str, Any] = {"tid": self._tid}
        with conn.transaction():
            # From this commit on, every writer marks what it writes dirty: a write the
            # build's snapshot (taken after it) misses is skipped in the new segments.
            self._table_row(conn, lock=True)
            row = conn.execute(
                "UPDATE notelens_tables SET seg_build = "
                "coalesce(greatest(seg_gen, seg_build), -1) + 1 WHERE tid = %(tid)s "
                "RETURNING seg_build",
                params,
            ).fetchone()
            assert row is not None
            params["gen"] = int(row[0])
        with conn.transaction():
            # One snapshot for the ordinals and the segments; no lock on the table's row
            # (the generations have no foreign key to it, schema v9).
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # The build joins every posting to its ordinal and sorts them by term:
            # in memory rather than in batches and runs on disk.
            conn.execute(f"SET LOCAL work_mem = '{SEGMENT_BUILD_MEMORY}'")
            snap = conn.execute("SELECT pg_current_snapshot()::text").fetchone()
            assert snap is not None
            params["snap"] = str(snap[0])
            conn.execute(ORDS_SQL, params)
            # The statistics must count the new generation's ordinals (this transaction's
            # own rows): planned as absent, the join probed the postings chunk by chunk,
            # twice the server CPU of the one-generation build at 100k rows.
            conn.execute("ANALYZE notelens_bm25_ords")
            conn.execute(SEGS_SQL, params)
            n = conn.execute(
                "SELECT count(*) FROM notelens_bm25_ords WHERE tid = %(tid)s AND gen = %(gen)s",
                params,
            ).fetchone()
            params["n"] = int(n[0]) if n else 0
        with conn.transaction():
            self._table_row(conn, lock=True)
            # Not swapped when the segments were dropped (drop_segments) meanwhile: the
            # prune below then removes this generation too.
            if conn.execute(SWAP_SQL, params).rowcount == 1:
                conn.execute(FORGET_SQL, params)
        for table in ("segs", "ords"):
            conn.execute(PRUNE_SQL.format(table=table), params)

    def drop_segments(self) -> None:
        """Stop keeping BM25 segments for this table (the SQL path answers)."""
        with self._conn("dropping BM25 segments") as conn, conn.transaction():
            self._table_row(conn, lock=True)
            self._clear_segments(conn)

    def _clear_segments(self, conn: psycopg.Connection[Any]) -> None:
        for table in ("notelens_bm25_segs", "notelens_bm25_ords", "notelens_bm25_dirty"):
            conn.execute(f"DELETE FROM {table} WHERE tid = %s", (self._tid,))
        conn.execute(
            "UPDATE notelens_tables SET seg_ords = NULL, seg_gen = NULL, seg_build = NULL "
            "WHERE tid = %s",
            (self._tid,),
        )

    def segments_state(self) -> tuple[int, int] | None:
        """The segments' chunk count and the chunks written since, or None without."""
        rows = self._read(
            "reading BM25 segments",
            "SELECT seg_ords, (SELECT count(*) FROM notelens_bm25_dirty WHERE tid = %(tid)s) "
            "FROM notelens_tables WHERE tid = %(tid)s",
            {"tid": self._tid},
        )
        if not rows or rows[0][0] is None:
            return None
        return int(rows[0][0]), int(rows[0][1])

    def _optimize_segments(self, rows: int) -> None:
        """Segments for tables past SEGMENT_ROWS when the extension is there, rebuilt
        once more than SEGMENT_REBUILD_DIRTY chunks were written since; dropped
        when the table shrank well below (or the extension went)."""
        state = self.segments_state()
        if rows >= SEGMENT_ROWS and self.extension:
            if state is None or state[1] > SEGMENT_REBUILD_DIRTY:
                self.build_segments()
        elif state is not None and (not self.extension or rows < SEGMENT_ROWS // 2):
            self.drop_segments()

    def optimize(self) -> None:
        """Build the BM25 impact index past :data:`IMPACT_INDEX_ROWS` rows, or rewrite
        its impacts if avgdl drifted (:meth:`rebase_impacts`), and drop it when the table
        shrank well below; build the partial HNSW index once the table is past the ANN
        threshold (and drop it when the table shrank well below); then refresh planner
        statistics."""
        n = self.count()
        with self._conn("optimizing") as conn:
            keeps = self._table_row(conn, lock=False)[2] is not None
        if n >= IMPACT_INDEX_ROWS and not keeps:
            self.build_impact_index()
        elif keeps and n < IMPACT_INDEX_ROWS // 2:
            self.drop_impact_index()
        else:
            self.rebase_impacts()
        self._optimize_segments(n)
        ann_rows = self._dense.ann_rows(SERVER_ANN_ROWS)
        if n >= ann_rows:
            cfg = self._pools.config
            self.build_ann(m=cfg.hnsw_m, ef_construction=cfg.hnsw_ef_construction)
        with self._conn("optimizing") as conn:
            if n < ann_rows // 2:
                conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {self._ann_index()}")
            # VACUUM sets the visibility map, so BM25 reads postings index-only.
            conn.execute(
                "VACUUM (ANALYZE) notelens_chunks, notelens_postings, notelens_terms, "
                "notelens_bm25_ords, notelens_bm25_segs, notelens_bm25_dirty"
            )

    def refresh(self) -> None:
        """Nothing to catch up with: every read sees what is committed. Checks that the
        table still exists (a clear error rather than empty results), and renews the row
        count that sizes ``ef_search`` (other writers' rows count from here on)."""
        with self._conn("refresh") as conn:
            self._note_rows(self._table_row(conn, lock=False)[0])

    def stats(self) -> StoreStats:
        langs = {
            lang: int(n)
            for lang, n in self._read(
                "stats",
                "SELECT lang, count(*) FROM notelens_chunks WHERE tid = %s GROUP BY lang",
                (self._tid,),
            )
        }
        files, flagged = self._read(
            "stats",
            "SELECT count(DISTINCT source), count(*) FILTER (WHERE cardinality(flags) > 0) "
            "FROM notelens_chunks WHERE tid = %s",
            (self._tid,),
        )[0]
        flags = {
            f: int(n)
            for f, n in self._read(
                "stats",
                "SELECT f, count(*) FROM notelens_chunks, unnest(flags) AS f "
                "WHERE tid = %s GROUP BY f",
                (self._tid,),
            )
        }
        # A concurrent build under way (or one that failed) is not yet an index searches use.
        has_ann = self._read(
            "stats",
            "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(%s) AND indisvalid",
            (self._ann_index(),),
        )
        return StoreStats(
            rows=sum(langs.values()),
            files=int(files),
            langs=langs,
            dense_index="hnsw" if has_ann else "exact",
            flagged=int(flagged),
            flags=flags,
        )


class PostgresStoreFactory:
    """Opens :class:`PostgresStore` handles; tables are scoped by the index folder."""

    name = "postgres"

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self._pools = _Pools(config)

    def open(
        self,
        index_dir: Path,
        table: str,
        *,
        dim: int,
        dense: DenseConfig | None = None,
        create: bool = True,
        consistency_s: float | None = None,
    ) -> PostgresStore:
        """``consistency_s`` is moot: every read sees every committed row."""
        space = self.space(index_dir)
        find = "SELECT tid, dim FROM notelens_tables WHERE space = %s AND name = %s"
        with self._conn("opening a table") as conn:
            # Read first, insert only when absent: an INSERT ... ON CONFLICT DO NOTHING
            # waits for a transaction that updated the existing row and is still open (a
            # writer's totals, an optimize step that set a column at its start: 18 min at
            # 1M before schema v9), a plain read waits for nothing.
            row = conn.execute(find, (space, table)).fetchone()
            if row is None and create:
                conn.execute(
                    "INSERT INTO notelens_tables (space, name, dim) VALUES (%s, %s, %s) "
                    "ON CONFLICT (space, name) DO NOTHING",
                    (space, table, dim),
                )
                row = conn.execute(find, (space, table)).fetchone()
        if row is None:
            raise IndexStoreError(
                f"no table {table!r} for this index in the PostgreSQL store",
                path=space,
                hint="build it with `notelens index PATH`",
            )
        tid, stored_dim = int(row[0]), int(row[1])
        if stored_dim != dim:
            raise IndexStoreError(f"the table holds {stored_dim}-d vectors, not {dim}-d")
        return PostgresStore(self._pools, tid, dim=dim, dense=dense)

    @contextmanager
    def _conn(self, what: str) -> Iterator[psycopg.Connection[Any]]:
        import psycopg

        try:
            with self._pools.primary().connection(timeout=30) as conn:
                yield conn
        except (psycopg.Error, TimeoutError) as exc:
            raise _db_error(exc, what) from exc

    def tables(self, index_dir: Path) -> list[str]:
        with self._conn("listing tables") as conn:
            rows = conn.execute(
                "SELECT name FROM notelens_tables WHERE space = %s ORDER BY name",
                (self.space(index_dir),),
            ).fetchall()
        return [n for (n,) in rows]

    def drop(self, index_dir: Path, table: str) -> None:
        with self._conn("dropping a table") as conn, conn.transaction():
            row = conn.execute(
                "DELETE FROM notelens_tables WHERE space = %s AND name = %s RETURNING tid",
                (self.space(index_dir), table),
            ).fetchone()
            if row is not None:
                # Rows went by cascade; postings (schema v5) and the BM25 segments'
                # generations (v9) have no foreign key.
                for name in ("postings", "terms", "bm25_ords", "bm25_segs"):
                    conn.execute(f"DELETE FROM notelens_{name} WHERE tid = %s", (int(row[0]),))
                conn.execute(f"DROP INDEX IF EXISTS notelens_impact_{int(row[0])}")
                conn.execute(f"DROP INDEX IF EXISTS notelens_hnsw_{int(row[0])}")

    def drop_others(self, index_dir: Path, keep: str) -> None:
        for name in self.tables(index_dir):
            if name != keep:
                self.drop(index_dir, name)

    def move_aside(self, index_dir: Path, table: str, dest: Path) -> Path | None:
        """The rows stay in the server under another space (``damaged:<folder>``), where
        an administrator can inspect them; nothing is written to ``dest``."""
        space = self.space(index_dir)
        with self._conn("moving a table aside") as conn:
            conn.execute(
                "UPDATE notelens_tables SET space = %s, name = name || '-' || tid "
                "WHERE space = %s AND name = %s",
                (f"damaged:{space}", space, table),
            )
        return None

    @contextmanager
    def writer_lock(self, index_dir: Path) -> Iterator[None]:
        """The server-side lock of index runs on ``index_dir``'s tables: the folder lock
        does not reach other machines. Held on its own session for the whole run;
        :class:`IndexLockedError` at once if another run holds it."""
        import psycopg

        space = self.space(index_dir)
        key = writer_lock_key(space)
        try:
            conn = self._pools.primary().getconn(timeout=30)
        except (psycopg.Error, TimeoutError) as exc:
            raise _db_error(exc, "taking the index lock") from exc
        try:
            try:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            except psycopg.Error as exc:  # the server went away since the pool connected
                raise _db_error(exc, "taking the index lock") from exc
            if not row or not row[0]:
                raise IndexLockedError(
                    "another index run holds this index's lock in the PostgreSQL store",
                    path=space,
                    hint="wait for it to finish (searches keep working meanwhile)",
                )
            try:
                yield
            finally:
                # A lost server took the lock with the session; the run's own error stands.
                with suppress(psycopg.Error):
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
        finally:
            self._pools.primary().putconn(conn)

    def space(self, index_dir: Path) -> str:
        """The key of ``index_dir``'s tables (see :func:`_space`)."""
        return _space(index_dir, self.config.namespace)

    def fetch_meta(self, index_dir: Path) -> str | None:
        """The index's ``meta.json`` as the last index run wrote it (from the primary:
        it names the table to read, so it must not lag)."""
        with self._conn("reading the index metadata") as conn:
            row = conn.execute(
                "SELECT meta FROM notelens_meta WHERE space = %s", (self.space(index_dir),)
            ).fetchone()
        return None if row is None else str(row[0])

    def publish_meta(self, index_dir: Path, text: str) -> None:
        with self._conn("writing the index metadata") as conn:
            conn.execute(
                "INSERT INTO notelens_meta (space, meta) VALUES (%s, %s) ON CONFLICT (space) "
                "DO UPDATE SET meta = EXCLUDED.meta, updated = now()",
                (self.space(index_dir), text),
            )

    def describe(self) -> dict[str, str | None]:
        """Where the index lives, for ``notelens status`` (passwords masked), and how
        BM25 runs there (the extension's probe; None when the server is unreachable)."""
        try:
            self._pools.primary()
            why = self._pools.no_extension
            bm25: str | None = f"extension {EXTENSION}" if why is None else f"SQL ({why})"
        except IndexStoreError:
            bm25 = None
        return {
            "dsn": redact_dsn(self.config.dsn),
            "replica": redact_dsn(self.config.dsn_read),
            "namespace": self.config.namespace,
            "bm25": bm25,
        }

    def replica_up(self) -> bool:
        """Whether reads go to the read replica now (False: to the primary)."""
        return self._pools.replica() is not None

    def close(self) -> None:
        self._pools.close()

    def quiet_logs(self) -> None:
        logging.getLogger("psycopg").setLevel(logging.ERROR)
        logging.getLogger("psycopg.pool").setLevel(logging.ERROR)


__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "PostgresStore",
    "PostgresStoreFactory",
    "segment_build_key",
    "writer_lock_key",
]
