"""Index runs as a terminal shows them (issue #21 items 2-3): third-party warnings on
their file's report line (never bare), the progress calls in order, the last run in
``status``. Real indexer, Kiwi and e5; a PDF fixture pypdf warns about."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from notelens.cli.consoles import make_console
from notelens.cli.render import print_index_report, print_status
from notelens.types import FileReport, FileStatus
from pdf_fixtures import make_pdf

pytestmark = pytest.mark.integration


def truncated_pdf() -> bytes:
    """A PDF whose last line is ``%%EO``: pypdf reads it and logs "EOF marker seems
    truncated" (the kind of warning real-world PDFs print by the dozen)."""
    data = make_pdf(["Grouped-query attention shares KV heads.", "LoRA trains adapters."])
    end = data.rstrip()
    assert end.endswith(b"%%EOF")
    return end[:-1] + b"\n"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def start(self, total_files: int) -> None:
        self.calls.append(("start", total_files))

    def reading(self, source: str) -> None:
        self.calls.append(("reading", Path(source).name))

    def file_done(self, report: FileReport) -> None:
        self.calls.append(("done", Path(report.path).name))

    def phase(self, name: str, total: int | None = None) -> None:
        self.calls.append(("phase", name))

    def advance(self, n: int = 1) -> None:
        self.calls.append(("advance", n))


def test_pdf_warnings_go_on_the_report_line(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "paper.pdf").write_bytes(truncated_pdf())
    (notes / "second.pdf").write_bytes(truncated_pdf())
    (notes / "메모.md").write_text("# GQA 메모\n\nGQA는 KV head를 공유한다.\n", encoding="utf-8")
    # What a bare warning would print through: a root handler, as the CLI installs.
    bare = io.StringIO()
    handler = logging.StreamHandler(bare)
    logging.getLogger().addHandler(handler)
    try:
        progress = Recorder()
        engine = make_engine(tmp_path / "index")
        report = engine.index([notes], progress=progress)
    finally:
        logging.getLogger().removeHandler(handler)
    assert report.ok
    by_name = {Path(f.path).name: f for f in report.files}
    for pdf in ("paper.pdf", "second.pdf"):  # each file gets its own (not once a run)
        assert by_name[pdf].status is FileStatus.INDEXED
        assert any("EOF marker" in w for w in by_name[pdf].warnings), by_name[pdf]
        assert len(by_name[pdf].warnings) == len(set(by_name[pdf].warnings))
    assert by_name["메모.md"].warnings == ()
    assert "EOF marker" not in bare.getvalue()  # never printed bare

    # Files are counted as they are reached, before any batch is written.
    kinds = [c[0] for c in progress.calls]
    assert kinds[0] == "start" and progress.calls[0][1] == 3
    assert sorted(n for k, n in progress.calls if k == "reading") == sorted(by_name)
    assert kinds.index("reading") < kinds.index("done")

    text = io.StringIO()
    print_index_report(make_console(text), report, engine.index_dir)
    out = text.getvalue()
    line = next(ln for ln in out.splitlines() if "paper.pdf" in ln)
    assert "indexed (with warnings)" in line and "EOF marker" in line
    assert "3 indexed" in out

    status = engine.status()
    assert status.roots == (str(notes.resolve()),)
    assert status.last_run is not None
    assert status.last_run["files"]["indexed"] == 3 and status.last_run["warnings"] == 2
    text = io.StringIO()
    print_status(make_console(text), status)
    shown = text.getvalue()
    assert str(notes.resolve()) in shown
    assert "3 indexed" in shown and "2 files with warnings" in shown
