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
from typing import Annotated

import typer

from notelens._version import __version__
from notelens.cli import commands
from notelens.cli.common import (
    IndexOpt,
    JsonOpt,
    LangOpt,
    ModeOpt,
    NoRerankOpt,
    RerankOpt,
    ShowPiiOpt,
    SourceOpt,
    check_lang,
    err,
    out,
    rerank_choice,
)
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard
from notelens.cli.common import store_options as _store_options
from notelens.config import LIMITS
from notelens.errors import ConfigError

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
) -> None:
    _store_options(store, dsn, dsn_read)
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
) -> None:
    """Index notes incrementally: only new or changed files are processed."""
    from notelens.cli.render import RichProgress, print_index_report

    def body() -> None:
        engine = _engine(index, follow_external_links=follow_external)
        if from_index is not None:
            copied = engine.import_index(from_index)
            err.print(f"copied {copied.files} files, {copied.rows} chunks from {from_index}")
        progress = None if as_json else RichProgress(err)
        try:
            report = engine.index(paths or [], rebuild=rebuild, progress=progress)
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
    ] = 10,
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
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="chunk: passages; note: one row per note (its best passages under it).",
        ),
    ] = "chunk",
) -> None:
    """Search the index (hybrid BM25 + dense by default)."""
    from notelens.cli.render import print_hits, print_notes

    only_lang = check_lang(lang)
    reranker = rerank_choice(rerank, no_rerank)

    def body() -> None:
        if by not in ("chunk", "note"):
            raise ConfigError(f"unknown --by {by!r}", hint="use --by chunk or --by note")
        engine = _engine(index, show_pii=show_pii)
        if by == "note":
            notes = engine.search_notes(
                query, k=k, mode=mode, source=source, lang=only_lang, rerank=reranker
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
        hits = engine.search(query, k=k, mode=mode, source=source, lang=only_lang, rerank=reranker)
        if as_json:
            payload = {
                "query": query,
                "mode": mode,
                "hits": [h.to_dict(explain=explain) for h in hits],
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        else:
            print_hits(out, query, hits, explain=explain)

    _guard(body)


@app.command("status")
def status_cmd(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Show what the index holds and whether it can be searched."""
    from notelens.cli.render import print_status

    def body() -> None:
        st = _engine(index).status()
        if as_json:
            sys.stdout.write(json.dumps(st.to_dict(), ensure_ascii=False) + "\n")
        else:
            print_status(out, st)
        if st.exists and not st.compatible:
            raise typer.Exit(4)

    _guard(body)


commands.register_all(app)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
