"""Shared pieces of the CLI: consoles, option types, error mapping, engine factory.

Every command module (``index``/``search``/``status`` in app.py, ``ask``, ``eval``,
``guard``, ``serve``) uses these so that errors look and exit the same everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar, cast

import typer

from notelens.cli.consoles import INTERRUPTED, err, out, print_error, unexpected_error
from notelens.config import debug_enabled
from notelens.errors import NotelensError

if TYPE_CHECKING:
    from notelens.engine import Engine
    from notelens.types import Lang, NoteFilter, SearchMode

T = TypeVar("T")

__all__ = ["err", "out"]  # the consoles live in notelens.cli.consoles (no Typer there)

IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Index folder (default: $NOTELENS_INDEX or the per-user data folder).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object (stable contract).")]
ModeOpt = Annotated[str, typer.Option("--mode", "-m", help="hybrid | bm25 | dense")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Only sources matching this glob.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Only chunks in ko | en | mixed.")]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only notes with this tag (repeat: all of them; 'llm' also matches 'llm/finetuning').",
    ),
]
FolderOpt = Annotated[
    str | None,
    typer.Option("--folder", help="Only notes under this folder (relative to an indexed one)."),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only notes dated on or after YYYY-MM-DD (front matter "
        "date, else the file's modification day).",
    ),
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only notes dated on or before YYYY-MM-DD.")
]
RerankOpt = Annotated[
    str | None,
    typer.Option(
        "--rerank",
        help="Rerank the fused top N with this reranker: features (the default, hybrid "
        "searches; ask keeps the fused order unless told), minilm (English cross-encoder), "
        "maxsim (e5 token late interaction), llm (the local GGUF judges the top 10; slow), "
        "or a plugin (default: $NOTELENS_RERANK, else features).",
        show_default=False,
    ),
]
NoRerankOpt = Annotated[
    bool, typer.Option("--no-rerank", help="Keep the fused order (no reranker).")
]


def rerank_choice(rerank: str | None, no_rerank: bool) -> str | None:
    """The reranker a command asks for: ``None`` (the configured one), a name, or
    ``"none"``; both options at once is a usage error."""
    if no_rerank and rerank is not None:
        raise typer.BadParameter("use either --rerank NAME or --no-rerank")
    return "none" if no_rerank else rerank


def fail(message: str, code: int) -> NoReturn:
    print_error(message)
    raise typer.Exit(code)


def guard(fn: Callable[[], T]) -> T:
    """Run a command body; user-facing errors become one line and an exit code."""
    from notelens.daemon.client import RemoteError

    try:
        return fn()
    except NotelensError as exc:
        fail(escape(str(exc)), exc.exit_code)
    except RemoteError as exc:  # the daemon's NotelensError (notelens.cli.warm)
        fail(escape(exc.message), exc.exit_code)
    except KeyboardInterrupt:
        err.print(INTERRUPTED)
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if debug_enabled():
            raise
        fail(unexpected_error(exc), 1)


def escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def store_options(
    store: str | None, dsn: str | None, dsn_read: str | None, namespace: str | None = None
) -> None:
    """``notelens --store/--dsn/--dsn-read/--namespace``: set for this process as the
    variables Settings reads (NOTELENS_STORE, NOTELENS_DSN, NOTELENS_DSN_READ,
    NOTELENS_NAMESPACE), so every command and every engine it makes (serve, MCP, eval)
    uses the same store."""
    from notelens.config import ENV_DSN, ENV_DSN_READ, ENV_NAMESPACE, ENV_STORE

    for name, value in (
        (ENV_STORE, store),
        (ENV_DSN, dsn),
        (ENV_DSN_READ, dsn_read),
        (ENV_NAMESPACE, namespace),
    ):
        if value is not None:
            os.environ[name] = value


def engine(
    index: Path | None, *, follow_external_links: bool = False, show_pii: bool = False
) -> Engine:
    """The engine of a CLI command. ``show_pii``: the owner's ``--show-pii`` on a local
    surface (nothing masked in what is printed; docs/guide.md, "PII per surface")."""
    from dataclasses import replace

    from notelens.config import Settings
    from notelens.engine import Engine

    base = Settings.from_env()
    if follow_external_links:
        base = replace(base, ingest=replace(base.ingest, follow_external_links=True))
    if show_pii:
        base = replace(base, guard=replace(base.guard, redact_kinds=(), shared_redact_kinds=()))
    eng = Engine(index, settings=base)
    # Before the first table is opened: a backend's own console logging (LanceDB's
    # deprecation notices) would mix into the command's output.
    eng.stores.quiet_logs()
    return eng


ShowPiiOpt = Annotated[
    bool,
    typer.Option(
        "--show-pii",
        help="Show PII (ID, card, account numbers) unmasked: for the notes' owner, locally.",
    ),
]


def check_lang(lang: str | None) -> Lang | None:
    """``--lang`` as a :data:`~notelens.types.Lang`; anything else exits 2."""
    if lang is not None and lang not in ("ko", "en", "mixed"):
        fail(f"--lang must be ko, en or mixed, not {lang!r}", 2)
    return cast("Lang | None", lang)


def check_mode(mode: str) -> SearchMode:
    """``--mode`` as a :data:`~notelens.types.SearchMode`; anything else exits 2."""
    from notelens.types import SEARCH_MODES

    if mode not in SEARCH_MODES:
        fail(f"--mode must be hybrid, bm25 or dense, not {mode!r}", 2)
    return mode


def note_scope(
    tags: list[str] | None, folder: str | None, since: str | None, until: str | None
) -> NoteFilter | None:
    """``--tag/--folder/--since/--until`` as a filter; a bad date exits 2."""
    from notelens.types import NoteFilter

    try:
        return NoteFilter.parse(tags, folder, since, until)
    except NotelensError as exc:
        fail(escape(str(exc)), exc.exit_code)
