"""CLI output for pipes and terminals (issue #21 item 3): no wrapping when not a
terminal, flags shown as flags in --help, plurals."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from notelens.cli.consoles import make_console
from notelens.cli.render import describe_run, plural, print_hits
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit

LONG = "/tmp/" + "x" * 70 + "/" + "한국어 연구 노트" * 6 + "/2024년 주간 메모 GQA와 MQA 비교.md"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTELENS_DAEMON": "0", "COLUMNS": "80"}
    env.pop("NOTELENS_INDEX", None)
    return subprocess.run(
        [sys.executable, "-m", "notelens", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_pipes_get_whole_lines() -> None:
    buf = io.StringIO()
    hit = Hit(
        1,
        0.5,
        "c",
        LONG,
        "주간 메모",
        "GQA > 비교 " * 8,
        "GQA는 KV head를 공유한다.",
        Location(3, 9),
        "mixed",
    )
    print_hits(make_console(buf), "GQA", [hit])
    head = buf.getvalue().splitlines()[0]
    assert LONG.lstrip("/") in head or LONG in head  # the file name is not split
    assert len(head) > 200


def test_errors_in_pipes_are_one_line(tmp_path: Path) -> None:
    index = tmp_path / ("긴 이름의 인덱스 폴더 " * 6)
    res = run_cli("status", "--index", str(index))
    assert res.returncode == 0
    assert res.stdout.count("\n") == 1 and str(index) in res.stdout
    res = run_cli("search", "GQA", "--lang", "jp", "--index", str(index))
    assert res.returncode == 2
    assert res.stderr.startswith("error:") and res.stderr.count("\n") == 1


def test_help_shows_flags_as_flags() -> None:
    for cmd in (["search"], ["ask"], ["index"], ["status"], []):
        res = run_cli(*cmd, "--help")
        assert res.returncode == 0, res.stderr
        assert "<bool>" not in res.stdout, cmd
    assert "--json" in run_cli("search", "--help").stdout


def test_plurals() -> None:
    assert plural(1, "chunk") == "1 chunk"
    assert plural(0, "chunk") == "0 chunks"
    assert plural(2, "file") == "2 files"
    run = {
        "finished": "2026-12-04T17:00:00+00:00",
        "seconds": 3.2,
        "files": {"indexed": 1, "unchanged": 0, "skipped": 0, "failed": 0, "removed": 0},
        "chunks_embedded": 1,
        "chunks_reused": 0,
        "warnings": 1,
    }
    line = describe_run(run)  # type: ignore[arg-type]
    assert "1 indexed" in line and "1 chunk embedded" in line and "1 file with warnings" in line
    assert "unchanged" not in line


def _commands() -> list[tuple[list[str], Any]]:
    """Every command of the CLI with its path (``["guard", "ground"]``), the root first."""
    import typer.main

    from notelens.cli.app import app

    found: list[tuple[list[str], Any]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        found.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def test_help_summaries_are_one_line_each() -> None:
    # The command list shows a docstring's first paragraph with its line breaks kept, so a
    # summary wrapped in the source came out cut in the middle of a sentence.
    for path, cmd in _commands():
        first = (cmd.help or "").strip().split("\n\n")[0]
        assert "\n" not in first, (path, first)


def test_help_keeps_square_brackets() -> None:
    # Rich reads "[n]" and "[[wiki-links]]" as markup and drops them unless escaped.
    from typer.testing import CliRunner

    from notelens.cli.app import app

    runner = CliRunner()
    checked = 0
    for path, cmd in _commands():
        texts = [cmd.help or ""] + [getattr(p, "help", None) or "" for p in cmd.params]
        wanted = [
            tok for text in texts for tok in re.findall(r"\[+[a-z-]+\]+", text.replace("\\[", "["))
        ]
        if not wanted:
            continue
        shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).output
        for tok in wanted:
            assert tok in shown, (path, tok)
            checked += 1
    assert checked >= 2  # links' [[wiki-links]] and guard ground's [n] at least
