"""A warm CLI command's output, made in the daemon for its client's terminal (issue #21).

The client (:mod:`notelens.cli.fast` through :mod:`notelens.daemon.wire`) sends the
parsed command and its terminal: whether stdout and stderr are terminals, their
encodings, the terminal's size, the variables Rich reads, its working folder. Here two
Rich consoles are made as that process would make them
(:func:`notelens.cli.consoles.make_console`, on streams that answer ``isatty`` and
``encoding`` as the client's do), the command runs on the warm engine, and the same
render functions as in-process write to them; each write goes to the client at once.
So the output is the in-process output byte for byte (tests/integration/
test_daemon.py), and the client imports no Rich.

``python -m notelens.cli.remote --index DIR`` is the daemon process the CLI starts:
the service of :mod:`notelens.daemon.service` with :func:`handle` as its CLI handler
(the daemon package does not import the CLI; the CLI hands it this).
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from rich.console import Console
from rich.markup import escape

from notelens.cli.consoles import make_console, print_error, unexpected_error
from notelens.cli.fast import Parsed, rerank_of, valid
from notelens.cli.render import (
    print_answer,
    print_coverage,
    print_hits,
    print_status,
    write_answer_json,
    write_search_json,
    write_status_json,
)
from notelens.contracts import SEARCH_K
from notelens.errors import NotelensError

if TYPE_CHECKING:
    from notelens.engine import Engine
    from notelens.types import Lang, SearchMode

log = logging.getLogger(__name__)

#: ``emit(fd, text)``: one write of the command's output to the client's fd 1 or 2.
Emit = Callable[[int, str], None]


class ClientStream(io.StringIO):
    """The client's stdout or stderr as Rich sees it -- its ``isatty`` and encoding --
    with every write sent to the client (a StringIO only to be a ``TextIO``: it keeps
    nothing)."""

    def __init__(self, fd: int, info: Mapping[str, Any], emit: Emit) -> None:
        super().__init__()
        self._fd = fd
        self._isatty = bool(info.get("isatty"))
        encoding = info.get("encoding")
        self._encoding = encoding if isinstance(encoding, str) and encoding else "utf-8"
        self._emit = emit

    def write(self, text: str) -> int:
        if text:
            self._emit(self._fd, text)
        return len(text)

    def isatty(self) -> bool:
        return self._isatty

    @property
    def encoding(self) -> str:  # type: ignore[override]  # a plain str, as a real stream's
        return self._encoding


def client_console(
    stream: ClientStream, environ: Mapping[str, str], size: tuple[int, int] | None
) -> Console:
    """The console the client would make on ``stream`` (``make_console``), with its
    ``environ`` and terminal ``size``.

    Rich takes a terminal's size from ``os.get_terminal_size`` on fds 0-2, which here
    are the daemon's log; the client's size is handed to it as ``COLUMNS``/``LINES``
    where the client has no usable ones. Equivalent except on a dumb terminal (Rich
    uses 80x25 there without asking), which is left as it is."""
    console = make_console(stream, environ=environ)
    if size is None or console.is_dumb_terminal:
        return console
    sized = dict(environ)
    for name, value in zip(("COLUMNS", "LINES"), size, strict=True):
        # Rich reads 0 (a pseudo-terminal without a size) as unknown: 80 columns.
        if value > 0 and not sized.get(name, "").isdigit():
            sized[name] = str(value)
    return make_console(stream, environ=sized)


class Screen:
    """The client's two streams and consoles, and the folder its file names are
    relative to."""

    def __init__(self, terminal: Mapping[str, Any], emit: Emit) -> None:
        env = terminal.get("env")
        environ = {str(k): str(v) for k, v in env.items()} if isinstance(env, Mapping) else {}
        raw_size = terminal.get("size")
        size = (
            (int(raw_size[0]), int(raw_size[1]))
            if isinstance(raw_size, list) and len(raw_size) == 2
            else None
        )
        self.stdout = ClientStream(1, _mapping(terminal.get("stdout")), emit)
        self.stderr = ClientStream(2, _mapping(terminal.get("stderr")), emit)
        self.out = client_console(self.stdout, environ, size)
        self.err = client_console(self.stderr, environ, size)
        cwd = terminal.get("cwd")
        self.cwd = cwd if isinstance(cwd, str) else None


def _same_widths(terminal: Mapping[str, Any]) -> bool:
    """The client measures characters as this process does: Rich picks its width table
    from ``UNICODE_VERSION`` once per process, so a client with another renders itself."""
    env = terminal.get("env")
    return isinstance(env, Mapping) and env.get("UNICODE_VERSION") == os.environ.get(
        "UNICODE_VERSION"
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def handle(engine_for: Callable[[bool], Engine], request: dict[str, Any], emit: Emit) -> int | None:
    """The daemon's CLI handler (``daemon.service.CliHandler``): run the client's
    command, errors printed as ``cli.common.guard`` prints them; None (nothing
    emitted) for a command the client's Typer path must handle."""
    raw, terminal = request.get("command"), request.get("terminal")
    parsed = Parsed.from_wire(raw) if isinstance(raw, Mapping) else None
    if not isinstance(terminal, Mapping) or not _same_widths(terminal):
        return None
    if parsed is None or not valid(parsed):
        return None
    screen = Screen(terminal, emit)
    try:
        return _run(parsed, engine_for("show_pii" in parsed.flags), screen)
    except NotelensError as exc:
        print_error(escape(str(exc)), screen.err)
        return exc.exit_code
    except (BrokenPipeError, ConnectionResetError):
        raise  # the client went away
    except Exception as exc:
        log.warning("command failed", exc_info=True)
        print_error(unexpected_error(exc), screen.err)
        return 1


def _run(p: Parsed, eng: Engine, screen: Screen) -> int:
    """The body of ``search``/``ask``/``status`` as their Typer commands run it."""
    as_json = "as_json" in p.flags
    lang = cast("Lang | None", p.values.get("lang"))
    if p.command == "search":
        query = str(p.positional)
        mode = p.values.get("mode", "hybrid")
        explain = "explain" in p.flags
        hits = eng.search(
            query,
            k=int(p.values.get("k", SEARCH_K)),
            mode=mode,
            source=p.values.get("source"),
            lang=lang,
            rerank=rerank_of(p),
        )
        if as_json:
            write_search_json(query, mode, hits, explain=explain, file=screen.stdout)
        else:
            print_hits(screen.out, query, hits, explain=explain, cwd=screen.cwd)
        return 0
    if p.command == "ask":
        streamed = False

        def show(token: str) -> None:
            nonlocal streamed
            streamed = True
            screen.err.print(escape(token), end="")

        answer = eng.ask(
            str(p.positional),
            k=int(p.values.get("k", "5")),
            llm=p.values.get("llm"),
            mode=cast("SearchMode", p.values.get("mode", "hybrid")),
            source=p.values.get("source"),
            lang=lang,
            on_token=None if as_json else show,
            rerank=rerank_of(p),
        )
        if as_json:
            write_answer_json(answer, file=screen.stdout, err=screen.err)
            return 0
        if streamed:
            screen.err.print()
        print_answer(screen.out, answer, streamed=streamed, err=screen.err, cwd=screen.cwd)
        return 0
    st = eng.status()
    if as_json:
        write_status_json(st, file=screen.stdout)
    else:
        print_status(screen.out, st)
        if st.exists:
            cov = eng.coverage()
            print_coverage(screen.out, cov.to_dict() if cov is not None else None, files=False)
    return 4 if st.exists and not st.compatible else 0


if __name__ == "__main__":
    from notelens.daemon.service import main

    sys.exit(main(cli=handle, prog="python -m notelens.cli.remote"))
