"""The row-id memo behind LanceDB's hit fetch: ids are good for one table version only."""

from __future__ import annotations

from notelens.store.rowids import RowIdMemo


def test_row_ids_are_known_at_the_version_they_were_read_at_only() -> None:
    memo = RowIdMemo()
    memo.remember(3, [("/n/회의.md#0#h", 7), ("/n/RAG 노트.md#1#h", 9)])
    memo.remember(3, [("/n/plain.md#0#h", 11)])
    wanted = ["/n/회의.md#0#h", "/n/RAG 노트.md#1#h", "/n/plain.md#0#h", "/n/none.md#0#h"]
    assert memo.known(3, wanted) == {
        "/n/회의.md#0#h": 7,
        "/n/RAG 노트.md#1#h": 9,
        "/n/plain.md#0#h": 11,
    }
    assert memo.known(4, wanted) == {}
    memo.remember(4, [("/n/plain.md#0#h", 2)])  # a new version starts over
    assert memo.known(4, wanted) == {"/n/plain.md#0#h": 2}
    assert memo.known(3, wanted) == {}
    memo.forget()
    assert memo.known(4, wanted) == {}


def test_the_memo_starts_over_past_its_limit() -> None:
    memo = RowIdMemo(limit=3)
    memo.remember(1, [(f"/n/노트{i}.md#0#h", i) for i in range(3)])
    memo.remember(1, [("/n/new.md#0#h", 10)])
    assert memo.known(1, ["/n/노트0.md#0#h", "/n/new.md#0#h"]) == {"/n/new.md#0#h": 10}
