"""Ditto cells of a pipe table: "the same as the cell above" (〃, 상동, ditto).

A syllabus writes ``〃`` under a topic that runs two weeks. Read within one chunk, the
mark is the row above's value (``answer/units.py`` resolves it there). A long table is
split into pieces that repeat the header but not the row above, so a piece that opens
with ``16 주차 | 7/5 | 〃 | …`` had lost its topic: :func:`resolve_opening_dittos` writes
the value into that one row's text at chunking time. Only the first row of a piece is
rewritten (the rows under it still read their mark against it, as written), so a
citation quotes the note's own text wherever the note itself says what the mark means.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

#: A cell that says "the same as the cell above" (〃, ″, 상동, ditto).
DITTO_MARKS = frozenset({"〃", "″", '"', "''", "同上", "상동", "위와 같음", "ditto", "Ditto"})

# A cell's text between two pipes, without its padding.
_CELL_RE = re.compile(r"[^|]+")


def cell_spans(line: str, width: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of a table line's cells (padding stripped; an empty
    cell is ``(at, at)``): an outer pipe is no cell, unless the line has a blank first
    cell under ``width`` columns. ``answer/units.py`` reads a row's cells through it."""
    bounds = [-1, *(i for i, ch in enumerate(line) if ch == "|"), len(line)]
    spans = []
    for a, b in itertools.pairwise(bounds):
        seg = line[a + 1 : b]
        lead = len(seg) - len(seg.lstrip())
        spans.append((a + 1 + lead, a + 1 + lead + len(seg.strip())))
    s = line.strip()
    if s.endswith("|") and len(spans) > 1:
        spans = spans[:-1]
    if s.startswith("|") and len(spans) - 1 >= width:
        spans = spans[1:]
    return spans


def resolve(cells: Sequence[str], above: Sequence[str]) -> list[str]:
    """``cells`` with each ditto mark replaced by the value above it; a mark with no
    value above stays as written."""
    return [
        above[k] if c in DITTO_MARKS and k < len(above) and above[k] else c
        for k, c in enumerate(cells)
    ]


def resolved_rows(rows: Sequence[str], width: int) -> list[list[str]]:
    """Every row's cells with their ditto marks resolved down the table (a mark under a
    mark takes the value the first one stood for)."""
    out: list[list[str]] = []
    above: list[str] = []
    for line in rows:
        cells = resolve([line[a:b] for a, b in cell_spans(line, width)], above)
        out.append(cells)
        above = cells
    return out


def rewrite_row(line: str, width: int, above: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """``line`` with its ditto cells written out from ``above`` (the row above's
    resolved cells), and the ``(offset, shift)`` edits made, ascending, for whoever
    keeps offsets into the line (its links)."""
    edits: list[tuple[int, int]] = []
    out = line
    # Right to left, so the earlier spans stay valid.
    for k, (a, b) in reversed(list(enumerate(cell_spans(line, width)))):
        value = line[a:b]
        if value in DITTO_MARKS and k < len(above) and above[k]:
            out = out[:a] + above[k] + out[b:]
            edits.append((a, len(above[k]) - (b - a)))
    edits.reverse()
    return out, edits
