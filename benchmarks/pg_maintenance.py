"""The team store during its own maintenance (issue #17, ninth round).

On one table of ``scale.py --mode mix`` rows in a PostgreSQL server (``--dsn``; a bundled
one from tests/pg_server.py, never a shared one), three phases:

* ``--load N``: the rows by benchmarks/pg_bulk.py (COPY, then the indexes built once),
  when the table holds fewer;
* ``--key-check``: the postings' primary key rebuilt both ways, ``ALTER TABLE ... ADD
  CONSTRAINT ... PRIMARY KEY`` (ACCESS EXCLUSIVE for the whole build: what pg_bulk.py did
  before) and ``CREATE UNIQUE INDEX`` then ``ADD CONSTRAINT ... USING INDEX`` (SHARE: reads
  go on; what it does now), with a reader reading the postings every 0.2 s: its longest
  wait;
* ``--maint``: ``build_segments()`` while a writer rewrites one file every 0.5 s and a
  client opens the store and searches every 0.5 s (a ``serve`` instance or MCP client
  starting): the build's time, each write's and each open's wait, and whether the
  extension's BM25 top 10 equals the SQL aggregate's before, during and after.

Which notelens runs is the one on ``PYTHONPATH`` (this script does not put its own
``src`` first), so the same command measures main and a branch:

    PYTHONPATH=/work/main/src nice -n 5 python benchmarks/pg_maintenance.py --dsn $DSN \\
        --index /tmp/pg9/idx --maint --out .bench/r11/before.jsonl
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import notelens  # first: from PYTHONPATH (scale.py puts this checkout's src on sys.path)
from notelens.config import StoreConfig
from notelens.store.postgres import PostgresStore, PostgresStoreFactory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import Log  # noqa: E402

DIM = 384


def load(store: PostgresStore, chunks: int, base_n: int, log: Log) -> None:
    """``chunks`` rows of scale.py's mix (its cached base passages) by the bulk load."""
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create
    from pg_bulk import bulk_load
    from scale import analyzed_base, base_texts, scale_rows

    texts, _ = base_texts(base_n)
    base = analyzed_base(texts, KiwiAnalyzer(), create("auto"))
    stats = bulk_load(store, lambda: scale_rows(base, chunks, mode="mix"), impacts=False)
    for key, value in vars(stats).items():
        log("load", key, value)


class Prober(threading.Thread):
    """Runs ``fn`` every ``every`` seconds until stopped; keeps each call's seconds."""

    def __init__(self, name: str, fn: Any, every: float) -> None:
        super().__init__(name=name, daemon=True)
        self.fn, self.every = fn, every
        self.times: list[float] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t0 = time.perf_counter()
            try:
                self.fn()
            except Exception as exc:  # reported, the probe goes on
                self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            self.times.append(time.perf_counter() - t0)
            self.stop.wait(self.every)

    def report(self, log: Log, what: str) -> None:
        self.stop.set()
        self.join()
        t = self.times
        log(what, "calls", len(t))
        if t:
            log(what, "max_s", max(t))
            log(what, "p50_s", statistics.median(t))
        if self.errors:
            log(what, "errors", self.errors[:3])


def key_check(store: PostgresStore, log: Log) -> None:
    """The postings' primary key rebuilt the old way and the new way, a reader beside."""
    import psycopg

    dsn = store._pools.config.dsn
    assert dsn is not None

    def read() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SELECT 1 FROM notelens_postings LIMIT 1").fetchone()

    cols = "(tid, term, chunk_id) INCLUDE (tf, dl)"
    ways = {
        "add_constraint": [f"ALTER TABLE notelens_postings ADD CONSTRAINT notelens_postings_pkey "
                           f"PRIMARY KEY {cols}"],
        "unique_index_then_attach": [
            f"CREATE UNIQUE INDEX notelens_postings_pkey ON notelens_postings {cols}",
            "ALTER TABLE notelens_postings ADD CONSTRAINT notelens_postings_pkey "
            "PRIMARY KEY USING INDEX notelens_postings_pkey",
        ],
    }  # fmt: skip
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for way, statements in ways.items():
            conn.execute("ALTER TABLE notelens_postings DROP CONSTRAINT notelens_postings_pkey")
            reader = Prober("reader", read, 0.2)
            reader.start()
            time.sleep(0.5)
            t0 = time.perf_counter()
            for sql in statements:
                conn.execute(sql)
            log(way, "build_s", time.perf_counter() - t0)
            time.sleep(0.5)
            reader.report(log, f"{way}_reader")
            log(way, "load_avg", os.getloadavg()[0])


def queries(store: PostgresStore, n: int = 12) -> list[list[str]]:
    """Query term lists from the table's own rows (three terms of every n-th row)."""
    with store._conn("benchmark") as conn:
        rows = conn.execute(
            "SELECT terms FROM notelens_chunks WHERE tid = %s ORDER BY chunk_id LIMIT %s",
            (store._tid, n * 50),
        ).fetchall()
    return [t.split()[:3] for (t,) in rows[::50]]


def exact(store: PostgresStore, qs: list[list[str]]) -> tuple[int, int]:
    """(queries the extension answered, of them equal to the aggregate's top 10)."""
    served = same = 0
    for q in qs:
        hits, trace = store.bm25_topk(q, 10)
        sql = store.bm25_topk(q, 10, segments=False, aggregate_below=1 << 62)[0]
        if trace.rounds == 4:
            served += 1
            same += [(h.chunk_id, round(h.score, 9)) for h in hits] == [
                (h.chunk_id, round(h.score, 9)) for h in sql
            ]
    return served, same


def build_alone(store: PostgresStore, log: Log) -> None:
    """build_segments() with nothing beside it: wall time and the server's CPU time."""
    from pg_bm25 import postmaster_of, server_cpu_s

    postmaster = postmaster_of(store)
    cpu0, t0 = server_cpu_s(postmaster), time.perf_counter()
    store.build_segments()
    log("alone", "build_segments_s", time.perf_counter() - t0)
    log("alone", "server_cpu_s", server_cpu_s(postmaster) - cpu0)
    log("alone", "load_avg", os.getloadavg()[0])


def maint(
    factory: PostgresStoreFactory, store: PostgresStore, index: Path, log: Log, *, first: bool
) -> None:
    """build_segments() with a writer and an opener beside it; ``first``: the segments
    dropped before (a table's first build), else a rebuild (built first if missing)."""
    if first:
        store.drop_segments()
    elif store.segments_state() is None:
        t0 = time.perf_counter()
        store.build_segments()
        log("prebuild", "build_segments_s", time.perf_counter() - t0)
    qs = queries(store)
    log("before", "segments", store.segments_state())
    log("before", "exact_served_same", exact(store, qs))
    with store._conn("benchmark") as conn:
        ids = conn.execute(
            "SELECT chunk_id, source FROM notelens_chunks WHERE tid = %s AND source = "
            "(SELECT min(source) FROM notelens_chunks WHERE tid = %s)",
            (store._tid, store._tid),
        ).fetchall()
    src = ids[0][1]
    full = store.get([cid for cid, _ in ids], with_vectors=True)
    log("before", "writer_file_chunks", len(full))

    def write() -> None:
        store.replace_sources([src], full)

    other = PostgresStoreFactory(StoreConfig("postgres", dsn=factory.config.dsn))
    during: list[tuple[int, int]] = []

    def open_and_search() -> None:
        s = other.open(index, "t", dim=DIM)
        s.search_terms(qs[0], 10)

    def check() -> None:
        during.append(exact(store, qs[:4]))

    probes = [Prober("writer", write, 0.5), Prober("opener", open_and_search, 0.5),
              Prober("exact", check, 2.0)]  # fmt: skip
    for p in probes:
        p.start()
    time.sleep(2)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    store.build_segments()
    log("build", "build_segments_s", time.perf_counter() - t0)
    log("build", "client_cpu_s", time.process_time() - cpu0)
    log("build", "load_avg", os.getloadavg()[0])
    time.sleep(2)
    for p, what in zip(probes, ("writer", "opener", "exact_probe"), strict=True):
        p.report(log, what)
    other.close()
    log("during", "exact_served_same", during)
    log("after", "segments", store.segments_state())
    log("after", "exact_served_same", exact(store, qs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--index", type=Path, required=True, help="keys the table (need not exist)")
    ap.add_argument("--load", type=int, default=0, help="rows to bulk-load if fewer")
    ap.add_argument("--base", type=int, default=2000)
    ap.add_argument("--key-check", action="store_true")
    ap.add_argument("--maint", action="store_true", help="measure a rebuild of the segments")
    ap.add_argument("--first", action="store_true", help="with --maint: a first build")
    ap.add_argument("--alone", type=int, default=0, help="rebuilds with nothing beside")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    log = Log(args.out, {"script": "pg_maintenance", "notelens": str(notelens.__file__)})
    log("run", "load_avg_start", os.getloadavg()[0])
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=args.dsn))
    try:
        store = factory.open(args.index, "t", dim=DIM)
        if store.count() < args.load:
            load(store, args.load, args.base, log)
        log("run", "rows", store.count())
        if args.key_check:
            key_check(store, log)
        if args.maint:
            maint(factory, store, args.index, log, first=args.first)
        for _ in range(args.alone):
            build_alone(store, log)
    finally:
        factory.close()


if __name__ == "__main__":
    main()
