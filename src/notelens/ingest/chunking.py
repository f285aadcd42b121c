"""Chunk a loaded document with the chunker its format's row in the format table names."""

from __future__ import annotations

from dataclasses import replace

from notelens.config import ChunkingConfig
from notelens.ingest.registry import chunker_for
from notelens.types import Chunk, Document

__all__ = ["chunk_document", "chunker_for"]


def chunk_document(doc: Document, config: ChunkingConfig | None = None) -> list[Chunk]:
    """The chunks of ``doc`` in document order, with ordinals 0..n-1."""
    chunks = chunker_for(doc.format, config).chunk(doc)
    return [c if c.ordinal == i else replace(c, ordinal=i) for i, c in enumerate(chunks)]
