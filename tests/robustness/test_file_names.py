"""Defect 1 and the ANSI part of 8: file names that are not UTF-8, or that carry
terminal escape sequences, index losslessly, never block the rest of the batch, and
are printed escaped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notelens.paths import (
    ESCAPE,
    chunk_key_bytes,
    display_path,
    escape_controls,
    source_key,
    source_path,
)

LATIN1 = b"latin1_\xe9.md"
ANSI = "\x1b[31mred\x1b[0m_노트.md"


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(
    st.binary(min_size=1, max_size=40).filter(
        lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
    )
)
def test_any_byte_name_round_trips_and_stores_as_utf8(raw: bytes) -> None:
    path = Path("/notes") / os.fsdecode(raw)
    key = source_key(path)
    key.encode("utf-8")  # what pyarrow needs: must not raise
    assert source_path(key) == path
    assert os.fsencode(source_path(key)) == b"/notes/" + raw
    assert chunk_key_bytes(key) == b"/notes/" + raw
    shown = display_path(key)
    shown.encode("utf-8")
    assert "\x1b" not in shown and ESCAPE not in shown


@pytest.mark.unit
def test_utf8_names_are_stored_unchanged_so_old_indexes_keep_their_keys() -> None:
    for name in ("/n/회의록 2024.md", "/n/plain.md", "/n/mixed 한글 English.txt"):
        assert source_key(name) == name
        assert chunk_key_bytes(name) == name.encode("utf-8")


@pytest.mark.unit
def test_display_escapes_undecodable_bytes_and_terminal_controls() -> None:
    assert display_path(os.fsdecode(b"/n/" + LATIN1)) == "/n/latin1_\\xe9.md"
    assert display_path("/n/" + ANSI) == "/n/\\x1b[31mred\\x1b[0m_노트.md"
    assert escape_controls("제목\x1b]0;pwned\x07\n다음 줄") == "제목\\x1b]0;pwned\\x07\n다음 줄"
    assert display_path("/n/\u202eevil.md") == "/n/\\u202eevil.md"


def _notes(tmp: Path) -> Path:
    notes = tmp / "notes"
    notes.mkdir()
    (notes / "ok.md").write_text("# 정상 노트\n\nhello 안녕하세요\n", encoding="utf-8")
    Path(os.fsdecode(os.fsencode(notes) + b"/" + LATIN1)).write_bytes(
        b"# latin\n\nbonjour caf\xc3\xa9 \xea\xb0\x80\n"
    )
    (notes / ANSI).write_text("# 색깔\n\nansi named note\n", encoding="utf-8")
    return notes


@pytest.mark.integration
def test_undecodable_and_ansi_names_index_search_and_prune(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    from notelens.types import FileStatus

    notes = _notes(tmp_path)
    # A name that is not UTF-8 and has no heading: the title comes from the name.
    Path(os.fsdecode(os.fsencode(notes) + b"/stem_\xff.md")).write_bytes(
        b"plain body without heading\n"
    )
    engine = make_engine(tmp_path / "index")
    report = engine.index([notes])
    assert report.ok, report.to_dict()
    assert report.count(FileStatus.INDEXED) == 4
    hits = engine.search("bonjour", k=3, mode="bm25")
    assert hits and os.fsencode(source_path(hits[0].source)).endswith(LATIN1)
    assert source_path(hits[0].source).exists()  # lossless: the exact file on disk
    hit = engine.search("plain body without heading", k=1, mode="bm25")[0]
    assert "\\xff" in hit.title
    # A second run finds nothing changed; deleting the file prunes its rows.
    again = engine.index([notes])
    assert {f.status.value for f in again.files} == {"unchanged"}
    os.unlink(os.fsencode(notes) + b"/" + LATIN1)
    third = engine.index([notes])
    assert [f.status.value for f in third.files if f.status.value != "unchanged"] == ["removed"]
    left = engine.search("bonjour", k=3, mode="bm25")
    assert all(b"latin1_" not in os.fsencode(source_path(h.source)) for h in left)


@pytest.mark.integration
def test_cli_prints_names_escaped(tmp_path: Path) -> None:
    notes = _notes(tmp_path)
    env = {**os.environ, "PYTHONPATH": "src", "COLUMNS": "200"}
    run = subprocess.run(
        [sys.executable, "-m", "notelens", "index", str(notes), "--index", str(tmp_path / "i")],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    shown = run.stdout + run.stderr
    assert b"\x1b[31m" not in shown
    assert b"\\x1b[31mred" in shown
    assert b"latin1_\\xe9.md" in shown
    search = subprocess.run(
        [sys.executable, "-m", "notelens", "search", "ansi named", "--index", str(tmp_path / "i")],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert search.returncode == 0
    assert b"\x1b[31m" not in search.stdout and b"\\x1b[31mred" in search.stdout


@pytest.mark.unit
def test_python_api_load_file_takes_undecodable_names(tmp_path: Path) -> None:
    from notelens.ingest import load_file

    raw = os.fsencode(tmp_path) + b"/\xbe\xc8\xb3\xe7.md"  # EUC-KR bytes of 안녕
    Path(os.fsdecode(raw)).write_bytes(b"body text only\n")
    doc = load_file(Path(os.fsdecode(raw)))
    doc.source.encode("utf-8")
    doc.title.encode("utf-8")
    assert os.fsencode(source_path(doc.source)) == raw
    assert doc.title == b"\xbe\xc8\xb3\xe7".decode("utf-8", "backslashreplace")
