"""The CLI's two consoles (stdout for results, stderr for progress, notes and errors).

Light on purpose (Rich only): the warm path (:mod:`notelens.cli.fast`) prints with them
without importing Typer. When a stream is not a terminal (a pipe, a file, a test), Rich
would wrap at 80 columns and split file names and error messages across lines; there
the width is effectively unlimited, so every line stays whole (issue #21 item 3).
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

#: The width of non-terminal output: wide enough that nothing wraps, small enough for
#: Rich's layout arithmetic.
PIPE_WIDTH = 100_000


def make_console(stream: TextIO, *, stderr: bool = False, soft_wrap: bool = False) -> Console:
    """A console on ``stream``: the terminal's width on a TTY, no wrapping elsewhere."""
    tty = stream.isatty()
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=soft_wrap,
        width=None if tty else PIPE_WIDTH,
    )


out = make_console(sys.stdout)
err = make_console(sys.stderr, stderr=True)

#: What an interrupted command says (every command, warm or in-process).
INTERRUPTED = "interrupted; the index keeps every batch committed so far"


def print_error(message: str) -> None:
    """The one error line every command prints (``message`` is Rich markup, escaped)."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
