"""A time and size budget for parsing one file, the same for every format.

A hostile or broken file must cost one file, never the run. Two limits apply to the
whole of *load + chunk* of a file:

* **time** (``ingest.max_parse_seconds``): a cooperative deadline. Every loop of the
  parsers that grows with the input calls :func:`checkpoint` (the HTML converter every
  256 nodes, the PDF loader per page, the markdown parser per block, the text chunker
  per section); past the deadline it raises, the file is reported failed and the run
  goes on. The parts that do not check (lexbor's C parser, a regex) are linear and
  bounded by the file size limit and HTML's nesting limit.
* **size**: the document's text may not be more than :data:`MAX_TEXT_RATIO` times the
  file's bytes (plus a floor of :data:`MIN_TEXT_CHARS`), and the chunks' text not more
  than :data:`MAX_CHUNK_RATIO` times the document's. Every loader is linear, so these
  only fire on a parser bug -- and then a blow-up is a failed file, not a full disk.

A worker thread per file was measured first (``benchmarks/parse_budget.py``,
docs/benchmarks.md): on the loaded 2-core machine each hand-off cost a scheduler wake-up,
~24 ms a file against ~2 ms of parsing; the cooperative deadline costs one
context-variable read per check.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass
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
    "contained",
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


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the parse of the current file must stop (``time.monotonic()``)."""

    at: float

    def expired(self) -> bool:
        return time.monotonic() > self.at


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
    """``fn()`` with a deadline ``seconds`` from now; raises :class:`IngestError` (the
    file fails, the run goes on) when a parser's :func:`checkpoint` finds it passed, or
    when ``fn`` returns after it. ``seconds <= 0``: no limit."""
    if seconds <= 0:
        return fn()
    deadline = Deadline(time.monotonic() + seconds)
    token = _CURRENT.set(deadline)
    try:
        result = fn()
    except BudgetExceeded:
        late = True
    else:
        late = time.monotonic() > deadline.at
    finally:
        _CURRENT.reset(token)
    if late:
        raise IngestError(
            f"parsing took longer than {seconds:g} s (ingest.max_parse_seconds); file skipped",
            path=str(path),
        )
    return result


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

    return contained(lambda: run_with_budget(work, max_seconds, path), path)


def contained(fn: Callable[[], T], path: Path | str) -> T:
    """``fn()``, with any exception a parser may raise on a hostile file (a bug in a
    third-party parser included) turned into :class:`IngestError`: it costs one file,
    never the run. ``KeyboardInterrupt`` and ``SystemExit`` pass."""
    try:
        return fn()
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(
            f"could not parse: {type(exc).__name__}: {exc}"[:300], path=str(path)
        ) from exc
