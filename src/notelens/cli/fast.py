"""The warm CLI's entry: ``search``/``ask``/``status`` straight to the index's daemon,
without Typer, Rich or notelens' dataclasses.

A warm command has a ~60 ms budget, ~10 ms of it the interpreter's start. So
:func:`main` first tries these three commands with a small parser of exactly their
documented options, and sends the parsed command to the running daemon, which renders
the output for this terminal with the same functions as in-process and streams it back
(:mod:`notelens.daemon.wire`, :mod:`notelens.cli.remote`): this process imports only
``sys``, ``os``, ``socket``, ``json`` and three small notelens modules. When no daemon
runs, it starts one (:mod:`notelens.cli.warm`); anything else -- another command,
``--help``, a root option, a value the Typer command would reject, no usable daemon --
goes to the Typer app, which prints the usual help and errors (and runs in-process when
the daemon is unavailable). The option table is pinned to the Typer definitions by
tests/unit/test_cli_fast.py.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
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


class Parsed:
    """A plain search/ask/status call: option values by parameter name, the flags set,
    the query or question. (A plain class: ``dataclasses`` costs ~10 ms to import.)"""

    __slots__ = ("command", "flags", "positional", "values")

    def __init__(
        self, command: str, values: dict[str, str], flags: frozenset[str], positional: str | None
    ) -> None:
        self.command = command
        self.values = values
        self.flags = flags
        self.positional = positional

    def to_wire(self) -> dict[str, Any]:
        """As JSON for the daemon (:meth:`from_wire` reads it back)."""
        return {
            "command": self.command,
            "values": self.values,
            "flags": sorted(self.flags),
            "positional": self.positional,
        }

    @classmethod
    def from_wire(cls, raw: Mapping[str, Any]) -> Parsed | None:
        """A command a client sent; None when it is not one :func:`parse` makes."""
        command, values = raw.get("command"), raw.get("values")
        flags, positional = raw.get("flags"), raw.get("positional")
        if (
            command not in POSITIONAL
            or not isinstance(values, dict)
            or not set(values) <= set(VALUE_OPTIONS[command].values())
            or not all(isinstance(v, str) for v in values.values())
            or not isinstance(flags, list)
            or not set(flags) <= set(FLAG_OPTIONS[command].values())
            or (positional is None) != (POSITIONAL[command] is None)
            or not (positional is None or isinstance(positional, str))
        ):
            return None
        return cls(command, dict(values), frozenset(flags), positional)


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


def valid(p: Parsed) -> bool:
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


def rerank_of(p: Parsed) -> str | None:
    return "none" if "no_rerank" in p.flags else p.values.get("rerank")


def main() -> None:
    """The ``notelens`` console script: the warm path, else the full Typer app."""
    parsed = parse(sys.argv[1:])
    if parsed is not None:
        from notelens.environ import daemon_wanted

        if daemon_wanted():
            code = _warm(parsed)
            if code is not None:
                sys.exit(code)
    from notelens.cli.app import main as typer_main

    typer_main()


def _warm(p: Parsed) -> int | None:
    """Run ``p`` through the index's daemon; its exit code, or None (the Typer path)."""
    from notelens.daemon import wire

    try:
        index_dir = wire.index_path(p.values.get("index"))
        outcome = wire.run_cli(index_dir, p.to_wire())
        if isinstance(outcome, str) and not outcome.startswith(wire.SKIP):
            outcome = _start_and_run(p, index_dir)
    except wire.StoppedMidway as exc:
        from rich.markup import escape

        from notelens.cli.consoles import print_error

        print_error(escape(f"the daemon stopped mid-answer ({exc}); ask again"))
        return 1
    except KeyboardInterrupt:
        from notelens.cli.consoles import INTERRUPTED, err

        err.print(INTERRUPTED)
        return 130
    return outcome if isinstance(outcome, int) else None


def _start_and_run(p: Parsed, index_dir: str) -> int | str:
    """No daemon answered as this index's: start or replace it (notelens.cli.warm) and
    send ``p`` again. A reason when there is none to use: then this process and the
    Typer path it falls to run in-process (they do not try again)."""
    from pathlib import Path

    from notelens.cli import warm
    from notelens.config import opt_out_of_daemon
    from notelens.daemon import wire
    from notelens.errors import ConfigError

    try:
        daemon = warm.daemon_for(Path(index_dir))
    except ConfigError as exc:
        return f"{wire.SKIP} {exc}"  # the Typer path reports the bad setting
    if daemon is None:
        opt_out_of_daemon()
        return "no usable daemon"
    return wire.run_cli(index_dir, p.to_wire(), daemon.socket)
