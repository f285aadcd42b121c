"""``notelens chat``: a conversation over the notes (issue #19 item 6), and the pieces
``ask --session`` shares with it.

Every question goes through :meth:`notelens.engine.Engine.ask` with a session id, so a
follow-up ("그럼 QLoRA는?", "What about GQA?") is rewritten into a standalone question
from the last turns before retrieval; the rewrite is shown as ``→ 질문: ...``. The
session is kept in ``<index>/sessions/ID.json``: ``chat --session ID`` (or
``ask --session ID``) continues it later. One engine serves the whole REPL, so the
models load once.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Annotated, Any

import typer

from notelens.cli.common import (
    FolderOpt,
    IndexOpt,
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
    check_mode,
    err,
    escape,
    guard,
    note_scope,
    out,
    rerank_choice,
)
from notelens.cli.common import engine as make_engine

if TYPE_CHECKING:
    from collections.abc import Callable

    from notelens.engine import Engine
    from notelens.types import Answer, NoteFilter

HELP_LINE = "/new: a new conversation · /history: the turns so far · /exit: quit"


def ask_in_session(
    engine: Engine,
    question: str,
    session: str,
    args: dict[str, Any],
    scope: NoteFilter | None,
    on_token: Callable[[str], None] | None,
) -> Answer:
    """``engine.ask`` in the conversation ``session`` (``args``: k, llm, mode, source,
    lang, rerank as ``ask`` takes them)."""
    from notelens.answer.session import check_session_id

    return engine.ask(
        question,
        k=args["k"],
        llm=args["llm"],
        mode=args["mode"],
        source=args["source"],
        lang=args["lang"],
        rerank=args["rerank"],
        note=scope,
        on_token=on_token,
        session=check_session_id(session),
    )


def print_rewrite(answer: Answer) -> None:
    """``→ 질문: ...``: the standalone question retrieval used, when it differs."""
    rewritten = answer.rewritten_question
    if rewritten and rewritten != answer.question:
        out.print(f"[dim]→ 질문:[/] [italic]{escape(rewritten)}[/]")


def _enable_line_history() -> None:
    """Arrow-key recall of earlier questions where the platform has readline."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (importing it turns line editing on for input())


def _print_history(engine: Engine, session: str) -> None:
    conv = engine.sessions().load(session)
    if not conv.turns:
        out.print("[dim](no turns yet)[/]")
    for i, t in enumerate(conv.turns, 1):
        line = f"{i}. {escape(t.question)}"
        if t.standalone != t.question:
            line += f"  [dim]→ {escape(t.standalone)}[/]"
        out.print(line)


def register(app: typer.Typer) -> None:
    """Add the ``chat`` command to ``app``."""

    @app.command("chat")
    def chat_cmd(
        index: IndexOpt = None,
        session: Annotated[
            str | None,
            typer.Option(
                "--session",
                help="Continue this conversation (default: a new one; its id is shown).",
                show_default=False,
            ),
        ] = None,
        k: Annotated[int, typer.Option("-k", "--k", min=1, max=50, help="Passages used.")] = 5,
        llm: Annotated[
            str | None,
            typer.Option(
                "--llm", help="LLM spec as for ask (default: $NOTELENS_LLM).", show_default=False
            ),
        ] = None,
        mode: ModeOpt = "hybrid",
        source: SourceOpt = None,
        lang: LangOpt = None,
        show_pii: ShowPiiOpt = False,
        rerank: RerankOpt = None,
        no_rerank: NoRerankOpt = False,
        tag: TagOpt = None,
        folder: FolderOpt = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
    ) -> None:
        """Ask the notes question after question; follow-ups ("그럼 QLoRA는?", "What about
        GQA?") are rewritten from the conversation before retrieval."""
        from rich.prompt import Prompt

        from notelens.answer.session import check_session_id, new_session_id
        from notelens.cli.render import print_answer
        from notelens.errors import NotelensError

        args = {
            "k": k,
            "llm": llm,
            "mode": check_mode(mode),
            "source": source,
            "lang": check_lang(lang),
            "rerank": rerank_choice(rerank, no_rerank),
        }
        scope = note_scope(tag, folder, since, until)

        def body() -> None:
            engine = make_engine(index, show_pii=show_pii)
            if not engine.layout.exists():  # one clear line now, not after a question
                from notelens.errors import IndexNotFoundError

                raise IndexNotFoundError(
                    "no index here yet",
                    path=str(engine.index_dir),
                    hint="create it with `notelens index PATH`",
                )
            sid = check_session_id(session) if session else new_session_id()
            _enable_line_history()
            err.print(f"[dim]session {sid} · {HELP_LINE}[/]")
            while True:
                try:
                    question = Prompt.ask("[bold cyan]질문[/]", console=out).strip()
                except (EOFError, KeyboardInterrupt):
                    out.print()
                    return
                if not question:
                    continue
                command = question.lower()
                if command in ("/exit", "/quit", "/q", "exit", "quit"):
                    return
                if command == "/new":
                    sid = new_session_id()
                    err.print(f"[dim]new conversation: session {sid}[/]")
                    continue
                if command == "/history":
                    _print_history(engine, sid)
                    continue
                if command.startswith("/"):
                    err.print(f"[yellow]unknown command {escape(question)}[/]: {HELP_LINE}")
                    continue
                streamed = False

                def show(token: str) -> None:
                    nonlocal streamed
                    streamed = True
                    err.print(escape(token), end="")

                try:
                    answer = ask_in_session(engine, question, sid, args, scope, show)
                except NotelensError as exc:
                    # One bad question ends nothing: the line, and the next question.
                    err.print(f"[red]error:[/] {escape(str(exc))}")
                    continue
                if streamed:
                    err.print()
                print_rewrite(answer)
                print_answer(out, answer, streamed=streamed)

        guard(body)
