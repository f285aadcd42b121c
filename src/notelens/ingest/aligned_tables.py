"""Space-aligned tables of plain-text notes, read as the pipe tables they stand for.

Experiment logs, terminal output pasted into a note and ``column -t`` dumps write a table
as aligned columns under a dashed rule::

    run   method   rank  lr      target         LogicKor  train_hrs
    ----  -------  ----  ------  -------------  --------  ---------
    s01   full     -     1e-5    all            6.41      31.5
    s04   LoRA     16    2e-4    q,k,v,o        6.09      4.9

As plain text the chunker packs those lines as prose (their spacing collapsed, the header
cut from its rows), so "s04의 train_hrs는?" finds no row. :func:`pipe_tables` rewrites each
such block as a markdown pipe table, one line for one line (line numbers and citations
stay right), and the file then takes the markdown chunker's table path: rows kept with
their header, split tables repeating it, each row an answer unit with its cells.

A block is a header line, a rule of two or more dash groups, and the rows under it up to
a blank line. The rule's dash groups give the columns: a row is cut at each group's start,
where its text must begin a word; a row that doesn't fit (a wrapped line, a note in
parentheses) ends the table.
"""

from __future__ import annotations

import re

__all__ = ["has_aligned_table", "pipe_tables"]

# Two or more dash groups, at least two dashes each, separated by spaces.
_RULE_RE = re.compile(r"^\s*-{2,}(?:[ \t]+-{2,})+\s*$")


def _columns(rule: str) -> list[int]:
    return [m.start() for m in re.finditer(r"-{2,}", rule)]


def _cells(line: str, starts: list[int]) -> list[str] | None:
    """``line`` cut at the column ``starts``, or ``None`` when a cut falls inside a word
    (the line is no row of this table)."""
    if len(line.rstrip()) <= starts[-1] and len(line.split()) != len(starts):
        return None
    cells: list[str] = []
    for k, start in enumerate(starts):
        if start > 0 and start < len(line) and line[start - 1] not in " \t":
            return None
        end = starts[k + 1] if k + 1 < len(starts) else len(line)
        cells.append(line[start:end].strip())
    if not cells[0]:
        return None
    return cells


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/") or " " for c in cells) + " |"


def has_aligned_table(text: str) -> bool:
    """Whether ``text`` holds a space-aligned table under a dashed rule."""
    return pipe_tables(text) != text


def pipe_tables(text: str) -> str:
    """``text`` with every space-aligned table rewritten as a pipe table (same lines)."""
    lines = text.split("\n")
    out = list(lines)
    i = 1
    while i < len(lines):
        if not _RULE_RE.match(lines[i]) or not lines[i - 1].strip():
            i += 1
            continue
        starts = _columns(lines[i].expandtabs())
        header = _cells(lines[i - 1].expandtabs(), starts)
        rows: list[list[str]] = []
        j = i + 1
        while j < len(lines) and lines[j].strip():
            cells = _cells(lines[j].expandtabs(), starts)
            if cells is None:
                break
            rows.append(cells)
            j += 1
        if header is None or not rows:
            i += 1
            continue
        out[i - 1] = _pipe(header)
        out[i] = "|" + "|".join("---" for _ in starts) + "|"
        for k, cells in enumerate(rows):
            out[i + 1 + k] = _pipe(cells)
        i = j
    return "\n".join(out)
