"""``notelens`` command line: a thin layer over :class:`notelens.engine.Engine`.

Exit codes: 0 success; 1 nothing could be indexed / unexpected error; 2 bad usage or
query; 3 no index; 4 index built differently; 5 index locked; 6 the LLM failed;
7 blocked by a guard policy; 8 ``doctor`` found damage; 130 interrupted.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from notelens._version import __version__
from notelens.cli import commands
from notelens.cli.common import (
    FolderOpt,
    IndexOpt,
    JsonOpt,
    LangOpt,
    ModeOpt,
    NoRerankOpt,
    RerankOpt,
    ShowPiiOpt,
    SinceOpt,
    SourceOpt,
    TagOpt,
    UntilOpt,
    check_lang,
    err,
    note_scope,
    out,
    rerank_choice,
)
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard
from notelens.cli.common import store_options as _store_options
from notelens.cli.render import plural
from notelens.config import LIMITS
from notelens.contracts import SEARCH_K
from notelens.errors import ConfigError

if TYPE_CHECKING:
    from notelens.types import Hit, IndexStatus, Lang

app = typer.Typer(
    name="notelens",
    help="Index a folder of research notes (Korean/English), search it and ask it, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"notelens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what runs.")] = False,
    store: Annotated[
        str | None,
        typer.Option("--store", help="Store backend: lancedb | memory | postgres."),
    ] = None,
    dsn: Annotated[
        str | None, typer.Option("--dsn", help="PostgreSQL DSN of the postgres store.")
    ] = None,
    dsn_read: Annotated[
        str | None, typer.Option("--dsn-read", help="DSN of a read replica (searches).")
    ] = None,
    no_daemon: Annotated[
        bool,
        typer.Option(
            "--no-daemon",
            help="Run search/ask/status in this process, not in the index's warm daemon "
            "(also NOTELENS_DAEMON=0).",
        ),
    ] = False,
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace", help="Name of the index in a shared store (default: its folder)."
        ),
    ] = None,
) -> None:
    _store_options(store, dsn, dsn_read, namespace)
    if no_daemon:
        from notelens.cli.warm import disable

        disable()
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command("index")
def index_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of notes. None: re-index the recorded folders."),
    ] = None,
    index: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-index every file.")] = False,
    as_json: JsonOpt = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="List unchanged files in the report too.")
    ] = False,
    follow_external: Annotated[
        bool,
        typer.Option(
            "--follow-external-links",
            help="Also index files that symlinks point to outside the note folders.",
        ),
    ] = False,
    from_index: Annotated[
        Path | None,
        typer.Option(
            "--from-index",
            help="Copy this (LanceDB) index's rows and vectors into the store, no re-embedding.",
        ),
    ] = None,
    forget: Annotated[
        list[Path] | None,
        typer.Option(
            "--forget",
            help="Stop indexing this recorded folder and remove its notes (moved or deleted).",
        ),
    ] = None,
) -> None:
    """Index notes incrementally: only new or changed files are processed."""
    from notelens.cli.render import RichProgress, print_index_report

    def body() -> None:
        engine = _engine(index, follow_external_links=follow_external)
        if from_index is not None:
            copied = engine.import_index(from_index)
            err.print(
                f"copied {plural(copied.files, 'file')}, {plural(copied.rows, 'chunk')} "
                f"from {from_index}"
            )
        progress = None if as_json else RichProgress(err)
        try:
            report = engine.index(
                paths or [], rebuild=rebuild, progress=progress, forget=forget or []
            )
        finally:
            if progress is not None:
                progress.close()
        if as_json:
            out.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            print_index_report(out, report, engine.index_dir, show_all=show_all)
        if not report.ok:
            raise typer.Exit(1)

    _guard(body)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Question or keywords, Korean or English.")],
    index: IndexOpt = None,
    k: Annotated[
        int, typer.Option("-k", "--k", min=1, max=LIMITS.max_k, help="Number of hits.")
    ] = SEARCH_K,
    mode: ModeOpt = "hybrid",
    source: SourceOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show BM25/dense/fused/reranker ranks and matched terms."),
    ] = False,
    show_pii: ShowPiiOpt = False,
    rerank: RerankOpt = None,
    no_rerank: NoRerankOpt = False,
    tag: TagOpt = None,
    folder: FolderOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="chunk: passages; note: one row per note (its best passages under it).",
        ),
    ] = "chunk",
) -> None:
    """Search the index (hybrid BM25 + dense by default)."""
    from notelens.cli.render import print_hits, print_notes, write_search_json

    only_lang = check_lang(lang)
    scope = note_scope(tag, folder, since, until)
    reranker = rerank_choice(rerank, no_rerank)

    def body() -> None:
        if by not in ("chunk", "note"):
            raise ConfigError(f"unknown --by {by!r}", hint="use --by chunk or --by note")
        if by == "note":
            engine = _engine(index, show_pii=show_pii)
            notes = engine.search_notes(
                query, k=k, mode=mode, source=source, lang=only_lang, rerank=reranker, note=scope
            )
            if as_json:
                payload = {
                    "query": query,
                    "mode": mode,
                    "notes": [n.to_dict(explain=explain) for n in notes],
                }
                sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
            else:
                print_notes(out, query, notes)
            return
        hits = None
        if scope is None or scope.empty:  # the daemon takes no note filters (yet)
            hits = _search_warm(query, index, k, mode, source, only_lang, reranker, show_pii)
        if hits is None:
            engine = _engine(index, show_pii=show_pii)
            hits = engine.search(
                query, k=k, mode=mode, source=source, lang=only_lang, rerank=reranker, note=scope
            )
        if as_json:
            write_search_json(query, mode, hits, explain=explain)
        else:
            print_hits(out, query, hits, explain=explain)

    _guard(body)


@app.command("status")
def status_cmd(
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    files: Annotated[
        bool,
        typer.Option("--files", help="List every file of the last runs: indexed, skipped, failed."),
    ] = False,
) -> None:
    """Show what the index holds, whether it can be searched, and its files per kind."""
    from notelens.cli.render import print_status, write_status_json
    from notelens.cli.vault_cmd import status_coverage, status_files

    if files:
        status_files(index, as_json)
        return

    def body() -> None:
        st = _status_warm(index)
        if st is None:
            st = _engine(index).status()
        if as_json:
            write_status_json(st)
        else:
            print_status(out, st)
            if st.exists:
                status_coverage(index)
        if st.exists and not st.compatible:
            raise typer.Exit(4)

    _guard(body)


def _search_warm(
    query: str,
    index: Path | None,
    k: int,
    mode: str,
    source: str | None,
    lang: Lang | None,
    rerank: str | None,
    show_pii: bool,
) -> list[Hit] | None:
    """The hits from the index's daemon; None: run in-process (notelens.cli.warm)."""
    from notelens.cli import decode, warm

    daemon = warm.daemon_for(index)
    if daemon is None:
        return None
    body = {
        "query": query,
        "k": k,
        "mode": mode,
        "source": source,
        "lang": lang,
        "rerank": rerank,
        "show_pii": show_pii,
    }
    payload = warm.request(daemon, "/search", body)
    if payload is None:
        return None
    return [decode.hit(h) for h in payload["result"]["hits"]]


def _status_warm(index: Path | None) -> IndexStatus | None:
    """The status from the index's daemon; None: run in-process."""
    from notelens.cli import decode, warm

    daemon = warm.daemon_for(index)
    payload = warm.request(daemon, "/status", {}) if daemon is not None else None
    if payload is None:
        return None
    return decode.status(payload["result"])


commands.register_all(app)


def flags_as_flags(command: Any) -> Any:
    """Show boolean flags in ``--help`` as ``--json``, not ``--json <bool>`` (Typer
    prints a flag's type unless it has a metavar; an empty one prints nothing). Walks
    every command and group, so flags other modules add are covered too."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    make_help = getattr(command, "get_help_option", None)
    if make_help is not None:

        def help_option(ctx: Any) -> Any:
            option = make_help(ctx)  # made per call: --help is no stored parameter
            if option is not None and option.metavar is None:
                option.metavar = ""
            return option

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        flags_as_flags(sub)
    return command


def main() -> None:
    """The full CLI (``notelens.cli.fast.main``, the console script, falls back to it)."""
    import typer.main

    flags_as_flags(typer.main.get_command(app))()


if __name__ == "__main__":  # pragma: no cover
    main()
