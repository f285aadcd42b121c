"""The CLI run in the test process, for tests about a command's options and output rather
than about a cold process start.

A ``python -m notelens`` child loads Python, torch, Kiwi and e5 itself: 7-11 s of CPU per
command here (a cold ``search`` 7.1 s, ``index`` of one note 11.2 s, even ``status`` 2.5 s).
Tests whose subject is what a command prints (masking, filters, ``--by note``) run the
same click command the console script runs (``notelens.cli.app.main``: Typer's command
with flags shown as flags) through click's ``CliRunner``; with the
``cli_uses_session_models`` fixture its engine gets the session's models. The process
boundary itself (exit codes of a real process, no traceback on stderr, the warm daemon,
the fast path) stays covered by the tests that start real processes (test_cli,
test_bad_input, test_daemon, test_damaged_index, test_cli_output, ...).

An exception that escapes the command would have been a traceback on a real process's
stderr; here it fails the test with that traceback (the subprocess tests assert
``"Traceback" not in stderr``).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CliResult:
    """What a test reads of a finished command (the names of ``CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: Mapping[str, str | None] | None = None) -> CliResult:
    """``notelens ARGS`` in this process; ``env`` is set for the call only (None: unset)."""
    import typer.main
    from click.testing import CliRunner

    from notelens.cli.app import app, flags_as_flags

    command = flags_as_flags(typer.main.get_command(app))
    # A command sets variables for its process (the root options --store/--dsn/... become
    # NOTELENS_*): as with a child process, none of them outlives the call here.
    saved = dict(os.environ)
    try:
        res = CliRunner().invoke(command, list(args), env=env, prog_name="notelens")
    finally:
        os.environ.clear()
        os.environ.update(saved)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        shown = "".join(traceback.format_exception(res.exception))
        raise AssertionError(f"notelens {' '.join(args)} raised (a traceback):\n{shown}")
    return CliResult(res.exit_code, res.stdout, res.stderr)
