"""The team store during its own maintenance (issue #17, schema v9), on a real server:

* a store opens and searches while another transaction holds (or has updated) its
  table's row: opening reads the row, it inserts only a missing one;
* ``build_segments`` builds a new generation of BM25 segments while the old one serves:
  a writer commits mid-build (the build held at its segments' insert by a lock this
  test holds: real concurrency, two connections) without waiting for it, the
  extension's top k stays exact before, during and after the swap (equal to the
  embedded store's and to the SQL aggregate's) and sees the write; the first build of a
  table too;
* a build killed mid-way (SIGKILL of its process) leaves the old segments serving, the
  next build prunes what it left;
* a schema v8 database with segments migrates to v9 and keeps serving them.

Korean, English and mixed rows and questions (Kiwi-analyzed example notes).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_store_postgres_bm25 import _corpus, _fill, _filled, _queries, stores  # noqa: F401
from test_store_postgres_ext import _check, ext_stores  # noqa: F401

from notelens.analysis.base import Analyzer
from notelens.config import StoreConfig
from notelens.errors import IndexStoreError
from notelens.store.base import ChunkRecord, Store
from notelens.store.postgres import PostgresStore, PostgresStoreFactory, segment_build_key
from notelens.store.testing import DIM, rec
from pg_server import database_at, pg_dsn  # noqa: F401

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
#: What "not blocked more than a moment" means on a loaded 2-core test machine.
MOMENT_S = 3.0


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    return fn(), time.perf_counter() - t0


def _connect(pg: PostgresStore, **kwargs: Any) -> Any:
    import psycopg

    dsn = pg._pools.config.dsn
    assert dsn is not None
    return psycopg.connect(dsn, **kwargs)


def test_a_store_opens_while_another_transaction_holds_its_row(
    stores: PostgresStoreFactory,  # noqa: F811
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """A writer mid-transaction holds the row lock and has updated the row (its totals):
    an INSERT ... ON CONFLICT DO NOTHING waits for it (what ``open`` did), the open of
    the existing table and its searches do not."""
    import psycopg

    pg, memory = _filled(stores, tmp_path, analyzed_example_records)
    q = list(dict.fromkeys(analyzer.terms("LoRA 파라미터 rank 줄이기")))
    want = [h.chunk_id for h in memory.search_terms(q, 10)]
    with _connect(pg) as holder:
        holder.execute("SELECT 1 FROM notelens_tables WHERE tid = %s FOR UPDATE", (pg._tid,))
        holder.execute("UPDATE notelens_tables SET n_docs = n_docs WHERE tid = %s", (pg._tid,))
        with _connect(pg, autocommit=True) as probe:
            probe.execute("SET lock_timeout = '500ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                probe.execute(
                    "INSERT INTO notelens_tables (space, name, dim) "
                    "SELECT space, name, dim FROM notelens_tables WHERE tid = %s "
                    "ON CONFLICT (space, name) DO NOTHING",
                    (pg._tid,),
                )
        other = PostgresStoreFactory(StoreConfig("postgres", dsn=pg._pools.config.dsn))
        try:
            opened, took = _timed(lambda: other.open(tmp_path / "a", "t", dim=DIM))
            assert took < MOMENT_S and opened._tid == pg._tid
            assert [h.chunk_id for h in opened.search_terms(q, 10)] == want
            # A new table of another index is created beside the held row.
            fresh = other.open(tmp_path / "new", "t", dim=DIM)
            assert fresh._tid != pg._tid and fresh.count() == 0
        finally:
            other.close()
        holder.rollback()


class HeldBuild:
    """``build_segments`` on a thread, held at its segments' insert: the test holds an
    EXCLUSIVE lock on ``notelens_bm25_segs`` (reads go on, inserts wait), so the build
    has taken its snapshot and written its ordinals when :meth:`wait_held` returns."""

    def __init__(self, pg: PostgresStore) -> None:
        self.pg = pg
        self.lock = _connect(pg)
        self.lock.execute("LOCK TABLE notelens_bm25_segs IN EXCLUSIVE MODE")
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.pg.build_segments()
        except BaseException as exc:  # re-raised by finish()
            self.error = exc

    def start(self) -> HeldBuild:
        self.thread.start()
        wait_for_segments_insert(self.pg)
        return self

    def finish(self) -> None:
        self.lock.rollback()
        self.lock.close()
        self.thread.join(60)
        assert not self.thread.is_alive(), "the build finished"
        if self.error is not None:
            raise self.error


def wait_for_segments_insert(pg: PostgresStore, timeout: float = 60) -> None:
    """Until some backend waits for a lock on ``notelens_bm25_segs``."""
    deadline = time.monotonic() + timeout
    with _connect(pg, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted "
                "AND relation = 'notelens_bm25_segs'::regclass"
            ).fetchone()
            if row and row[0]:
                return
            assert time.monotonic() < deadline, "the build reached its segments' insert"
            time.sleep(0.05)


def _generations(pg: PostgresStore) -> dict[str, list[int]]:
    with pg._conn("test") as conn:
        return {
            t: [
                g
                for (g,) in conn.execute(
                    f"SELECT DISTINCT gen FROM notelens_bm25_{t} WHERE tid = %s ORDER BY gen",
                    (pg._tid,),
                )
            ]
            for t in ("ords", "segs")
        }


def _write_mid_build(
    pg: PostgresStore, memory: Store, rows: list[ChunkRecord]
) -> tuple[list[ChunkRecord], float]:
    """Rewrite one file, add one (Korean/English terms), delete one, on both stores;
    the longest of the Postgres writes' times."""
    rewritten = [replace(r, terms=r.terms + " 새로운 maintenance") for r in rows if
                 r.source == "/n/0002.md"]  # fmt: skip
    added = [rec("/n/mid.md", i, "빌드 중 쓰기 written mid build 로라") for i in range(3)]
    worst = 0.0
    for store in (pg, memory):
        for fn in (
            lambda s=store: s.replace_sources(["/n/0002.md"], rewritten),
            lambda s=store: s.replace_sources(["/n/mid.md"], added),
            lambda s=store: s.delete_sources(["/n/0005.md"]),
        ):
            _, took = _timed(fn)
            if store is pg:
                worst = max(worst, took)
    return rewritten + added, worst


@pytest.mark.parametrize("first", [False, True], ids=["rebuild", "first-build"])
def test_writers_go_on_while_segments_build_and_answers_stay_exact(
    ext_stores: PostgresStoreFactory,  # noqa: F811
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
    first: bool,
) -> None:
    rows = _corpus(analyzed_example_records, 600, seed=11)
    pg, memory = _filled(ext_stores, tmp_path, rows)
    queries = [*_queries(analyzer, rows, seed=12), ["빌드", "maintenance"], ["written", "로라"]]
    if not first:
        pg.build_segments()
        # Chunks written before the next build: dirty now, in its segments after.
        for store in (pg, memory):
            store.delete_sources(["/n/0001.md"])
        assert pg.segments_state() == (600, 20)
    build = HeldBuild(pg).start()
    try:
        written, worst = _write_mid_build(pg, memory, rows)
        assert worst < MOMENT_S, f"a write waited {worst:.1f} s for the build"
        other = PostgresStoreFactory(StoreConfig("postgres", dsn=pg._pools.config.dsn))
        try:
            _, took = _timed(lambda: other.open(tmp_path / "a", "t", dim=DIM).count())
            assert took < MOMENT_S, f"opening the store waited {took:.1f} s"
        finally:
            other.close()
        # During the build: the old generation serves (the SQL path before the first
        # build), exact, and sees the writes.
        served = _check(pg, memory, queries, 10)
        assert served == (0 if first else len(queries))
        hits = {h.chunk_id for h in pg.bm25_topk(["빌드", "written"], 10)[0]}
        assert {r.chunk_id for r in written if r.source == "/n/mid.md"} <= hits
    finally:
        build.finish()
    # After the swap: the new generation alone; the mid-build writes (rewritten 20,
    # added 3, deleted 20) stay dirty, the chunks deleted before the build do not.
    assert pg.segments_state() == (600 - 20 * (not first), 43)
    assert _generations(pg) == {"ords": [0 if first else 1], "segs": [0 if first else 1]}
    for k in (10, 100):
        assert _check(pg, memory, queries, k) == len(queries)
    # Written after the swap too: exact; the next build takes every write in.
    for store in (pg, memory):
        store.replace_sources(["/n/mid.md"], [rec("/n/mid.md", 0, "swap 이후 after")])
    assert _check(pg, memory, [*queries, ["이후", "after"]], 10) == len(queries) + 1
    pg.build_segments()
    assert pg.segments_state() == (memory.count(), 0)
    assert _check(pg, memory, queries, 10) == len(queries)


CHILD = """
import sys
from pathlib import Path
from notelens.config import StoreConfig
from notelens.store.postgres import PostgresStoreFactory
factory = PostgresStoreFactory(StoreConfig("postgres", dsn=sys.argv[1]))
store = factory.open(Path(sys.argv[2]), "t", dim=int(sys.argv[3]), create=False)
print("building", flush=True)
store.build_segments()
print("built", flush=True)
"""


def _backend_gone(pg: PostgresStore, key: int, timeout: float = 60) -> None:
    """Until no session holds the segment-build lock ``key`` (the killed child's backend
    notices its client is gone once its statement ends)."""
    deadline = time.monotonic() + timeout
    with _connect(pg, autocommit=True) as conn:
        while conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
            "AND ((classid::bigint << 32) | objid::bigint) = %s",
            (key,),
        ).fetchone() != (0,):
            assert time.monotonic() < deadline, "the killed build's session ended"
            time.sleep(0.1)


def test_a_build_killed_mid_way_leaves_the_old_segments_serving(
    ext_stores: PostgresStoreFactory,  # noqa: F811
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    rows = _corpus(analyzed_example_records, 400, seed=21)
    pg, memory = _filled(ext_stores, tmp_path, rows)
    queries = _queries(analyzer, rows, seed=22)
    pg.build_segments()
    lock = _connect(pg)
    lock.execute("LOCK TABLE notelens_bm25_segs IN EXCLUSIVE MODE")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(pg._pools.config.dsn), str(tmp_path / "a"), str(DIM)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_segments_insert(pg)
        # Another build waits for nothing: it is refused at once.
        with pytest.raises(IndexStoreError, match="another process is building"):
            pg.build_segments()
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        lock.rollback()
        lock.close()
        if child.poll() is None:
            child.kill()
    assert child.stdout is not None and "built" not in child.stdout.read()
    _backend_gone(pg, segment_build_key(pg._tid))
    # The old generation serves, exact, and writers go on.
    assert pg.segments_state() == (400, 0)
    assert _generations(pg) == {"ords": [0], "segs": [0]}
    for store in (pg, memory):
        store.replace_sources(["/n/0003.md"], [rec("/n/0003.md", 0, "kill 이후 쓰기 after")])
    assert _check(pg, memory, [*queries, ["kill", "쓰기"]], 10) == len(queries) + 1
    # A generation a build wrote but never swapped in (killed between the two): pruned
    # by the next build, which serves every write.
    with pg._conn("test") as conn, conn.transaction():
        conn.execute(
            "INSERT INTO notelens_bm25_ords SELECT tid, ord, chunk_id, 7 FROM notelens_bm25_ords "
            "WHERE tid = %s",
            (pg._tid,),
        )
        conn.execute("UPDATE notelens_tables SET seg_build = 7 WHERE tid = %s", (pg._tid,))
    pg.build_segments()
    assert _generations(pg) == {"ords": [8], "segs": [8]}
    assert pg.segments_state() == (memory.count(), 0)
    assert _check(pg, memory, queries, 10) == len(queries)


@pytest.fixture
def v8_dsn(pg_dsn: str) -> str:  # noqa: F811
    """A fresh database at schema v8 (the migrations up to 8 applied)."""
    return database_at(pg_dsn, 8, "nl_v8")


def test_schema_v8_segments_migrate_to_v9_and_keep_serving(
    ext_stores: PostgresStoreFactory,  # noqa: F811
    v8_dsn: str,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """Rows and segments written as v8 did (its statements, one generation, a dirty
    chunk without a writer id): after the migration generation 0 serves them, exactly,
    and the next build replaces it and forgets the old dirty chunk."""
    import psycopg

    rows = analyzed_example_records
    with psycopg.connect(v8_dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS notelens_bm25")
        conn.execute(
            "INSERT INTO notelens_tables (space, name, dim) VALUES ('v8', 't', %s)", (DIM,)
        )
    # v9 did not change the rows' and postings' layout: they are written by this
    # writer into a scratch table and copied over; the segments by v8's statements.
    scratch, memory = _filled(ext_stores, tmp_path, rows)
    with scratch._conn("test") as src, psycopg.connect(v8_dsn) as dst, dst.transaction():
        tid = dst.execute("SELECT tid FROM notelens_tables WHERE space = 'v8'").fetchone()[0]
        for table, cols in (
            ("notelens_chunks", "chunk_id, source, title, heading, text, terms, line_start, "
             "line_end, page, lang, kind, links, content_hash, ordinal, file_hash, file_size, "
             "file_mtime_ns, flags, dl, embedding::text, part, note"),
            ("notelens_postings", "term, chunk_id, tf, dl, impact"),
            ("notelens_terms", "term, df"),
        ):  # fmt: skip
            names = cols.replace("::text", "")
            with (
                src.cursor().copy(
                    f"COPY (SELECT {tid}, {cols} FROM {table} WHERE tid = %s) TO STDOUT",
                    (scratch._tid,),
                ) as out,
                dst.cursor().copy(f"COPY {table} (tid, {names}) FROM STDIN") as into,
            ):
                for block in out:
                    into.write(block)
        dst.execute(
            "UPDATE notelens_tables SET (n_docs, sum_dl) = (SELECT count(*), sum(dl) "
            "FROM notelens_chunks WHERE tid = %(t)s) WHERE tid = %(t)s",
            {"t": tid},
        )
        # v8's build_segments: one generation, no gen column.
        dst.execute(
            "INSERT INTO notelens_bm25_ords (tid, ord, chunk_id) SELECT tid, (row_number() "
            "OVER (ORDER BY chunk_id) - 1)::int, chunk_id FROM notelens_chunks WHERE tid = %s",
            (tid,),
        )
        dst.execute(
            "INSERT INTO notelens_bm25_segs (tid, term, postings) SELECT p.tid, p.term, "
            "notelens_bm25_pack(array_agg(ARRAY[o.ord, p.tf, p.dl] ORDER BY o.ord)) "
            "FROM notelens_postings p JOIN notelens_bm25_ords o ON o.tid = p.tid "
            "AND o.chunk_id = p.chunk_id WHERE p.tid = %s GROUP BY p.tid, p.term",
            (tid,),
        )
        dst.execute(
            "UPDATE notelens_tables SET seg_ords = (SELECT count(*) FROM notelens_bm25_ords "
            "WHERE tid = %(t)s) WHERE tid = %(t)s",
            {"t": tid},
        )
        dst.execute(
            "INSERT INTO notelens_bm25_dirty (tid, chunk_id) VALUES (%s, %s)",
            (tid, rows[0].chunk_id),
        )
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=v8_dsn, namespace="v8"))
    try:
        pg = factory.open(tmp_path, "t", dim=DIM, create=False)
        with pg._conn("test") as conn:
            assert conn.execute("SELECT max(version) FROM notelens_schema").fetchone() == (9,)
            seg = conn.execute(
                "SELECT seg_gen, seg_build FROM notelens_tables WHERE tid = %s", (pg._tid,)
            ).fetchone()
        assert seg == (0, None)
        assert pg.segments_state() == (len(rows), 1)
        qs = ["LoRA는 학습 파라미터를 어떻게 줄이나", "GQA와 MQA의 차이", "KV cache memory 줄이기"]
        queries = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
        assert _check(pg, memory, queries, 10) == len(queries)
        pg.build_segments()
        assert pg.segments_state() == (len(rows), 0)
        assert _generations(pg) == {"ords": [1], "segs": [1]}
        assert _check(pg, memory, queries, 10) == len(queries)
    finally:
        factory.close()
