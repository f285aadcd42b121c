"""The conformance suite every :class:`~notelens.store.base.Store` backend must pass.

Shipped with the package, as mixins (Haystack's ``haystack/testing/document_store.py``
is the model): a backend's tests subclass :class:`StoreConformanceTests` in a
``Test*`` class and provide one fixture, ``stores``, the backend's
:class:`~notelens.store.base.StoreFactory`::

    from notelens.store.testing import StoreConformanceTests

    class TestMyStore(StoreConformanceTests):
        @pytest.fixture
        def stores(self) -> StoreFactory:
            return MyStoreFactory()

The suite uses only the ``Store`` Protocol and the factory: a table in a fresh index
folder (``tmp_path``), and for the multi-handle contracts a second handle opened on the
same folder and table (as a server holds one beside an index run). Terms are given
directly (the store does no analysis), and vectors are built so the expected cosine
order is known. The mixins' names do not start with ``Test``, so pytest collects them
only through a backend's class. Needs pytest (a test dependency, not a runtime one).
"""

from __future__ import annotations

import fnmatch
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from notelens.errors import IndexStoreError
from notelens.store.base import ChunkRecord, Scored, Store, StoreFactory, StoreFilter
from notelens.store.bm25 import Bm25Index
from notelens.types import Link, Location, NoteMeta

DIM = 8
TABLE = "chunks_test"


def unit_vec(i: int) -> np.ndarray:
    """A unit vector near axis ``i % DIM`` (so cosine order follows ``i``)."""
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
    note: NoteMeta | None = None,
    mtime_ns: int = 1,
) -> ChunkRecord:
    """A record with the given terms; ``vec`` picks its vector (:func:`unit_vec`)."""
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
        file_mtime_ns=mtime_ns,
        vector=unit_vec(vec),
        note=note or NoteMeta(),
    )


def assert_same_ranking(
    got: list[tuple[str, float]], want: list[tuple[str, float]], label: object = ""
) -> None:
    """Two top-k lists agree up to ties: the same scores (float32 precision) in order,
    and the same ids within each group of equal scores; the last group may be cut by
    ``k`` differently, so there the ids need only be among the tied ones."""
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-5), label

    def groups(hits: list[tuple[str, float]]) -> list[set[str]]:
        out: list[set[str]] = []
        last: float | None = None
        for cid, s in hits:
            if last is None or abs(s - last) > 1e-5 * max(1.0, abs(s)):
                out.append(set())
            out[-1].add(cid)
            last = s
        return out

    g, w = groups(got), groups(want)
    assert len(g) == len(w), label
    assert g[:-1] == w[:-1], label


def recs(store: Store, hits: list[Scored]) -> list[ChunkRecord]:
    """The rows behind search results, in result order (retrievers return ids only)."""
    got = store.get([h.chunk_id for h in hits])
    assert [r.chunk_id for r in got] == [h.chunk_id for h in hits]
    return got


class StoreFixtures:
    """Fixtures of the mixins; a backend's test class adds ``stores`` (its factory)."""

    @pytest.fixture
    def index_dir(self, tmp_path: Path) -> Path:
        return tmp_path / "index"

    @pytest.fixture
    def store(self, stores: StoreFactory, index_dir: Path) -> Store:
        return stores.open(index_dir, TABLE, dim=DIM)


class StoreContractTests(StoreFixtures):
    """One handle: rows, atomic replacement, BM25, cosine search, filters, stats."""

    def test_empty_store(self, store: Store) -> None:
        assert store.count() == 0
        assert store.file_states() == {}
        assert store.search_terms(["lora"], 5) == []
        assert store.search_vector(unit_vec(0), 5) == []
        assert store.search_vectors(np.stack([unit_vec(0), unit_vec(1)]), 5) == [[], []]

    def test_replace_and_roundtrip(self, store: Store) -> None:
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
        unknown = StoreFilter(lang="xx")  # type: ignore[arg-type]
        assert [r.chunk_id for r in store.records(unknown)] == []
        got = store.get(["/n/a.md#1#h1", "/n/a.md#9#nope"], with_vectors=True)
        assert len(got) == 1
        r = got[0]
        assert r.terms == "gqa mqa" and r.heading == "H > I"
        assert r.location == Location(line_start=11, line_end=15)
        assert r.links == (Link("paper", "https://arxiv.org/abs/2106.09685"),)
        assert r.vector is not None and np.allclose(r.vector, unit_vec(0), atol=1e-6)

    def test_location_part_round_trips(self, store: Store) -> None:
        # converted files (Office, notebooks) locate a passage by a part label, not lines
        from dataclasses import replace

        part = replace(rec("/n/deck.pptx", 0, "슬라이드 lora"), location=Location(part="slide 3"))
        store.replace_sources(["/n/deck.pptx"], [part])
        (got,) = store.get(["/n/deck.pptx#0#h1"])
        assert got.location == Location(part="slide 3")

    def test_replace_is_whole_file(self, store: Store) -> None:
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

    def test_replace_with_no_records_deletes(self, store: Store) -> None:
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "x")])
        store.replace_sources(["/n/a.md"], [])
        assert store.count() == 0

    def test_records_must_belong_to_replaced_sources(self, store: Store) -> None:
        with pytest.raises(IndexStoreError):
            store.replace_sources(["/n/a.md"], [rec("/n/b.md", 0, "x")])
        assert store.count() == 0

    def test_delete_sources(self, store: Store) -> None:
        store.replace_sources(
            ["/n/a.md", "/n/b.md"], [rec("/n/a.md", 0, "x"), rec("/n/b.md", 0, "y")]
        )
        store.delete_sources(["/n/a.md"])
        assert set(store.file_states()) == {"/n/b.md"}

    def test_bm25_exact_terms_and_ranking(self, store: Store) -> None:
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

    def test_search_sees_rows_added_after_optimize(self, store: Store) -> None:
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha")])
        store.optimize()
        store.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta")])
        hits = store.search_terms(["alpha"], 10)
        assert {r.source for r in recs(store, hits)} == {"/n/a.md", "/n/b.md"}
        assert len(store.search_vector(unit_vec(0), 10)) == 2

    def test_vector_search_cosine_order(self, store: Store) -> None:
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", i, f"t{i}", vec=i) for i in range(5)])
        hits = store.search_vector(unit_vec(3), 5)
        assert recs(store, hits)[0].ordinal == 3
        assert hits[0].score == pytest.approx(1.0, abs=1e-5)
        assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))

    def test_filters(self, store: Store) -> None:
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
        assert {r.source for r in recs(store, store.search_vector(unit_vec(0), 10, f))} == {
            "/n/papers/a.md"
        }
        assert {
            r.lang
            for r in recs(store, store.search_vector(unit_vec(0), 10, StoreFilter(lang="en")))
        } == {"en"}
        ko = StoreFilter(lang="ko")
        assert {
            (r.source, r.ordinal) for r in recs(store, store.search_terms(["lora"], 10, ko))
        } == {
            ("/n/papers/a.md", 0),
            ("/n/study/b.md", 0),
        }
        both = StoreFilter(source_glob="*/study/*", lang="en")
        assert store.search_terms(["lora"], 10, both) == []
        assert store.search_vector(unit_vec(0), 10, StoreFilter(source_glob="/nowhere/*")) == []

    def test_note_filters(self, store: Store) -> None:
        """Tags (every one, case-insensitive, parent matches nested), folders and the
        note's day (front matter date, else the file's mtime), on every search path."""
        may_2024 = 1_715_000_000 * 10**9  # 2024-05-06 UTC
        papers = NoteMeta(tags=("논문", "LLM/finetuning"), date="2024-03-05")
        study = NoteMeta(tags=("study", "llm"))
        store.replace_sources(
            ["/v/papers/lora.md", "/v/study/week1.md", "/v/inbox/x.md"],
            [
                rec("/v/papers/lora.md", 0, "lora", note=papers),
                rec("/v/papers/lora.md", 1, "lora rank", vec=1, note=papers),
                rec("/v/study/week1.md", 0, "lora", vec=2, note=study, mtime_ns=may_2024),
                rec("/v/inbox/x.md", 0, "lora", vec=3, mtime_ns=may_2024),
            ],
        )

        def sources(where: StoreFilter) -> set[str]:
            by_terms = {r.source for r in recs(store, store.search_terms(["lora"], 10, where))}
            by_vec = {r.source for r in recs(store, store.search_vector(unit_vec(0), 10, where))}
            many = store.search_vectors(np.stack([unit_vec(0), unit_vec(2)]), 10, where)
            by_batch = {r.source for hits in many for r in recs(store, hits)}
            listed = {r.source for r in store.records(where)}
            assert by_terms == by_vec == by_batch == listed, where
            return by_terms

        assert sources(StoreFilter(tags=("논문",))) == {"/v/papers/lora.md"}
        assert sources(StoreFilter(tags=("llm",))) == {"/v/papers/lora.md", "/v/study/week1.md"}
        assert sources(StoreFilter(tags=("#LLM/FineTuning",))) == {"/v/papers/lora.md"}
        assert sources(StoreFilter(tags=("llm", "study"))) == {"/v/study/week1.md"}
        assert sources(StoreFilter(tags=("llm/fine",))) == set()
        assert sources(StoreFilter(folders=("/v/study", "/v/inbox/"))) == {
            "/v/study/week1.md",
            "/v/inbox/x.md",
        }
        assert sources(StoreFilter(folders=("/v/stud",))) == set()
        spring = StoreFilter(since=date(2024, 3, 1), until=date(2024, 3, 5))
        assert sources(spring) == {"/v/papers/lora.md"}
        assert sources(StoreFilter(since=date(2024, 5, 6))) == {
            "/v/study/week1.md",
            "/v/inbox/x.md",
        }
        assert sources(StoreFilter(until=date(2024, 5, 5))) == {"/v/papers/lora.md"}
        both = StoreFilter(tags=("llm",), folders=("/v/papers",), since=date(2024, 1, 1))
        assert sources(both) == {"/v/papers/lora.md"}
        # A note re-written without its tags leaves the tag's scope at once.
        store.replace_sources(["/v/papers/lora.md"], [rec("/v/papers/lora.md", 0, "lora")])
        assert sources(StoreFilter(tags=("논문",))) == set()
        # The note round-trips whole.
        got = store.get([rec("/v/study/week1.md", 0, "lora").chunk_id])
        assert got[0].note == study

    def test_search_vectors_answers_each_row_like_search_vector(self, store: Store) -> None:
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

    def test_search_vectors_rejects_wrong_shapes(self, store: Store) -> None:
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "x")])
        with pytest.raises(IndexStoreError):
            store.search_vectors(np.zeros((2, DIM + 1), dtype=np.float32), 3)
        with pytest.raises(IndexStoreError):
            store.search_vectors(np.zeros(DIM, dtype=np.float32), 3)

    def test_quotes_in_paths_are_safe(self, store: Store) -> None:
        src = '/n/it\'s "odd".md'
        store.replace_sources([src], [rec(src, 0, "x")])
        assert set(store.file_states()) == {src}
        store.delete_sources([src])
        assert store.count() == 0

    def test_vectors_for_hashes(self, store: Store) -> None:
        store.replace_sources(
            ["/n/a.md"], [rec("/n/a.md", 0, "x", vec=2), rec("/n/a.md", 1, "y", vec=4)]
        )
        got = store.vectors_for_hashes(["c-x", "c-y", "c-missing"])
        assert set(got) == {"c-x", "c-y"}
        assert np.allclose(got["c-y"], unit_vec(4), atol=1e-6)

    def test_stats(self, store: Store) -> None:
        store.replace_sources(
            ["/n/a.md", "/n/b.md"],
            [rec("/n/a.md", 0, "x", lang="ko"), rec("/n/a.md", 1, "y"), rec("/n/b.md", 0, "z")],
        )
        st = store.stats()
        assert st.rows == 3 and st.files == 2 and st.langs == {"ko": 1, "en": 2}

    def test_refresh_of_an_empty_or_unchanged_store(self, store: Store) -> None:
        store.refresh()
        assert store.count() == 0
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "lora")])
        store.refresh()
        assert [h.chunk_id for h in store.search_terms(["lora"], 5)] == ["/n/a.md#0#h1"]

    def test_bm25_ranks_exactly_like_the_embedded_index(self, store: Store) -> None:
        """Every backend's BM25 is the Lucene formula of :mod:`notelens.store.bm25`: its
        top 10 equals the embedded index's on the same rows, up to ties, with the same
        scores, including after rows were replaced and deleted (statistics maintained)."""
        rng = np.random.default_rng(7)
        vocab = [
            "lora", "어텐션", "파라미터", "gqa", "kv", "캐시", "학습", "rank", "저랭크",
            "행렬", "dpo", "손실", "함수", "프롬프트", "인젝션", "retrieval", "벤치마크",
        ] + [f"w{i}" for i in range(40)]  # fmt: skip
        weights = 1.0 / np.arange(1, len(vocab) + 1)  # Zipf-like, as real terms are
        weights /= weights.sum()

        def doc(n: int) -> str:
            return " ".join(rng.choice(vocab, size=n, p=weights))

        sources = [f"/n/{d}/{i}.md" for d in ("papers", "study") for i in range(6)]
        rows = [
            rec(src, j, doc(int(rng.integers(1, 40))), lang="ko" if j % 2 else "en")
            for src in sources
            for j in range(int(rng.integers(1, 6)))
        ]
        for src in sources:
            store.replace_sources([src], [r for r in rows if r.source == src])
        # Replace one file, delete another: N, |d| and df must follow.
        rows = [r for r in rows if r.source not in sources[:2]]
        new = [rec(sources[0], j, doc(int(rng.integers(1, 60))), file_hash="h2") for j in range(4)]
        store.replace_sources([sources[0]], new)
        store.delete_sources([sources[1]])
        rows += new
        ref = Bm25Index([r.terms for r in rows])
        for query in (["lora"], ["어텐션", "kv", "캐시"], ["w3", "rank", "없는말"], vocab[:6]):
            want = [(rows[i].chunk_id, s) for i, s in ref.top(query, 10)]
            got = [(h.chunk_id, h.score) for h in store.search_terms(query, 10)]
            assert_same_ranking(got, want, query)
        papers = StoreFilter(source_glob="*/papers/*", lang="ko")
        mask = np.array(
            [fnmatch.fnmatchcase(r.source, "*/papers/*") and r.lang == "ko" for r in rows]
        )
        want = [(rows[i].chunk_id, s) for i, s in ref.top(["lora", "학습"], 10, mask)]
        assert_same_ranking(
            [(h.chunk_id, h.score) for h in store.search_terms(["lora", "학습"], 10, papers)],
            want,
            "filtered",
        )


class SecondHandleTests(StoreFixtures):
    """Several handles on one table: what a server relies on beside an index run."""

    def test_reopen_sees_committed_rows(self, stores: StoreFactory, index_dir: Path) -> None:
        s1 = stores.open(index_dir, TABLE, dim=DIM)
        s1.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "persist")])
        s1.optimize()
        s2 = stores.open(index_dir, TABLE, dim=DIM, create=False)
        assert [r.terms for r in recs(s2, s2.search_terms(["persist"], 3))] == ["persist"]
        assert TABLE in stores.tables(index_dir)

    def test_missing_table_is_an_index_store_error(
        self, stores: StoreFactory, index_dir: Path
    ) -> None:
        with pytest.raises(IndexStoreError):
            stores.open(index_dir, "chunks_absent", dim=DIM, create=False)

    def test_drop_and_drop_others(self, stores: StoreFactory, index_dir: Path) -> None:
        for name in ("chunks_old", "chunks_new"):
            s = stores.open(index_dir, name, dim=DIM)
            s.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, name)])
        stores.drop_others(index_dir, keep="chunks_new")
        assert stores.tables(index_dir) == ["chunks_new"]
        stores.drop(index_dir, "chunks_new")
        stores.drop(index_dir, "chunks_new")  # absent: no error
        assert stores.tables(index_dir) == []

    def test_other_writers_rows_appear_without_blocking_readers(
        self, stores: StoreFactory, index_dir: Path
    ) -> None:
        """A reader (the server) picks up another writer's commits (the index run) in
        the background: searches keep answering from the previous snapshot meanwhile."""
        writer = stores.open(index_dir, TABLE, dim=DIM)
        writer.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha", vec=1)])
        reader = stores.open(index_dir, TABLE, dim=DIM, create=False, consistency_s=0)
        assert [r.source for r in recs(reader, reader.search_terms(["alpha"], 5))] == ["/n/a.md"]
        assert len(reader.search_vector(unit_vec(1), 5)) == 1

        writer.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta", vec=1)])
        deadline = time.monotonic() + 30
        while True:
            # Ids, not rows: with a full-text index the BM25 leg may see new rows before
            # the resident rows behind `get` do (a search drops ids it cannot show).
            terms = {h.chunk_id.split("#")[0] for h in reader.search_terms(["alpha"], 5)}
            dense = {h.chunk_id.split("#")[0] for h in reader.search_vector(unit_vec(1), 5)}
            shown = {r.source for r in reader.get([f"/n/{x}.md#0#h1" for x in "ab"])}
            if terms == dense == shown == {"/n/a.md", "/n/b.md"}:
                break
            assert terms <= {"/n/a.md", "/n/b.md"} and "/n/a.md" in terms  # old rows stay
            assert time.monotonic() < deadline, (terms, dense)
            time.sleep(0.05)

        # The reader's own writes are visible to its very next search.
        reader.replace_sources(["/n/c.md"], [rec("/n/c.md", 0, "alpha gamma", vec=1)])
        assert {r.source for r in recs(reader, reader.search_terms(["gamma"], 5))} == {"/n/c.md"}
        assert len(reader.search_vector(unit_vec(1), 5)) == 3

    def test_refresh_catches_up_with_another_handle_at_once(
        self, stores: StoreFactory, index_dir: Path
    ) -> None:
        """``refresh`` makes a reader see another handle's commits before it returns,
        even with a long consistency interval (the engine after its own index run)."""
        writer = stores.open(index_dir, TABLE, dim=DIM)
        writer.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "alpha", vec=1)])
        reader = stores.open(index_dir, TABLE, dim=DIM, create=False, consistency_s=3600)
        assert len(reader.search_vector(unit_vec(1), 5)) == 1
        assert len(reader.search_terms(["alpha"], 5)) == 1

        writer.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "alpha beta", vec=1)])
        writer.delete_sources(["/n/a.md"])
        reader.refresh()
        assert reader.count() == 1
        assert [r.source for r in recs(reader, reader.search_terms(["alpha"], 5))] == ["/n/b.md"]
        assert [r.source for r in recs(reader, reader.search_vector(unit_vec(1), 5))] == ["/n/b.md"]
        assert [r.source for r in recs(reader, reader.search_terms(["beta"], 5))] == ["/n/b.md"]
        reader.refresh()  # nothing new: a no-op
        assert reader.count() == 1


class StoreConformanceTests(StoreContractTests, SecondHandleTests):
    """Everything a backend must pass (subclass it in a ``Test*`` class)."""
