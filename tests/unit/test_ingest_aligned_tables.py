"""Space-aligned tables of plain-text notes (ingest/aligned_tables.py): an experiment
log's run table is read as a pipe table, line for line, so its rows keep their header
through chunking and each row is an answer unit with its cells. Korean and English notes;
the last test answers from the indexed rows with real Kiwi and e5.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.units import build_units
from notelens.embed.base import Embedder
from notelens.ingest import load_file
from notelens.ingest.aligned_tables import has_aligned_table, pipe_tables
from notelens.ingest.chunking import chunk_document
from notelens.ingest.detect import looks_like_markdown

LOG = """\
QUILL-2B 튜닝 실험 기록
owner: 문가온

run   method   rank  lr      target     KoMT   train_hrs
----  -------  ----  ------  ---------  -----  ---------
r01   full     -     1e-5    all        6.40   30.5
r02   LoRA     8     2e-4    q,v        5.90   4.1
r03   LoRA     16    2e-4    q,k,v,o    6.10   4.8
(r01: 베이스라인, batch 8)

[2031-05-07]
r01 full SFT. lr 1e-5에서 loss가 1.60까지 내려감.
"""


@pytest.mark.unit
def test_the_run_table_becomes_a_pipe_table_line_for_line() -> None:
    out = pipe_tables(LOG)
    lines = out.split("\n")
    assert len(lines) == len(LOG.split("\n"))  # citations keep their line numbers
    assert lines[3] == "| run | method | rank | lr | target | KoMT | train_hrs |"
    assert lines[4].startswith("|---|")
    assert lines[7] == "| r03 | LoRA | 16 | 2e-4 | q,k,v,o | 6.10 | 4.8 |"
    # The note in parentheses under the rows is no row: it stays as written.
    assert lines[8] == "(r01: 베이스라인, batch 8)"
    assert has_aligned_table(LOG) and looks_like_markdown(LOG)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "회의록\n----\n다음 주에 계속",  # a rule of one group: a heading underline
        "a list -- of -- dashes\nno table here",
        "run   lr\n\n----  ----\nr01   1e-5",  # no header right above the rule
        "run   lr\n----  ----\n",  # a rule without rows
    ],
)
def test_no_table_without_header_rule_and_rows(text: str) -> None:
    assert pipe_tables(text) == text
    assert not has_aligned_table(text)


@pytest.mark.unit
def test_a_row_cut_inside_a_word_ends_the_table() -> None:
    text = "name   score\n-----  -----\nabc    1.0\nlonger-name-here 2.0\n"
    lines = pipe_tables(text).split("\n")
    assert lines[2] == "| abc | 1.0 |"
    assert lines[3] == "longer-name-here 2.0"


@pytest.mark.unit
def test_a_text_note_chunks_its_rows_with_their_header(tmp_path: Path) -> None:
    path = tmp_path / "tuning-log.txt"
    path.write_text(LOG, encoding="utf-8")
    doc = load_file(path)
    assert doc.format == "markdown"
    chunks = chunk_document(doc)
    table = next(c for c in chunks if "r03" in c.text)
    assert "train_hrs" in table.text and table.location.line_start <= 4
    rows = [u for u in build_units(table.text, table.heading) if u.kind == "row"]
    assert ("train_hrs", "4.8") in rows[2].cells


@pytest.mark.unit
def test_a_markdown_file_keeps_its_own_text(tmp_path: Path) -> None:
    # A markdown note writes its tables as pipes; aligned text there is left alone.
    path = tmp_path / "log.md"
    path.write_text("# log\n\n" + LOG, encoding="utf-8")
    doc = load_file(path)
    assert "r03   LoRA" in "\n".join(s.text for s in doc.sections)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "short"),
    [("r03 train_hrs 몇 시간?", "4.8"), ("What was r02's KoMT score?", "5.90")],
)
def test_a_row_answers(
    question: str, short: str, tmp_path: Path, analyzer: Analyzer, embedder: Embedder
) -> None:
    path = tmp_path / "tuning-log.txt"
    path.write_text(LOG, encoding="utf-8")
    table = next(c for c in chunk_document(load_file(path)) if "r03" in c.text)
    hits = [note_hit(0, table.text, table.heading)]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == short
