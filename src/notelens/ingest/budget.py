"""A time and size budget for parsing one file, the same for every format.

A hostile or broken file must cost one file, never the run. Two limits apply to the
whole of *load + chunk* of a file:

* **time** (``ingest.max_parse_seconds``): the work runs on a worker thread and the
  caller waits at most that long; then the file is reported failed and the run goes
  on. Python cannot kill a thread, so the parsers also check the :class:`Deadline`
  cooperatively (:func:`checkpoint`, called by the HTML converter every few hundred
  nodes and by the PDF loader per page) and stop themselves soon after.
* **size**: the document's text may not be more than :data:`MAX_TEXT_RATIO` times the
  file's bytes (plus a floor of :data:`MIN_TEXT_CHARS`), and the chunks' text not more
  than :data:`MAX_CHUNK_RATIO` times the document's. Every loader is linear, so these
  only fire on a parser bug -- and then a blow-up is a failed file, not a full disk.

The cost, measured by ``benchmarks/parse_budget.py`` (docs/benchmarks.md): one thread
start and join per file.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from notelens.config import ChunkingConfig
from notelens.errors import IngestError
from notelens.types import Chunk, Document

__all__ = [
    "MAX_CHUNK_RATIO",
    "MAX_TEXT_RATIO",
    "MIN_TEXT_CHARS",
    "Deadline",
    "check_size",
    "checkpoint",
    "parse_file",
    "run_with_budget",
]

T = TypeVar("T")

#: Text out per byte in: markdown/text/HTML give at most ~1, a PDF's compressed streams
#: a few; 16 leaves room for any real file.
MAX_TEXT_RATIO = 16
MIN_TEXT_CHARS = 1 << 20
#: Chunk text per character of document text: overlaps and heading paths stay well
#: under 3x on real notes.
MAX_CHUNK_RATIO = 6


@dataclass(slots=True)
class Deadline:
    """When the parse of the current file must stop, and whether it was given up."""

    at: float
    cancelled: threading.Event = field(default_factory=threading.Event)

    def expired(self) -> bool:
        return self.cancelled.is_set() or time.monotonic() > self.at


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "notelens_parse_deadline", default=None
)


class BudgetExceeded(IngestError):
    """The parse of one file ran past its time budget (raised inside the parser)."""


def checkpoint() -> None:
    """Raise :class:`BudgetExceeded` when the current file's deadline has passed; free
    (one context-variable read) when no budget is set."""
    deadline = _CURRENT.get()
    if deadline is not None and deadline.expired():
        raise BudgetExceeded("parsing stopped at its time budget")


def run_with_budget(fn: Callable[[], T], seconds: float, path: Path | str) -> T:
    """``fn()`` on a worker thread, waited for at most ``seconds``; raises
    :class:`IngestError` (the file fails, the run goes on) when it takes longer.
    ``seconds <= 0`` runs ``fn`` inline without a limit."""
    if seconds <= 0:
        return fn()
    deadline = Deadline(time.monotonic() + seconds)
    box: list[T] = []
    err: list[BaseException] = []

    def work() -> None:
        _CURRENT.set(deadline)
        try:
            box.append(fn())
        except BaseException as exc:  # handed to the caller's thread
            err.append(exc)

    worker = threading.Thread(target=work, name="notelens-parse", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        deadline.cancelled.set()  # the parser's next checkpoint() stops it
        raise IngestError(
            f"parsing took longer than {seconds:g} s (ingest.max_parse_seconds); file skipped",
            path=str(path),
        )
    if err:
        raise err[0]
    return box[0]


def check_size(path: Path | str, data_len: int, text_chars: int, chunk_chars: int) -> None:
    """Raise :class:`IngestError` when a file's text or chunks outgrow the budget."""
    if text_chars > MIN_TEXT_CHARS + MAX_TEXT_RATIO * data_len:
        raise IngestError(
            f"the parsed text ({text_chars:,} characters) is out of proportion to the "
            f"file ({data_len:,} bytes); file skipped",
            path=str(path),
        )
    if chunk_chars > MIN_TEXT_CHARS + MAX_CHUNK_RATIO * max(text_chars, 1):
        raise IngestError(
            f"chunking produced {chunk_chars:,} characters from {text_chars:,}; file skipped",
            path=str(path),
        )


def parse_file(
    path: Path, data: bytes, chunking: ChunkingConfig, max_seconds: float
) -> tuple[Document, list[Chunk]]:
    """Load and chunk one file within its budget (what the indexer does per file)."""
    from notelens.ingest.chunking import chunk_document
    from notelens.ingest.registry import loader_for

    def work() -> tuple[Document, list[Chunk]]:
        doc = loader_for(path, data).load(path, data)
        text_chars = sum(len(s.text) for s in doc.sections)
        check_size(path, len(data), text_chars, 0)
        chunks = chunk_document(doc, chunking)
        check_size(path, len(data), text_chars, sum(len(c.text) for c in chunks))
        return doc, chunks

    return run_with_budget(work, max_seconds, path)
