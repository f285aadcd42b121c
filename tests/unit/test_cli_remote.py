"""The warm CLI's output made in the daemon (notelens.cli.remote) for the terminal the
client describes (notelens.daemon.wire), and the light modules the client imports.

The consoles are compared with the ones a CLI process makes itself, over a matrix of
terminals (TTY or pipe, TERM, COLUMNS/LINES, the window's size, NO_COLOR, FORCE_COLOR,
TTY_COMPATIBLE, encoding): same decisions, same bytes for the same output.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from notelens import environ
from notelens.cli.consoles import make_console
from notelens.cli.fast import Parsed, parse
from notelens.cli.remote import Screen, handle
from notelens.cli.render import print_hits, print_status
from notelens.daemon import wire
from notelens.types import Explanation, Hit, IndexStatus, Location

pytestmark = pytest.mark.unit


class FakeStd(io.StringIO):
    """A process's stdout or stderr: a terminal or not, with an encoding."""

    def __init__(self, tty: bool, encoding: str | None) -> None:
        super().__init__()
        self._tty = tty
        self._encoding = encoding

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self) -> str | None:  # type: ignore[override]
        return self._encoding


def no_terminal(fd: int = 1) -> os.terminal_size:
    raise OSError("not a terminal")


def _hit(source: str) -> Hit:
    return Hit(
        rank=1,
        score=0.5,
        chunk_id="c1",
        source=source,
        title="주간 메모",
        heading="GQA > KV cache",
        text="GQA는 query head를 그룹으로 묶어 KV head를 공유한다. " * 6 + "🙂 emoji",
        location=Location(3, 7),
        lang="mixed",
        explanation=Explanation(bm25_rank=1, matched_terms=("gqa", "공유")),
    )


def _render(console: Any, cwd: str | None) -> None:
    status = IndexStatus("/idx/노트", True, files=2, chunks=9, langs={"ko": 5, "en": 4})
    print_status(console, status)
    print_hits(console, "GQA는 무엇을 공유하나", [_hit("/notes/papers/한국어 노트.md")], cwd=cwd)
    console.print("[bold red]error:[/] " + "긴 오류 메시지 " * 20)


TERMINALS = list(
    itertools.product(
        (True, False),  # stdout is a terminal
        (None, "xterm-256color", "dumb"),  # TERM
        (None, "50", "wide"),  # COLUMNS (a non-number is ignored by Rich)
        (None, "20"),  # LINES
        ((120, 40), (0, 0), None),  # the window's size (None: no terminal on fds 0-2)
        (None, "1"),  # NO_COLOR
        (None, "1", ""),  # FORCE_COLOR
        (None, "0"),  # TTY_COMPATIBLE
        ("utf-8", None),  # stdout's encoding
    )
)


@pytest.mark.parametrize(
    ("tty", "term", "columns", "lines", "size", "no_color", "force", "compat", "encoding"),
    TERMINALS[::7],  # a spread of the 1728 (all of them passed when this was written)
)
def test_daemon_console_renders_as_the_clients_own(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tty: bool,
    term: str | None,
    columns: str | None,
    lines: str | None,
    size: tuple[int, int] | None,
    no_color: str | None,
    force: str | None,
    compat: str | None,
    encoding: str | None,
) -> None:
    for name, value in (
        ("TERM", term),
        ("COLUMNS", columns),
        ("LINES", lines),
        ("NO_COLOR", no_color),
        ("FORCE_COLOR", force),
        ("TTY_COMPATIBLE", compat),
        ("COLORTERM", None),
        ("TTY_INTERACTIVE", None),
    ):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    def terminal_size(fd: int = 1) -> os.terminal_size:
        return os.terminal_size(size) if size is not None else no_terminal(fd)

    monkeypatch.setattr(os, "get_terminal_size", terminal_size)
    stdout = FakeStd(tty, encoding)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", FakeStd(tty, encoding))
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)

    # The client's own console (as notelens.cli.consoles makes it in a CLI process) ...
    own = make_console()
    _render(own, None)
    facts = ("size", "color_system", "is_terminal", "is_dumb_terminal", "encoding", "no_color")
    expected = {name: getattr(own, name) for name in facts}  # read while they apply
    # ... and the daemon's, from the description the client sends.
    description = wire.terminal()
    monkeypatch.undo()  # the daemon's process: none of the client's settings,
    monkeypatch.setattr(os, "get_terminal_size", no_terminal)  # and no terminal
    sent: list[tuple[int, str]] = []
    screen = Screen(description, lambda fd, text: sent.append((fd, text)))
    _render(screen.out, description["cwd"])

    assert {name: getattr(screen.out, name) for name in facts} == expected
    assert {fd for fd, _ in sent} == {1}
    assert "".join(text for _, text in sent) == stdout.getvalue()


def test_file_names_are_relative_to_the_clients_folder(tmp_path: Path) -> None:
    sent: list[tuple[int, str]] = []
    notes = tmp_path / "notes"
    terminal = {"stdout": {"isatty": False}, "stderr": {}, "env": {}, "cwd": str(tmp_path)}
    screen = Screen(terminal, lambda fd, text: sent.append((fd, text)))
    print_hits(screen.out, "GQA", [_hit(str(notes / "한국어 노트.md"))], cwd=screen.cwd)
    assert "notes/한국어 노트.md:lines 3-7" in "".join(text for _, text in sent)


def test_rich_reads_only_what_the_client_sends() -> None:
    """Every variable Rich reads is in wire.TERMINAL_ENV (a Rich upgrade that reads a
    new one fails here, not in someone's terminal)."""
    import rich

    root = Path(rich.__file__).parent
    read = {
        m.group(1)
        for path in root.rglob("*.py")
        for m in re.finditer(
            r"(?:environ\.get|getenv)\(\s*\"([A-Z_]+)\"", path.read_text(encoding="utf-8")
        )
    }
    # Only consulted inside an IPython kernel, which a CLI process is not.
    read.discard("DATABRICKS_RUNTIME_VERSION")
    assert read, "the pattern no longer finds Rich's reads"
    assert read <= set(wire.TERMINAL_ENV), read - set(wire.TERMINAL_ENV)


def _no_engine(show_pii: bool) -> Any:
    raise AssertionError("a command the Typer path handles must not reach the engine")


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "GQA", "-k", "0"],
        ["search", "GQA", "-k", "1001"],
        ["ask", "GQA", "-k", "51"],
        ["search", "GQA", "--lang", "jp"],
        ["ask", "GQA", "--mode", "fuzzy"],
        ["search", "GQA", "--rerank", "minilm", "--no-rerank"],
    ],
)
def test_values_typer_rejects_go_back_to_the_client(argv: list[str]) -> None:
    parsed = parse(argv)
    assert parsed is not None
    sent: list[tuple[int, str]] = []
    request = {"command": parsed.to_wire(), "terminal": {"env": {}}}
    assert handle(_no_engine, request, lambda fd, text: sent.append((fd, text))) is None
    assert sent == []


def test_a_client_with_another_width_table_renders_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("UNICODE_VERSION", raising=False)
    parsed = parse(["status"])
    assert parsed is not None
    request = {"command": parsed.to_wire(), "terminal": {"env": {"UNICODE_VERSION": "9.0"}}}
    assert handle(_no_engine, request, lambda fd, text: None) is None


def test_parsed_travels_as_json() -> None:
    p = parse(["ask", "DPO 논문 발표는 누가 했지?", "-k", "3", "--json", "--no-rerank"])
    assert p is not None
    back = Parsed.from_wire(p.to_wire())
    assert back is not None
    assert (back.command, back.values, back.flags, back.positional) == (
        "ask",
        {"k": "3"},
        frozenset({"as_json", "no_rerank"}),
        "DPO 논문 발표는 누가 했지?",
    )
    for bad in (
        {**p.to_wire(), "command": "index"},
        {**p.to_wire(), "values": {"k": 3}},
        {**p.to_wire(), "values": {"dsn": "x"}},
        {**p.to_wire(), "flags": ["explain"]},  # a search-only flag
        {**p.to_wire(), "positional": None},
        {"command": "status", "values": {}, "flags": [], "positional": "x"},
    ):
        assert Parsed.from_wire(bad) is None, bad


def test_environ_is_what_config_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.config import DaemonConfig, default_index_dir

    for value, wanted in (("", True), ("1", True), ("0", False), ("Off", False), (" no ", False)):
        assert environ.daemon_wanted({"NOTELENS_DAEMON": value}) is wanted
        assert DaemonConfig.from_env({"NOTELENS_DAEMON": value}).enabled is wanted
    assert environ.index_from_env({"NOTELENS_INDEX": "~/노트-index"}) == os.path.expanduser(
        "~/노트-index"
    )
    assert environ.index_from_env({"NOTELENS_INDEX": ""}) is None
    monkeypatch.delenv("NOTELENS_INDEX", raising=False)
    assert environ.default_index_path() == str(default_index_dir())
    assert environ.notelens_vars({"NOTELENS_RERANK": "maxsim", "HOME": "/h"}) == {
        "NOTELENS_RERANK": "maxsim"
    }


def test_index_path_is_the_daemons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.daemon.place import DaemonPlace

    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    for given in ("link", "./real/../link", str(tmp_path / "link")):
        assert wire.index_path(given) == str(DaemonPlace.of(Path(given)).index_dir)


def _imported(code: str) -> list[str]:
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
    return [ln.split("|")[-1].strip() for ln in res.stderr.splitlines() if "|" in ln][1:]


def test_the_warm_client_modules_are_light() -> None:
    """What a warm command imports, without a daemon to ask: the parser, the wire and
    the environment reader pull in no Rich, no typing/dataclasses, no notelens types or
    config (tests/integration/test_daemon.py counts a real warm command's modules)."""
    imported = _imported("import notelens.cli.fast, notelens.daemon.wire")
    for heavy in (
        "rich",
        "typing",
        "dataclasses",
        "pathlib",
        "logging",
        "notelens.types",
        "notelens.config",
        "notelens.errors",
        "platformdirs",
    ):
        assert heavy not in imported, heavy


def test_import_notelens_loads_nothing_but_its_version() -> None:
    imported = _imported("import notelens")
    assert [m for m in imported if m.startswith("notelens")] == ["notelens._version", "notelens"]
    assert "typing" not in imported


@contextlib.contextmanager
def _busy_daemon(index_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """A stand-in daemon for ``index_dir`` that listens on its socket and never answers
    (as when Kiwi holds the GIL while it loads), with its state file written."""
    from notelens.daemon.place import DaemonPlace, DaemonState

    place = DaemonPlace.of(index_dir)
    place.ensure_dir()
    sock = place.socket_path()
    # A long index path puts the socket in a shared temp folder under a hash of the path:
    # a stand-in killed by an earlier run (same pytest-N numbering) left its file there.
    sock.unlink(missing_ok=True)
    code = (
        "import socket, sys, time\n"
        "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen()\n"
        "print('up', flush=True); time.sleep(120)\n"
    )
    busy = subprocess.Popen(
        [sys.executable, "-c", code, str(sock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert busy.stdout is not None and busy.stdout.readline() == "up\n"
        place.write_state(DaemonState(busy.pid, "0", "", str(place.index_dir), str(sock)))
        yield busy
    finally:
        if busy.poll() is None:
            busy.kill()
            busy.wait()
        sock.unlink(missing_ok=True)  # a killed process leaves its socket file behind


def test_stop_reaches_a_daemon_too_busy_to_answer(tmp_path: Path) -> None:
    """``daemon stop`` on a daemon that accepts connections but does not answer: it is
    sent SIGTERM instead of being reported absent."""
    from notelens.daemon.client import stop

    with _busy_daemon(tmp_path / "index") as busy:
        assert stop(tmp_path / "index", timeout=10.0) == busy.pid
        assert busy.wait(timeout=10) == -15  # SIGTERM


def test_status_reports_a_busy_daemon_as_running(tmp_path: Path) -> None:
    """``daemon status`` on a daemon too busy to answer says it runs and is busy (it
    used to say "no usable daemon", and a user then started or stopped another)."""
    index = tmp_path / "지식 노트 index"
    env = {**os.environ, "NOTELENS_DAEMON": "1"}
    with _busy_daemon(index) as busy:
        cmd = [sys.executable, "-m", "notelens", "daemon", "status", "--index", str(index)]
        res = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env)
        assert res.returncode == 0, res.stderr
        info = json.loads(res.stdout)
        assert info["running"] is True and info["busy"] is True and info["pid"] == busy.pid
        text = subprocess.run(cmd, capture_output=True, text=True, env=env)
        assert text.returncode == 0
        assert f"daemon {busy.pid} serves" in text.stdout and "busy" in text.stdout
