"""fileio.write_atomic: the one way side files of an index are replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from notelens.fileio import write_atomic

pytestmark = pytest.mark.unit


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_text_replaces_the_file_whole_and_private_by_default(tmp_path: Path) -> None:
    target = tmp_path / "coverage.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, '{"노트": "LoRA를 쓰면"}')
    assert target.read_text(encoding="utf-8") == '{"노트": "LoRA를 쓰면"}'
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["coverage.json"]


def test_mode_bytes_and_durable_flags(tmp_path: Path) -> None:
    target = tmp_path / "meta.json"
    write_atomic(target, b"\x00\x01", fsync=True, fsync_dir=True, mode=0o644)
    assert target.read_bytes() == b"\x00\x01"
    assert _mode(target) == 0o644


def test_a_writer_function_streams_into_the_file(tmp_path: Path) -> None:
    target = tmp_path / "weights.npz"

    def writer(fh: BinaryIO) -> None:
        for part in (b"abc", b"def"):
            fh.write(part)

    write_atomic(target, writer, fsync=True)
    assert target.read_bytes() == b"abcdef"


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "ledger.json"
    target.write_text("kept", encoding="utf-8")

    def writer(fh: BinaryIO) -> None:
        fh.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, writer)
    assert target.read_text(encoding="utf-8") == "kept"
    assert os.listdir(tmp_path) == ["ledger.json"]
