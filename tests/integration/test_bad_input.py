"""Every kind of bad input gets a clear report line; everything else is still indexed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_inprocess import run_cli
from pdf_fixtures import make_corrupt_pdf, make_encrypted_pdf, make_pdf

pytestmark = pytest.mark.integration


def run_index(*args: str) -> tuple[int, dict[str, object], str]:
    res = subprocess.run(
        [sys.executable, "-m", "notelens", "index", *args, "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANCE_LOG": "error"},
        timeout=600,
    )
    assert "Traceback" not in res.stderr, res.stderr
    return res.returncode, json.loads(res.stdout) if res.stdout.strip() else {}, res.stderr


def by_name(report: dict[str, object]) -> dict[str, dict[str, object]]:
    files = report["files"]
    assert isinstance(files, list)
    return {Path(str(f["path"])).name: f for f in files}


@pytest.mark.usefixtures("cli_uses_session_models")
def test_bad_files_are_reported_and_good_ones_indexed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(
        "# 좋은 노트\n\nLoRA는 low-rank 행렬만 학습한다.\n", encoding="utf-8"
    )
    (notes / "paper.pdf").write_bytes(make_pdf(["Grouped-query attention shares key value heads."]))
    (notes / "binary.md").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    (notes / "corrupt.pdf").write_bytes(make_corrupt_pdf())
    (notes / "locked.pdf").write_bytes(make_encrypted_pdf(["secret"], user_password="pw"))
    (notes / "latin1.txt").write_bytes(b"caf\xe9 \xff\xfe broken \x80\x81 bytes " * 20)
    (notes / "empty.md").write_bytes(b"")
    with open(notes / "huge.md", "wb") as fh:  # 50 MB, sparse: costs no disk
        fh.truncate(50 * 1024 * 1024)
    loop = notes / "loop"
    loop.mkdir()
    (loop / "back").symlink_to(notes, target_is_directory=True)
    (notes / "no-notes-here").mkdir()
    (notes / "no-notes-here" / "image.png").write_bytes(b"\x89PNG")

    code, report, _ = run_index(
        str(notes), str(tmp_path / "missing"), "--index", str(tmp_path / "ix")
    )
    assert code == 0, report  # something was indexed
    files = by_name(report)
    assert files["good.md"]["status"] == "indexed"
    assert files["paper.pdf"]["status"] == "indexed"
    expected = {
        "binary.md": ("skipped", "binary"),
        "empty.md": ("skipped", "empty"),
        "huge.md": ("skipped", "over the 20 MB limit"),
        "corrupt.pdf": ("failed", "corrupt PDF"),
        "locked.pdf": ("failed", "encrypted PDF"),
        "latin1.txt": ("failed", "UTF-8"),
        "back": ("skipped", "symlink loop"),
        "missing": ("skipped", "no such file or directory"),
    }
    for name, (status, words) in expected.items():
        assert name in files, f"no report line for {name}: {sorted(files)}"
        assert files[name]["status"] == status, files[name]
        assert words.lower() in str(files[name]["reason"]).lower(), files[name]
    assert "image.png" not in files  # not a note extension: silently not a candidate

    # The good files answer searches (the search in this process, with the session's
    # models: its subject is what the index run kept, not another cold start).
    res = run_cli(
        "search", "grouped query attention", "--json", "--index", str(tmp_path / "ix"), "-k", "1"
    )
    hit = json.loads(res.stdout)["hits"][0]
    assert hit["source"].endswith("paper.pdf") and hit["location"]["page"] == 1


def test_nothing_indexable_exits_nonzero(tmp_path: Path) -> None:
    notes = tmp_path / "only-bad"
    notes.mkdir()
    (notes / "empty.md").write_bytes(b"")
    (notes / "corrupt.pdf").write_bytes(make_corrupt_pdf())
    code, report, _ = run_index(str(notes), "--index", str(tmp_path / "ix"))
    assert code == 1
    assert report["ok"] is False
    assert {f["status"] for f in report["files"]} == {"skipped", "failed"}  # type: ignore[union-attr]


def test_folder_without_notes_exits_nonzero(tmp_path: Path) -> None:
    empty = tmp_path / "photos"
    empty.mkdir()
    (empty / "a.jpg").write_bytes(b"\xff\xd8\xff")
    code, report, _ = run_index(str(empty), "--index", str(tmp_path / "ix"))
    # No candidates at all: one line for the folder says so; nothing was indexed.
    [line] = report["files"]  # type: ignore[misc]
    assert line["status"] == "skipped" and "no notes found" in line["reason"]
    assert code == 1


@pytest.mark.usefixtures("cli_uses_session_models")
def test_failed_reindex_keeps_previous_version(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    p = notes / "paper.pdf"
    p.write_bytes(make_pdf(["Speculative decoding drafts tokens with a small model."]))
    ix = str(tmp_path / "ix")
    assert run_index(str(notes), "--index", ix)[0] == 0
    p.write_bytes(make_corrupt_pdf())
    _, report, _ = run_index(str(notes), "--index", ix)
    line = by_name(report)["paper.pdf"]
    assert line["status"] == "failed" and "previous version kept" in str(line["reason"])
    res = run_cli("search", "speculative decoding", "--json", "--index", ix)  # as above
    assert json.loads(res.stdout)["hits"], "the old version must still be searchable"
