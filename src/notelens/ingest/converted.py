"""Chunking of converted files (Office, notebooks, e-books, HWPX).

Their loaders give markdown sections labelled with a part of the original (``slide 3``,
``sheet Budget``, ``cell 4``). The structure-aware :class:`MarkdownChunker` chunks them
(tables keep their header row in every piece), and each chunk's line range -- lines of
the *converted* text, meaningless in the original -- is replaced by ``Location.part``:

* slides, sheets and chapters are chunked one at a time, so a chunk never spans two
  (as PDF chunks never span two pages);
* notebook cells, HWPX sections and a .docx (one section) are chunked together, so small
  cells pack into one chunk: ``cells 3-5``;
* a table section adds its original rows: ``sheet Budget, rows 12-40``, ``rows 2-9``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notelens.config import ChunkingConfig
from notelens.ingest.markdown import MarkdownChunker
from notelens.types import Chunk, Document, Location, Section

__all__ = ["SPANNING_FORMATS", "PartChunker", "part_label"]

#: Formats whose parts (cells, sections) may share a chunk.
SPANNING_FORMATS = frozenset({"ipynb", "hwpx", "docx", "hwp"})
_UNIT = re.compile(r"^(\w+) (\d+)$")


def part_label(parts: list[str], rows: list[int]) -> str | None:
    """``cell 3`` + ``cell 5`` -> ``cells 3-5``; a table's rows appended as ``rows a-b``."""
    label: str | None = None
    if parts:
        first, last = _UNIT.match(parts[0]), _UNIT.match(parts[-1])
        if len(parts) == 1:
            label = parts[0]
        elif first and last and first.group(1) == last.group(1):
            label = f"{first.group(1)}s {first.group(2)}-{last.group(2)}"
        else:
            label = f"{parts[0]} – {parts[-1]}"
    if rows:
        lo, hi = min(rows), max(rows)
        span = f"row {lo}" if lo == hi else f"rows {lo}-{hi}"
        label = f"{label}, {span}" if label else span
    return label


class PartChunker:
    """The markdown chunker over labelled sections; locations become part labels."""

    def __init__(self, config: ChunkingConfig | None = None) -> None:
        self.config = config or ChunkingConfig()

    def chunk(self, doc: Document) -> list[Chunk]:
        groups = (
            [list(doc.sections)] if doc.format in SPANNING_FORMATS else [[s] for s in doc.sections]
        )
        chunks: list[Chunk] = []
        for group in groups:
            chunks.extend(self._chunk_group(doc, group))
        return [replace(c, ordinal=i) for i, c in enumerate(chunks)]

    def _chunk_group(self, doc: Document, group: list[Section]) -> list[Chunk]:
        texts: list[str] = []
        line_part: list[str | None] = []  # per line of the joined text (0-based)
        line_row: list[int] = []
        for section in group:
            if texts:
                texts.append("")
                line_part.append(None)
                line_row.append(0)
            lines = section.text.split("\n")
            texts.extend(lines)
            line_part.extend([section.part] * len(lines))
            rows = list(section.rows[: len(lines)])
            line_row.extend(rows + [0] * (len(lines) - len(rows)))
        joined = Document(
            source=doc.source,
            title=doc.title,
            format="markdown",
            sections=(Section(text="\n".join(texts)),),
        )
        out: list[Chunk] = []
        for c in MarkdownChunker(self.config).chunk(joined):
            start = (c.location.line_start or 1) - 1
            end = c.location.line_end or (start + 1)
            parts: list[str] = []
            for p in line_part[start:end]:
                if p is not None and (not parts or parts[-1] != p):
                    parts.append(p)
            rows = [r for r in line_row[start:end] if r > 0]
            out.append(replace(c, location=Location(part=part_label(parts, rows))))
        return out
