"""A split table's piece repeats the header, not the row above: a ditto mark (〃,
"ditto") opening a piece is written out at chunking time, so the row still states its
own value; rows under the first one keep their marks (answer/units.py resolves them
against the row above in the same chunk), and line ranges are unchanged."""

from __future__ import annotations

import pytest
from test_ingest_fixtures import doc_of

from notelens.answer.units import build_units
from notelens.config import ChunkingConfig
from notelens.ingest import ditto
from notelens.ingest.markdown import MarkdownChunker
from notelens.types import Chunk

pytestmark = pytest.mark.unit

# Small pieces: each holds the header and about two rows.
SMALL = ChunkingConfig(target_chars=80, max_chars=140, overlap_chars=0, min_chars=5)

KO = """# 봄 읽기 모임

## 일정
회차 | 날짜 | 분야 | 발표
-- | -- | -- | --
1회 | 2/4 | 검색 증강 | 오하늘
2회 | 2/11 | 〃 | 남궁별
3회 | 2/18 | 〃 | 〃
4회 | 2/25 | 음성 인식 | 천지민
5회 | 3/4 | 〃 | 류새봄
6회 | 3/11 | 〃 | 〃
"""

EN = """# Winter reading circle

## Schedule
| Session | Date | Area | Lead |
|---|---|---|---|
| S1 | Jan 9 | [retrieval](https://example.org/r) | Quinn Abara |
| S2 | Jan 16 | ditto | [Mara Lindqvist](https://example.org/m) |
| S3 | Jan 23 | ditto | ditto |
| S4 | Jan 30 | speech | Tobias Renn |
| S5 | Feb 6 | ditto | Ines Okafor |
| S6 | Feb 13 | ditto | ditto |
"""


def _tables(text: str) -> list[Chunk]:
    chunks = MarkdownChunker(SMALL).chunk(doc_of(text))
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) >= 3, [c.text for c in tables]
    return tables


@pytest.mark.parametrize(("text", "column"), [(KO, "분야"), (EN, "Area")])
def test_every_row_states_its_value_in_every_piece(text: str, column: str) -> None:
    values = []
    for c in _tables(text):
        rows = [u for u in build_units(c.text, c.heading) if u.kind == "row"]
        values += [dict(u.cells)[column] for u in rows]
    assert values[:3] == [values[0]] * 3
    assert values[3:] == [values[3]] * 3
    assert not set(values) & ditto.DITTO_MARKS


def test_only_the_opening_row_is_rewritten_korean() -> None:
    tables = _tables(KO)
    opening = [c.text.split("\n")[2] for c in tables]
    assert opening[0] == "1회 | 2/4 | 검색 증강 | 오하늘"
    # a piece that opens on "2회 | 2/11 | 〃 | 남궁별" has its topic written out
    for line in opening[1:]:
        assert "〃" not in line
    # a mark under a row of the same piece stays as the note wrote it
    assert any("〃" in ln for c in tables for ln in c.text.split("\n")[3:])


def test_links_and_line_ranges_stay_right_english() -> None:
    tables = _tables(EN)
    for c in tables:
        # every piece's range starts at the header line and ends at its last row
        assert c.location.line_start == 4
        assert c.text.split("\n")[-1].startswith(f"| S{c.location.line_end - 5} |")
    # the link after a written-out mark stays with its row's piece
    s2 = next(c for c in tables if "| S2 |" in c.text)
    assert "| S2 | Jan 16 | retrieval | Mara Lindqvist |" in s2.text
    assert [(lk.text, lk.url) for lk in s2.links] == [("Mara Lindqvist", "https://example.org/m")]


def test_a_mark_with_nothing_above_stays() -> None:
    assert ditto.resolve(["1", "〃"], []) == ["1", "〃"]
    assert ditto.resolve(["2", "〃", "x"], ["1", "MoE", ""]) == ["2", "MoE", "x"]


def test_rewrite_row_reports_its_shifts() -> None:
    line = "| S2 | ditto | Mara |"
    out, edits = ditto.rewrite_row(line, 3, ["S1", "retrieval", "Quinn"])
    assert out == "| S2 | retrieval | Mara |"
    assert edits == [(7, len("retrieval") - len("ditto"))]
    assert ditto.rewrite_row("3 | 〃 | 〃", 3, ["2", "MoE", ""]) == ("3 | MoE | 〃", [(4, 2)])
