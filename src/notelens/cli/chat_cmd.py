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
    from collections.abc import Callable, Iterator

    from notelens.answer.cag import CagContext, CagStats
    from notelens.answer.session import SessionStore
    from notelens.engine import Engine
    from notelens.types import Answer, Lang, NoteFilter

CtxOpt = Annotated[
    int | None,
    typer.Option(
        "--ctx",
        min=512,
        help="CAG: the model's context in tokens (default 8192; Qwen2.5 takes 32768).",
        show_default=False,
    ),
]
CagOpt = Annotated[
    bool,
    typer.Option(
        "--cag",
        help="Preload the notes in scope (--tag/--folder/--source) into the local model "
        "once and reuse its KV cache, instead of retrieving (needs a GGUF --llm).",
    ),
]

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
        session=session,
    )


def open_cag(
    engine: Engine,
    *,
    llm: str | None,
    source: str | None,
    lang: Lang | None,
    scope: NoteFilter | None,
    n_ctx: int | None,
) -> CagContext:
    """The notes in scope preloaded (one line on stderr: how much, how long)."""
    import time

    start = time.perf_counter()
    context = engine.cag(llm=llm, source=source, lang=lang, note=scope, n_ctx=n_ctx)
    err.print(
        f"[dim]CAG: {len(context.hits)} passages from {len(context.sources)} files "
        f"(~{context.tokens:,} tokens of {context.n_ctx:,}) preloaded in "
        f"{time.perf_counter() - start:.1f} s[/]"
    )
    return context


def ask_cag(
    engine: Engine,
    context: CagContext,
    question: str,
    session: str | None,
    on_token: Callable[[str], None] | None,
) -> tuple[Answer, CagStats]:
    """One question to the preloaded notes (rewritten first in ``session``), the answer
    guarded as RAG's is."""

    def events(q: str) -> Iterator[tuple[str, Any]]:
        return context.stream(q)

    if session is not None:
        # Rules only: an LLM rewrite would go through the preloaded context and
        # evict the notes from its KV cache.
        stream = engine.in_session(question, session, events, llm="extractive")
    else:
        stream = events(question)
    answer: Answer | None = None
    stats: CagStats | None = None
    for event, data in stream:
        if event == "token" and on_token is not None:
            on_token(data)
        elif event == "answer":
            answer = data if session is not None else engine.guard_answer(data)
        elif event == "stats":
            stats = data
    assert answer is not None and stats is not None
    return answer, stats


def print_cag_stats(stats: CagStats) -> None:
    cached = f", {stats.cached_tokens:,} from the KV cache" if stats.cached_tokens >= 0 else ""
    err.print(
        f"[dim]CAG: first token {stats.ttft_s:.2f} s, {stats.total_s:.2f} s in all; "
        f"{stats.prompt_tokens:,} prompt tokens evaluated{cached}[/]"
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
        cag: CagOpt = False,
        ctx: CtxOpt = None,
    ) -> None:
        """Ask the notes question after question, with follow-ups.

        A follow-up ("그럼 QLoRA는?", "What about GQA?") is rewritten from the conversation
        before retrieval.
        """
        from rich.prompt import Prompt

        from notelens.cli.render import print_answer
        from notelens.errors import NotelensError

        only_lang = check_lang(lang)
        args = {
            "k": k,
            "llm": llm,
            "mode": check_mode(mode),
            "source": source,
            "lang": only_lang,
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
            sessions = engine.sessions()
            sid = sessions.check_id(session) if session else sessions.new_id()
            context = None
            if cag:  # the notes preloaded once, the KV cache reused by every question
                context = open_cag(
                    engine,
                    llm=llm,
                    source=source,
                    lang=only_lang,
                    scope=scope,
                    n_ctx=ctx,
                )
            try:
                _loop(engine, sessions, sid, context)
            finally:
                if context is not None:
                    context.close()

        def _loop(
            engine: Engine, sessions: SessionStore, sid: str, context: CagContext | None
        ) -> None:
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
                    sid = sessions.new_id()
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
                    if context is not None:
                        answer, stats = ask_cag(engine, context, question, sid, show)
                    else:
                        answer = ask_in_session(engine, question, sid, args, scope, show)
                except NotelensError as exc:
                    # One bad question ends nothing: the line, and the next question.
                    err.print(f"[red]error:[/] {escape(str(exc))}")
                    continue
                if streamed:
                    err.print()
                if context is not None:
                    print_cag_stats(stats)
                print_rewrite(answer)
                print_answer(out, answer, streamed=streamed)

        guard(body)
