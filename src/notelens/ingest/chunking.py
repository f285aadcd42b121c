"""Chunk a loaded document with the chunker its format's row in the format table names."""

from __future__ import annotations

from dataclasses import replace

from notelens.config import ChunkingConfig
from notelens.ingest.registry import chunker_for
from notelens.types import Chunk, Document

__all__ = ["CHUNKER_VERSION", "chunk_document", "chunker_for"]

#: Bump when loaders or chunkers change what chunks a file yields (text, boundaries,
#: heading paths, line ranges): it is part of the index's table name, so an index built
#: before is rebuilt once by the next `notelens index` (vectors of unchanged text reused).
#: 2: `<details>`/`<summary>` scope heading paths in long archives; hidden HTML dropped;
#: HTML tables emit their own rows only.
#: 3: PDFs read like papers (headings, no running lines, hyphenation); converted formats
#: (Office, notebooks, e-books) with ``Location.part``, a new store column.
#: 4: Obsidian front matter / #tags stored per chunk (``Chunk.note``); wiki-links as
#: their readable text with a ``wiki:`` link.
#: 5: Obsidian front matter is a chunk of its own (aliases, date searchable and cited);
#: callout titles go to the heading path, their markers out of the text; embeds leave
#: no text; inline code keeps an HTML tag (`` `<details>` ``) as text.
#: 6: a markdown note without an H1 is titled by its opening title line, as plain text
#: always was (the title is a heading-less chunk's context in what is embedded).
#: 7: a split table's piece that opens with a ditto mark (〃) writes out the value above
#: (the piece repeats the header, not the row above: ingest/ditto.py).
#: 8: a plain-text note's space-aligned table under a dashed rule is read as a pipe table
#: (ingest/aligned_tables.py): its rows keep their header.
CHUNKER_VERSION = 8


def chunk_document(doc: Document, config: ChunkingConfig | None = None) -> list[Chunk]:
    """The chunks of ``doc`` in document order, with ordinals 0..n-1."""
    chunks = chunker_for(doc.format, config).chunk(doc)
    return [
        c if c.ordinal == i and c.note == doc.note else replace(c, ordinal=i, note=doc.note)
        for i, c in enumerate(chunks)
    ]
