"""notelens.ingest stage: find files, load them into documents, chunk them.

Light to import: pypdf and selectolax are imported only when a PDF / HTML file is
loaded.

* :func:`discover` walks paths into :class:`Candidate` files and :class:`Problem` paths;
* :func:`load_file` reads one file (size check, format detection by content, loading);
* :func:`chunk_document` splits a :class:`~notelens.types.Document` into chunks.
"""

from __future__ import annotations

from pathlib import Path

from notelens.analysis.sentences import split_sentences
from notelens.config import IngestConfig
from notelens.errors import IngestError
from notelens.ingest.budget import check_size, contained, run_with_budget
from notelens.ingest.chunking import chunk_document, chunker_for
from notelens.ingest.markdown import MarkdownChunker
from notelens.ingest.registry import detect_format, loader_for
from notelens.ingest.text import TextChunker
from notelens.ingest.walker import Candidate, Problem, discover, read_regular
from notelens.types import Document

__all__ = [
    "Candidate",
    "MarkdownChunker",
    "Problem",
    "TextChunker",
    "chunk_document",
    "chunker_for",
    "detect_format",
    "discover",
    "load_file",
    "loader_for",
    "split_sentences",
]


def load_file(path: Path, config: IngestConfig | None = None) -> Document:
    """Read and load one file; raises :class:`IngestError` (with the path) when it is too
    large, not a regular file (FIFO, device), unreadable, empty, binary, undecodable, a
    PDF without usable text, or past its parse budget (``ingest.max_parse_seconds``)."""
    config = config or IngestConfig()
    path = Path(path)
    try:
        _, data = read_regular(path, config.max_file_bytes)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise IngestError(f"cannot read file: {reason}", path=str(path)) from exc

    def work() -> Document:
        doc = loader_for(path, data).load(path, data)
        check_size(path, len(data), sum(len(s.text) for s in doc.sections), 0)
        return doc

    return contained(lambda: run_with_budget(work, config.max_parse_seconds, path), path)
