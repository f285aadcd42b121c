"""Chunking of plain text and PDF pages.

Paragraphs (blank-line separated) are packed up to ``target_chars``; a paragraph over
``max_chars`` is split at sentence boundaries with ``overlap_chars`` of whole-sentence
overlap. Plain-text chunks carry 1-based line ranges; PDF chunks carry their page only
(``Location.page``), and chunks never span two pages.
"""

from __future__ import annotations

from notelens.config import ChunkingConfig
from notelens.ingest.budget import checkpoint
from notelens.ingest.fragments import (
    CleanLine,
    Frag,
    Piece,
    Unit,
    build_chunks,
    glue_leads,
    merge_tiny,
    pack_units,
    split_text,
)
from notelens.ingest.inline import clean_plain
from notelens.types import Chunk, Document, Section

__all__ = ["TextChunker", "section_pieces"]


def _paragraphs(section: Section) -> list[Frag]:
    frags: list[Frag] = []
    cur: list[CleanLine] = []

    def close() -> None:
        if cur:
            frag = Frag.from_lines(cur, cur[0].no, cur[-1].no)
            if frag is not None:
                frags.append(frag)
            cur.clear()

    for k, raw in enumerate(section.text.split("\n")):
        text, links = clean_plain(raw)
        if not text.strip():
            close()
            continue
        cur.append(CleanLine(section.line_start + k, text, tuple(links)))
    close()
    return frags


class TextChunker:
    """Paragraph packing for plain text and PDF pages."""

    def __init__(self, config: ChunkingConfig | None = None) -> None:
        self.config = config or ChunkingConfig()

    def chunk(self, doc: Document) -> list[Chunk]:
        pieces: list[Piece] = []
        for section in doc.sections:
            pieces.extend(section_pieces(section, self.config))
        return build_chunks(doc, pieces, with_lines=doc.format != "pdf")


def section_pieces(section: Section, cfg: ChunkingConfig, heading: str = "") -> list[Piece]:
    """One section's paragraphs packed into pieces (under ``heading``)."""
    checkpoint()  # the per-file parse budget (ingest.budget)
    units: list[Unit] = []
    for frag in _paragraphs(section):
        if frag.size <= cfg.max_chars:
            units.append(Unit(frag, "text"))
        else:
            units.extend(split_text(frag, cfg))
    packs = merge_tiny(pack_units(glue_leads(units, cfg), cfg), cfg)
    return [Piece(heading, p.frag, p.kind, section.page) for p in packs]
