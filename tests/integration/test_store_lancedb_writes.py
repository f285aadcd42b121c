"""The embedded store's two write paths (issue #17): a commit of sources the table does
not hold is one append, a commit that replaces held sources one merge_insert. Either way
one new table version per ``replace_sources`` (the crash-safety contract: each file old
or new), and every row searchable at once, also after the table's indexes were built.

Real LanceDB tables in temp folders; Korean and mixed Korean/English terms.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from notelens.store.lancedb import _IN_LIST_BATCH, FILE_FORMAT, LanceDBStore, LanceDBStoreFactory
from notelens.store.testing import DIM, rec

pytestmark = pytest.mark.integration


def _open(tmp_path: Path, resident: int = 0) -> LanceDBStore:
    factory = LanceDBStoreFactory(resident_bm25_max_rows=resident)
    return factory.open(tmp_path / "index", "chunks", dim=DIM)


def _version(store: LanceDBStore) -> int:
    return int(store._table.version)


class Spy(LanceDBStore):
    """Records which path each commit took (the real table does the writing)."""

    paths: list[str]

    def _any_rows_of(self, sources: object) -> bool:
        held = super()._any_rows_of(sources)  # type: ignore[arg-type]
        self.paths = [*getattr(self, "paths", []), "merge" if held else "append"]
        return held


def test_new_sources_are_one_append_each_commit_and_replacements_one_merge(
    tmp_path: Path,
) -> None:
    store = Spy(LanceDBStoreFactory.folder(tmp_path / "index"), table="chunks", dim=DIM)
    v0 = _version(store)
    first = [rec("/n/한국어.md", i, f"저랭크 적응 학습 t{i}", lang="ko", vec=i) for i in range(3)]
    store.replace_sources(["/n/한국어.md"], first)
    assert _version(store) == v0 + 1
    mixed = [rec("/n/mixed.md", 0, "LoRA 저랭크 adapter", vec=4)]
    store.replace_sources(["/n/mixed.md"], mixed)
    assert _version(store) == v0 + 2
    assert store.paths == ["append", "append"]
    assert store.count() == 4

    # The Korean file again, with fewer chunks and new text: the old rows are gone.
    newer = [rec("/n/한국어.md", 0, "양자화 학습", lang="ko", file_hash="h2", vec=5)]
    store.replace_sources(["/n/한국어.md", "/n/new.md"], newer)
    assert store.paths[-1] == "merge"
    assert _version(store) == v0 + 3
    states = store.file_states()
    assert states["/n/한국어.md"].chunks == 1 and states["/n/한국어.md"].file_hash == "h2"
    assert {h.chunk_id for h in store.search_terms(["저랭크"], 10)} == {mixed[0].chunk_id}
    assert [h.chunk_id for h in store.search_terms(["양자화"], 10)] == [newer[0].chunk_id]


def test_an_emptied_source_is_deleted_not_appended(tmp_path: Path) -> None:
    store = _open(tmp_path)
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "검색 search")])
    store.replace_sources(["/n/a.md"], [])
    assert store.count() == 0
    store.replace_sources(["/n/b.md"], [])  # nothing held, nothing written: still empty
    assert store.count() == 0


def test_appends_after_the_indexes_were_built_are_searched(tmp_path: Path) -> None:
    store = _open(tmp_path)  # BM25 through LanceDB's FTS index, the path past 200k rows
    store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "어텐션 attention", vec=1)])
    store.optimize()  # FTS and the chunk_id B-tree now exist
    store.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "어텐션 헤드", vec=2)])
    hits = store.search_terms(["어텐션"], 10)
    assert {h.chunk_id for h in hits} == {"/n/a.md#0#h1", "/n/b.md#0#h1"}
    # Replacing the appended file after the indexes exist takes the merge path.
    store.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "헤드", vec=2, file_hash="h3")])
    assert [h.chunk_id for h in store.search_terms(["어텐션"], 10)] == ["/n/a.md#0#h1"]
    assert store.count() == 2


def test_held_sources_are_found_past_one_in_list(tmp_path: Path) -> None:
    """The presence check runs in IN lists of _IN_LIST_BATCH sources: a held source in
    the second list must still send the commit down the merge path."""
    store = _open(tmp_path)
    last = f"/n/{_IN_LIST_BATCH + 5:04d}.md"
    store.replace_sources([last], [rec(last, 0, "원본 old")])
    sources = [f"/n/{i:04d}.md" for i in range(_IN_LIST_BATCH + 10)]
    rows = [rec(s, 0, "새 new", file_hash="h2") for s in sources]
    assert store._any_rows_of(sources)
    store.replace_sources(sources, rows)
    assert store.count() == len(sources)
    assert store.file_states()[last].file_hash == "h2"


def test_vector_cache_lookup_sees_indexed_and_appended_rows(tmp_path: Path) -> None:
    """optimize puts a B-tree on content_hash; rows appended after it are still found
    (scanned), and a lookup of more hashes than one IN list holds finds them all."""
    store = _open(tmp_path)
    old = [rec("/n/a.md", i, f"기존 old{i}", vec=i) for i in range(3)]
    store.replace_sources(["/n/a.md"], old)
    store.optimize()
    assert any("content_hash" in idx.columns for idx in store._table.list_indices())
    new = [rec("/n/b.md", i, f"신규 new{i}", vec=i + 3) for i in range(2)]
    store.replace_sources(["/n/b.md"], new)
    missing = [f"none-{i}" for i in range(5000)]  # more than one lookup batch
    found = store.vectors_for_hashes([r.content_hash for r in old + new] + missing)
    assert set(found) == {r.content_hash for r in old + new}
    for r in old + new:
        assert r.vector is not None
        assert np.allclose(found[r.content_hash], r.vector)


def test_held_sources_follow_own_commits_and_are_reread_after_anothers(tmp_path: Path) -> None:
    """The writer's held-source set: updated by its own commits (a file emptied, then
    written again, is appended), reread when another handle has committed."""
    store = Spy(LanceDBStoreFactory.folder(tmp_path / "index"), table="chunks", dim=DIM)
    store.replace_sources(["/n/가.md"], [rec("/n/가.md", 0, "첫 first")])
    store.replace_sources(["/n/가.md"], [rec("/n/가.md", 0, "둘 second", file_hash="h2")])
    store.replace_sources(["/n/가.md"], [])  # emptied: no longer held
    store.replace_sources(["/n/가.md"], [rec("/n/가.md", 0, "셋 third", file_hash="h3")])
    assert store.paths == ["append", "merge", "append"]
    assert store.file_states()["/n/가.md"].file_hash == "h3" and store.count() == 1

    other = _open(tmp_path)  # another writer adds a file this handle has not seen
    other.replace_sources(["/n/나.md"], [rec("/n/나.md", i, f"외부 other{i}") for i in range(2)])
    store.refresh()
    store.replace_sources(["/n/나.md"], [rec("/n/나.md", 0, "교체 replaced", file_hash="h2")])
    assert store.paths[-1] == "merge"
    assert store.count() == 2  # one row of 가.md, one of 나.md: no duplicate appended
    assert store.file_states()["/n/나.md"].chunks == 1


def test_vector_cache_lookup_follows_own_commits_and_anothers(tmp_path: Path) -> None:
    """The lookup scans only for hashes the table may hold: its own commits add theirs,
    another handle's commit makes it reread them."""
    store = _open(tmp_path)
    assert store.vectors_for_hashes(["c-없음"]) == {}  # reads the (empty) table's hashes
    mine = rec("/n/a.md", 0, "임베딩 embedding", vec=3)
    store.replace_sources(["/n/a.md"], [mine])
    assert set(store.vectors_for_hashes([mine.content_hash, "c-없음"])) == {mine.content_hash}

    other = _open(tmp_path)
    theirs = rec("/n/b.md", 0, "재사용 reuse", vec=4)
    other.replace_sources(["/n/b.md"], [theirs])
    store.refresh()
    found = store.vectors_for_hashes([theirs.content_hash, mine.content_hash])
    assert set(found) == {theirs.content_hash, mine.content_hash}
    assert theirs.vector is not None and np.allclose(found[theirs.content_hash], theirs.vector)


def test_new_tables_are_written_in_the_file_format_whose_row_reads_stay_cheap(
    tmp_path: Path,
) -> None:
    """Every data file of a new table, appended, merged and compacted, is in
    ``FILE_FORMAT`` (2.1): the default 2.2 decodes a whole all-equal page to read one row
    back, ~2 ms a column for a search's hits at 1M rows. A Lance file ends with its
    major and minor version (two little-endian u16) and the magic ``LANC``."""
    store = _open(tmp_path)
    rows = [rec(f"/n/회의 {i}.md", 0, f"검색 retrieval t{i}", lang="ko") for i in range(40)]
    rows += [rec(f"/n/note {i}.md", 0, f"plain t{i}") for i in range(10)]
    store.replace_sources([r.source for r in rows[:20]], rows[:20])
    store.replace_sources([r.source for r in rows], rows)
    store.optimize()
    files = list((tmp_path / "index" / "lance" / "chunks.lance" / "data").glob("*.lance"))
    assert files
    for f in files:
        tail = f.read_bytes()[-8:]
        assert tail[4:] == b"LANC"
        major, minor = int.from_bytes(tail[0:2], "little"), int.from_bytes(tail[2:4], "little")
        assert f"{major}.{minor}" == FILE_FORMAT
    assert store.get([r.chunk_id for r in rows]) == [replace(r, vector=None) for r in rows]
