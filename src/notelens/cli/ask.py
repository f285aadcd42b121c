"""``notelens ask``: an answer from the notes, every sentence cited, or a plain refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from notelens.cli.chat_cmd import CagOpt, CtxOpt
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
    check_mode,
    err,
    escape,
    guard,
    note_scope,
    out,
    rerank_choice,
)
from notelens.cli.common import engine as make_engine
from notelens.cli.fast import ASK_MAX_K
from notelens.cli.render import print_answer, write_answer_json

__all__ = ["print_answer", "register"]

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from notelens.types import Answer


def _ask_warm(
    question: str,
    index: Path | None,
    args: dict[str, Any],
    show_pii: bool,
    on_token: Callable[[str], None] | None,
) -> Answer | None:
    """The answer from the index's daemon, its LLM tokens streamed to ``on_token``;
    None: run in-process (notelens.cli.warm)."""
    from notelens.cli import decode, warm

    daemon = warm.daemon_for(index)
    if daemon is None:
        return None
    body = {"question": question, **args, "show_pii": show_pii, "stream": on_token is not None}

    def event(ev: dict[str, Any]) -> None:
        if ev.get("event") == "token" and on_token is not None:
            on_token(str(ev["data"]))

    last = warm.stream(daemon, "/ask", body, event)
    if last is None:
        return None
    return decode.answer(last["data"], note=str(last.get("note") or ""))


def _ask_cag(
    index: Path | None,
    question: str,
    session: str | None,
    args: dict[str, Any],
    scope: Any,
    n_ctx: int | None,
    as_json: bool,
    show_pii: bool,
    show: Callable[[str], None],
) -> None:
    """``ask --cag``: the notes in scope preloaded into the local model, one question."""
    import json
    import sys

    from notelens.cli.chat_cmd import ask_cag, open_cag, print_cag_stats, print_rewrite

    engine = make_engine(index, show_pii=show_pii)
    context = open_cag(
        engine,
        llm=args["llm"],
        source=args["source"],
        lang=args["lang"],
        scope=scope,
        n_ctx=n_ctx,
    )
    try:
        answer, stats = ask_cag(engine, context, question, session, None if as_json else show)
    finally:
        context.close()
    if as_json:
        if answer.note:
            err.print(f"note: {escape(answer.note)}")
        body: dict[str, Any] = {**answer.to_dict(), "cag": stats.to_dict()}
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    err.print()
    print_cag_stats(stats)
    print_rewrite(answer)
    print_answer(out, answer, streamed=True)


def register(app: typer.Typer) -> None:
    """Add the ``ask`` command to ``app``."""

    @app.command("ask")
    def ask_cmd(
        question: Annotated[str, typer.Argument(help="A question, Korean or English.")],
        index: IndexOpt = None,
        k: Annotated[
            int, typer.Option("-k", "--k", min=1, max=ASK_MAX_K, help="Passages used as evidence.")
        ] = 5,
        llm: Annotated[
            str | None,
            typer.Option(
                "--llm",
                help="LLM spec: openai:MODEL, openai:MODEL@URL, ollama:MODEL, "
                "http://HOST:PORT/v1#MODEL, gguf:PATH, smollm2, or extractive "
                "(default: $NOTELENS_LLM, else extractive).",
                show_default=False,
            ),
        ] = None,
        mode: ModeOpt = "hybrid",
        source: SourceOpt = None,
        lang: LangOpt = None,
        as_json: JsonOpt = False,
        show_pii: ShowPiiOpt = False,
        rerank: RerankOpt = None,
        no_rerank: NoRerankOpt = False,
        tag: TagOpt = None,
        folder: FolderOpt = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
        session: Annotated[
            str | None,
            typer.Option(
                "--session",
                help="A conversation id: a follow-up is rewritten from its last turns "
                "(kept in <index>/sessions/ID.json) before retrieval.",
                show_default=False,
            ),
        ] = None,
        cag: CagOpt = False,
        ctx: CtxOpt = None,
    ) -> None:
        """Answer a question from the notes, every sentence with a verified, numbered citation."""
        only_lang = check_lang(lang)
        scope = note_scope(tag, folder, since, until)
        reranker = rerank_choice(rerank, no_rerank)
        search_mode = check_mode(mode)

        def body() -> None:
            # Live tokens (LLM mode) go to stderr; the verified answer is what counts.
            streamed = False

            def show(token: str) -> None:
                nonlocal streamed
                streamed = True
                err.print(escape(token), end="")

            args = {
                "k": k,
                "llm": llm,
                "mode": search_mode,
                "source": source,
                "lang": only_lang,
                "rerank": reranker,
            }
            answer = None
            if cag:
                _ask_cag(index, question, session, args, scope, ctx, as_json, show_pii, show)
                return
            if session is not None:
                # In-process: the session file and the rewrite live with this index.
                from notelens.cli.chat_cmd import ask_in_session

                answer = ask_in_session(
                    make_engine(index, show_pii=show_pii),
                    question,
                    session,
                    args,
                    scope,
                    None if as_json else show,
                )
            elif scope is None or scope.empty:  # the daemon takes no note filters (yet)
                answer = _ask_warm(question, index, args, show_pii, None if as_json else show)
            if answer is None:
                answer = make_engine(index, show_pii=show_pii).ask(
                    question,
                    k=k,
                    llm=llm,
                    mode=search_mode,
                    source=source,
                    lang=only_lang,
                    on_token=None if as_json else show,
                    rerank=reranker,
                    note=scope,
                )
            if as_json:
                write_answer_json(answer)
                return
            if streamed:
                err.print()
            if answer.session is not None:
                from notelens.cli.chat_cmd import print_rewrite

                print_rewrite(answer)
            print_answer(out, answer, streamed=streamed)

        guard(body)
