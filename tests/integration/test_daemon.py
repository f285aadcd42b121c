"""The warm CLI through a real daemon (issue #21): the CLI as a subprocess, a real
index of Korean and mixed Korean/English notes, the daemon's own process and models.

One daemon serves the module (model loading dominates); a test that starts another
stops it, and the module's fixture stops the daemon at the end, so none outlives the
run (each would also exit on its own after NOTELENS_DAEMON_IDLE).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import stat
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from notelens.daemon.place import DaemonPlace

pytestmark = pytest.mark.integration

NOTES = {
    "gqa.md": (
        "# GQA 메모\n\n## KV cache\n\nGQA는 query head를 그룹으로 묶어 KV head를 공유한다. "
        "그래서 KV cache가 MHA보다 작고, 품질은 MQA보다 낫다.\n\n"
        "## 발표\n\n14주차 DPO 논문 발표는 박지훈이 맡았다.\n"
    ),
    "lora.md": (
        "# LoRA notes\n\nLoRA freezes the pretrained weights and trains low-rank adapters, "
        "so only a small fraction of the parameters is updated.\n"
    ),
}


#: A question the two notes cannot answer: ``ask`` refuses and lists the closest passages.
UNANSWERABLE = "양자 컴퓨터의 큐비트 오류율은 얼마인가?"


def cli_env(daemon: bool = True, **env: str) -> dict[str, str]:
    return {
        **os.environ,
        "LANCE_LOG": "error",
        "NOTELENS_DAEMON": "1" if daemon else "0",
        # Longer than the slowest cold in-process run between two warm calls on a loaded
        # VM (a daemon that idled out in between was restarted: a new pid, a failed test).
        "NOTELENS_DAEMON_IDLE": "600",
        **env,
    }


def cli(
    index: Path, *args: str, daemon: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notelens", *args, "--index", str(index)],
        capture_output=True,
        text=True,
        env=cli_env(daemon, **env),
        timeout=600,
    )


def in_pty(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, cols: int, rows: int = 30
) -> tuple[int, bytes]:
    """``cmd`` with stdin, stdout and stderr on one pseudo-terminal of ``cols`` x
    ``rows``, as in a terminal window: its exit code and everything it showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True
    )
    os.close(slave)
    shown: list[bytes] = []
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                break
            if not data:
                break
            shown.append(data)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return proc.wait(timeout=60), b"".join(shown)


#: Runs several commands in-process in one process (``NOTELENS_DAEMON=0``: each loads
#: nothing a second time it already has), each followed by a mark with its exit code.
IN_PROCESS_DRIVER = """
import json, sys
from notelens.cli.fast import main
for argv in json.loads(sys.argv[1]):
    sys.argv = ["notelens", *argv]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    sys.stdout.write(f"<<exit {code}>>\\n")
    sys.stdout.flush()
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pid: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def warm_index(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Any]
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("daemon")
    notes = root / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    index = root / "index"
    report = make_engine(index).index([notes])
    assert report.ok
    yield index
    state = DaemonPlace.of(index).read_state()
    cli(index, "daemon", "stop")
    if state is not None and alive(state.pid):  # a daemon that ignored stop: no leftovers
        os.kill(state.pid, signal.SIGKILL)


def started(index: Path) -> int:
    res = cli(index, "daemon", "start")
    assert res.returncode == 0, res.stderr
    state = DaemonPlace.of(index).read_state()
    assert state is not None and alive(state.pid)
    return state.pid


def test_warm_output_is_the_in_process_output(warm_index: Path) -> None:
    pid = started(warm_index)
    # Each in-process run loads the models (~20-40 s on a loaded 2-core VM): few of them.
    for args in (
        ("search", "GQA는 무엇을 공유하나", "--explain"),
        ("ask", "DPO 논문 발표는 누가 했지?", "--json"),
        ("ask", UNANSWERABLE),  # a refusal: its closest passages
        ("status",),
    ):
        warm = cli(warm_index, *args)
        cold = cli(warm_index, *args, daemon=False)
        assert warm.returncode == cold.returncode == 0, (args, warm.stderr, cold.stderr)
        assert warm.stdout == cold.stdout, args
        assert warm.stderr == cold.stderr, args
        assert warm.stdout.strip(), args
    assert "박지훈" in cli(warm_index, "ask", "DPO 논문 발표는 누가 했지?").stdout
    both = cli(warm_index, "search", "LoRA adapters", "--json", "-k", "1")
    assert json.loads(both.stdout)["hits"][0]["source"].endswith("lora.md")
    # The same daemon answered all of them.
    state = DaemonPlace.of(warm_index).read_state()
    assert state is not None and state.pid == pid


def test_socket_is_user_only_and_no_network_listener(warm_index: Path) -> None:
    pid = started(warm_index)
    place = DaemonPlace.of(warm_index)
    state = place.read_state()
    assert state is not None
    sock = Path(state.socket)
    assert stat.S_ISSOCK(sock.stat().st_mode)
    assert stat.S_IMODE(sock.stat().st_mode) == 0o600
    assert stat.S_IMODE(place.dir.stat().st_mode) == 0o700
    # No TCP/UDP socket in the daemon process (Linux: its fds point at sockets whose
    # inodes would appear in /proc/net/tcp*; only Unix sockets are allowed).
    inodes = {
        os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1]
        for fd in os.listdir(f"/proc/{pid}/fd")
        if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
    }
    for table in ("tcp", "tcp6", "udp", "udp6"):
        lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        assert not inodes & {ln.split()[9] for ln in lines}, table


def test_errors_read_as_in_process(warm_index: Path) -> None:
    started(warm_index)
    for args in (("search", "GQA", "--mode", "fuzzy"),):
        warm = cli(warm_index, *args)
        cold = cli(warm_index, *args, daemon=False)
        assert (warm.returncode, warm.stderr) == (cold.returncode, cold.stderr), args
        assert warm.returncode != 0 and "error:" in warm.stderr


def test_stale_socket_is_replaced(warm_index: Path) -> None:
    pid = started(warm_index)
    os.kill(pid, signal.SIGKILL)
    assert wait_gone(pid)
    assert DaemonPlace.of(warm_index).read_state() is not None  # left behind
    res = cli(warm_index, "search", "LoRA adapters", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["hits"]
    state = DaemonPlace.of(warm_index).read_state()
    assert state is not None and state.pid != pid and alive(state.pid)


def test_daemon_of_other_settings_is_not_used(warm_index: Path) -> None:
    pid = started(warm_index)
    # The default fusion, set explicitly: the same answers, but another fingerprint.
    res = cli(warm_index, "-v", "status", NOTELENS_FUSION="zscore")
    assert res.returncode == 0, res.stderr
    assert "other NOTELENS_* settings" in res.stderr  # ran in-process, and said why
    # The warm path is told so by the daemon, and runs in-process too.
    res = cli(warm_index, "status", NOTELENS_FUSION="zscore")
    assert res.returncode == 0 and "chunks" in res.stdout, res.stderr
    state = DaemonPlace.of(warm_index).read_state()
    assert state is not None and state.pid == pid  # left alone


def test_no_daemon_and_no_index(warm_index: Path, tmp_path: Path) -> None:
    assert cli(warm_index, "daemon", "stop").returncode == 0
    assert DaemonPlace.of(warm_index).read_state() is None
    res = cli(warm_index, "--no-daemon", "search", "GQA")
    assert res.returncode == 0 and "GQA" in res.stdout
    assert DaemonPlace.of(warm_index).read_state() is None  # none started
    empty = tmp_path / "none"
    res = cli(empty, "status")
    assert res.returncode == 0 and "no index at" in res.stdout
    assert not empty.exists()  # a read-only command created nothing
    status = cli(warm_index, "daemon", "status")
    assert status.returncode == 1 and "no usable daemon" in status.stdout


def test_idle_exit(warm_index: Path) -> None:
    cli(warm_index, "daemon", "stop")
    res = cli(warm_index, "daemon", "start", NOTELENS_DAEMON_IDLE="2")
    assert res.returncode == 0, res.stderr
    state = DaemonPlace.of(warm_index).read_state()
    assert state is not None
    assert wait_gone(state.pid, 60.0)
    assert DaemonPlace.of(warm_index).read_state() is None  # cleaned up after itself


@pytest.mark.parametrize(
    "terminal",
    [
        # A narrow color terminal: Rich wraps at its width and colors the output.
        {"TERM": "xterm-256color", "cols": "64"},
        # NO_COLOR (no-color.org): the same layout without escape sequences.
        {"TERM": "xterm", "NO_COLOR": "1", "cols": "100"},
    ],
    ids=["color-64", "no-color-100"],
)
def test_terminal_output_is_the_in_process_output(
    warm_index: Path, terminal: dict[str, str]
) -> None:
    """On a terminal (a pseudo-terminal of a set size) the warm commands -- rendered in
    the daemon -- show exactly what in-process ones show: colors, wrapping at the width,
    stderr's note and tokens in order with stdout, file names relative to the shell's
    folder (not the daemon's)."""
    started(warm_index)
    settings = dict(terminal)
    cols = int(settings.pop("cols"))
    commands = [
        ["search", "GQA는 무엇을 공유하나", "-k", "2"],
        ["ask", "DPO 논문 발표는 누가 했지?"],
        ["ask", UNANSWERABLE],
        ["status"],
    ]
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    base.pop("FORCE_COLOR", None)
    here = warm_index.parent  # the notes are in ./notes: printed as notes/gqa.md
    ix = ["--index", str(warm_index)]
    warm = b""
    for argv in commands:
        env = {**base, **cli_env(True), **settings}
        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
        code, shown = in_pty([sys.executable, "-m", "notelens", *argv, *ix], env, here, cols)
        warm += shown + f"<<exit {code}>>\r\n".encode()
    env = {k: v for k, v in {**base, **cli_env(False), **settings}.items() if k != "COLUMNS"}
    code, cold = in_pty(
        [sys.executable, "-c", IN_PROCESS_DRIVER, json.dumps([[*c, *ix] for c in commands])],
        env,
        here,
        cols,
    )
    assert code == 0
    assert warm == cold
    text = warm.decode()
    assert "notes/gqa.md" in text and "박지훈" in text
    # The ranks are bold cyan: ESC[1;36m in color, ESC[1m (bold only) with NO_COLOR.
    assert ("\x1b[1;36m" in text) is ("NO_COLOR" not in terminal)
    plain = re.sub("\x1b\\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.split("\r\n")) <= cols  # wrapped at its width


def imports_of(res: subprocess.CompletedProcess[str]) -> list[str]:
    """The modules a ``-X importtime`` process imported, in order."""
    return [ln.split("|")[-1].strip() for ln in res.stderr.splitlines() if "|" in ln][1:]


def test_warm_path_imports_no_heavy_module(warm_index: Path) -> None:
    """A warm command imports the socket and JSON modules and a few small notelens
    modules, nothing more: no Rich, no typing or dataclasses, no notelens types or
    config (counted in modules, which unlike milliseconds a loaded machine does not
    change)."""
    started(warm_index)
    res = cli(warm_index, "search", "GQA", "--json", PYTHONPROFILEIMPORTTIME="1")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.splitlines()[-1])["hits"]
    imported = imports_of(res)
    assert "notelens.cli.fast" in imported and "notelens.daemon.wire" in imported
    for heavy in (
        "torch",
        "kiwipiepy",
        "lancedb",
        "fastapi",
        "pydantic",
        "typer",
        "numpy",
        "rich",
        "rich.console",
        "typing",
        "dataclasses",
        "pathlib",
        "logging",
        "subprocess",
        "notelens.types",
        "notelens.config",
        "notelens.errors",
        "notelens.daemon.client",
    ):
        assert heavy not in imported, heavy
    notelens_modules = {m for m in imported if m.split(".")[0] == "notelens"}
    assert notelens_modules == {
        "notelens",
        "notelens._version",
        "notelens.cli",
        "notelens.cli.fast",
        "notelens.environ",
        "notelens.daemon",
        "notelens.daemon.wire",
    }
    # The budget: what `import socket, json` costs, plus runpy's few (python -m) and
    # the notelens modules above.
    floor = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import socket, json"],
        capture_output=True,
        text=True,
        check=True,
    )
    extra = set(imported) - set(imports_of(floor)) - notelens_modules
    assert len(extra) <= 12, sorted(extra)
