"""Find, start, ask and stop the daemon of an index folder (the CLI's side).

Stdlib only (a plain ``AF_UNIX`` socket, :mod:`notelens.daemon.wire`). A warm command
does not import this module: it sends its request straight to the socket the state
file names (``wire.run_cli``) and comes here only when that fails -- to start the first
daemon, replace a dead or outdated one, or learn why it should run in-process.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notelens.config import DaemonConfig, daemon_fingerprint
from notelens.daemon.place import DaemonPlace, DaemonState, pid_alive, this_version
from notelens.daemon.wire import REQUEST_TIMEOUT_S, ProtocolError, exchange

log = logging.getLogger(__name__)

#: The module a new daemon runs (``python -m``); the CLI passes its own, which serves
#: the service with the CLI's terminal rendering (notelens.cli.remote).
SERVICE_MODULE = "notelens.daemon"
#: How often a starting command looks for the new daemon's socket.
START_POLL_S = 0.01


class DaemonUnavailable(Exception):
    """No usable daemon: the command runs in-process (the reason is logged with -v)."""


class RemoteError(Exception):
    """The daemon ran the command and it failed: ``message`` is the CLI's error line
    (as in-process would print it), ``exit_code`` its exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class Daemon:
    """A daemon that answered ``/hello`` as the one for this index, version and settings."""

    place: DaemonPlace
    socket: str
    pid: int

    def request(
        self, path: str, body: dict[str, Any] | None = None, *, timeout: float = REQUEST_TIMEOUT_S
    ) -> dict[str, Any]:
        """One JSON request; its JSON answer."""
        lines = self.lines(path, body, timeout=timeout)
        try:
            return next(lines)
        finally:
            lines.close()

    def lines(
        self, path: str, body: dict[str, Any] | None = None, *, timeout: float = REQUEST_TIMEOUT_S
    ) -> Generator[dict[str, Any], None, None]:
        """The JSON objects of an answer, as they arrive (one, or one per line)."""
        return exchange(self.socket, "POST", path, body or {}, timeout)


def _hello(sock: str, timeout: float = 2.0) -> dict[str, Any]:
    answer = exchange(sock, "GET", "/hello", None, timeout)
    try:
        return next(answer)
    finally:
        answer.close()


#: ``probe``'s reason for a daemon that is alive and accepted the connection but did not
#: answer in time (loading models, or a loaded machine): wait, never replace it.
BUSY = "busy:"
#: How long ``/hello`` may take before the daemon counts as busy.
HELLO_TIMEOUT_S = 2.0


def probe(
    place: DaemonPlace, timeout: float = HELLO_TIMEOUT_S
) -> tuple[Daemon | None, DaemonState | None, str]:
    """The running daemon of ``place`` if it answers as ours; else why not."""
    state = place.read_state()
    if state is None:
        return None, None, "no daemon"
    try:
        hello = _hello(state.socket, timeout)
    except TimeoutError as exc:
        if pid_alive(state.pid):
            return None, state, f"{BUSY} daemon {state.pid} did not answer in {timeout:.0f} s"
        return None, state, f"daemon {state.pid} is gone ({exc})"
    except (OSError, ValueError, ProtocolError) as exc:
        alive = pid_alive(state.pid)
        return None, state, f"daemon {state.pid} does not answer ({exc}; alive: {alive})"
    if hello.get("index_dir") != str(place.index_dir):
        return None, state, f"the socket serves another index ({hello.get('index_dir')})"
    if hello.get("version") != this_version():
        return None, state, f"daemon of notelens {hello.get('version')}"
    if hello.get("fingerprint") != daemon_fingerprint():
        return None, state, "daemon started with other NOTELENS_* settings"
    return Daemon(place, state.socket, int(hello.get("pid", state.pid))), state, "ok"


@contextlib.contextmanager
def _start_lock(place: DaemonPlace) -> Iterator[None]:
    """One starter at a time per index: two first commands must not spawn two daemons."""
    fd = os.open(place.start_lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def spawn(
    place: DaemonPlace, cfg: DaemonConfig, *, verbose: bool = False, module: str = SERVICE_MODULE
) -> Daemon:
    """Start a daemon for ``place`` in the background (its own session, output to
    ``.daemon/daemon.log``) and return it as soon as its socket accepts; raises
    DaemonUnavailable.

    Not waiting for an answer to ``/hello``: the daemon writes its state file right
    after binding, and the first request, which carries what ``/hello`` would be checked
    for, can wait in its socket while it loads the models (no 2 s probes competing with
    the model loads for the daemon's GIL)."""
    cmd = [sys.executable, "-m", module, "--index", str(place.index_dir)]
    if verbose:
        cmd.append("--verbose")
    fd = os.open(place.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=fd,
            stderr=fd,
            start_new_session=True,  # a Ctrl-C in the terminal does not reach it
            close_fds=True,
        )
    finally:
        os.close(fd)
    deadline = time.monotonic() + cfg.start_timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DaemonUnavailable(f"the daemon exited ({proc.returncode}); see {place.log_file}")
        state = place.read_state()
        if state is not None and state.pid == proc.pid:
            return Daemon(place, state.socket, proc.pid)
        time.sleep(START_POLL_S)
    proc.terminate()
    raise DaemonUnavailable(f"the daemon did not start in {cfg.start_timeout_s:.0f} s")


def connect(
    index_dir: Path,
    cfg: DaemonConfig,
    *,
    start: bool = True,
    verbose: bool = False,
    module: str = SERVICE_MODULE,
) -> Daemon:
    """The daemon to send this command to: the running one, or (``start``) a new one.

    A daemon that no longer answers (killed) is cleared and replaced; one of another
    notelens version is stopped and replaced; one started with other settings is left
    alone (DaemonUnavailable: this command runs in-process). No index here: no daemon
    (nothing to keep warm, and no folder is created by a read-only command).
    """
    place = DaemonPlace.of(index_dir)
    if not place.index_exists:
        raise DaemonUnavailable(f"no index at {place.index_dir}")
    daemon, state, why = _patient_probe(place, cfg)
    if daemon is not None:
        return daemon
    if why.startswith(BUSY):
        raise DaemonUnavailable(why)
    if state is not None and why.startswith("daemon started with other"):
        raise DaemonUnavailable(why)
    if not start:
        raise DaemonUnavailable(why)
    try:
        place.ensure_dir()
    except Exception as exc:
        raise DaemonUnavailable(str(exc)) from None
    with _start_lock(place):
        # Another command may have started one meanwhile.
        daemon, state, why = _patient_probe(place, cfg)
        if daemon is not None:
            return daemon
        if why.startswith(BUSY):
            raise DaemonUnavailable(why)
        if state is not None:
            _retire(place, state, why)
        return spawn(place, cfg, verbose=verbose, module=module)


def _patient_probe(
    place: DaemonPlace, cfg: DaemonConfig
) -> tuple[Daemon | None, DaemonState | None, str]:
    """``probe``, and once more with the start timeout when the daemon is busy: a slow
    daemon is waited for (then this command runs in-process), never replaced -- on a
    loaded machine replacing it would only start a second slow one."""
    found = probe(place)
    if found[2].startswith(BUSY):
        found = probe(place, cfg.start_timeout_s)
    return found


def _retire(place: DaemonPlace, state: DaemonState, why: str) -> None:
    """Get a stale or outdated daemon out of the way of a new one."""
    log.info("replacing the daemon: %s", why)
    if pid_alive(state.pid) and why.startswith("daemon of notelens"):
        with contextlib.suppress(OSError, ValueError, ProtocolError):
            Daemon(place, state.socket, state.pid).request("/stop", {}, timeout=5.0)
        _wait_gone(state.pid, 5.0)
    place.clear()


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return not pid_alive(pid)


def stop(index_dir: Path, timeout: float = 10.0) -> int | None:
    """Stop the daemon of ``index_dir``; its pid, or None when none answered."""
    place = DaemonPlace.of(index_dir)
    daemon, state, why = probe(place)
    if daemon is None:
        if state is not None and not pid_alive(state.pid):
            place.clear()  # a dead one's leftovers
        elif state is not None and why.startswith(BUSY):
            # Alive and listening on its socket, but too busy loading (Kiwi holds the
            # GIL for its whole load) to answer in time: SIGTERM, which it handles as
            # /stop once the load lets its main thread run.
            os.kill(state.pid, signal.SIGTERM)
            _wait_gone(state.pid, timeout)
            return state.pid
        return None
    with contextlib.suppress(OSError, ValueError, ProtocolError):
        daemon.request("/stop", {}, timeout=5.0)
    _wait_gone(daemon.pid, timeout)
    return daemon.pid
