"""Seams of the ingest stage."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from notelens.types import Chunk, Document


@runtime_checkable
class Loader(Protocol):
    """Reads one file into a :class:`Document`.

    Raises :class:`notelens.errors.IngestError` (with the path) for files it cannot
    read: binary content, corrupt or encrypted PDFs, undecodable text. Never returns
    a partial document silently.
    """

    format: str

    def load(self, path: Path, data: bytes) -> Document: ...


@runtime_checkable
class Chunker(Protocol):
    """Splits a :class:`Document` into ordered :class:`Chunk` objects.

    Contract: chunks are non-empty, ``ordinal`` counts from 0 in document order, and
    every chunk's ``location`` points into the source (lines for text, page for PDF).
    """

    def chunk(self, doc: Document) -> list[Chunk]: ...
