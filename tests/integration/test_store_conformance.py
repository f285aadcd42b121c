"""Every ``Store`` backend passes the shipped conformance suite (real backends, temp
folders), plus what is particular to LanceDB (its full-text and ANN indexes).

The suite itself is :mod:`notelens.store.testing`; a backend joins by one small class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from notelens.analysis.base import Analyzer
from notelens.config import ANN_INDEXES, DenseConfig
from notelens.store.base import ChunkRecord, StoreFactory, StoreFilter
from notelens.store.lancedb import RESIDENT_BM25_MAX_ROWS, LanceDBStoreFactory
from notelens.store.memory import MemoryStoreFactory, TableSpace
from notelens.store.testing import DIM, StoreConformanceTests, rec, recs
from pg_server import pg_dsn  # noqa: F401  (the session's PostgreSQL server fixture)

pytestmark = pytest.mark.integration


class TestLanceDB(StoreConformanceTests):
    """BM25 resident in memory, and through LanceDB's full-text index (the path of
    tables too big to hold)."""

    @pytest.fixture(params=[RESIDENT_BM25_MAX_ROWS, 0], ids=["resident-bm25", "lancedb-fts"])
    def stores(self, request: pytest.FixtureRequest) -> StoreFactory:
        return LanceDBStoreFactory(resident_bm25_max_rows=request.param)


class TestMemory(StoreConformanceTests):
    @pytest.fixture
    def stores(self) -> StoreFactory:
        return MemoryStoreFactory(TableSpace())


class TestPostgres(StoreConformanceTests):
    """A real PostgreSQL + pgvector server on loopback (tests/pg_server.py)."""

    @pytest.fixture
    def stores(self, pg_dsn: str) -> Iterator[StoreFactory]:  # noqa: F811
        from notelens.config import StoreConfig
        from notelens.store.postgres import PostgresStoreFactory

        factory = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
        yield factory
        factory.close()


def test_registry_creates_both_backends_by_name() -> None:
    from notelens.config import Settings, StoreConfig
    from notelens.errors import ConfigError
    from notelens.store import registry

    assert {"lancedb", "memory"} <= set(registry.names())
    assert registry.create("lancedb").name == "lancedb"
    assert registry.create("memory").name == "memory"
    with pytest.raises(ConfigError):
        registry.create("no-such-store")
    assert Settings(store=StoreConfig("memory")).store.backend == "memory"


def test_store_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.config import Settings

    monkeypatch.setenv("NOTELENS_STORE", "memory")
    assert Settings.from_env().store.backend == "memory"
    monkeypatch.delenv("NOTELENS_STORE")
    assert Settings.from_env().store.backend == "lancedb"


@pytest.mark.parametrize("kind", ANN_INDEXES)
def test_ann_path_matches_exact(tmp_path: Path, kind: str) -> None:
    """Past the threshold the LanceDB backend builds its ANN index, of every kind
    ``dense.ann_index`` names; results stay right (refine_factor re-scores the quantised
    kinds' candidates on the stored vectors: the top hit's score is exact)."""
    rng = np.random.default_rng(0)
    dense = DenseConfig(ann_threshold=200, ann_index=kind)
    store = LanceDBStoreFactory().open(tmp_path, "chunks_ann", dim=DIM, dense=dense)
    vecs = rng.normal(size=(400, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [
        replace(rec("/n/a.md", i, f"t{i}", lang="ko" if i % 2 else "en"), vector=vecs[i])
        for i in range(400)
    ]
    store.replace_sources(["/n/a.md"], records)
    exact = [h.chunk_id for h in store.search_vector(vecs[7], 5)]
    store.optimize()
    assert store.stats().dense_index == kind.lower()
    ann = store.search_vector(vecs[7], 5)
    assert ann[0].chunk_id == records[7].chunk_id and ann[0].score == pytest.approx(1.0, abs=1e-4)
    assert len(set(exact) & {h.chunk_id for h in ann}) >= 4
    assert store.search_vectors(vecs[7:9], 5)[0] == ann
    ko = recs(store, store.search_vector(vecs[7], 5, StoreFilter(lang="ko")))
    assert ko and all(r.lang == "ko" for r in ko)


def test_a_reader_takes_up_an_ann_index_built_by_another_handle(tmp_path: Path) -> None:
    """The server's store keeps serving across index runs (``refresh``, background
    rebuilds): an ANN index the run built must be used, not a resident copy of a table
    grown past the threshold."""
    rng = np.random.default_rng(1)
    dense = DenseConfig(ann_threshold=200)
    stores = LanceDBStoreFactory()
    writer = stores.open(tmp_path, "chunks_ann", dim=DIM, dense=dense)
    vecs = rng.normal(size=(400, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [replace(rec("/n/a.md", i, f"t{i}"), vector=vecs[i]) for i in range(400)]
    writer.replace_sources(["/n/a.md"], records[:100])
    reader = stores.open(tmp_path, "chunks_ann", dim=DIM, dense=dense, create=False)
    assert reader.search_vector(vecs[7], 1)[0].chunk_id == records[7].chunk_id
    assert reader.stats().dense_index == "exact"
    writer.replace_sources(["/n/a.md"], records)
    writer.optimize()
    reader.refresh()
    assert reader.stats().dense_index == "ivf_sq"  # the default kind
    assert reader.search_vector(vecs[300], 1)[0].chunk_id == records[300].chunk_id


def test_an_existing_vector_index_keeps_its_kind_when_the_setting_changes(tmp_path: Path) -> None:
    """The default kind changed (IVF_FLAT -> IVF_SQ): a table indexed before keeps its
    IVF_FLAT index through later index runs (optimize folds new rows into it) until a
    rebuild writes a new table; stats report the kind on disk, not the setting."""
    rng = np.random.default_rng(2)
    vecs = rng.normal(size=(500, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    langs = ("ko", "en")
    records = [
        replace(rec(f"/n/{i % 5}.md", i, f"메모 t{i} note", lang=langs[i % 2]), vector=vecs[i])
        for i in range(500)
    ]
    old = DenseConfig(ann_threshold=200, ann_index="IVF_FLAT")
    store = LanceDBStoreFactory().open(tmp_path, "chunks_ann", dim=DIM, dense=old)
    store.replace_sources(
        [f"/n/{i}.md" for i in range(4)], [r for r in records if r.source != "/n/4.md"]
    )
    store.optimize()
    new = replace(old, ann_index="IVF_SQ")
    again = LanceDBStoreFactory().open(tmp_path, "chunks_ann", dim=DIM, dense=new, create=False)
    again.replace_sources(["/n/4.md"], [r for r in records if r.source == "/n/4.md"])
    again.optimize()
    assert again.stats().dense_index == "ivf_flat"
    assert again.search_vector(vecs[4], 1)[0].chunk_id == records[4].chunk_id
    ko = recs(again, again.search_vector(vecs[9], 5, StoreFilter(lang="en")))
    assert ko and all(r.lang == "en" for r in ko)


def test_the_vector_index_is_built_after_lancedbs_optimize(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LanceDB's optimize rewrites a vector index into one that costs 2-2.5x the CPU a
    query (docs/benchmarks.md, "LanceDB's optimize and the vector index"): the store's
    optimize compacts first and builds the vector index last, on Korean and mixed rows."""
    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(300, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [
        replace(rec(f"/n/{i % 3}.md", i, f"메모 t{i} LoRA note", lang="ko"), vector=vecs[i])
        for i in range(300)
    ]
    store = LanceDBStoreFactory().open(
        tmp_path, "chunks_order", dim=DIM, dense=DenseConfig(ann_threshold=200)
    )
    store.replace_sources([f"/n/{i}.md" for i in range(3)], records)
    table = store._table  # the order of LanceDB calls is the subject
    calls: list[str] = []
    for name in ("optimize", "create_index"):
        original = getattr(table, name)

        def spy(*args: object, _name: str = name, _original: Any = original, **kw: object) -> Any:
            column = args[0] if args else ""
            calls.append(f"{_name}:{column}" if _name == "create_index" else _name)
            return _original(*args, **kw)

        monkeypatch.setattr(table, name, spy)
    store.optimize()
    assert calls[-2:] == ["optimize", "create_index:vector"]
    assert store.stats().dense_index == "ivf_sq"
    assert store.search_vector(vecs[7], 1)[0].chunk_id == records[7].chunk_id


def test_resident_bm25_ranks_like_lancedb_fts(
    tmp_path: Path, analyzer: Analyzer, analyzed_example_records: list[ChunkRecord]
) -> None:
    """The in-memory BM25 and LanceDB's full-text index agree on real analyzed notes."""
    records = analyzed_example_records
    resident = LanceDBStoreFactory().open(tmp_path / "a", "t", dim=DIM)
    on_disk = LanceDBStoreFactory(resident_bm25_max_rows=0).open(tmp_path / "b", "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "c", "t", dim=DIM)
    for store in (resident, on_disk, memory):
        for source in sorted({r.source for r in records}):
            store.replace_sources([source], [r for r in records if r.source == source])
    queries = [
        "LoRA rank와 파라미터 수",
        "스터디 발표자 일정",
        "retrieval augmented generation benchmark",
        "DPO 손실 함수",
        "KV cache 메모리",
        "프롬프트 인젝션 방어",
    ]
    for q in queries:
        qt = list(dict.fromkeys(analyzer.terms(q)))
        a = resident.search_terms(qt, 10)
        b = on_disk.search_terms(qt, 10)
        c = memory.search_terms(qt, 10)
        assert a, q
        assert [h.chunk_id for h in a[:3]] == [h.chunk_id for h in b[:3]], q
        assert [h.score for h in a] == pytest.approx([h.score for h in b], rel=1e-3), q
        assert [h.chunk_id for h in c] == [h.chunk_id for h in a], q


def test_engine_runs_on_the_memory_backend_chosen_by_setting(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    """``Settings.store`` picks the backend the whole engine uses: index, search, a
    second engine in the same process (the memory store's process-wide tables), doctor."""
    from notelens import Engine, FileStatus
    from notelens.config import Settings, StoreConfig

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gqa.md").write_text(
        "# 어텐션\n\nGQA는 KV head를 그룹마다 공유한다. MQA shares a single KV head.\n",
        encoding="utf-8",
    )
    (notes / "lora.md").write_text(
        "# LoRA\n\nLoRA는 저랭크 행렬만 학습한다. Pretrained weights stay frozen.\n",
        encoding="utf-8",
    )
    settings = Settings(store=StoreConfig("memory"))
    engine = make_engine(tmp_path / "index", settings=settings)  # the session's models
    assert engine.stores.name == "memory"
    report = engine.index([notes])
    assert report.count(FileStatus.INDEXED) == 2
    assert not (tmp_path / "index" / "lance").exists()  # nothing of LanceDB on disk
    hits = engine.search("저랭크 행렬", k=1)
    assert hits[0].source.endswith("lora.md")
    other = Engine(
        tmp_path / "index", settings=settings, analyzer=engine.analyzer, embedder=engine.embedder
    )
    assert other.search("KV head 공유", k=1)[0].source.endswith("gqa.md")
    assert other.status().chunks == engine.status().chunks > 0
    assert engine.doctor().healthy
    (notes / "gqa.md").unlink()
    engine.index()
    assert {h.source for h in other.search("KV head", k=5)} <= {str((notes / "lora.md").resolve())}
