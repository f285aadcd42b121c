"""What is particular to the PostgreSQL store, on a real server (tests/pg_server.py):
BM25 on real analyzed notes equal to the embedded store's, the HNSW path against exact
search, the server-side lock of index runs, the engine end to end, kill -9 of an index
run, and clear errors for a bad configuration or an unreachable server.

The shared contracts are in test_store_conformance.py (``-k postgres``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from notelens import FileStatus
from notelens.analysis.base import Analyzer
from notelens.config import DenseConfig, Settings, StoreConfig
from notelens.errors import ConfigError, IndexLockedError, IndexStoreError
from notelens.store import postgres
from notelens.store.base import ChunkRecord, StoreFilter
from notelens.store.memory import MemoryStoreFactory, TableSpace
from notelens.store.postgres import PostgresStoreFactory
from notelens.store.testing import DIM, assert_same_ranking, rec, recs
from pg_server import database_at, free_port, pg_dsn  # noqa: F401  (the session server fixture)

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"


@pytest.fixture
def stores(pg_dsn: str) -> Iterator[PostgresStoreFactory]:  # noqa: F811
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    yield factory
    factory.close()


def test_bm25_on_analyzed_notes_equals_the_embedded_store(
    stores: PostgresStoreFactory,
    tmp_path: Path,
    analyzer: Analyzer,
    analyzed_example_records: list[ChunkRecord],
) -> None:
    """Kiwi-analyzed Korean/English notes: the server's top 10 equals the memory store's
    (the embedded BM25) for Korean, English and mixed queries."""
    records = analyzed_example_records
    pg = stores.open(tmp_path / "a", "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "b", "t", dim=DIM)
    for store in (pg, memory):
        for source in sorted({r.source for r in records}):
            store.replace_sources([source], [r for r in records if r.source == source])
    for q in ("LoRA rank와 파라미터 수", "스터디 발표자 일정", "KV cache 메모리", "DPO 손실 함수"):
        qt = list(dict.fromkeys(analyzer.terms(q)))
        want = [(h.chunk_id, h.score) for h in memory.search_terms(qt, 10)]
        assert want, q
        assert_same_ranking([(h.chunk_id, h.score) for h in pg.search_terms(qt, 10)], want, q)


def test_hnsw_past_the_threshold_keeps_recall(stores: PostgresStoreFactory, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n = 600
    vecs = rng.normal(size=(n, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [
        replace(rec("/n/a.md", i, f"t{i}", lang="ko" if i % 2 else "en"), vector=vecs[i])
        for i in range(n)
    ]
    store = stores.open(tmp_path, "chunks_ann", dim=DIM, dense=DenseConfig(ann_threshold=300))
    store.replace_sources(["/n/a.md"], records)
    queries = rng.normal(size=(20, DIM)).astype(np.float32)
    exact = store.search_vectors(queries, 10)
    assert store.stats().dense_index == "exact"
    store.optimize()
    assert store.stats().dense_index == "hnsw"
    ann = store.search_vectors(queries, 10)
    recall = np.mean(
        [
            len({h.chunk_id for h in a} & {h.chunk_id for h in e}) / 10
            for a, e in zip(ann, exact, strict=True)
        ]
    )
    assert recall >= 0.95, recall
    ko = recs(store, store.search_vector(queries[0], 10, where=None))
    assert len(ko) == 10
    filtered = recs(store, store.search_vector(queries[0], 10, StoreFilter(lang="ko")))
    assert len(filtered) == 10 and all(r.lang == "ko" for r in filtered)


def test_ann_build_lets_writers_write(stores: PostgresStoreFactory, tmp_path: Path) -> None:
    """The HNSW build runs CONCURRENTLY: a plain CREATE INDEX held a SHARE lock on the
    chunks table, so every writer waited for the whole build (minutes at 1M rows). A
    snapshot held open in another session keeps the build in its last wait (the graph
    built, not yet valid); meanwhile a writer's replace goes through, searches answer
    (exactly: stats still say so), and once the snapshot ends the index is valid and
    holds the new row. An invalid leftover (a failed concurrent build) is rebuilt."""
    import threading

    import psycopg

    dsn = stores.config.dsn
    assert dsn is not None
    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(301, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store = stores.open(tmp_path, "chunks_cc", dim=DIM, dense=DenseConfig(ann_threshold=100))
    store.replace_sources(
        ["/n/a.md"], [replace(rec("/n/a.md", i, f"t{i}"), vector=vecs[i]) for i in range(300)]
    )
    name = store._ann_index()
    build = threading.Thread(target=store.build_ann)
    wrote = threading.Event()

    def write() -> None:
        row = replace(
            rec("/n/b.md", 0, "빌드 중에 쓴 노트 written during the build"), vector=vecs[300]
        )
        store.replace_sources(["/n/b.md"], [row])
        wrote.set()

    with psycopg.connect(dsn) as holder, psycopg.connect(dsn, autocommit=True) as probe:
        holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        holder.execute("SELECT 1")  # takes the snapshot the build must wait out
        build.start()
        deadline = time.monotonic() + 60
        phase = None
        while phase != "waiting for old snapshots" and time.monotonic() < deadline:
            time.sleep(0.05)
            row = probe.execute(
                "SELECT phase FROM pg_stat_progress_create_index "
                "WHERE relid = 'notelens_chunks'::regclass"
            ).fetchone()
            phase = row[0] if row else None
        assert phase == "waiting for old snapshots"
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(30)
        assert wrote.is_set(), "a writer waited for the ANN build"
        assert store.stats().dense_index == "exact"
        holder.rollback()
    build.join(60)
    assert not build.is_alive()
    assert store.stats().dense_index == "hnsw"
    new_row = store.records(StoreFilter(source_glob="/n/b.md"))[0]
    assert store.search_vector(vecs[300], 1)[0].chunk_id == new_row.chunk_id

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = to_regclass(%s)", (name,)
        )
    assert store.stats().dense_index == "exact"
    store.build_ann()
    assert store.stats().dense_index == "hnsw"


def test_index_runs_take_a_server_side_lock(pg_dsn: str, tmp_path: Path) -> None:  # noqa: F811
    """The folder lock does not reach another machine: the server's advisory lock does."""
    a = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    b = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    try:
        with a.writer_lock(tmp_path / "index"):
            with pytest.raises(IndexLockedError), b.writer_lock(tmp_path / "index"):
                pass
            with b.writer_lock(tmp_path / "other"):  # another index: not blocked
                pass
        with b.writer_lock(tmp_path / "index"):  # released
            pass
    finally:
        a.close()
        b.close()


def test_unreachable_server_and_missing_dsn_are_clear_errors(tmp_path: Path) -> None:
    dead = PostgresStoreFactory(
        StoreConfig("postgres", dsn=f"postgresql://postgres:secret@127.0.0.1:{free_port()}/x")
    )
    with pytest.raises(IndexStoreError) as err:
        dead.open(tmp_path, "t", dim=DIM)
    assert "secret" not in str(err.value) and err.value.hint
    with pytest.raises(ConfigError):
        Settings(store=StoreConfig("postgres")).validate()
    with pytest.raises(IndexStoreError):
        PostgresStoreFactory(StoreConfig("postgres"))


def test_engine_indexes_and_searches_on_postgres(
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
    make_engine: Callable[..., Any],
) -> None:
    """Settings.store picks Postgres for the whole engine: index, hybrid search in Korean
    and English, a second engine (another process's view) sees the rows, re-index of a
    changed file, status."""
    import shutil

    from notelens import Engine, FileStatus

    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    settings = Settings(store=StoreConfig("postgres", dsn=pg_dsn))
    engine = make_engine(tmp_path / "index", settings=settings)  # the session's models
    assert engine.stores.name == "postgres"
    report = engine.index([notes])
    assert report.count(FileStatus.INDEXED) > 0
    assert not (tmp_path / "index" / "lance").exists()
    assert engine.search("LoRA 저랭크 행렬", k=3)
    other = Engine(
        tmp_path / "index", settings=settings, analyzer=engine.analyzer, embedder=engine.embedder
    )
    hits = other.search("KV cache", k=3, mode="bm25")
    assert hits and other.status().chunks == engine.status().chunks > 0
    assert engine.status().store == "postgres"
    assert engine.doctor().healthy
    first = sorted(notes.rglob("*.md"))[0]
    first.write_text("# 새 노트\n\n그룹 쿼리 어텐션 GQA zebrafish 실험.\n", encoding="utf-8")
    engine.index()
    assert other.search("zebrafish", k=1, mode="bm25")[0].source == str(first.resolve())


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_store_options(pg_dsn: str, tmp_path: Path) -> None:  # noqa: F811
    """``notelens --store postgres --dsn …`` on index/search/status; without a DSN a
    one-line error with a hint, exit 2, no traceback (the CLI in this process with the
    session's models, tests/cli_inprocess.py: an escaping exception fails the test)."""
    import os

    from cli_inprocess import CliResult, run_cli

    def run(*args: str) -> CliResult:
        unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NOTELENS_DSN")}
        return run_cli(*args, env={**unset, "COLUMNS": "200"})

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gqa.md").write_text(
        "# 어텐션\n\nGQA는 KV head를 그룹마다 공유한다. MQA shares a single KV head.\n",
        encoding="utf-8",
    )
    pg = ("--store", "postgres", "--dsn", pg_dsn)
    index = ("--index", str(tmp_path / "index"))
    res = run(*pg, "index", str(notes), *index, "--json")
    assert res.returncode == 0, res.stderr
    res = run(*pg, "search", "KV head 공유", *index, "--json")
    assert res.returncode == 0, res.stderr
    assert "gqa.md" in res.stdout
    res = run(*pg, "status", *index)
    assert res.returncode == 0, res.stderr
    assert any(line.split()[:2] == ["store", "postgres"] for line in res.stdout.splitlines())
    res = run("--store", "postgres", "status", *index)
    assert res.returncode == 2 and "NOTELENS_DSN" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


def test_moving_a_lancedb_index_into_postgres(
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
    make_engine: Callable[..., Any],
) -> None:
    """``index --from-index``: rows and vectors copied, nothing re-embedded, the same
    answers; a file deleted from the source is deleted from the target on a re-copy."""
    import shutil

    from notelens import Engine

    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    lance = make_engine(tmp_path / "lance-index", settings=Settings(store=StoreConfig("lancedb")))
    lance.index([notes])
    settings = Settings(store=StoreConfig("postgres", dsn=pg_dsn))
    pg = Engine(
        tmp_path / "pg-index", settings=settings, analyzer=lance.analyzer, embedder=lance.embedder
    )
    copied = pg.import_index(tmp_path / "lance-index")
    assert copied.rows == lance.status().chunks == pg.status().chunks > 0
    report = pg.index()
    assert report.chunks_embedded == 0 and report.count(FileStatus.INDEXED) == 0
    for q in ("LoRA 저랭크 행렬", "KV cache memory"):
        for mode in ("bm25", "dense"):
            a = [h.chunk_id for h in lance.search(q, k=5, mode=mode)]
            b = [h.chunk_id for h in pg.search(q, k=5, mode=mode)]
            assert a == b, (q, mode)
    gone = sorted(notes.rglob("*.md"))[0]
    gone.unlink()
    lance.index()
    assert pg.import_index(tmp_path / "lance-index").deleted_files == 1
    assert (
        str(gone.resolve())
        not in pg.stores.open(
            pg.layout.root, copied.table, dim=lance.embedder.dim, create=False
        ).file_states()
    )


def test_registry_and_environment_select_postgres(
    pg_dsn: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from notelens.store import registry

    monkeypatch.setenv("NOTELENS_STORE", "postgres")
    monkeypatch.setenv("NOTELENS_DSN", pg_dsn)
    monkeypatch.setenv("NOTELENS_DSN_READ", pg_dsn)
    settings = Settings.from_env()
    assert (settings.store.backend, settings.store.dsn, settings.store.dsn_read) == (
        "postgres",
        pg_dsn,
        pg_dsn,
    )
    factory = registry.create("postgres", settings.store)
    assert "postgres" in registry.names() and isinstance(factory, PostgresStoreFactory)
    with pytest.raises(IndexStoreError):  # a factory without a DSN cannot exist
        registry.create("postgres")


# -- the write path (COPY, schema v5) ----------------------------------------------------


def _orphan_postings(dsn: str) -> int:
    """Postings without their row, in the whole database (none may exist anywhere)."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM notelens_postings p WHERE NOT EXISTS (SELECT 1 FROM "
            "notelens_chunks c WHERE c.tid = p.tid AND c.chunk_id = p.chunk_id)"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _postings_of(dsn: str, space: str) -> int:
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM notelens_postings JOIN notelens_tables USING (tid) "
            "WHERE space = %s",
            (space,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_copy_keeps_odd_text_and_leaves_no_orphan_postings(
    stores: PostgresStoreFactory,
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Rows go in by binary COPY and postings by text COPY: backslashes, tabs and
    newlines in file names, ids, texts and terms, Korean and mixed terms, quotes and
    links round trip; BM25 over them equals the embedded store's; replacing, deleting
    and dropping leave no posting without its row (postings have no foreign key)."""
    odd = "/n/탭\there\\백슬래시\nnl.md"
    records = [
        replace(
            rec(odd, 0, "로라\\rank 미세조정 LoRA 미세조정"),
            text="탭\t줄\n바꿈 \\N 'quote' \"dq\" 한국어 text",
            heading="제목 \\t > H",
            flags=("injection",),
        ),
        rec("/n/b.md", 0, "LoRA 어댑터 adapter"),
        rec("/n/b.md", 1, "어댑터 rank \\N"),
    ]
    index = tmp_path / "index"
    pg = stores.open(index, "t", dim=DIM)
    memory = MemoryStoreFactory(TableSpace()).open(tmp_path / "m", "t", dim=DIM)
    for store in (pg, memory):
        store.replace_sources([odd], records[:1])
        store.replace_sources(["/n/b.md"], records[1:])
    assert pg.get([r.chunk_id for r in records]) == memory.get([r.chunk_id for r in records])
    for q in (["로라\\rank"], ["미세조정", "lora"], ["\\N", "어댑터"], ["LoRA"]):
        want = [(h.chunk_id, h.score) for h in memory.search_terms(q, 10)]
        assert want, q
        assert_same_ranking([(h.chunk_id, h.score) for h in pg.search_terms(q, 10)], want, q)
    space = stores.space(index)
    assert _postings_of(pg_dsn, space) == 3 + 3 + 3  # distinct terms per row
    pg.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "adapter 어댑터", file_hash="h2")])
    pg.delete_sources([odd])
    assert _postings_of(pg_dsn, space) == 2
    assert [h.chunk_id for h in pg.search_terms(["adapter"], 5)] == ["/n/b.md#0#h2"]
    assert pg.search_terms(["로라\\rank"], 5) == []
    stores.drop(index, "t")
    assert _postings_of(pg_dsn, space) == 0
    assert _orphan_postings(pg_dsn) == 0


def test_schema_v4_database_migrates_to_v9(pg_dsn: str, tmp_path: Path) -> None:  # noqa: F811
    """A database written by an older schema (v4: postings with a foreign key, no impacts,
    no df table) is migrated on first use: the key is dropped (v5), impacts and df are
    computed for its rows (v6), the top-k function added (v7), the extension's segment
    tables (v8, empty; their generations, v9), its rows stay searchable,
    and replacing a file there
    removes its old postings and their df."""
    import psycopg

    from notelens.store.postgres import SCHEMA_VERSION

    assert SCHEMA_VERSION == 9
    dsn = database_at(pg_dsn, 4, "nl_v4")
    with psycopg.connect(dsn) as conn, conn.transaction():
        conn.execute(
            "INSERT INTO notelens_tables (space, name, dim) VALUES ('old', 't', %s)", (DIM,)
        )
        conn.execute(
            "INSERT INTO notelens_chunks (tid, chunk_id, source, title, heading, text, terms, "
            "lang, kind, links, content_hash, ordinal, file_hash, file_size, file_mtime_ns, "
            "flags, dl, embedding) SELECT tid, 'old#0', '/old.md', 'T', 'H', '옛 노트 legacy', "
            "'옛 legacy', 'ko', 'section', '[]', 'c', 0, 'h', 1, 1, '{}', 2, %s::vector FROM "
            "notelens_tables",
            ("[" + ",".join(["1"] + ["0"] * (DIM - 1)) + "]",),
        )
        conn.execute(
            "INSERT INTO notelens_postings SELECT tid, term, 'old#0', 1, 2 FROM "
            "notelens_tables, unnest(ARRAY['옛', 'legacy']) AS term"
        )
        conn.execute("UPDATE notelens_tables SET n_docs = 1, sum_dl = 2")
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn, namespace="old"))
    try:
        store = factory.open(tmp_path, "t", dim=DIM, create=False)
        assert [h.chunk_id for h in store.search_terms(["legacy"], 5)] == ["old#0"]
        with psycopg.connect(dsn) as conn:
            fks = conn.execute(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid = 'notelens_postings'::regclass"
            ).fetchone()
            version = conn.execute("SELECT max(version) FROM notelens_schema").fetchone()
            terms = conn.execute("SELECT term, df FROM notelens_terms ORDER BY term").fetchall()
            refs = conn.execute("SELECT impact_avgdl FROM notelens_tables").fetchall()
        assert fks == (0,) and version == (9,)
        assert terms == [("legacy", 1), ("옛", 1)]
        assert refs == [(None,)]  # impacts are kept only for large tables (optimize)
        assert [h.chunk_id for h in store.search_terms(["옛", "legacy"], 5)] == ["old#0"]
        store.replace_sources(["/old.md"], [rec("/old.md", 0, "새 노트 new")])
        assert store.search_terms(["legacy"], 5) == []
        assert len(store.search_terms(["새", "new"], 5)) == 1
        assert _orphan_postings(dsn) == 0
        with psycopg.connect(dsn) as conn:
            terms = conn.execute("SELECT term, df FROM notelens_terms ORDER BY term").fetchall()
        assert terms == [("new", 1), ("노트", 1), ("새", 1)]
    finally:
        factory.close()


def test_hnsw_build_parameters(pg_dsn: str, tmp_path: Path) -> None:  # noqa: F811
    """``optimize`` builds the HNSW graph with ``StoreConfig.hnsw_m`` /
    ``hnsw_ef_construction`` (``build_ann`` rebuilds it, what benchmarks/scale.py
    --hnsw sweeps), search stays correct on it; pgvector's limits are a ConfigError."""
    import psycopg

    with pytest.raises(ConfigError):
        StoreConfig("postgres", dsn=pg_dsn, hnsw_m=32, hnsw_ef_construction=40).validate()
    config = StoreConfig("postgres", dsn=pg_dsn, hnsw_m=24, hnsw_ef_construction=80)
    config.validate()
    stores = PostgresStoreFactory(config)
    rng = np.random.default_rng(5)
    vecs = rng.normal(size=(300, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    try:
        store = stores.open(tmp_path, "chunks_m", dim=DIM, dense=DenseConfig(ann_threshold=100))
        records = [replace(rec("/n/m.md", i, f"t{i}"), vector=vecs[i]) for i in range(300)]
        store.replace_sources(["/n/m.md"], records)
        exact = store.search_vectors(vecs[:10], 10)

        def graph() -> str:
            with psycopg.connect(pg_dsn) as conn:
                row = conn.execute(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = %s", (store._ann_index(),)
                ).fetchone()
            assert row is not None
            return str(row[0])

        store.optimize()
        assert store.stats().dense_index == "hnsw"
        assert "m='24'" in graph() and "ef_construction='80'" in graph()
        ann = store.search_vectors(vecs[:10], 10)
        assert [a[0].chunk_id for a in ann] == [e[0].chunk_id for e in exact]
        store.build_ann(m=8, ef_construction=32, rebuild=True)
        assert "m='8'" in graph() and "ef_construction='32'" in graph()
    finally:
        stores.close()


def test_ef_search_follows_the_table_size_unless_set(
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Unset, ``hnsw.ef_search`` follows the handle's count of the table's rows (here
    raised past 50k by hand, as another writer would: the rule, not a 100k load, is under
    test), renewed by ``refresh()``, the handle's own writes, and once it is older than
    ``ROW_COUNT_TTL_S``; set, the setting wins. Search on the HNSW graph stays
    exact-equal at top 1 on Korean and English rows either way."""
    import psycopg

    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(300, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [
        replace(rec("/n/ef.md", i, f"노트 {i} note", lang="ko" if i % 2 else "en"), vector=vecs[i])
        for i in range(300)
    ]
    auto = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    fixed = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn, hnsw_ef_search=40))

    def set_rows(n: int) -> None:
        with psycopg.connect(pg_dsn) as conn:
            conn.execute("UPDATE notelens_tables SET n_docs = %s WHERE tid = %s", (n, store._tid))

    try:
        store = auto.open(tmp_path, "chunks_ef", dim=DIM, dense=DenseConfig(ann_threshold=100))
        store.replace_sources(["/n/ef.md"], records)
        exact = store.search_vectors(vecs[:10], 10)
        store.optimize()
        assert store.stats().dense_index == "hnsw"
        same = fixed.open(tmp_path, "chunks_ef", dim=DIM, create=False)
        assert (store.ef_search(), store.ef_search(150)) == (100, 150)
        assert (same.ef_search(), same.ef_search(150)) == (40, 150)
        set_rows(100_000)
        # Another writer's count is taken up at refresh(), not read again by every search.
        assert store.ef_search() == 100 and same.ef_search() == 40
        store.refresh()
        assert store.ef_search() == 200 and same.ef_search() == 40
        for s in (store, same):
            ann = s.search_vectors(vecs[:10], 10)
            assert [a[0].chunk_id for a in ann] == [e[0].chunk_id for e in exact]
        set_rows(200_150)  # another writer again: unseen until ...
        assert store.ef_search() == 200
        # ... the handle's own write, which counts every committed row: 200150 - 300 + 150.
        store.replace_sources(["/n/ef.md"], records[:150])
        assert store.ef_search() == 300 and store.count() == 200_000
        set_rows(400_000)
        assert store.ef_search() == 300
        monkeypatch.setattr(postgres, "ROW_COUNT_TTL_S", 0.0)  # ... or the count's age
        assert store.ef_search() == 400
    finally:
        fixed.close()
        auto.close()
