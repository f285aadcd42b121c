"""BM25 top-k by the optional C extension ``notelens_bm25`` (schema v8,
notelens.store.postgres_ext), on a real server that loads it (tests/pg_server.py builds
it when gcc and PostgreSQL 18 server headers are there; skipped, saying why, when not):
rankings equal to the embedded store's (memory store, Bm25Index) and to the SQL
aggregate up to ties, for Korean, English and mixed queries, k 10 and 100; after
replaces and deletes without a new segment (the dirty chunks' postings scored by SQL,
their ordinals skipped), after a rebuild by optimize; and a server without the extension
answers by SQL, never an error.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_postgres_bm25 import _corpus, _fill, _filled, _queries, stores  # noqa: F401

from notelens.analysis.base import Analyzer
from notelens.config import StoreConfig
from notelens.errors import IndexStoreError
from notelens.store.base import ChunkRecord, Store
from notelens.store.postgres import PostgresStore, PostgresStoreFactory
from notelens.store.testing import DIM, assert_same_ranking, rec
from pg_server import PgServer, extension_build, own_server, pg_dsn, start_standby  # noqa: F401

pytestmark = pytest.mark.integration


@pytest.fixture
def ext_stores(stores: PostgresStoreFactory, tmp_path: Path) -> PostgresStoreFactory:  # noqa: F811
    """The session server's factory, skipping when the server cannot run the extension."""
    if not stores.open(tmp_path / "probe", "t", dim=DIM).extension:
        built = extension_build()
        why = built if isinstance(built, str) else stores._pools.no_extension
        pytest.skip(f"no notelens_bm25 extension in the test server: {why}")
    return stores


def _pairs(hits: list[object]) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in hits]  # type: ignore[attr-defined]


def _check(pg: PostgresStore, memory: Store, queries: list[list[str]], k: int) -> int:
    """Each query's top k by the extension equal to the embedded store's and to the SQL
    aggregate's; returns how many queries the extension answered (trace rounds 4)."""
    served = 0
    for q in queries:
        want = _pairs(memory.search_terms(q, k))
        hits, trace = pg.bm25_topk(q, k)
        sql = _pairs(pg.bm25_topk(q, k, segments=False, aggregate_below=1 << 62)[0])
        assert_same_ranking(_pairs(hits), want, (q, k, trace))
        assert_same_ranking(_pairs(hits), sql, (q, k, "sql"))
        served += trace.rounds == 4
    return served


def test_extension_topk_equals_embedded_and_sql(
    ext_stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = _corpus(analyzed_example_records, 900, seed=5)
    pg, memory = _filled(ext_stores, tmp_path, rows)
    queries = _queries(analyzer, rows, seed=6)
    # No segments yet: the SQL path answers.
    assert pg.segments_state() is None
    assert _check(pg, memory, queries[:4], 10) == 0
    pg.build_segments()
    assert pg.segments_state() == (900, 0)
    for k in (1, 10, 100):
        assert _check(pg, memory, queries, k) == len(queries)

    # Rewritten, new and deleted chunks since the segments: exact by the delta.
    changed = [r for r in rows if r.source in {"/n/0000.md", "/n/0007.md"}]
    rewritten = [
        replace(r, terms=" ".join(reversed(r.terms.split()[: len(r.terms.split()) // 2])))
        for r in changed
    ]
    added = [rec("/n/new.md", i, r.terms, lang="ko") for i, r in enumerate(rows[100:140])]
    for store in (pg, memory):
        store.replace_sources(["/n/0000.md", "/n/0007.md"], rewritten)
        store.replace_sources(["/n/new.md"], added)
        store.delete_sources(["/n/0003.md", "/n/0011.md"])
    state = pg.segments_state()
    assert state is not None and state[1] == len(changed) + len(added) + 40
    for k in (10, 100):
        assert _check(pg, memory, queries, k) == len(queries)

    # optimize rebuilds past the dirty share (SEGMENT_ROWS lowered to this table's
    # size): no dirty chunk after, the same rankings.
    monkeypatch.setattr("notelens.store.postgres.SEGMENT_ROWS", 100)
    monkeypatch.setattr("notelens.store.postgres.SEGMENT_REBUILD_DIRTY", 200)
    pg._optimize_segments(pg.count())
    assert pg.segments_state() == (900, 120)  # not past it: kept
    monkeypatch.setattr("notelens.store.postgres.SEGMENT_REBUILD_DIRTY", 100)
    pg._optimize_segments(pg.count())
    assert pg.segments_state() == (900 - 40 + 40, 0)
    for k in (10, 100):
        assert _check(pg, memory, queries, k) == len(queries)
    # Shrunk well below the size: segments dropped, the SQL path answers.
    pg._optimize_segments(10)
    assert pg.segments_state() is None
    assert _check(pg, memory, queries[:4], 10) == 0


def test_extension_on_korean_english_and_mixed_text(
    ext_stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """The real notes as analyzed (Korean, English, mixed rows), real questions."""
    rows = analyzed_example_records
    pg, memory = _filled(ext_stores, tmp_path, rows)
    pg.build_segments()
    qs = ["LoRA는 학습 파라미터를 어떻게 줄이나", "GQA와 MQA의 차이", "how does LoRA cut parameters",
          "DPO 논문 발표자", "KV cache memory 줄이기"]  # fmt: skip
    queries = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    assert _check(pg, memory, queries, 10) == len(queries)
    assert pg.bm25_topk(["없는말", "nowhere"], 10)[0] == []


def test_dropped_table_takes_its_segments(
    ext_stores: PostgresStoreFactory, tmp_path: Path, analyzed_example_records: list[ChunkRecord]
) -> None:
    pg = ext_stores.open(tmp_path / "a", "t", dim=DIM)
    _fill(pg, analyzed_example_records[:30])
    pg.build_segments()
    tid = pg._tid
    ext_stores.drop(tmp_path / "a", "t")
    with pg._conn("test") as conn:
        for table in ("notelens_bm25_segs", "notelens_bm25_ords", "notelens_bm25_dirty"):
            n = conn.execute(f"SELECT count(*) FROM {table} WHERE tid = %s", (tid,)).fetchone()
            assert n == (0,), table


def test_server_without_the_extension_answers_by_sql(
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that cannot load it (as managed ones): probed once, the SQL path, no
    error; asking for segments is a clear error."""
    monkeypatch.setenv("NOTELENS_PG_EXT", "0")
    extension_build.cache_clear()
    try:
        with own_server("notelens-pg-noext-") as server:
            factory = PostgresStoreFactory(StoreConfig("postgres", dsn=server.dsn))
            try:
                pg, memory = _filled(factory, tmp_path, analyzed_example_records)
                assert not pg.extension
                assert "notelens_bm25" in (factory._pools.no_extension or "")
                q = list(dict.fromkeys(analyzer.terms("LoRA 파라미터 rank")))
                hits, trace = pg.bm25_topk(q, 10)
                assert trace.rounds != 4
                assert_same_ranking(_pairs(hits), _pairs(memory.search_terms(q, 10)))
                with pytest.raises(IndexStoreError, match="notelens_bm25"):
                    pg.build_segments()
                pg.optimize()  # no segments, no error
                assert pg.segments_state() is None
            finally:
                factory.close()
    finally:
        extension_build.cache_clear()


def test_a_standby_without_the_library_answers_by_sql(
    ext_stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """A read replica whose server cannot load the library (set up without it, while the
    primary has it): its BM25 runs in SQL, equal to the embedded store's, and the replica
    keeps serving reads instead of being given up for the primary."""
    with own_server("notelens-pg-extprimary-") as primary:
        root = Path(tempfile.mkdtemp(prefix="notelens-pg-extstandby-"))
        root.chmod(0o755)
        standby: PgServer | None = None
        factory = PostgresStoreFactory(StoreConfig("postgres", dsn=primary.dsn))
        try:
            pg, memory = _filled(factory, tmp_path, analyzed_example_records)
            pg.build_segments()
            assert pg.bm25_topk(["lora"], 5)[1].rounds == 4  # the primary runs it
            # the later line wins: the standby looks for libraries in $libdir only
            standby = start_standby(primary, root, conf="dynamic_library_path = '$libdir'\n")
            reads = PostgresStoreFactory(
                StoreConfig("postgres", dsn=primary.dsn, dsn_read=standby.dsn)
            )
            try:
                store = reads.open(tmp_path / "a", "t", dim=DIM)
                deadline = time.monotonic() + 30
                while not reads.replica_up():
                    assert time.monotonic() < deadline, "the replica pool opens"
                    time.sleep(0.05)
                q = list(dict.fromkeys(analyzer.terms("LoRA 파라미터 rank")))
                for _ in range(2):  # the second query goes straight to SQL
                    hits, trace = store.bm25_topk(q, 10)
                    assert trace.rounds != 4
                    assert_same_ranking(_pairs(hits), _pairs(memory.search_terms(q, 10)))
                assert reads.replica_up()
                assert ("127.0.0.1", standby.port) in reads._pools.no_library
            finally:
                reads.close()
        finally:
            factory.close()
            if standby is not None:
                with contextlib.suppress(Exception):  # stopped already
                    standby.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)


def test_extension_functions_check_their_input(ext_stores: PostgresStoreFactory) -> None:
    """The C functions directly: ties by the smaller ordinal, skipped ordinals, k past
    the matches; out-of-order postings and a damaged segment are errors, not crashes."""
    import psycopg

    pg = ext_stores.open(Path("/nonexistent-ext-probe"), "t", dim=DIM)
    topk = "SELECT * FROM notelens_bm25_topk_segments(%s, %s, 10.0, %s, %s, %s)"
    with pg._conn("test") as conn:
        seg = conn.execute(
            "SELECT notelens_bm25_pack(ARRAY[[0, 1, 10], [5, 1, 10], [300, 2, 20]])"
        ).fetchone()[0]
        other = conn.execute("SELECT notelens_bm25_pack(ARRAY[[5, 1, 10]])").fetchone()[0]
        rows = conn.execute(topk, ([seg, other], [1.0, 2.0], 301, 2, [])).fetchall()
        assert [o for o, _ in rows] == [5, 300]
        assert rows[0][1] == pytest.approx(3.0) and rows[1][1] == pytest.approx(4.4 / 4.1)
        # 0 and 5 tie in seg alone: the smaller ordinal first; 5 skipped: 300, 0.
        rows = conn.execute(topk, ([seg], [1.0], 301, 10, [])).fetchall()
        assert [o for o, _ in rows] == [300, 0, 5]
        rows = conn.execute(topk, ([seg], [1.0], 301, 10, [5])).fetchall()
        assert [o for o, _ in rows] == [300, 0]
        for bad in ("ARRAY[[5, 1, 10], [5, 2, 20]]", "ARRAY[[5, 1, 10], [2, 2, 20]]",
                    "ARRAY[[-1, 1, 10]]", "ARRAY[1, 2, 3]"):  # fmt: skip
            with pytest.raises(psycopg.Error, match="notelens_bm25_pack"):
                conn.execute(f"SELECT notelens_bm25_pack({bad})")
        with pytest.raises(psycopg.Error, match="corrupt postings segment"):
            conn.execute(topk, ([seg[:-1]], [1.0], 301, 10, []))
        with pytest.raises(psycopg.Error, match="past the segments"):
            conn.execute(topk, ([seg], [1.0], 300, 10, []))
        with pytest.raises(psycopg.Error, match="segments but"):
            conn.execute(topk, ([seg], [1.0, 2.0], 301, 10, []))
