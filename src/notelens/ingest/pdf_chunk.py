"""Chunking of PDF pages read like papers: paragraph packing (as for plain text) within
the sections the PDF loader marked (``# 3 Method`` / ``## 3.2 Training data`` lines, see
:mod:`notelens.ingest.pdf_layout`). The heading path carries across pages; chunks never
span two pages or two sections and carry their page only.

The paper's title heads every heading path (``BERT: Pre-training ... > 3 BERT``), as a
note's ``# Title`` does in markdown: the indexer embeds and BM25-indexes a chunk under
its heading path, and a passage from section 3 of a paper should still say which paper
it is from."""

from __future__ import annotations

import re

from notelens.config import ChunkingConfig
from notelens.ingest.fragments import Piece, build_chunks
from notelens.ingest.text import section_pieces
from notelens.types import Chunk, Document, Section

__all__ = ["PdfChunker"]

_MARK = re.compile(r"^(#{1,2}) (.+)$")


class PdfChunker:
    """Paragraph packing per page and section, with the section heading path."""

    def __init__(self, config: ChunkingConfig | None = None) -> None:
        self.config = config or ChunkingConfig()

    def chunk(self, doc: Document) -> list[Chunk]:
        root = [doc.title] if doc.title else []
        stack: list[str] = []
        pieces: list[Piece] = []
        for section in doc.sections:
            block: list[str] = []
            heading = " > ".join(root + stack)

            def flush(heading: str, block: list[str], page: int | None) -> None:
                if any(line.strip() for line in block):
                    text = "\n".join(block)
                    sub = Section(text=text, page=page)
                    pieces.extend(section_pieces(sub, self.config, heading))
                block.clear()

            for line in section.text.split("\n"):
                m = _MARK.match(line)
                if m is None:
                    block.append(line[1:] if line.startswith("\\#") else line)
                    continue
                flush(heading, block, section.page)
                level = len(m.group(1))
                del stack[level - 1 :]
                stack.append(m.group(2).strip())
                heading = " > ".join(root + stack)
            flush(heading, block, section.page)
        return build_chunks(doc, pieces, with_lines=False)
