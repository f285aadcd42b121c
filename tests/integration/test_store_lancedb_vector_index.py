"""The embedded store's vector index across incremental index runs (issue #17).

LanceDB's optimize rewrites a vector index it did not just build into one that costs
2-2.5x the CPU a query, so the store keeps the index it trained while the rows written
since stay under ``dense.ann_retrain_share`` (they are searched flat beside it), and
trains it again past that share. Real LanceDB tables, small, with a low ANN threshold;
Korean, English and mixed rows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import notelens.store.lancedb as lancedb_store
from notelens.config import DenseConfig
from notelens.store.base import ChunkRecord, StoreFilter
from notelens.store.lancedb import LanceDBStore, LanceDBStoreFactory
from notelens.store.testing import DIM, rec, recs

pytestmark = pytest.mark.integration

TEXTS = ("메모 {i} 어텐션 정리", "note {i} on attention heads", "LoRA 실험 {i} rank 메모")
LANGS = ("ko", "en", "ko")


def unit_rows(seed: int, n: int) -> npt.NDArray[np.float32]:
    vecs = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def note_rows(source: str, vecs: npt.NDArray[np.float32], first: int = 0) -> list[ChunkRecord]:
    """Rows of one note, Korean, English and mixed by turns."""
    return [
        replace(
            rec(source, i, TEXTS[(first + i) % 3].format(i=first + i), lang=LANGS[(first + i) % 3]),
            vector=vec,
        )
        for i, vec in enumerate(vecs)
    ]


def vector_index_uuid(store: LanceDBStore) -> str:
    idx = store._vector_index()  # the index's identity is the subject
    assert idx is not None
    return str(idx.index_uuid)


def built(tmp_path: Path, dense: DenseConfig, rows: int = 400) -> LanceDBStore:
    """A table past the threshold, five notes of ``rows / 5`` rows, optimized."""
    store = LanceDBStoreFactory().open(tmp_path, "chunks_vi", dim=DIM, dense=dense)
    vecs = unit_rows(0, rows)
    per = rows // 5
    for n in range(5):
        source = f"/n/{n}.md"
        store.replace_sources([source], note_rows(source, vecs[n * per : (n + 1) * per], n * per))
    store.optimize()
    assert store.stats().dense_index == dense.ann_index.lower()
    assert store.stats().dense_unindexed == 0
    return store


def spy_on_lancedb(store: LanceDBStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The LanceDB calls that change indexes, as ``optimize`` or ``create_index:column``."""
    table = store._table  # which LanceDB calls the store makes is the subject
    calls: list[str] = []
    for name in ("optimize", "create_index", "drop_index"):
        original = getattr(table, name)

        def spy(*args: object, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            column = f":{args[0]}" if args and _name == "create_index" else ""
            calls.append(_name + column + (":replace" if kw.get("replace") else ""))
            return _original(*args, **kw)

        monkeypatch.setattr(table, name, spy)
    return calls


def top(store: LanceDBStore, vec: npt.NDArray[np.float32]) -> tuple[str, float]:
    hit = store.search_vector(vec, 1)[0]
    return hit.chunk_id, hit.score


def test_an_incremental_run_keeps_the_vector_index_and_searches_new_rows_flat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dense = DenseConfig(ann_threshold=200, ann_retrain_share=0.40)
    store = built(tmp_path, dense)
    before = vector_index_uuid(store)
    # A new note, an edited note (every row new vectors, the same chunk ids) and a
    # deleted one: 40 + 80 rows written, 120 of the 360 left (under 40 %).
    new_vecs, edit_vecs = unit_rows(1, 40), unit_rows(2, 80)
    new = note_rows("/n/new.md", new_vecs)
    edited = note_rows("/n/1.md", edit_vecs, 80)
    old_of_deleted = store.get([r.chunk_id for r in store.records() if r.source == "/n/4.md"])
    gone = store.get([old_of_deleted[0].chunk_id], with_vectors=True)[0]
    store.replace_sources(["/n/new.md"], new)
    store.replace_sources(["/n/1.md"], edited)
    store.delete_sources(["/n/4.md"])
    calls = spy_on_lancedb(store, monkeypatch)
    store.optimize()
    assert calls == []  # LanceDB's optimize would rewrite the index

    assert vector_index_uuid(store) == before
    stats = store.stats()
    assert stats.dense_index == "ivf_sq" and stats.dense_unindexed == 120
    # New and edited rows are found (exactly: flat), on Korean and English rows alike.
    for vec, row in [(new_vecs[0], new[0]), (new_vecs[1], new[1]), (edit_vecs[5], edited[5])]:
        chunk_id, score = top(store, vec)
        assert chunk_id == row.chunk_id and score == pytest.approx(1.0, abs=1e-4)
    ko = recs(store, store.search_vector(new_vecs[0], 5, StoreFilter(lang="ko")))
    assert ko and all(r.lang == "ko" for r in ko) and ko[0].source == "/n/new.md"
    en = recs(store, store.search_vector(new_vecs[1], 5, StoreFilter(lang="en")))
    assert en and all(r.lang == "en" for r in en) and en[0].source == "/n/new.md"
    # Deleted rows are not: neither the deleted note's nor the edited note's old vectors.
    assert gone.vector is not None
    assert all(h.chunk_id != gone.chunk_id for h in store.search_vector(gone.vector, 10))
    assert all(r.source != "/n/4.md" for r in recs(store, store.search_vector(gone.vector, 10)))
    assert store.count() == 400 - 80 + 40
    # A second run with nothing written leaves it as it is too.
    store.optimize()
    assert vector_index_uuid(store) == before


def test_past_the_share_the_index_is_trained_again_over_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retrain keeps the kind on disk (IVF_FLAT here, the setting says IVF_SQ), as a
    table indexed before keeps its kind until ``index --rebuild``; the old index serves
    until the new one replaces it in one commit (never dropped first)."""
    old = DenseConfig(ann_threshold=200, ann_index="IVF_FLAT", ann_retrain_share=0.10)
    store = built(tmp_path, old)
    before = vector_index_uuid(store)
    again = LanceDBStoreFactory().open(
        tmp_path, "chunks_vi", dim=DIM, dense=replace(old, ann_index="IVF_SQ"), create=False
    )
    small = note_rows("/n/a.md", unit_rows(3, 20))  # 5 %: kept
    again.replace_sources(["/n/a.md"], small)
    again.optimize()
    assert vector_index_uuid(again) == before and again.stats().dense_unindexed == 20
    more_vecs = unit_rows(4, 40)  # 60 of 460 rows now: past 10 %
    more = note_rows("/n/b.md", more_vecs, 1)
    again.replace_sources(["/n/b.md"], more)
    calls = spy_on_lancedb(again, monkeypatch)
    again.optimize()
    assert calls == ["optimize", "create_index:vector:replace"]

    assert vector_index_uuid(again) != before
    stats = again.stats()
    assert stats.dense_index == "ivf_flat" and stats.dense_unindexed == 0
    idx = again._vector_index()
    assert idx is not None and idx.num_indexed_rows == 460
    chunk_id, score = top(again, more_vecs[3])
    assert chunk_id == more[3].chunk_id and score == pytest.approx(1.0, abs=1e-4)
    assert top(again, unit_rows(3, 20)[0])[0] == small[0].chunk_id
    # A reader opened before the retrain takes the new index up.
    reader = LanceDBStoreFactory().open(tmp_path, "chunks_vi", dim=DIM, dense=old, create=False)
    reader.refresh()
    assert reader.stats().dense_index == "ivf_flat"
    assert top(reader, more_vecs[7])[0] == more[7].chunk_id


def test_the_full_text_index_is_rebuilt_past_its_flat_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where LanceDB's FTS answers BM25 (past the resident postings' size), rows outside
    it are scored flat at every query: past FTS_FLAT_MAX_ROWS it is rebuilt while the
    vector index is kept. Korean and mixed terms are found either way."""
    monkeypatch.setattr(lancedb_store, "FTS_FLAT_MAX_ROWS", 30)
    dense = DenseConfig(ann_threshold=200, ann_retrain_share=0.50)
    store = LanceDBStoreFactory(resident_bm25_max_rows=0).open(
        tmp_path, "chunks_fts", dim=DIM, dense=dense
    )
    vecs = unit_rows(5, 300)
    store.replace_sources(["/n/a.md"], note_rows("/n/a.md", vecs))
    store.optimize()
    vector = vector_index_uuid(store)

    def fts_unindexed() -> int:
        idx = store._index_on("terms")
        assert idx is not None
        return int(idx.num_unindexed_rows or 0)

    few = [
        replace(r, terms=f"{r.terms} 양자화 quantization") for r in note_rows("/n/b.md", vecs[:20])
    ]
    store.replace_sources(["/n/b.md"], few)
    store.optimize()
    assert fts_unindexed() == 20  # under the limit: searched flat
    hits = recs(store, store.search_terms(["양자화"], 5))
    assert hits and {r.source for r in hits} == {"/n/b.md"}

    more = [
        replace(r, terms=f"{r.terms} 증류 distillation") for r in note_rows("/n/c.md", vecs[:20])
    ]
    store.replace_sources(["/n/c.md"], more)
    store.optimize()
    assert fts_unindexed() == 0  # 40 rows outside: rebuilt
    assert vector_index_uuid(store) == vector
    assert {r.source for r in recs(store, store.search_terms(["증류", "distillation"], 5))} == {
        "/n/c.md"
    }
    assert {r.source for r in recs(store, store.search_terms(["양자화"], 5))} == {"/n/b.md"}


def test_many_small_commits_train_it_again_though_few_rows_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each index run's commits add fragments, each searched on its own beside the index;
    past ``dense.ann_retrain_fragments`` small ones the retrain (whose LanceDB optimize
    compacts them) runs even though the rows stay under the share."""
    dense = DenseConfig(ann_threshold=200, ann_retrain_share=0.50, ann_retrain_fragments=4)
    store = built(tmp_path, dense)
    before = vector_index_uuid(store)
    small = store._small_fragments()
    notes = [note_rows(f"/n/new{k}.md", unit_rows(10 + k, 2), 3 * k) for k in range(6)]
    k = 0
    while store._small_fragments() < 4:  # one-note index runs, two rows each: kept
        store.replace_sources([f"/n/new{k}.md"], notes[k])
        store.optimize()
        assert vector_index_uuid(store) == before
        k += 1
    assert k >= 1 and store._small_fragments() > small
    store.replace_sources([f"/n/new{k}.md"], notes[k])  # the fifth small fragment
    k += 1
    calls = spy_on_lancedb(store, monkeypatch)
    store.optimize()
    assert calls == ["optimize", "create_index:vector:replace"]
    assert vector_index_uuid(store) != before
    assert store._small_fragments() <= 4 and store.stats().dense_unindexed == 0
    for j in range(k):
        assert top(store, unit_rows(10 + j, 2)[1])[0] == notes[j][1].chunk_id
