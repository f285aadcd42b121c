"""The benchmark's bulk build (benchmarks/pg_bulk.py) writes exactly what the store's
writer writes: the same chunk rows, postings (with their impacts), document frequencies,
totals and indexes as ``replace_sources`` + ``build_impact_index`` on the same rows
(scale.py's generator over Kiwi-analyzed Korean/English notes), and the same BM25 top 10
as the embedded store. On a server of its own: the bulk load refuses a server that holds
other rows.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from notelens.analysis.base import Analyzer
from notelens.config import StoreConfig
from notelens.errors import IndexStoreError
from notelens.store.base import ChunkRecord
from notelens.store.memory import MemoryStoreFactory, TableSpace
from notelens.store.postgres import PostgresStore, PostgresStoreFactory
from notelens.store.testing import DIM, assert_same_ranking
from pg_server import own_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from pg_bulk import bulk_load
from scale import scale_rows

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh_dsn() -> Iterator[str]:
    """A server of this test's own (the bulk load needs one without other rows)."""
    with own_server("notelens-pgbulk-") as server:
        yield server.dsn


def _rows(analyzed: list[ChunkRecord], n: int) -> list[ChunkRecord]:
    """scale.py's rows (mixes of passages) over the real notes' Kiwi terms."""
    rng = np.random.default_rng(5)
    base = []
    for r in analyzed:
        if r.terms.split():
            v = rng.normal(size=DIM).astype(np.float32)
            base.append((r.lang, r.terms.split(), v / np.linalg.norm(v)))
    return list(scale_rows(base, n, mode="mix", seed=7))


def _table(store: PostgresStore, sql: str) -> list[tuple[object, ...]]:
    with store._conn("test") as conn:
        return [tuple(r) for r in conn.execute(sql, {"tid": store._tid}).fetchall()]


CHUNKS = (
    "SELECT chunk_id, source, title, heading, text, terms, line_start, line_end, page, lang, "
    "kind, links, content_hash, ordinal, file_hash, file_size, file_mtime_ns, flags, part, "
    "note, dl, embedding::text FROM notelens_chunks WHERE tid = %(tid)s ORDER BY chunk_id"
)
POSTINGS = (
    "SELECT term, chunk_id, tf, dl, impact FROM notelens_postings WHERE tid = %(tid)s "
    "ORDER BY term, chunk_id"
)
TERMS = "SELECT term, df FROM notelens_terms WHERE tid = %(tid)s ORDER BY term"
TOTALS = "SELECT n_docs, sum_dl, impact_avgdl FROM notelens_tables WHERE tid = %(tid)s"
INDEXES = (
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'notelens_%%' "
    "ORDER BY indexname"
)


def test_bulk_load_writes_what_the_writer_writes(
    fresh_dsn: str, tmp_path: Path, analyzer: Analyzer, analyzed_example_records: list[ChunkRecord]
) -> None:
    rows = _rows(analyzed_example_records, 1500)
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=fresh_dsn))
    try:
        bulk = factory.open(tmp_path / "bulk", "t", dim=DIM)
        with bulk._conn("test") as conn:
            before = [tuple(r) for r in conn.execute(INDEXES).fetchall()]
        stats = bulk_load(bulk, lambda: iter(rows), impacts=True, progress=lambda _: None)
        assert stats.rows == len(rows)
        # Every index the migrations made is back, as it was (plus this table's impacts').
        after = _table(bulk, INDEXES)
        assert [r for r in after if r[0] != f"notelens_impact_{bulk._tid}"] == before
        assert any(r[0] == f"notelens_impact_{bulk._tid}" for r in after)

        writer = factory.open(tmp_path / "writer", "t", dim=DIM)
        for at in range(0, len(rows), 400):  # commits of 20 files, as an index run
            part = rows[at : at + 400]
            writer.replace_sources(sorted({r.source for r in part}), part)
        writer.build_impact_index()
        for sql in (CHUNKS, TERMS, TOTALS):
            got, want = _table(bulk, sql), _table(writer, sql)
            assert got == want and got, sql
        # Impacts: float4 from Python's 9-digit text (the writer's COPY, and the bulk's)
        # or from SQL's float8 (build_impact_index) may round 1 ulp apart, far inside the
        # bound's margin (IMPACT_MARGIN 1e-5); everything else is equal.
        got, want = _table(bulk, POSTINGS), _table(writer, POSTINGS)
        assert [p[:4] for p in got] == [p[:4] for p in want] and got
        assert np.allclose([p[4] for p in got], [p[4] for p in want], rtol=3e-7, atol=0)
        assert stats.postings == len(_table(bulk, POSTINGS))

        memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "m", "t", dim=DIM)
        memory.replace_sources(sorted({r.source for r in rows}), rows)
        queries = ["LoRA rank와 파라미터 수", "스터디 발표자 일정", "KV cache 메모리",
                   "DPO 손실 함수", "attention head 수는?"]  # fmt: skip
        for q in queries:
            qt = list(dict.fromkeys(analyzer.terms(q)))
            want_hits = [(h.chunk_id, h.score) for h in memory.search_terms(qt, 10)]
            assert want_hits, q
            for store in (bulk, writer):
                # 0: the impact path, not the aggregate (the server's top-k function).
                hits = store.bm25_topk(qt, 10, aggregate_below=0)[0]
                assert_same_ranking([(h.chunk_id, h.score) for h in hits], want_hits, q)

        # A server that holds rows is refused (its indexes are not dropped).
        other = factory.open(tmp_path / "other", "t", dim=DIM)
        indexes = _table(other, INDEXES)
        with pytest.raises(IndexStoreError, match="fresh"):
            bulk_load(other, lambda: iter(rows[:10]), impacts=False, progress=lambda _: None)
        assert _table(other, INDEXES) == indexes
    finally:
        factory.close()
