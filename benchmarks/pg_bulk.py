"""A fast bulk build of one PostgreSQL table, for benchmarks only (issue 17, fifth round).

``PostgresStore.replace_sources`` writes 77-490 rows/s (one B-tree insert per posting,
~110 a row, into indexes that already hold millions): 1M rows took hours. The benchmark
does not need an index run's transactions, so this writes the same rows the way
``pg_restore`` does: the table's indexes are dropped, the rows, postings, document
frequencies and totals are written with COPY, then the indexes are built once, sorted.
What lands in the tables is what ``replace_sources`` (then ``optimize``) writes: the
chunk rows by the writer's own row function (``chunk_row``), the postings by its own
text builder (``postings_text``), impacts at the final average length (as
``build_impact_index`` computes them) when the table keeps impacts; tests/integration/
test_pg_bulk.py compares the two stores' tables and BM25 top 10.

The rows come from a callable that returns a fresh iterator (scale.py's generator is
deterministic by seed): the first pass only sums the document lengths (the impacts'
reference), the second writes. Only for a server that holds no other table's rows:
dropping the shared tables' indexes would slow everyone else's writes.

    nice -n 5 .venv/bin/python benchmarks/pg_bm25.py --chunks 300000 --bulk ...
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from notelens.errors import IndexStoreError
from notelens.store.base import ChunkRecord
from notelens.store.postgres import (
    COPY_TYPES,
    PostgresStore,
    chunk_row,
    postings_text,
)

#: The tables whose indexes are dropped during the load and rebuilt after it.
TABLES = ("notelens_chunks", "notelens_postings", "notelens_terms")
#: Rows per COPY buffer flush of the postings (their text is built in Python).
BATCH = 5000


@dataclass(frozen=True)
class BulkStats:
    """What a bulk load took: rows, postings, seconds for the length pass, the COPY
    of everything, the index builds (with VACUUM ANALYZE), and the server's bytes."""

    rows: int
    postings: int
    sum_dl: int
    pass_s: float
    copy_s: float
    index_s: float
    table_bytes: int


def _index_definitions(conn: Any) -> list[tuple[str, list[str], str | None]]:
    """(table, statements that build it, constraint name or None) of every index of the
    shared tables, from the server's catalog (so the rebuild is what the migrations
    made). A key is built as a unique index, then attached as the constraint: ``ALTER
    TABLE ... ADD CONSTRAINT ... PRIMARY KEY (...)`` holds an ACCESS EXCLUSIVE lock for
    the whole build (17.5 min for the postings' key at 1M rows, every reader of the
    table waiting), ``CREATE UNIQUE INDEX`` a SHARE lock (reads go on) and the attach
    (``USING INDEX``) a moment's ACCESS EXCLUSIVE."""
    rows = conn.execute(
        "SELECT i.tablename, i.indexname, i.indexdef, c.conname, "
        "pg_get_constraintdef(c.oid) FROM pg_indexes i "
        "LEFT JOIN pg_constraint c ON c.conname = i.indexname "
        "WHERE i.tablename = ANY(%s) ORDER BY i.tablename, i.indexname",
        (list(TABLES),),
    ).fetchall()
    out: list[tuple[str, list[str], str | None]] = []
    for table, _name, indexdef, conname, condef in rows:
        if conname is not None:
            kind = "PRIMARY KEY" if str(condef).startswith("PRIMARY KEY") else "UNIQUE"
            attach = f"ALTER TABLE {table} ADD CONSTRAINT {conname} {kind} USING INDEX {conname}"
            out.append((table, [str(indexdef), attach], conname))
        else:
            out.append((table, [str(indexdef)], None))
    return out


def bulk_load(
    store: PostgresStore,
    rows: Callable[[], Iterator[ChunkRecord]],
    *,
    impacts: bool,
    index_memory: str = "1GB",
    progress: Callable[[str], None] = print,
) -> BulkStats:
    """Write ``rows()`` into ``store``'s empty table with COPY and build the indexes
    after (see the module docstring). ``impacts``: keep impacts and the impact index (as
    ``optimize`` does past ``IMPACT_INDEX_ROWS``). The HNSW index is left to
    ``store.build_ann``."""
    tid = store._tid
    t0 = time.perf_counter()
    n = sum_dl = 0
    for r in rows():
        n += 1
        sum_dl += len(r.terms.split())
    pass_s = time.perf_counter() - t0
    avgdl = sum_dl / n if n > 0 and sum_dl > 0 else 1.0
    ref = avgdl if impacts else None
    progress(f"bulk: {n} rows, avgdl {avgdl:.2f}, length pass {pass_s:.0f} s")
    postings = 0
    with store._conn("bulk load") as conn:
        others = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM notelens_chunks WHERE tid <> %(tid)s) "
            "OR EXISTS (SELECT 1 FROM notelens_chunks WHERE tid = %(tid)s)",
            {"tid": tid},
        ).fetchone()
        if others and others[0]:
            raise IndexStoreError("bulk load: the server already holds rows (needs a fresh one)")
        defs = _index_definitions(conn)
        t0 = time.perf_counter()
        with conn.transaction():
            for table, _sql, conname in defs:
                if conname is not None:
                    conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {conname}")
            for _table, sqls, conname in defs:
                if conname is None:
                    name = sqls[0].split(" INDEX ", 1)[1].split(" ON ", 1)[0]
                    conn.execute(f"DROP INDEX {name}")
        df: Counter[str] = Counter()
        batch: list[ChunkRecord] = []

        def flush() -> int:
            terms = [r.terms.split() for r in batch]
            with conn.transaction():
                with conn.cursor().copy(
                    "COPY notelens_chunks (tid, chunk_id, source, title, heading, text, terms, "
                    "line_start, line_end, page, lang, kind, links, content_hash, ordinal, "
                    "file_hash, file_size, file_mtime_ns, flags, part, note, dl, embedding) "
                    "FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(COPY_TYPES)
                    for r, t in zip(batch, terms, strict=True):
                        copy.write_row(chunk_row(tid, r, len(t)))
                text, counts = postings_text(tid, batch, terms, ref)
                columns = "tid, term, chunk_id, tf, dl" + (", impact" if ref is not None else "")
                with conn.cursor().copy(f"COPY notelens_postings ({columns}) FROM STDIN") as copy:
                    copy.write(text)
            df.update(counts)
            return sum(counts.values())

        done = 0
        for r in rows():
            batch.append(r)
            if len(batch) == BATCH:
                postings += flush()
                done += len(batch)
                batch = []
                if done % 100_000 == 0:
                    rate = done / (time.perf_counter() - t0)
                    progress(f"bulk: {done} rows copied, {rate:.0f} rows/s")
        if batch:
            postings += flush()
        with conn.transaction():
            with conn.cursor().copy("COPY notelens_terms (tid, term, df) FROM STDIN") as copy:
                for term, count in df.items():
                    copy.write_row((tid, term, count))
            conn.execute(
                "UPDATE notelens_tables SET n_docs = %s, sum_dl = %s, impact_avgdl = %s "
                "WHERE tid = %s",
                (n, sum_dl, ref, tid),
            )
        copy_s = time.perf_counter() - t0
        progress(f"bulk: copied in {copy_s:.0f} s ({n / max(copy_s, 1e-9):.0f} rows/s)")
        t0 = time.perf_counter()
        conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (index_memory,))
        for _table, sqls, _conname in defs:
            for sql in sqls:
                t1 = time.perf_counter()
                conn.execute(sql)
                progress(f"bulk: {sql[:90]} ... {time.perf_counter() - t1:.0f} s")
        if impacts:
            conn.execute(store.impact_index_sql())
        conn.execute("VACUUM (ANALYZE) notelens_chunks, notelens_postings, notelens_terms")
        index_s = time.perf_counter() - t0
        size = conn.execute(
            "SELECT sum(pg_total_relation_size(c)) FROM unnest(%s::regclass[]) AS c",
            (list(TABLES),),
        ).fetchone()
    progress(f"bulk: indexes and VACUUM ANALYZE {index_s:.0f} s")
    return BulkStats(n, postings, sum_dl, pass_s, copy_s, index_s, int(size[0]) if size else 0)


__all__ = ["BulkStats", "bulk_load"]
