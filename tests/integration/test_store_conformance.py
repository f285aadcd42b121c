"""Conformance suite every ``Store`` backend must pass (real backends, temp folders).

Add a backend by adding a factory to ``BACKENDS``. Terms here are given directly (the
store does no analysis), and vectors are built so the expected cosine order is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from notelens.store.base import ChunkRecord, Scored, Store, StoreFilter
from notelens.store.lancedb import LanceDBStore
from notelens.types import Link, Location

pytestmark = pytest.mark.integration

DIM = 8


def _lancedb(tmp: Path) -> Store:
    return LanceDBStore(tmp / "lance", table="chunks_test", dim=DIM)


def _lancedb_fts(tmp: Path) -> Store:
    # BM25 through LanceDB's full-text index, the path of tables too big to hold.
    return LanceDBStore(tmp / "lance", table="chunks_test", dim=DIM, resident_bm25_max_rows=0)


BACKENDS: dict[str, Callable[[Path], Store]] = {"lancedb": _lancedb, "lancedb-fts": _lancedb_fts}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return BACKENDS[request.param](tmp_path)


def _vec(i: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[i % DIM] = 1.0
    v[(i + 1) % DIM] = 0.1
    return v / np.linalg.norm(v)


def rec(
    source: str,
    ordinal: int,
    terms: str,
    *,
    vec: int = 0,
    lang: str = "en",
    file_hash: str = "h1",
    text: str | None = None,
) -> ChunkRecord:
    return ChunkRecord(
        chunk_id=f"{source}#{ordinal}#{file_hash}",
        source=source,
        title="T",
        heading="H > I",
        text=text or f"text {terms}",
        terms=terms,
        location=Location(line_start=ordinal * 10 + 1, line_end=ordinal * 10 + 5),
        lang=lang,  # type: ignore[arg-type]
        kind="section",
        links=(Link("paper", "https://arxiv.org/abs/2106.09685"),),
        content_hash=f"c-{terms}",
        ordinal=ordinal,
        file_hash=file_hash,
        file_size=100,
        file_mtime_ns=1,
        vector=_vec(vec),
    )


def recs(store: Store, hits: list[Scored]) -> list[ChunkRecord]:
    """The rows behind search results, in result order (retrievers return ids only)."""
    got = store.get([h.chunk_id for h in hits])
    assert [r.chunk_id for r in got] == [h.chunk_id for h in hits]
    return got


def test_empty_store(store: Store) -> None:
    assert store.count() == 0
    assert store.file_states() == {}
    assert store.search_terms(["lora"], 5) == []
    assert store.search_vector(_vec(0), 5) == []
    assert store.search_vectors(np.stack([_vec(0), _vec(1)]), 5) == [[], []]


def test_replace_and_roundtrip(store: Store) -> None:
    store.replace_sources(
        ["/n/a.md"], [rec("/n/a.md", 0, "lora 파라미터"), rec("/n/a.md", 1, "gqa mqa")]
    )
    assert store.count() == 2
    states = store.file_states()
    assert set(states) == {"/n/a.md"}
    assert states["/n/a.md"].chunks == 2 and states["/n/a.md"].file_hash == "h1"
    assert store.get(["/n/a.md#1#h1"])[0].vector is None  # vectors only on request
    assert store.get([]) == [] and store.get([], with_vectors=True) == []
    assert [r.chunk_id for r in store.records()] == ["/n/a.md#0#h1", "/n/a.md#1#h1"]
    assert [r.chunk_id for r in store.records(StoreFilter(lang="xx"))] == []
    got = store.get(["/n/a.md#1#h1", "/n/a.md#9#nope"], with_vectors=True)
    assert len(got) == 1
    r = got[0]
    assert r.terms == "gqa mqa" and r.heading == "H > I"
    assert r.location == Location(line_start=11, line_end=15)
    assert r.links == (Link("paper", "https://arxiv.org/abs/2106.09685"),)
    assert r.vector is not None and np.allclose(r.vector, _vec(0), atol=1e-6)


def test_replace_is_whole_file(store: Store) -> None:
    store.replace_sources(
        ["/n/a.md", "/n/b.md"],
        [rec("/n/a.md", i, f"old{i}") for i in range(3)] + [rec("/n/b.md", 0, "keep")],
    )
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "new0", file_hash="h2")])
    states = store.file_states()
    assert states["/n/a.md"].chunks == 1 and states["/n/a.md"].file_hash == "h2"
    assert states["/n/b.md"].chunks == 1
    assert store.search_terms(["old1"], 5) == []
    assert [r.terms for r in recs(store, store.search_terms(["new0"], 5))] == ["new0"]


def test_replace_with_no_records_deletes(store: Store) -> None:
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "x")])
    store.replace_sources(["/n/a.md"], [])
    assert store.count() == 0


def test_records_must_belong_to_replaced_sources(store: Store) -> None:
    from notelens.errors import IndexStoreError

    with pytest.raises(IndexStoreError):
        store.replace_sources(["/n/a.md"], [rec("/n/b.md", 0, "x")])
    assert store.count() == 0


def test_delete_sources(store: Store) -> None:
    store.replace_sources(["/n/a.md", "/n/b.md"], [rec("/n/a.md", 0, "x"), rec("/n/b.md", 0, "y")])
    store.delete_sources(["/n/a.md"])
    assert set(store.file_states()) == {"/n/b.md"}


def test_bm25_exact_terms_and_ranking(store: Store) -> None:
    store.replace_sources(
        ["/n/a.md"],
        [
            rec("/n/a.md", 0, "lora lora 파라미터 줄어들"),
            rec("/n/a.md", 1, "lora 어댑터"),
            rec("/n/a.md", 2, "gqa mqa 다르"),
            rec("/n/a.md", 3, "gpt-4 3.25 배"),
        ],
    )
    hits = store.search_terms(["lora"], 10)
    assert [r.ordinal for r in recs(store, hits)] == [0, 1]
    assert hits[0].score > hits[1].score > 0
    # Terms are matched whole: no splitting on '-' or '.', no case folding in the store.
    assert [r.ordinal for r in recs(store, store.search_terms(["gpt-4"], 10))] == [3]
    assert [r.ordinal for r in recs(store, store.search_terms(["3.25"], 10))] == [3]
    assert store.search_terms(["gpt"], 10) == []
    assert store.search_terms(["LORA"], 10) == []
    # Several terms: OR semantics, more matches rank higher.
    multi = store.search_terms(["gqa", "다르", "lora"], 10)
    assert recs(store, multi)[0].ordinal == 2


def test_search_sees_rows_added_after_optimize(store: Store) -> None:
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha")])
    store.optimize()
    store.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta")])
    hits = store.search_terms(["alpha"], 10)
    assert {r.source for r in recs(store, hits)} == {"/n/a.md", "/n/b.md"}
    assert len(store.search_vector(_vec(0), 10)) == 2


def test_vector_search_cosine_order(store: Store) -> None:
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", i, f"t{i}", vec=i) for i in range(5)])
    hits = store.search_vector(_vec(3), 5)
    assert recs(store, hits)[0].ordinal == 3
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))


def test_filters(store: Store) -> None:
    store.replace_sources(
        ["/n/papers/a.md", "/n/study/b.md"],
        [
            rec("/n/papers/a.md", 0, "lora", lang="ko"),
            rec("/n/papers/a.md", 1, "lora", lang="en"),
            rec("/n/study/b.md", 0, "lora", lang="ko"),
        ],
    )
    f = StoreFilter(source_glob="*/papers/*")
    assert {r.source for r in recs(store, store.search_terms(["lora"], 10, f))} == {
        "/n/papers/a.md"
    }
    assert {r.source for r in recs(store, store.search_vector(_vec(0), 10, f))} == {
        "/n/papers/a.md"
    }
    assert {
        r.lang for r in recs(store, store.search_vector(_vec(0), 10, StoreFilter(lang="en")))
    } == {"en"}
    ko = StoreFilter(lang="ko")
    assert {(r.source, r.ordinal) for r in recs(store, store.search_terms(["lora"], 10, ko))} == {
        ("/n/papers/a.md", 0),
        ("/n/study/b.md", 0),
    }
    both = StoreFilter(source_glob="*/study/*", lang="en")
    assert store.search_terms(["lora"], 10, both) == []
    assert store.search_vector(_vec(0), 10, StoreFilter(source_glob="/nowhere/*")) == []


def test_search_vectors_answers_each_row_like_search_vector(store: Store) -> None:
    """A batch of query vectors gets, row by row, exactly the single-query results."""
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(40, DIM)).astype(np.float32)
    store.replace_sources(
        ["/n/papers/a.md", "/n/study/b.md"],
        [
            replace(
                rec("/n/papers/a.md" if i % 3 else "/n/study/b.md", i, f"t{i}"),
                vector=vecs[i] / np.linalg.norm(vecs[i]),
                lang="ko" if i % 2 else "en",
            )
            for i in range(40)
        ],
    )
    # Unnormalised queries: both calls must compare by cosine.
    queries = rng.normal(size=(5, DIM)).astype(np.float32) * 3.0
    for where in (None, StoreFilter(lang="ko"), StoreFilter(source_glob="*/papers/*")):
        batch = store.search_vectors(queries, 7, where)
        assert len(batch) == 5
        for q, got in zip(queries, batch, strict=True):
            want = store.search_vector(q, 7, where)
            assert [h.chunk_id for h in got] == [h.chunk_id for h in want]
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)
    assert store.search_vectors(queries[:1], 3) == [store.search_vector(queries[0], 3)]
    nowhere = StoreFilter(source_glob="/nowhere/*")
    assert store.search_vectors(queries, 3, nowhere) == [[]] * 5


def test_search_vectors_rejects_wrong_shapes(store: Store) -> None:
    from notelens.errors import IndexStoreError

    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "x")])
    with pytest.raises(IndexStoreError):
        store.search_vectors(np.zeros((2, DIM + 1), dtype=np.float32), 3)
    with pytest.raises(IndexStoreError):
        store.search_vectors(np.zeros(DIM, dtype=np.float32), 3)


def test_quotes_in_paths_are_safe(store: Store) -> None:
    src = '/n/it\'s "odd".md'
    store.replace_sources([src], [rec(src, 0, "x")])
    assert set(store.file_states()) == {src}
    store.delete_sources([src])
    assert store.count() == 0


def test_vectors_for_hashes(store: Store) -> None:
    store.replace_sources(
        ["/n/a.md"], [rec("/n/a.md", 0, "x", vec=2), rec("/n/a.md", 1, "y", vec=4)]
    )
    got = store.vectors_for_hashes(["c-x", "c-y", "c-missing"])
    assert set(got) == {"c-x", "c-y"}
    assert np.allclose(got["c-y"], _vec(4), atol=1e-6)


def test_stats(store: Store) -> None:
    store.replace_sources(
        ["/n/a.md", "/n/b.md"],
        [rec("/n/a.md", 0, "x", lang="ko"), rec("/n/a.md", 1, "y"), rec("/n/b.md", 0, "z")],
    )
    st = store.stats()
    assert st.rows == 3 and st.files == 2 and st.langs == {"ko": 1, "en": 2}


def test_reopen_sees_committed_rows(tmp_path: Path) -> None:
    s1 = _lancedb(tmp_path)
    s1.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "persist")])
    s1.optimize()
    s2 = _lancedb(tmp_path)
    assert [r.terms for r in recs(s2, s2.search_terms(["persist"], 3))] == ["persist"]


def test_ann_path_matches_exact(tmp_path: Path) -> None:
    """Past the threshold the LanceDB backend builds its ANN index; results stay right."""
    from notelens.config import DenseConfig

    rng = np.random.default_rng(0)
    store = LanceDBStore(
        tmp_path / "ann", table="chunks_ann", dim=DIM, dense=DenseConfig(ann_threshold=200)
    )
    vecs = rng.normal(size=(400, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [
        replace(rec("/n/a.md", i, f"t{i}", lang="ko" if i % 2 else "en"), vector=vecs[i])
        for i in range(400)
    ]
    store.replace_sources(["/n/a.md"], records)
    exact = [h.chunk_id for h in store.search_vector(vecs[7], 5)]
    store.optimize()
    assert store.stats().dense_index == "ivf_flat"
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
    from notelens.config import DenseConfig

    rng = np.random.default_rng(1)
    dense = DenseConfig(ann_threshold=200)
    writer = LanceDBStore(tmp_path / "ann", table="chunks_ann", dim=DIM, dense=dense)
    vecs = rng.normal(size=(400, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [replace(rec("/n/a.md", i, f"t{i}"), vector=vecs[i]) for i in range(400)]
    writer.replace_sources(["/n/a.md"], records[:100])
    reader = LanceDBStore(tmp_path / "ann", table="chunks_ann", dim=DIM, dense=dense, create=False)
    assert reader.search_vector(vecs[7], 1)[0].chunk_id == records[7].chunk_id
    assert not reader._ann_ready
    writer.replace_sources(["/n/a.md"], records)
    writer.optimize()
    reader.refresh()
    assert reader._ann_ready
    assert reader.search_vector(vecs[300], 1)[0].chunk_id == records[300].chunk_id


def test_resident_bm25_ranks_like_lancedb_fts(tmp_path: Path) -> None:
    """The in-memory BM25 and LanceDB's full-text index agree on real analyzed notes."""
    from notelens.analysis.korean import KiwiAnalyzer

    root = Path(__file__).resolve().parents[2] / "examples" / "notes"
    analyzer = KiwiAnalyzer()
    paragraphs = [
        (str(path), i, para)
        for path in sorted(root.rglob("*"))
        if path.suffix in {".md", ".txt"}
        for i, para in enumerate(path.read_text(encoding="utf-8").split("\n\n"))
        if para.strip()
    ]
    terms = analyzer.terms_batch([p for _, _, p in paragraphs])
    records = [
        replace(rec(src, i, " ".join(t), vec=i), text=para)
        for (src, i, para), t in zip(paragraphs, terms, strict=True)
        if t
    ]
    resident = LanceDBStore(tmp_path / "a", table="t", dim=DIM)
    on_disk = LanceDBStore(tmp_path / "b", table="t", dim=DIM, resident_bm25_max_rows=0)
    for store in (resident, on_disk):
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
        assert a, q
        assert [h.chunk_id for h in a[:3]] == [h.chunk_id for h in b[:3]], q
        assert [h.score for h in a] == pytest.approx([h.score for h in b], rel=1e-3), q


def _reader(tmp: Path, *, consistency_s: float, bm25_rows: int) -> LanceDBStore:
    """A second handle on the table of ``_lancedb(tmp)``, as a server holds one."""
    return LanceDBStore(
        tmp / "lance",
        table="chunks_test",
        dim=DIM,
        create=False,
        read_consistency_s=consistency_s,
        resident_bm25_max_rows=bm25_rows,
    )


@pytest.mark.parametrize("bm25_rows", [200_000, 0], ids=["resident-bm25", "lancedb-fts"])
def test_other_writers_rows_appear_without_blocking_readers(tmp_path: Path, bm25_rows: int) -> None:
    """A reader (the server) picks up another writer's commits (the index run) in the
    background: searches keep answering from the previous snapshot meanwhile."""
    import time

    writer = _lancedb(tmp_path)
    writer.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha", vec=1)])
    reader = _reader(tmp_path, consistency_s=0, bm25_rows=bm25_rows)
    assert [r.source for r in recs(reader, reader.search_terms(["alpha"], 5))] == ["/n/a.md"]
    assert len(reader.search_vector(_vec(1), 5)) == 1

    writer.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta", vec=1)])
    deadline = time.monotonic() + 30
    while True:
        # Ids, not rows: with LanceDB's full-text index the BM25 leg sees new rows before
        # the resident rows behind `get` do (a search drops ids it cannot show).
        terms = {h.chunk_id.split("#")[0] for h in reader.search_terms(["alpha"], 5)}
        dense = {h.chunk_id.split("#")[0] for h in reader.search_vector(_vec(1), 5)}
        shown = {r.source for r in reader.get([f"/n/{x}.md#0#h1" for x in "ab"])}
        if terms == dense == shown == {"/n/a.md", "/n/b.md"}:
            break
        assert terms <= {"/n/a.md", "/n/b.md"} and "/n/a.md" in terms  # old rows stay
        assert time.monotonic() < deadline, (terms, dense)
        time.sleep(0.05)

    # The reader's own writes are visible to its very next search.
    reader.replace_sources(["/n/c.md"], [rec("/n/c.md", 0, "alpha gamma", vec=1)])
    assert {r.source for r in recs(reader, reader.search_terms(["gamma"], 5))} == {"/n/c.md"}
    assert len(reader.search_vector(_vec(1), 5)) == 3


@pytest.mark.parametrize("bm25_rows", [200_000, 0], ids=["resident-bm25", "lancedb-fts"])
def test_refresh_catches_up_with_another_handle_at_once(tmp_path: Path, bm25_rows: int) -> None:
    """``refresh`` makes a reader see another handle's commits before it returns, even
    with a long read-consistency interval (the engine after its own index run)."""
    writer = _lancedb(tmp_path)
    writer.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha", vec=1)])
    reader = _reader(tmp_path, consistency_s=3600, bm25_rows=bm25_rows)
    assert len(reader.search_vector(_vec(1), 5)) == 1
    assert len(reader.search_terms(["alpha"], 5)) == 1

    writer.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta", vec=1)])
    writer.delete_sources(["/n/a.md"])
    reader.refresh()
    assert reader.count() == 1
    assert [r.source for r in recs(reader, reader.search_terms(["alpha"], 5))] == ["/n/b.md"]
    assert [r.source for r in recs(reader, reader.search_vector(_vec(1), 5))] == ["/n/b.md"]
    assert [r.source for r in recs(reader, reader.search_terms(["beta"], 5))] == ["/n/b.md"]
    reader.refresh()  # nothing new: a no-op
    assert reader.count() == 1


def test_refresh_of_an_empty_or_unchanged_store(store: Store) -> None:
    store.refresh()
    assert store.count() == 0
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "lora")])
    store.refresh()
    assert [h.chunk_id for h in store.search_terms(["lora"], 5)] == ["/n/a.md#0#h1"]
