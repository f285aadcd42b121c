"""The warm CLI's side of a request to a running daemon, with ``sys``, ``os``, ``socket``
and ``json`` only.

A warm ``notelens search`` has ~60 ms in all, ~10 of them the interpreter's own start,
so the process imports nothing else it can avoid: no Rich, no notelens dataclasses, no
config module. It finds the daemon's socket in the index folder's state file, sends
the parsed command (:func:`notelens.cli.fast.parse`) with what the output depends on
-- whether stdout/stderr are terminals, their size and encoding, the variables Rich
reads, the working folder (file names print relative to it), the ``NOTELENS_*``
settings -- and copies the daemon's output to stdout and stderr as it arrives. The
daemon renders it with the same functions as in-process (:mod:`notelens.cli.remote`),
so both paths print the same bytes.

Anything amiss before the first byte of output (no daemon, one of another version or
other settings, a daemon without the CLI's renderer) returns the reason instead of an
exit code: the caller then starts a daemon or runs in-process.
"""

from __future__ import annotations

import json
import os
import socket
import sys

from notelens._version import __version__
from notelens.environ import notelens_vars

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Generator
    from typing import Any, TextIO

#: ``<index>/.daemon/`` holds the daemon's state file (and its socket, log, start lock).
STATE_DIR = ".daemon"
STATE_FILE = "daemon.json"
#: The daemon's route for a whole CLI command (rendered there).
CLI_ROUTE = "/cli"
#: A request may wait for a cold model load on a loaded machine; a hung daemon must
#: still not hang the terminal forever.
REQUEST_TIMEOUT_S = 600.0
#: The variables Rich reads (a test pins the list against Rich's source): sent so that
#: the daemon's consoles pick the same colors, width and terminal-ness as this
#: process's would. (``UNICODE_VERSION``, the character-width table, Rich reads once per
#: process: the daemon renders only for a client with the same.)
TERMINAL_ENV = (
    "COLORTERM",
    "COLUMNS",
    "FORCE_COLOR",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "LINES",
    "NO_COLOR",
    "TERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "UNICODE_VERSION",
)
#: A reason that starts so: the Typer path should handle the command as it is (a value
#: it rejects, a bad daemon setting it reports, a daemon without the CLI's renderer);
#: starting or replacing a daemon would not help.
SKIP = "skip:"


class ProtocolError(ValueError):
    """The socket answered, but not as a notelens daemon does."""


class StoppedMidway(Exception):
    """The daemon went away after part of the output was written: nothing to fall back
    to (the command's output would be doubled)."""


def exchange(
    sock_path: str, method: str, path: str, body: dict[str, Any] | None, timeout: float
) -> Generator[dict[str, Any], None, None]:
    """One HTTP/1.0 request over the Unix socket; the JSON answer, or its lines.

    Written out (~20 lines) rather than ``http.client``: that module and the email
    parser it pulls in cost more than the rest of the warm path's imports together."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
    head = (
        f"{method} {path} HTTP/1.0\r\nHost: notelens\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.settimeout(timeout)
        s.connect(sock_path)
        s.sendall(head.encode() + data)
        with s.makefile("rb") as fh:
            status = fh.readline().split(b" ", 2)
            if len(status) < 2 or not status[0].startswith(b"HTTP/"):
                raise ProtocolError(f"not an HTTP answer: {status!r}")
            ndjson = False
            while (line := fh.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-type":
                    ndjson = value.strip() == b"application/x-ndjson"
            if ndjson:
                for line in fh:
                    if line.strip():
                        yield _object(line)
            else:
                yield _object(fh.read())
    finally:
        s.close()


def _object(raw: bytes) -> dict[str, Any]:
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ProtocolError("the answer is not a JSON object")
    return value


def index_path(index: str | None) -> str:
    """The index folder as the daemon knows it: absolute, ``~`` expanded, links resolved
    (what ``DaemonPlace.of`` makes of it)."""
    if index is None:
        from notelens.environ import default_index_path

        index = default_index_path()
    return os.path.realpath(os.path.expanduser(index))


def socket_of(index_dir: str) -> str | None:
    """The socket the index's state file names; None when there is none to read."""
    try:
        with open(os.path.join(index_dir, STATE_DIR, STATE_FILE), encoding="utf-8") as fh:
            sock = json.load(fh).get("socket")
    except (OSError, ValueError, AttributeError):
        return None
    return sock if isinstance(sock, str) else None


def _stream(stream: TextIO | None) -> dict[str, Any]:
    """What Rich asks of a stream: is it a terminal (``isatty``; a closed one is not), its
    encoding."""
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty()) if isatty is not None else False
    except ValueError:
        tty = False
    return {"isatty": tty, "encoding": getattr(stream, "encoding", None)}


def terminal() -> dict[str, Any]:
    """This process's terminal, as the daemon's consoles need it."""
    size = None
    for fd in (0, 1, 2):  # Rich's order (console._STD_STREAMS)
        try:
            size = list(os.get_terminal_size(fd))
        except (AttributeError, ValueError, OSError):
            continue
        break
    return {
        "stdout": _stream(sys.stdout),
        "stderr": _stream(sys.stderr),
        "size": size,
        "env": {k: os.environ[k] for k in TERMINAL_ENV if k in os.environ},
        "cwd": os.getcwd(),
    }


def cli_request(index_dir: str, command: dict[str, Any]) -> dict[str, Any]:
    """The ``/cli`` body for ``command`` from this process: with what ``/hello`` would
    be checked for (the daemon compares them) and this terminal."""
    return {
        "index_dir": index_dir,
        "version": __version__,
        "env": notelens_vars(),
        "command": command,
        "terminal": terminal(),
    }


def run_cli(index_dir: str, command: dict[str, Any], sock: str | None = None) -> int | str:
    """Have the daemon of ``index_dir`` (at ``sock``, else the one its state file names)
    run ``command`` for this terminal; its exit code once the output is written, or why
    it did not run (nothing written then; see :data:`SKIP`).

    Raises :class:`StoppedMidway` when the daemon fails after writing part of the output.
    """
    sock = sock or socket_of(index_dir)
    if sock is None:
        return "no daemon"
    if sys.stdout is None or sys.stderr is None:
        return f"{SKIP} no standard streams"
    try:
        body = cli_request(index_dir, command)
    except OSError as exc:  # the working folder is gone: in-process says so
        return f"{SKIP} {exc}"
    streams = {1: sys.stdout, 2: sys.stderr}
    wrote = False
    try:
        for event in exchange(sock, "POST", CLI_ROUTE, body, REQUEST_TIMEOUT_S):
            text, fd = event.get("text"), event.get("fd")
            if isinstance(text, str) and fd in streams:
                # Flushed per write, as Rich does: stdout and stderr keep their order
                # on a shared terminal.
                streams[fd].write(text)
                streams[fd].flush()
                wrote = True
            elif "exit" in event:
                return int(event["exit"])
            elif wrote:
                raise StoppedMidway(str(event.get("fallback") or event.get("error")))
            elif "fallback" in event:
                return str(event["fallback"])
            else:  # an error answer (a daemon without the /cli route)
                return f"{SKIP} {event.get('error')}"
    except (OSError, ValueError) as exc:
        if wrote:
            raise StoppedMidway(str(exc)) from None
        return f"the daemon cannot be reached ({exc})"
    if wrote:
        raise StoppedMidway("the answer ended early")
    return "the daemon closed the connection"
