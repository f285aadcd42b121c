"""Third-party warnings of one file, captured and attached to its report line.

pypdf and other parsers speak through ``logging`` ("EOF marker seems truncated",
"Exceeded 5000 form XObject invocations") and ``warnings.warn``. Printed bare, they
break the progress bar and name no file. While :func:`routed` is active (one index
run), a warning raised on a thread inside :func:`capture` (one file's read and parse)
goes to that file's list instead of the console -- each distinct message once -- and
the indexer puts the list on the file's :class:`~notelens.types.FileReport`
(``indexed (with warnings)``). Other threads' warnings, and notelens' own log records,
pass as before.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from collections.abc import Iterator
from typing import Any

_local = threading.local()
#: Longest message kept (a parser may log a whole object dump).
MAX_CHARS = 300


def _sink() -> list[str] | None:
    sink: list[str] | None = getattr(_local, "sink", None)
    return sink


def _keep(sink: list[str], message: str) -> None:
    text = " ".join(message.split())[:MAX_CHARS]
    if text and text not in sink:
        sink.append(text)


class _Catch(logging.Handler):
    """First root handler: takes a capturing thread's third-party WARNING+ records."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        sink = _sink()
        if sink is None or record.name.startswith("notelens"):
            return
        _keep(sink, record.getMessage())
        record.notelens_captured = True


def _not_captured(record: logging.LogRecord) -> bool:
    """The other handlers' filter: a captured record is not printed again."""
    return not getattr(record, "notelens_captured", False)


class _Runs:
    """How many index runs of this process route warnings now (two indexes indexed at
    once in one server): the first installs the routing and removes it when it ends;
    a run overlapping it shares it meanwhile (warnings after that print as before)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0


_RUNS = _Runs()


@contextlib.contextmanager
def routed() -> Iterator[None]:
    """Route captured warnings for the duration of an index run (re-entrant)."""
    with _RUNS.lock:
        _RUNS.depth += 1
        first = _RUNS.depth == 1
    if not first:
        try:
            yield
        finally:
            with _RUNS.lock:
                _RUNS.depth -= 1
        return
    root = logging.getLogger()
    catch = _Catch()
    others = list(root.handlers)
    root.handlers.insert(0, catch)
    for h in others:
        h.addFilter(_not_captured)
    shown = warnings.showwarning
    seen: set[str] = set()

    def show(message: Any, category: Any, filename: str, lineno: int, *a: Any, **k: Any) -> None:
        text = f"{category.__name__}: {message}"
        sink = _sink()
        if sink is not None:
            _keep(sink, text)
        elif text not in seen:  # elsewhere: each warning once per run
            seen.add(text)
            shown(message, category, filename, lineno, *a, **k)

    try:
        # Restores the filters and showwarning at the end of the run.
        with warnings.catch_warnings():
            # "always": the same parser warning must reach every file that raises it,
            # not only the first (Python's default: once per code location); `show`
            # prints the others' once.
            warnings.simplefilter("always")
            warnings.showwarning = show
            yield
    finally:
        with _RUNS.lock:
            _RUNS.depth -= 1
        with contextlib.suppress(ValueError):
            root.handlers.remove(catch)
        for h in others:
            h.removeFilter(_not_captured)


@contextlib.contextmanager
def capture() -> Iterator[list[str]]:
    """The warnings this thread raises inside the block, each once, in order."""
    sink: list[str] = []
    previous = _sink()
    _local.sink = sink
    try:
        yield sink
    finally:
        _local.sink = previous
