"""``errors.first_line``: the one-line reason the stores give for a database or library
error (PostgreSQL's messages carry DETAIL / HINT lines; LanceDB's a Rust backtrace)."""

from __future__ import annotations

import pytest

from notelens.errors import first_line

pytestmark = pytest.mark.unit


def test_the_first_line_of_a_multiline_message() -> None:
    exc = RuntimeError('  could not access file "notelens_bm25": 파일 없음\nDETAIL: x\n')
    assert first_line(exc) == 'could not access file "notelens_bm25": 파일 없음'


def test_a_blank_message_gives_the_default_or_the_type_name() -> None:
    assert first_line(ValueError("  \n ")) == "ValueError"
    assert first_line(OSError(), "probe failed") == "probe failed"
