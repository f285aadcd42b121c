"""The warm CLI's entry: ``search``/``ask``/``status`` straight to the index's daemon,
without Typer.

Typer costs most of a warm command's time here: importing it and the pydantic
TypeAdapters it builds for every non-flag option took ~0.5-1 s per process, against a
~100 ms budget. So :func:`main` first tries these three commands with a small parser of
exactly their documented options; anything else -- another command, ``--help``, a root
option, a value it does not accept, no usable daemon -- goes to the Typer app, which
prints the usual help and errors (and runs in-process when the daemon is unavailable).
The option table is pinned to the Typer definitions by tests/unit/test_cli_fast.py.
Output comes from the same render functions as the Typer path.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Per command: its options that take a value ({spelling: parameter name}).
VALUE_OPTIONS: dict[str, dict[str, str]] = {
    "search": {
        "--index": "index",
        "-k": "k",
        "--k": "k",
        "--mode": "mode",
        "-m": "mode",
        "--source": "source",
        "--lang": "lang",
        "--rerank": "rerank",
    },
    "ask": {
        "--index": "index",
        "-k": "k",
        "--k": "k",
        "--llm": "llm",
        "--mode": "mode",
        "-m": "mode",
        "--source": "source",
        "--lang": "lang",
        "--rerank": "rerank",
    },
    "status": {"--index": "index"},
}
FLAG_OPTIONS: dict[str, dict[str, str]] = {
    "search": {
        "--json": "as_json",
        "--explain": "explain",
        "--show-pii": "show_pii",
        "--no-rerank": "no_rerank",
    },
    "ask": {"--json": "as_json", "--show-pii": "show_pii", "--no-rerank": "no_rerank"},
    "status": {"--json": "as_json"},
}
POSITIONAL = {"search": "query", "ask": "question", "status": None}
#: Options this parser leaves to the Typer app on purpose (``parse`` returns None when it
#: meets one): the note filters, ``search --by`` and ``status --files`` run in-process,
#: because the daemon does not take them yet.
_NOTE_FILTERS = frozenset({"--tag", "--folder", "--since", "--until"})
TYPER_ONLY_VALUES: dict[str, frozenset[str]] = {
    "search": _NOTE_FILTERS | {"--by"},
    "ask": _NOTE_FILTERS | {"--session", "--ctx"},
    "status": frozenset(),
}
TYPER_ONLY_FLAGS: dict[str, frozenset[str]] = {
    "search": frozenset(),
    "ask": frozenset({"--cag"}),
    "status": frozenset({"--files"}),
}
#: ``ask -k``'s upper bound (its Typer option's max; search's is LIMITS.max_k).
ASK_MAX_K = 50


@dataclass(frozen=True, slots=True)
class Parsed:
    command: str
    values: dict[str, str]
    flags: frozenset[str]
    positional: str | None


def parse(argv: Sequence[str]) -> Parsed | None:
    """``argv`` (without the program) if it is a plain search/ask/status call; None
    for anything the Typer app should handle."""
    if not argv or argv[0] not in POSITIONAL:
        return None
    command, rest = argv[0], list(argv[1:])
    values: dict[str, str] = {}
    flags: set[str] = set()
    positional: list[str] = []
    opts, fl = VALUE_OPTIONS[command], FLAG_OPTIONS[command]
    i = 0
    only_args = False
    while i < len(rest):
        tok = rest[i]
        if only_args or not tok.startswith("-") or tok == "-":
            positional.append(tok)
        elif tok == "--":
            only_args = True
        else:
            name, eq, inline = tok.partition("=")
            if name in fl and not eq:
                flags.add(fl[name])
            elif name in opts:
                if eq:
                    value = inline
                elif i + 1 < len(rest):
                    i += 1
                    value = rest[i]
                else:
                    return None
                if opts[name] in values:
                    return None  # repeated: let Typer decide
                values[opts[name]] = value
            else:
                return None  # --help, -v, unknown, -k5 ...
        i += 1
    want = POSITIONAL[command]
    if len(positional) != (1 if want else 0):
        return None
    return Parsed(command, values, frozenset(flags), positional[0] if want else None)


def _valid(p: Parsed) -> bool:
    """Only values the Typer path would accept (its errors stay its own)."""
    from notelens.config import LIMITS

    k = p.values.get("k")
    if k is not None:
        hi = LIMITS.max_k if p.command == "search" else ASK_MAX_K
        if not k.isdigit() or not 1 <= int(k) <= hi:
            return False
    if p.values.get("lang") not in (None, "ko", "en", "mixed"):
        return False
    if p.command == "ask" and p.values.get("mode") not in (None, "hybrid", "bm25", "dense"):
        return False
    return not ("no_rerank" in p.flags and "rerank" in p.values)


def _rerank(p: Parsed) -> str | None:
    return "none" if "no_rerank" in p.flags else p.values.get("rerank")


def run(p: Parsed) -> int | None:
    """Run ``p`` through the daemon; its exit code, or None (use the Typer path)."""
    from notelens.cli import warm
    from notelens.config import opt_out_of_daemon

    index = Path(p.values["index"]) if "index" in p.values else None
    daemon = warm.daemon_for(index)
    if daemon is None:
        # The Typer path must not try (and wait for) a daemon again.
        opt_out_of_daemon()
        return None
    if p.command == "search":
        return _search(daemon, p)
    if p.command == "ask":
        return _ask(daemon, p)
    return _status(daemon, "as_json" in p.flags)


def _search(daemon: Any, p: Parsed) -> int | None:
    from notelens.cli import decode, warm
    from notelens.cli.consoles import out
    from notelens.cli.render import print_hits, write_search_json

    mode = p.values.get("mode", "hybrid")
    body = {
        "query": p.positional,
        "k": int(p.values.get("k", "10")),
        "mode": mode,
        "source": p.values.get("source"),
        "lang": p.values.get("lang"),
        "rerank": _rerank(p),
        "show_pii": "show_pii" in p.flags,
    }
    payload = warm.request(daemon, "/search", body)
    if payload is None:
        return None
    hits = [decode.hit(h) for h in payload["result"]["hits"]]
    query = str(p.positional)
    if "as_json" in p.flags:
        write_search_json(query, mode, hits, explain="explain" in p.flags)
    else:
        print_hits(out, query, hits, explain="explain" in p.flags)
    return 0


def _ask(daemon: Any, p: Parsed) -> int | None:
    from rich.markup import escape

    from notelens.cli import decode, warm
    from notelens.cli.consoles import err, out
    from notelens.cli.render import print_answer, write_answer_json

    as_json = "as_json" in p.flags
    body = {
        "question": p.positional,
        "k": int(p.values.get("k", "5")),
        "llm": p.values.get("llm"),
        "mode": p.values.get("mode", "hybrid"),
        "source": p.values.get("source"),
        "lang": p.values.get("lang"),
        "rerank": _rerank(p),
        "show_pii": "show_pii" in p.flags,
        "stream": not as_json,
    }
    streamed = False

    def event(ev: dict[str, Any]) -> None:
        nonlocal streamed
        if ev.get("event") == "token":
            streamed = True
            err.print(escape(str(ev["data"])), end="")

    last = warm.stream(daemon, "/ask", body, event)
    if last is None:
        return None
    answer = decode.answer(last["data"], note=str(last.get("note") or ""))
    if as_json:
        write_answer_json(answer)
        return 0
    if streamed:
        err.print()
    print_answer(out, answer, streamed=streamed)
    return 0


def _status(daemon: Any, as_json: bool) -> int | None:
    from notelens.cli import decode, warm
    from notelens.cli.consoles import out
    from notelens.cli.render import print_coverage, print_status, write_status_json

    payload = warm.request(daemon, "/status", {})
    if payload is None:
        return None
    st = decode.status(payload["result"])
    if as_json:
        write_status_json(st)
    else:
        print_status(out, st)
        if st.exists:
            print_coverage(out, payload.get("coverage"), files=False)
    return 4 if st.exists and not st.compatible else 0


def main() -> None:
    """The ``notelens`` console script: the warm path, else the full Typer app."""
    argv = sys.argv[1:]
    parsed = parse(argv)
    if parsed is not None and _valid(parsed):
        from rich.markup import escape

        from notelens.cli.consoles import INTERRUPTED, err, print_error
        from notelens.config import DaemonConfig
        from notelens.daemon.client import RemoteError
        from notelens.errors import ConfigError

        try:
            enabled = DaemonConfig.from_env().enabled
        except ConfigError:
            enabled = False  # the Typer path reports the bad setting
        if enabled:
            try:
                code = run(parsed)
            except RemoteError as exc:
                print_error(escape(exc.message))
                sys.exit(exc.exit_code)
            except KeyboardInterrupt:
                err.print(INTERRUPTED)
                sys.exit(130)
            if code is not None:
                sys.exit(code)
    from notelens.cli.app import main as typer_main

    typer_main()
