"""The CLI's two consoles (stdout for results, stderr for progress, notes and errors).

Light on purpose (Rich only): the warm path (:mod:`notelens.cli.fast`) prints with them
without importing Typer. When a stream is not a terminal (a pipe, a file, a test), Rich
would wrap at 80 columns and split file names and error messages across lines; there
the width is effectively unlimited, so every line stays whole (issue #21 item 3).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from rich.console import Console

#: The width of non-terminal output: wide enough that nothing wraps, small enough for
#: Rich's layout arithmetic.
PIPE_WIDTH = 100_000


def make_console(
    file: TextIO | None = None, *, stderr: bool = False, environ: Mapping[str, str] | None = None
) -> Console:
    """A console on ``file`` (None: the process's stdout, or stderr with ``stderr``,
    looked up at each write): the terminal's width on a TTY, no wrapping elsewhere.
    ``environ``: the variables Rich reads (None: this process's; the daemon passes its
    client's, notelens.cli.remote)."""
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return Console(
        file=file,
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
        width=None if stream.isatty() else PIPE_WIDTH,
        _environ=environ,
    )


out = make_console()
err = make_console(stderr=True)

#: What an interrupted command says (every command, warm or in-process).
INTERRUPTED = "interrupted; the index keeps every batch committed so far"


def print_error(message: str, console: Console | None = None) -> None:
    """The one error line every command prints (``message`` is Rich markup, escaped), on
    ``console`` (None: stderr's)."""
    (console or err).print(f"[bold red]error:[/] {message}", markup=True, highlight=False)


def unexpected_error(exc: BaseException) -> str:
    """The error line's text for an exception notelens did not expect (Rich markup)."""
    from rich.markup import escape

    return (
        f"unexpected {type(exc).__name__}: {escape(str(exc))} "
        "(this is a bug; rerun with NOTELENS_DEBUG=1 for details)"
    )
