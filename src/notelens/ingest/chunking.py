"""Chunk a loaded document with the chunker that suits its format."""

from __future__ import annotations

from dataclasses import replace

from notelens.config import ChunkingConfig
from notelens.ingest.base import Chunker
from notelens.ingest.markdown import MarkdownChunker
from notelens.ingest.text import TextChunker
from notelens.types import Chunk, Document

__all__ = ["chunk_document", "chunker_for"]


def chunker_for(fmt: str, config: ChunkingConfig | None = None) -> Chunker:
    """Markdown and HTML (converted to markdown) get the structure-aware chunker; plain
    text and PDF pages get paragraph packing."""
    config = config or ChunkingConfig()
    if fmt in ("markdown", "html"):
        return MarkdownChunker(config)
    return TextChunker(config)


def chunk_document(doc: Document, config: ChunkingConfig | None = None) -> list[Chunk]:
    """The chunks of ``doc`` in document order, with ordinals 0..n-1."""
    chunks = chunker_for(doc.format, config).chunk(doc)
    return [c if c.ordinal == i else replace(c, ordinal=i) for i, c in enumerate(chunks)]
