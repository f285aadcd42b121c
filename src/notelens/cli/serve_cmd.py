"""``notelens serve`` (HTTP API + web page) and ``notelens mcp`` (MCP over stdio).

Both are thin: they build settings from the options and hand the one engine to
:func:`notelens.server.create_app` or :func:`notelens.mcp.server.run_stdio`. FastAPI,
uvicorn and the MCP SDK are imported only when these commands run.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notelens.cli.common import IndexOpt, err
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard

if TYPE_CHECKING:
    from notelens.engine import Engine


def _warm(engine: Engine) -> None:
    """Load the analyzer and model in the background so the first query is quick; then
    freeze the heap they built out of the garbage collector's full passes."""

    def run() -> None:
        try:
            if engine.layout.exists():
                # Hangul too: ASCII-only text never reaches Kiwi, which loads lazily; a
                # long digit run loads the query guard's Presidio recognizers.
                engine.search("warm up 준비 20240518", k=1)
        except Exception:  # the first real request reports any problem properly
            pass
        # Models, tokenizer tables and the index snapshot are ~340k long-lived objects:
        # every full collection walked them all, stopping every thread for up to ~0.2 s
        # (benchmarks/gc_pauses.py). Frozen, the collector skips them.
        gc.collect()
        gc.freeze()

    threading.Thread(target=run, name="nl-warm", daemon=True).start()


def _watch_in_background(engine: Engine, folders: list[str]) -> None:
    """``serve --watch``: a daemon thread syncs the index as notes change (see
    :mod:`notelens.index.watch`); the web page shows the last sync and failed files."""

    def run() -> None:
        from notelens.errors import NotelensError

        try:
            engine.index(folders)  # catch up first
            engine.watch(folders, on_sync=_log_sync)
        except NotelensError as exc:
            err.print(f"notelens: folder watch stopped: {exc}")

    threading.Thread(target=run, name="nl-watch", daemon=True).start()
    err.print("notelens: watching the note folders for changes")


def _log_sync(res: object) -> None:
    error = getattr(res, "error", "")
    if error:
        err.print(f"notelens: sync failed: {error}")


def _single_threaded_blas() -> None:
    """One BLAS thread per call in this process: concurrency comes from the requests.

    numpy's OpenBLAS splits each product over every core, and its threads spin for a
    while after each call: idle, that halves a scan's wall time for twice the CPU; with
    the cores busy it only adds CPU (benchmarks/search_parts.py). threadpoolctl comes
    with the server extra; without it the default stays.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``mcp`` to the CLI."""

    @app.command("serve")
    def serve_cmd(
        folders: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Note folders that POST /index re-indexes and the only ones files are "
                "read from. None: the folders the index was built from.",
            ),
        ] = None,
        index: IndexOpt = None,
        host: Annotated[
            str,
            typer.Option(help="Address to bind. Anything but loopback needs NOTELENS_TOKEN."),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8765,
        cors: Annotated[
            list[str] | None,
            typer.Option("--cors", help="Allow this browser origin (repeatable). Default: off."),
        ] = None,
        watch: Annotated[
            bool,
            typer.Option("--watch", help="Keep the index in sync as the note folders change."),
        ] = False,
    ) -> None:
        """Serve the web page and the HTTP API (docs: GET /openapi.json)."""
        from notelens.errors import ConfigError

        def body() -> None:
            engine = _engine(index)
            for folder in folders or []:
                if not folder.expanduser().is_dir():
                    raise ConfigError("not a folder", path=str(folder))
            server = replace(
                engine.settings.server,
                host=host,
                port=port,
                folders=tuple(f.expanduser().resolve() for f in folders or []),
                cors_origins=tuple(cors or ()),
            )
            settings = replace(engine.settings, server=server)

            from notelens.server import create_app

            web = create_app(settings, engine=engine)  # refuses a public bind without a token
            import uvicorn

            shown = f"[{host}]" if ":" in host else host
            err.print(f"notelens: serving http://{shown}:{port}/  (index: {engine.index_dir})")
            if server.token:
                err.print("notelens: API calls need 'Authorization: Bearer $NOTELENS_TOKEN'")
            _single_threaded_blas()
            _warm(engine)
            if watch:
                _watch_in_background(engine, [str(f) for f in server.folders])
            from notelens.server.limits import uvicorn_options

            opts = uvicorn_options()  # slow or endless request heads are cut off
            uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False, **opts)

        _guard(body)

    @app.command("mcp")
    def mcp_cmd(index: IndexOpt = None) -> None:
        """Serve the notes to an MCP client over stdio (tools: search, ask, index_status)."""

        def body() -> None:
            from notelens.mcp.server import run_stdio

            run_stdio(_engine(index))

        _guard(body)
