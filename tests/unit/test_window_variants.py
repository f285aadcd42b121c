"""The twenty-third round's measuring scripts (issues #15 / #22): where a gold string no
chunk's text holds is (benchmarks/gold_depth.py), the line windows' answer variants
(benchmarks/window_variants.py) and which passage an answer quotes
(benchmarks/window_moves.py). Fixtures written here, Korean and English, not copied from
any notes set."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from gold_depth import _where
from notelens.types import Link
from window_moves import gold_rank, quoted
from window_variants import promoted, variant_hits

pytestmark = pytest.mark.unit


def _rec(cid: str, text: str, heading: str = "", title: str = "", links: tuple[Link, ...] = ()):  # type: ignore[no-untyped-def]
    return SimpleNamespace(chunk_id=cid, text=text, heading=heading, title=title, links=links)


RECORDS = [
    _rec(
        "a",
        "- 발표자: 김하늘\n- 장소: 3층 회의실",
        heading="봄 학기 세미나 > 셋째 주",
        title="봄 학기 세미나",
    ),
    _rec(
        "b",
        "- [Short Paper](<papers/Sparse Mixtures Routing Experts Cheaply/content>)",
        heading="Reading list",
        title="Reading list",
        links=(Link(text="Short Paper", url="papers/Sparse%20Mixtures%20Routing/content"),),
    ),
]


def test_where_names_a_heading_korean() -> None:
    assert _where(["셋째 주"], RECORDS, []) == "heading"


def test_where_names_a_link_target_english_and_unquotes_it() -> None:
    assert _where(["Sparse Mixtures Routing"], RECORDS, []) == "link"


def test_where_names_a_file_when_ingest_lost_the_text() -> None:
    raw = ["# 봄 학기 세미나\n<!-- 간식: 귤 한 상자 -->\n"]
    assert _where(["귤 한 상자"], RECORDS, raw) == "file"


def test_where_says_none_when_the_notes_do_not_write_it() -> None:
    assert _where(["an answer nobody wrote"], RECORDS, ["# Notes\nnothing here\n"]) == "none"


def _hits(*ids: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(chunk_id=i, text=f"passage {i}") for i in ids]


def test_promoted_is_the_best_new_passage_of_the_windowed_five() -> None:
    base, on = _hits("a", "b", "c", "d", "e"), _hits("b", "x", "a", "y", "c")
    new = promoted(base, on)
    assert new is not None and new.chunk_id == "x"
    assert promoted(base, _hits("e", "d", "c", "b", "a")) is None


def test_variants_keep_or_extend_the_windows_off_five() -> None:
    base, on = _hits("a", "b", "c", "d", "e"), _hits("b", "x", "a", "y", "c")
    ids = {
        v: [h.chunk_id for h in variant_hits(v, base, on)] for v in ("on", "swap5", "add6", "order")
    }
    assert ids["on"] == ["b", "x", "a", "y", "c"]
    assert ids["swap5"] == ["a", "b", "c", "d", "x"]
    assert ids["add6"] == ["a", "b", "c", "d", "e", "x"]
    # order: no passage enters; those the windowed five lack keep their own order after.
    assert ids["order"] == ["b", "a", "c", "d", "e"]


def test_no_new_passage_leaves_swap5_and_add6_as_before() -> None:
    base, on = _hits("a", "b", "c", "d", "e"), _hits("c", "a", "b", "e", "d")
    for v in ("swap5", "add6"):
        assert [h.chunk_id for h in variant_hits(v, base, on)] == ["a", "b", "c", "d", "e"]


def test_quoted_finds_the_passage_of_the_first_cited_unit() -> None:
    hits = [
        SimpleNamespace(chunk_id="p1", text="The run used a batch size of 64.\nIt took 3 hours."),
        SimpleNamespace(chunk_id="p2", text="- 장소: 3층 회의실\n- 발표자: 김하늘"),
    ]
    assert quoted("김하늘 — - 발표자: 김하늘 [1]", hits) == 2
    assert quoted("It took 3 hours. [1] The run used a batch size of 64. [1]", hits) == 1
    assert quoted("nothing verbatim [1]", hits) is None


def test_gold_rank_reads_korean_and_english_golds() -> None:
    hits = [
        SimpleNamespace(text="Warm-up matters most."),
        SimpleNamespace(text="발표자는 김하늘이다."),
    ]
    assert gold_rank(hits, ["김하늘"]) == 2
    assert gold_rank(hits, ["warm-up"]) == 1
    assert gold_rank(hits, ["없는 답"]) is None
