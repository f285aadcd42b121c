"""``notelens links`` (wiki-links and backlinks), ``notelens watch`` (folder watch) and
the coverage part of ``notelens status`` (``--files``); issue #18."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from notelens.cli.common import IndexOpt, JsonOpt, err, escape, out
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard
from notelens.cli.render import home_short, print_coverage

if TYPE_CHECKING:
    from notelens.engine import Engine


def print_links(console: Console, data: dict[str, Any]) -> None:
    """``links NOTE``: the note, then its outgoing links and backlinks, one a line."""
    console.print(f"[bold]{escape(data['title'])}[/]  {escape(home_short(data['note']))}")
    if data["aliases"]:
        console.print("aliases: " + escape(", ".join(data["aliases"])))
    console.print(f"\n[bold]outgoing[/] ({len(data['outgoing'])})")
    for row in data["outgoing"]:
        target = row["target"] + (f"#{row['target_heading']}" if row["target_heading"] else "")
        where = escape(home_short(row["resolved"])) if row["resolved"] else "[yellow]unresolved[/]"
        line = f"line {row['line']}  " if row["line"] else ""
        console.print(f"  {line}{escape(f'[[{target}]]')} -> {where}")
    console.print(f"\n[bold]incoming[/] ({len(data['incoming'])})")
    for row in data["incoming"]:
        line = f":{row['line']}" if row["line"] else ""
        console.print(f"  {escape(home_short(row['source']) + line)}  {escape(row['text'])}")


def _coverage_dict(engine: Engine) -> dict[str, Any] | None:
    cov = engine.coverage()
    return cov.to_dict() if cov is not None else None


def status_files(index: Path | None, as_json: bool) -> None:
    """``status --files``: every file of the last runs with its state and reason."""

    def body() -> None:
        data = _coverage_dict(_engine(index))
        if as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            print_coverage(out, data, files=True)

    _guard(body)


def status_coverage(index: Path | None) -> None:
    """The per-kind summary printed under ``status``."""
    print_coverage(out, _coverage_dict(_engine(index)), files=False)


def register(app: typer.Typer) -> None:
    """Add ``links`` and ``watch`` to the CLI."""

    @app.command("links")
    def links_cmd(
        note: Annotated[str, typer.Argument(help="A note: its path, file name or alias.")],
        index: IndexOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        r"""List a note's outgoing \[\[wiki-links]] and its backlinks, from the index."""

        def body() -> None:
            data = _engine(index).links(note).to_dict()
            if as_json:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                print_links(out, data)

        _guard(body)

    @app.command("watch")
    def watch_cmd(
        paths: Annotated[
            list[Path] | None,
            typer.Argument(help="Note folders. None: the folders the index was built from."),
        ] = None,
        index: IndexOpt = None,
        debounce_ms: Annotated[
            int, typer.Option("--debounce-ms", min=10, max=60_000, help="Quiet time per batch.")
        ] = 300,
    ) -> None:
        """Index the folders, then keep the index in sync as notes change (Ctrl-C stops)."""
        from notelens.types import FileStatus

        def show(res: Any) -> None:  # a notelens.index.watch.SyncResult
            if res.error:
                err.print(f"[red]sync failed[/]: {escape(res.error)}")
                return
            counts = ", ".join(f"{n} {k}" for k, n in res.counts.items() if k != "unchanged")
            err.print(f"{res.finished} synced {counts or 'nothing new'} in {res.seconds:.2f} s")
            if res.report is not None:
                for f in res.report.files:
                    if f.status.value in ("failed", "skipped"):
                        err.print(
                            f"  {f.status.value}: {escape(home_short(f.path))}: {escape(f.reason)}"
                        )

        def body() -> None:
            engine = _engine(index)
            roots = [str(p) for p in paths or []]
            report = engine.index(roots)  # catch up with what changed while not watching
            n = report.count(FileStatus.INDEXED) + report.count(FileStatus.UNCHANGED)
            err.print(f"{n} files indexed; watching for changes (Ctrl-C stops)")
            stop = threading.Event()
            try:
                engine.watch(roots, stop=stop, on_sync=show, debounce_ms=debounce_ms)
            except KeyboardInterrupt:
                stop.set()

        _guard(body)
