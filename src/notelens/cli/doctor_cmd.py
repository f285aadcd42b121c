"""``notelens doctor [--repair] [--json] [PATHS]``: check the index, and repair it.

Exit codes: 0 the index passes every check (after the repair, with ``--repair``);
3 no index; 8 a check fails (without ``--repair``: run it with ``--repair``; with it:
the rebuilt index still fails, see the report); others as for ``notelens index``
(2 the folders are unknown because ``meta.json`` is unreadable: name them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notelens.cli.common import IndexOpt, JsonOpt, err, escape, out
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard
from notelens.cli.render import plural

if TYPE_CHECKING:
    from rich.console import Console

    from notelens.index.doctor import Check, DoctorReport

#: Exit code of a failed check.
EXIT_DAMAGED = 8


def _print_checks(console: Console, title: str, checks: tuple[Check, ...]) -> None:
    console.print(f"[bold]{title}[/]")
    for c in checks:
        mark = "[green]ok[/]  " if c.ok else "[red]FAIL[/]"
        console.print(f"  {mark} {c.name:<13} {escape(c.detail)}")


def _print_report(console: Console, report: DoctorReport) -> None:
    _print_checks(console, f"index {escape(report.index_dir)}", report.checks)
    if report.repaired:
        for path in report.moved:
            console.print(f"moved aside: {escape(path)}")
        if report.rebuild is not None:
            r = report.rebuild
            console.print(
                f"rebuilt from the note files: {plural(len(r.files), 'file')}, "
                f"{plural(r.chunks_embedded, 'chunk')} embedded, "
                f"{plural(r.chunks_reused, 'vector')} reused"
            )
        _print_checks(console, "after the repair", report.after)
    if report.healthy:
        console.print("[green]the index is healthy[/]")
    elif not report.repaired:
        console.print("repair it with `notelens doctor --repair`")


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor_cmd(
        paths: Annotated[
            list[Path] | None,
            typer.Argument(help="Note folders to rebuild from, when meta.json cannot tell them."),
        ] = None,
        index: IndexOpt = None,
        repair: Annotated[
            bool,
            typer.Option(
                "--repair",
                help="Move aside what cannot be read and rebuild from the note files.",
            ),
        ] = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Check the index (meta, table, rows, vectors, vector cache); --repair fixes it."""
        from notelens.cli.render import RichProgress

        def body() -> None:
            engine = _engine(index)
            progress = RichProgress(err) if repair and not as_json else None
            try:
                report = engine.doctor(repair=repair, paths=paths or [], progress=progress)
            finally:
                if progress is not None:
                    progress.close()
            if as_json:
                sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
            else:
                _print_report(out, report)
            if not report.healthy:
                raise typer.Exit(EXIT_DAMAGED)

        _guard(body)
