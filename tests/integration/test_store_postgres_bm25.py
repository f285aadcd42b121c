"""BM25 top-k on impact-ordered postings (schema v6, notelens.store.postgres_bm25), on a
real server: rankings equal to the embedded store's (the memory store's Bm25Index) up to
ties for Korean, English and mixed queries, through every path the proof can take (the
first round, deeper rounds, the full aggregate when the depth runs out, a filter), under
avgdl drift before and after the impacts are rebased, and with the writer's document
frequencies equal to a count of the postings after replaces and deletes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from notelens.analysis.base import Analyzer
from notelens.config import StoreConfig
from notelens.store.base import ChunkRecord, Store, StoreFilter
from notelens.store.memory import MemoryStoreFactory, TableSpace
from notelens.store.postgres import PostgresStore, PostgresStoreFactory
from notelens.store.postgres_bm25 import Bm25Trace, impact
from notelens.store.testing import DIM, assert_same_ranking, rec
from pg_server import pg_dsn  # noqa: F401  (the session server fixture)

pytestmark = pytest.mark.integration


@pytest.fixture
def stores(pg_dsn: str) -> Iterator[PostgresStoreFactory]:  # noqa: F811
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    yield factory
    factory.close()


def _corpus(
    analyzed: list[ChunkRecord], n: int, *, seed: int, length: tuple[int, int] = (5, 60)
) -> list[ChunkRecord]:
    """``n`` rows of terms drawn from the real notes' term distribution (Kiwi-analyzed
    Korean/English examples), of random lengths, Korean and English rows: frequent terms
    get hundreds of postings, so the top-k proof needs several rounds."""
    rng = np.random.default_rng(seed)
    vocab = [t for r in analyzed for t in r.terms.split()]
    rows = []
    for i in range(n):
        size = int(rng.integers(*length))
        terms = [vocab[int(j)] for j in rng.integers(0, len(vocab), size)]
        src = f"/n/{i // 20:04d}.md"
        rows.append(rec(src, i % 20, " ".join(terms), lang="ko" if i % 3 else "en"))
    return rows


def _fill(stores: Store, rows: list[ChunkRecord]) -> None:
    for source in sorted({r.source for r in rows}):
        stores.replace_sources([source], [r for r in rows if r.source == source])


def _filled(
    stores: PostgresStoreFactory, tmp_path: Path, rows: list[ChunkRecord]
) -> tuple[PostgresStore, Store]:
    """A Postgres table and an embedded (memory) one holding the same ``rows``."""
    pg = stores.open(tmp_path / "a", "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "b", "t", dim=DIM)
    _fill(pg, rows)
    _fill(memory, rows)
    return pg, memory


def _queries(analyzer: Analyzer, rows: list[ChunkRecord], seed: int) -> list[list[str]]:
    """Real questions (Korean, English, mixed) analyzed by Kiwi, and random sets of 1-6
    terms of the rows (frequent and rare ones)."""
    real = ["LoRA rank와 파라미터 수", "스터디 발표자 일정", "KV cache 메모리", "DPO 손실 함수",
            "attention head 수는?", "학습률 warmup"]  # fmt: skip
    out = [list(dict.fromkeys(analyzer.terms(q))) for q in real]
    rng = np.random.default_rng(seed)
    for _ in range(24):
        row = rows[int(rng.integers(0, len(rows)))].terms.split()
        out.append(list(dict.fromkeys(row[int(j)] for j in rng.integers(0, len(row), 6)))[:6])
    return out


def _same_as_embedded(
    pg: PostgresStore,
    memory: Store,
    queries: list[list[str]],
    k: int,
    where: StoreFilter | None = None,
    aggregate_below: int = 0,
    server: bool = True,
) -> list[Bm25Trace]:
    """Each query's top k equal to the embedded store's; the rounds forced (0: never
    the aggregate at once, whatever the postings); ``server``: in the server's function
    (without a filter), else driven from the client."""
    traces = []
    for q in queries:
        want = [(h.chunk_id, h.score) for h in memory.search_terms(q, k, where)]
        hits, trace = pg.bm25_topk(q, k, where, aggregate_below=aggregate_below, server=server)
        assert_same_ranking([(h.chunk_id, h.score) for h in hits], want, (q, k, trace))
        traces.append(trace)
    return traces


def test_topk_equals_the_embedded_store_through_every_path(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = _corpus(analyzed_example_records, 800, seed=1)
    pg, memory = _filled(stores, tmp_path, rows)
    queries = _queries(analyzer, rows, seed=2)
    # No impacts kept (a small table): the aggregate answers even when rounds are asked.
    traces = _same_as_embedded(pg, memory, queries[:6], 10)
    assert all(t.rounds == 0 for t in traces)
    pg.build_impact_index()
    # A shallow first round: on this table the proof often needs the second (heads).
    monkeypatch.setattr("notelens.store.postgres.FIRST_DEPTH", 2)
    traces = []
    for k in (1, 10, 50):
        traces += _same_as_embedded(pg, memory, queries, k, server=False)
    assert any(t.rounds == 1 for t in traces) and any(t.rounds == 2 for t in traces)
    assert not any(t.fallback for t in traces)
    # Proven rounds see a part of the postings, not all of them.
    assert any(t.candidates < 100 for t in traces if t.rounds == 1)
    # A filter keeps candidates out: still exact.
    traces = _same_as_embedded(pg, memory, queries, 10, StoreFilter(lang="en"))
    assert traces
    # Heads or survivors too many: the full aggregate answers, with the same ranking.
    monkeypatch.setattr("notelens.store.postgres.HEAD_CAP", 5)
    traces = _same_as_embedded(pg, memory, queries, 10, server=False)
    assert any(t.fallback for t in traces)
    monkeypatch.setattr("notelens.store.postgres.HEAD_CAP", 20_000)
    monkeypatch.setattr("notelens.store.postgres.SURVIVOR_CAP", 3)
    traces = _same_as_embedded(pg, memory, queries, 10, server=False)
    assert any(t.fallback for t in traces)
    # Few postings: the aggregate at once (the default below AGG_POSTINGS), same ranking.
    traces = _same_as_embedded(pg, memory, queries, 10, aggregate_below=10**9)
    assert all(t.rounds == 0 and not t.fallback and t.postings > 0 for t in traces)
    assert all(t.rounds == 0 for _, t in (pg.bm25_topk(q, 10) for q in queries[:3]))
    assert pg.bm25_topk([], 10) == ([], Bm25Trace(0, 0, 0, fallback=False))
    assert pg.bm25_topk(["없는말", "nowhere"], 10)[0] == []


def test_server_function_equals_the_embedded_store(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """The rounds inside the server (notelens_bm25_topk, schema v7): the embedded
    store's ranking for k 1, 10 and 50 at shallow and deep first reads, scoring only part
    of the survivors (the batches stop at the bound), and the aggregate when fewer than
    k chunks hold a query term."""
    rows = _corpus(analyzed_example_records, 1000, seed=11)
    pg, memory = _filled(stores, tmp_path, rows)
    pg.build_impact_index()
    queries = _queries(analyzer, rows, seed=12)
    traces = []
    for depth in (2, 64):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("notelens.store.postgres.FIRST_DEPTH", depth)
            for k in (1, 10, 50):
                traces += _same_as_embedded(pg, memory, queries, k)
    done = [t for t in traces if not t.fallback]
    assert done and all(t.rounds == 3 for t in done)
    assert any(t.lookups < t.candidates for t in done)  # stopped before the last survivor
    assert all(t.candidates < len(rows) for t in done)
    # A term held by fewer than k rows: no theta, the aggregate answers (same ranking).
    rare = [t for t, n in Counter(t for r in rows for t in set(r.terms.split())).items() if n < 3]
    assert rare
    traces = _same_as_embedded(pg, memory, [rare[:1]], 10)
    assert traces[0].fallback
    # Survivors past the cap, the bound not reached within it: the aggregate, exact.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("notelens.store.postgres.SURVIVOR_CAP", 2)
        mp.setattr("notelens.store.postgres.FIRST_DEPTH", 2)
        traces = _same_as_embedded(pg, memory, queries, 10)
    assert any(t.fallback and t.candidates > 2 for t in traces)


def test_avgdl_drift_keeps_the_top_k_exact_and_a_rebase_tightens_it(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """The first write's short rows set the impacts' reference length; long rows then
    multiply avgdl: impacts written before and after use the old reference, the bound
    carries the drift factor, and rankings stay the embedded store's. optimize()'s
    rebase rewrites them at the current avgdl, once (exact both before and after)."""
    short = _corpus(analyzed_example_records, 200, seed=3, length=(2, 6))
    long = [
        replace(r, source="/l" + r.source, chunk_id="/l" + r.chunk_id)
        for r in _corpus(analyzed_example_records, 400, seed=4, length=(40, 120))
    ]
    pg = stores.open(tmp_path / "a", "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "b", "t", dim=DIM)
    _fill(pg, short)
    pg.build_impact_index()  # the short rows' avgdl is the impacts' reference
    _fill(pg, long)
    _fill(memory, short)
    _fill(memory, long)
    queries = _queries(analyzer, short + long, seed=5)
    _same_as_embedded(pg, memory, queries, 10)
    ref = _table(pg)["impact_avgdl"]
    assert ref < 10 and _table(pg)["avgdl"] > 4 * ref
    assert pg.rebase_impacts() is True
    assert _table(pg)["impact_avgdl"] == pytest.approx(_table(pg)["avgdl"])
    assert pg.rebase_impacts() is False  # no drift left
    _same_as_embedded(pg, memory, queries, 10)
    _assert_impacts_and_df(pg)


def test_writer_keeps_df_and_impacts_with_replaces_and_deletes(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    rows = _corpus(analyzed_example_records, 300, seed=6)
    pg = stores.open(tmp_path / "a", "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "b", "t", dim=DIM)
    changed = _corpus(analyzed_example_records, 40, seed=7)
    for store in (pg, memory):
        _fill(store, rows)
        if store is pg:
            pg.build_impact_index()
        # Two files rewritten (one of them shorter), one deleted, one emptied.
        store.replace_sources(["/n/0000.md"], [replace(r, file_hash="h2", chunk_id=r.chunk_id
                              + "v2") for r in changed[:20]])  # fmt: skip
        store.replace_sources(["/n/0001.md"], changed[20:25])
        store.delete_sources(["/n/0002.md"])
        store.replace_sources(["/n/0003.md"], [])
    _assert_impacts_and_df(pg)
    _same_as_embedded(pg, memory, _queries(analyzer, rows, seed=8), 10)


def _table(store: PostgresStore) -> dict[str, float]:
    with store._conn("test") as conn:
        row = conn.execute(
            "SELECT impact_avgdl, sum_dl::float8 / n_docs FROM notelens_tables WHERE tid = %s",
            (store._tid,),
        ).fetchone()
    assert row is not None
    return {"impact_avgdl": float(row[0]), "avgdl": float(row[1])}


def _assert_impacts_and_df(store: PostgresStore) -> None:
    """notelens_terms holds each term's posting count, no term without postings, and
    every impact is the BM25 tf part at the table's reference length (float4)."""
    with store._conn("test") as conn:
        diff = conn.execute(
            "SELECT count(*) FROM (SELECT term, count(*)::int AS df FROM notelens_postings "
            "WHERE tid = %(t)s GROUP BY term) a FULL JOIN (SELECT term, df FROM notelens_terms "
            "WHERE tid = %(t)s) b USING (term) WHERE a.df IS DISTINCT FROM b.df",
            {"t": store._tid},
        ).fetchone()
        rows = conn.execute(
            "SELECT tf, dl, impact FROM notelens_postings WHERE tid = %s", (store._tid,)
        ).fetchall()
    assert diff == (0,)
    ref = _table(store)["impact_avgdl"]
    assert rows
    for tf, dl, got in rows:
        assert got == pytest.approx(impact(tf, dl, ref), rel=1e-6)


def test_optimize_keeps_impacts_only_for_large_tables(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzed_example_records: list[ChunkRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The impact index costs writes: optimize() builds it past IMPACT_INDEX_ROWS rows
    (impacts computed for the rows already there, then written with each new row) and
    drops it below half of that (the writer then writes none)."""
    monkeypatch.setattr("notelens.store.postgres.IMPACT_INDEX_ROWS", 200)
    rows = _corpus(analyzed_example_records, 240, seed=9)
    pg = stores.open(tmp_path / "a", "t", dim=DIM)
    _fill(pg, rows[:100])
    pg.optimize()
    assert _refs(pg) == (None, False)
    _fill(pg, rows[100:])
    pg.optimize()
    assert _refs(pg) == (pytest.approx(_table(pg)["avgdl"]), True)
    more = _corpus(analyzed_example_records, 20, seed=10)
    pg.replace_sources(["/n/0000.md"], [replace(r, source="/n/0000.md") for r in more])
    _assert_impacts_and_df(pg)
    pg.delete_sources(sorted({r.source for r in rows[20:]}))
    pg.optimize()
    assert _refs(pg) == (None, False)


def _refs(store: PostgresStore) -> tuple[float | None, bool]:
    """The table's impact reference and whether its impact index exists."""
    with store._conn("test") as conn:
        row = conn.execute(
            "SELECT impact_avgdl, to_regclass(%s) IS NOT NULL FROM notelens_tables WHERE tid = %s",
            (f"notelens_impact_{store._tid}", store._tid),
        ).fetchone()
    assert row is not None
    return (None if row[0] is None else float(row[0])), bool(row[1])
