"""Structure-aware chunking of markdown notes.

A careful line-based block parser (not a full CommonMark implementation) that keeps
original line numbers. It recognises ATX and setext headings, fenced code, pipe tables
(any separator row made of ``-``/``:`` cells, e.g. ``-- | --``), lists, ``<details>``
blocks, block quotes, HTML comments and paragraphs.

Rules (see also :mod:`notelens.ingest.fragments`):

* every chunk carries its heading path (``H1 > H2 > H3``, cleaned) and the 1-based
  inclusive range of original lines its text came from (tag-only lines such as
  ``</details>`` are covered when they close the block);
* a top-level list item with everything under it (nested items, indented text, a
  ``<details>`` block right under it) is one *entry*: whole when it fits ``max_chars``,
  packed with its neighbours up to ``target_chars``, else split at nested blocks (then
  sentences), each piece repeating the entry's first line when that line is short;
* a top-level ``<details>`` block is its own unit (split the same way, repeating the
  ``<summary>``); tags are removed from the text, their content kept;
* a top-level ``<details>`` block scopes the heading path (long yearly archives): its
  ``<summary>`` (a week) ends the path of its chunks; one that holds headings (a past
  year wrapped whole) is chunked as sections of its own, its headings nested under its
  summary, and both leave the path where the block ends; tiny sections are not merged
  across such a block, so no chunk's line range reaches back into or out of it;
* tables are split by rows, every piece repeating the header and separator rows;
* prose is split at sentence boundaries with ``overlap_chars`` of whole-sentence
  overlap between consecutive pieces of one section;
* fenced code is kept whole when it fits, else split by lines (fences not in the text);
* tiny fragments are merged into a neighbour; a heading-only section over deeper
  sections is dropped (its heading lives on in their paths); a tiny section is merged
  into the previous chunk with its heading as a line of text, and so is an empty one
  (a heading with no body and no sections below it: its heading is all its text).

``Chunk.kind`` is ``text``, ``list_entry``, ``table``, ``details``, ``code``, or
``section`` when a chunk packs units of different kinds. Chunk text does not include
the heading path (the indexer indexes heading and text together).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from notelens.analysis.sentences import hard_split_spans
from notelens.config import ChunkingConfig
from notelens.ingest import ditto
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
from notelens.ingest.inline import clean_heading, clean_inline, clean_plain
from notelens.ingest.md_syntax import (
    ATX,
    CLOSING_HASHES,
    HR,
    LIST,
    QUOTE,
    SETEXT_DASH,
    SETEXT_EQ,
    closes_fence,
    fence_open,
)
from notelens.types import Chunk, Document, Link

__all__ = ["Heading", "MarkdownChunker", "outline"]

RawLine = tuple[int, str]

_QUOTE_MARKS = re.compile(r"^(?:>[ \t]?)+")
#: An Obsidian callout's first line: ``> [!type]`` (``+``/``-`` folds it), then its title.
_CALLOUT = re.compile(r"^ {0,3}>[ \t]*\[!([\w-]+)\][+-]?(?:[ \t]+(.*?))?[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
_DETAILS_TOKEN = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_SUMMARY_OPEN = re.compile(r"<summary\b", re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
_SUMMARY_TEXT = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TABLE_CELL = re.compile(r"\s*:?-+:?\s*")
_EMPTY_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
#: Heading texts longer than this are cut (they go into every chunk's heading path).
_MAX_HEADING = 200
#: A line followed by ``---``/``===`` is a setext heading only when it is this short
#: (a long line over ``---`` is a paragraph followed by a rule).
_MAX_SETEXT = 120
#: Oversized entries are split structurally this many levels deep, then by lines.
_MAX_NESTING = 6
#: Nested content is narrowed to fit beside a repeated head only when this much room is left.
_MIN_ROOM = 100


def _narrow(cfg: ChunkingConfig, limit: int) -> ChunkingConfig:
    return replace(
        cfg,
        max_chars=limit,
        target_chars=min(cfg.target_chars, limit),
        overlap_chars=min(cfg.overlap_chars, limit // 4),
    )


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" \t"))


def _expand_lead(line: str) -> str:
    lead = len(line) - len(line.lstrip(" \t"))
    if "\t" in line[:lead]:
        return line[:lead].expandtabs(4) + line[lead:]
    return line


def _dedent(lines: Sequence[RawLine]) -> list[RawLine]:
    d = min((_indent(s) for _, s in lines if s.strip()), default=0)
    out: list[RawLine] = []
    for no, s in lines:
        spaces = len(s) - len(s.lstrip(" "))
        out.append((no, s[min(d, spaces) :]))
    return out


def _is_table_sep(s: str) -> bool:
    st = s.strip()
    if "|" not in st or "-" not in st:
        return False
    cells = st.strip("|").split("|")
    return all(_TABLE_CELL.fullmatch(c) for c in cells)


def _heading_text(raw: str) -> str:
    text = clean_heading(CLOSING_HASHES.sub("", raw.strip()))
    return text if len(text) <= _MAX_HEADING else text[: _MAX_HEADING - 1].rstrip() + "…"


def _level(rel: int) -> int:
    return 0 if rel < 2 else max(1, (rel + 2) // 4)


def _trim_blank(lines: list[RawLine]) -> list[RawLine]:
    n = len(lines)
    while n and not lines[n - 1][1].strip():
        n -= 1
    return lines if n == len(lines) else lines[:n]


def _details_parts(lines: Sequence[RawLine]) -> tuple[list[RawLine], list[RawLine]]:
    """A ``<details>`` block's head (the opening tag and its ``<summary>``, when the
    summary follows) and its body."""
    k = 1
    if not _SUMMARY_CLOSE.search(lines[0][1]):
        m = 0 if _SUMMARY_OPEN.search(lines[0][1]) else 1  # a summary may span lines
        while 0 < m < len(lines) and not lines[m][1].strip():
            m += 1
        if m < len(lines) and _SUMMARY_OPEN.search(lines[m][1]):
            k = m
            while k < len(lines) - 1 and not _SUMMARY_CLOSE.search(lines[k][1]):
                k += 1
            k += 1
    return list(lines[:k]), list(lines[k:])


@dataclass(slots=True)
class _Block:
    kind: str  # heading, paragraph, quote, list, table, code, details
    lines: list[RawLine]
    level: int = 0
    text: str = ""
    entries: list[list[RawLine]] = field(default_factory=list)
    base: int = 0

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        trimmed = _trim_blank(self.lines)
        return (trimmed or self.lines)[-1][0]


class _Parser:
    """Splits lines into blocks. Nested content is parsed again (dedented) on demand."""

    def __init__(self, lines: list[RawLine]) -> None:
        self.lines = lines
        self.n = len(lines)
        self.details_close = self._match_details()

    def _match_details(self) -> dict[int, int]:
        stack: list[int] = []
        match: dict[int, int] = {}
        fence: re.Match[str] | None = None
        for idx, (_, s) in enumerate(self.lines):
            if fence is not None:
                if closes_fence(s, fence):
                    fence = None
                continue
            fm = fence_open(s)
            if fm is not None:
                fence = fm
                continue
            if "<" not in s:
                continue
            # `<details>` in a code span is text, not a block to match
            for m in _DETAILS_TOKEN.finditer(_CODE_SPAN.sub("", s) if "`" in s else s):
                if m.group(1):
                    if stack:
                        match[stack.pop()] = idx
                else:
                    stack.append(idx)
        return match

    def has_heading(self, i: int, j: int) -> bool:
        """Whether lines ``i+1 .. j-1`` hold an ATX heading (outside fenced code)."""
        fence: re.Match[str] | None = None
        for _, s in self.lines[i + 1 : j]:
            if fence is not None:
                if closes_fence(s, fence):
                    fence = None
                continue
            fence = fence_open(s)
            if fence is None and ATX.match(s):
                return True
        return False

    # -- block starts -------------------------------------------------------------
    def _details_at(self, i: int) -> int | None:
        if self.lines[i][1].lstrip()[:8].lower() != "<details":
            return None
        return self.details_close.get(i)

    def _table_at(self, i: int) -> bool:
        return "|" in self.lines[i][1] and i + 1 < self.n and _is_table_sep(self.lines[i + 1][1])

    def _starts_block(self, i: int) -> bool:
        s = self.lines[i][1]
        if fence_open(s) or ATX.match(s) or HR.match(s) or LIST.match(s) or QUOTE.match(s):
            return True
        if s.lstrip().startswith("<!--"):
            return True
        return self._details_at(i) is not None or self._table_at(i)

    def _fence_close(self, i: int, fm: re.Match[str]) -> int:
        for j in range(i + 1, self.n):
            if closes_fence(self.lines[j][1], fm):
                return j
        return self.n - 1

    # -- parsing ------------------------------------------------------------------
    def parse(self) -> list[_Block]:
        blocks: list[_Block] = []
        lines = self.lines
        i = 0
        while i < self.n:
            checkpoint()  # the per-file parse budget (ingest.budget)
            s = lines[i][1]
            if not s.strip():
                i += 1
                continue
            fm = fence_open(s)
            if fm is not None:
                close = self._fence_close(i, fm)
                blocks.append(_Block("code", lines[i : close + 1], text=fm.group(1)))
                i = close + 1
                continue
            hm = ATX.match(s)
            if hm is not None:
                text = _heading_text(hm.group(2) or "")
                blocks.append(_Block("heading", [lines[i]], level=len(hm.group(1)), text=text))
                i += 1
                continue
            if HR.match(s):
                i += 1
                continue
            if s.lstrip().startswith("<!--"):
                i = self._comment_end(i) + 1
                continue
            close_d = self._details_at(i)
            if close_d is not None:
                blocks.append(_Block("details", lines[i : close_d + 1]))
                i = close_d + 1
                continue
            if LIST.match(s):
                i = self._list(i, blocks)
                continue
            if QUOTE.match(s):
                j = i + 1
                while j < self.n and lines[j][1].strip():
                    if not QUOTE.match(lines[j][1]) and self._starts_block(j):
                        break
                    j += 1
                blocks.append(_Block("quote", lines[i:j]))
                i = j
                continue
            if self._table_at(i):
                j = i + 2
                while j < self.n and lines[j][1].strip() and "|" in lines[j][1]:
                    j += 1
                blocks.append(_Block("table", lines[i:j]))
                i = j
                continue
            i = self._paragraph(i, blocks)
        return blocks

    def _comment_end(self, i: int) -> int:
        first = self.lines[i][1]
        if "-->" in first[first.find("<!--") + 4 :]:
            return i
        for j in range(i + 1, self.n):
            if "-->" in self.lines[j][1]:
                return j
        return i

    def _paragraph(self, i: int, blocks: list[_Block]) -> int:
        lines = self.lines
        if i + 1 < self.n and lines[i + 1][1].strip() and len(lines[i][1].strip()) <= _MAX_SETEXT:
            nxt = lines[i + 1][1]
            level = 1 if SETEXT_EQ.match(nxt) else 2 if SETEXT_DASH.match(nxt) else 0
            if level:
                text = _heading_text(lines[i][1])
                blocks.append(_Block("heading", lines[i : i + 2], level=level, text=text))
                return i + 2
        j = i + 1
        while j < self.n and lines[j][1].strip() and not self._starts_block(j):
            j += 1
        blocks.append(_Block("paragraph", lines[i:j]))
        return j

    def _list(self, i: int, blocks: list[_Block]) -> int:
        lines = self.lines
        base = _indent(lines[i][1])
        entries: list[list[RawLine]] = []
        cur: list[RawLine] = [lines[i]]
        j = i + 1
        while j < self.n:
            s = lines[j][1]
            if not s.strip():
                k = j + 1
                while k < self.n and not lines[k][1].strip():
                    k += 1
                if k >= self.n:
                    break
                ns = lines[k][1]
                if _indent(ns) >= base + 2:
                    cur.extend(lines[j:k])
                    j = k
                    continue
                if LIST.match(ns) and not HR.match(ns):
                    entries.append(cur)
                    cur = [lines[k]]
                    j = k + 1
                    continue
                break
            ind = _indent(s)
            close = self._details_at(j)
            # A <details> block right under an item belongs to it, unless it sits at the
            # item's own indentation and holds headings (a wrapper, e.g. a past year).
            if close is not None and not (ind < base + 2 and self.has_heading(j, close)):
                cur.extend(lines[j : close + 1])
                j = close + 1
                continue
            fm = fence_open(s)
            if fm is not None and ind >= base + 2:
                close = self._fence_close(j, fm)
                cur.extend(lines[j : close + 1])
                j = close + 1
                continue
            if ind < base + 2:
                if HR.match(s):
                    break
                if LIST.match(s):
                    entries.append(cur)
                    cur = [lines[j]]
                    j += 1
                    continue
                if self._starts_block(j):
                    break
            cur.append(lines[j])  # nested content, or a lazy continuation line
            j += 1
        entries.append(cur)
        entries = [e for e in (_trim_blank(e) for e in entries) if e]
        blocks.append(_Block("list", _trim_blank(lines[i:j]), entries=entries, base=base))
        return j


def _ditto_openings(
    body: Sequence[CleanLine], cleaned: Sequence[CleanLine], header_no: int
) -> dict[int, Frag]:
    """For each row of a table's ``body`` that holds a ditto mark, the row as one
    fragment with its marks written out from the rows above (used when it opens a
    piece of a split table, which does not repeat the row above): by line number."""
    seps = [ln for ln in cleaned if ln.no == header_no]
    if not seps:
        return {}
    width = len(ditto.cell_spans(seps[0].text, 0))
    resolved = ditto.resolved_rows([ln.text for ln in body], width)
    out: dict[int, Frag] = {}
    for k, ln in enumerate(body):
        if k == 0:
            continue
        text, edits = ditto.rewrite_row(ln.text, width, resolved[k - 1])
        if not edits:
            continue
        links = tuple((o + sum(d for at, d in edits if at < o), link) for o, link in ln.links)
        frag = Frag.from_lines([CleanLine(ln.no, text, links)], ln.no, ln.no)
        if frag is not None:
            out[ln.no] = frag
    return out


def _clean_lines(
    lines: Sequence[RawLine], base: int = 0, *, keep_indent: bool = False, quote: bool = False
) -> list[CleanLine]:
    """Clean block lines: inline markdown, tags, list indentation normalised to two
    spaces per level; tag-only lines and empty bullets dropped; blank runs collapsed."""
    out: list[CleanLine] = []
    pending_blank = False
    for no, s in lines:
        if not s.strip():
            pending_blank = bool(out)
            continue
        content = s.strip()
        if quote:
            cm = _CALLOUT.match(s) if no == lines[0][0] else None
            content = (cm.group(2) or "") if cm else _QUOTE_MARKS.sub("", content).strip()
        hm = ATX.match(content)
        if hm is not None:
            content = CLOSING_HASHES.sub("", (hm.group(2) or "").strip())
        text, links = clean_inline(content)
        stripped = text.strip()
        if not stripped or _EMPTY_MARKER.fullmatch(stripped):
            continue
        lead = len(text) - len(text.lstrip())
        prefix = "  " * _level(_indent(s) - base) if keep_indent else ""
        shift = len(prefix) - lead
        if pending_blank:
            out.append(CleanLine(no, ""))
            pending_blank = False
        last = len(prefix) + len(stripped) - 1  # an embed at the line's end shows no text
        out.append(
            CleanLine(no, prefix + stripped, tuple((min(o + shift, last), lk) for o, lk in links))
        )
    return out


class _Builder:
    """Builds the pieces of one document (holds the per-document list counter)."""

    def __init__(self, config: ChunkingConfig) -> None:
        self.config = config
        self._groups = itertools.count()
        self._depth = 0

    # -- units ----------------------------------------------------------------------
    # Every method takes the config to respect: nested content that must fit next to a
    # repeated head gets a narrowed one (``max_chars`` = the room left).
    def units(self, b: _Block, cfg: ChunkingConfig) -> list[Unit]:
        if b.kind == "heading":  # only inside nested content
            return self._text_units(Frag.line(b.start, b.text), "text", cfg) if b.text else []
        if b.kind in ("paragraph", "quote"):
            frag = Frag.from_lines(_clean_lines(b.lines, quote=b.kind == "quote"), b.start, b.end)
            return self._text_units(frag, "text", cfg)
        if b.kind == "callout":  # its title is in the heading path: the body is the text
            frag = Frag.from_lines(_clean_lines(b.lines[1:], quote=True), b.start, b.end)
            return self._text_units(frag, "text", cfg)
        if b.kind == "code":
            return self._code_units(b, cfg)
        if b.kind == "table":
            return self._table_units(b, cfg)
        if b.kind == "details":
            return self._details_units(b, cfg)
        gid = next(self._groups)
        units: list[Unit] = []
        for entry in b.entries:
            units.extend(self._entry_units(entry, b.base, gid, cfg))
        return units

    def _text_units(
        self, frag: Frag | None, kind: str, cfg: ChunkingConfig, group: int = -1
    ) -> list[Unit]:
        if frag is None:
            return []
        if frag.size <= cfg.max_chars:
            return [Unit(frag, kind, group)]
        return [replace(u, group=group) for u in split_text(frag, cfg, kind)]

    def _with_head(
        self,
        head: Frag | None,
        body_lines: Sequence[RawLine],
        kind: str,
        cfg: ChunkingConfig,
        group: int = -1,
    ) -> list[Unit]:
        """Split nested content and put ``head`` (an entry's first line, a summary)
        before the first piece, and before every piece when it is short."""
        out: list[Unit] = []
        if head is not None and head.size > cfg.max_chars:
            out.extend(self._text_units(head, kind, cfg, group))
            head = None
        inner = cfg
        if head is not None and cfg.max_chars - head.size - 1 >= _MIN_ROOM:
            inner = _narrow(cfg, cfg.max_chars - head.size - 1)
        repeat = head is not None and head.size <= cfg.target_chars // 4
        body: list[Unit] = []
        self._depth += 1
        try:
            for b in _Parser(_dedent(body_lines)).parse():
                body.extend(self.units(b, inner))
        finally:
            self._depth -= 1
        packs = pack_units(body, inner)
        for idx, p in enumerate(packs):
            if head is not None and (idx == 0 or repeat):
                if head.size + 1 + p.size <= cfg.max_chars:
                    out.append(Unit(head.join(p.frag, "\n"), kind, group))
                    continue
                if idx == 0:
                    out.append(Unit(head, kind, group))
            out.append(Unit(p.frag, kind, group))
        if not packs and head is not None:
            out.append(Unit(head, kind, group))
        return out

    def _entry_units(
        self, entry: list[RawLine], base: int, gid: int, cfg: ChunkingConfig
    ) -> list[Unit]:
        cleaned = _clean_lines(entry, base, keep_indent=True)
        frag = Frag.from_lines(cleaned, entry[0][0], entry[-1][0])
        if frag is None:
            return []
        if frag.size <= cfg.max_chars:
            return [Unit(frag, "list_entry", gid)]
        if self._depth >= _MAX_NESTING:  # deep nesting: split by lines/sentences instead
            return self._text_units(frag, "list_entry", cfg, gid)
        k = 1
        while k < len(entry):
            s = entry[k][1]
            if not s.strip() or _indent(s) >= base + 2 or s.lstrip()[:8].lower() == "<details":
                break
            k += 1
        head_lines = entry[:k]
        head = Frag.from_lines(
            _clean_lines(head_lines, base, keep_indent=True), head_lines[0][0], head_lines[-1][0]
        )
        return self._with_head(head, entry[k:], "list_entry", cfg, gid)

    def _details_units(self, b: _Block, cfg: ChunkingConfig) -> list[Unit]:
        base = min(_indent(s) for _, s in b.lines if s.strip())
        frag = Frag.from_lines(_clean_lines(b.lines, base, keep_indent=True), b.start, b.end)
        if frag is None:
            return []
        if frag.size <= cfg.max_chars:
            return [Unit(frag, "details")]
        if self._depth >= _MAX_NESTING:
            return self._text_units(frag, "details", cfg)
        head_lines, body = _details_parts(b.lines)
        head = Frag.from_lines(_clean_lines(head_lines), head_lines[0][0], head_lines[-1][0])
        return self._with_head(head, body, "details", cfg)

    def _table_units(self, b: _Block, cfg: ChunkingConfig) -> list[Unit]:
        cleaned = _clean_lines(b.lines)  # one clean line per table line (none are blank)
        whole = Frag.from_lines(cleaned, b.start, b.end)
        if whole is None:
            return []
        if whole.size <= cfg.max_chars:
            return [Unit(whole, "table")]
        header_no = b.lines[1][0]
        header = Frag.from_lines(
            [ln for ln in cleaned if ln.no <= header_no], b.lines[0][0], header_no
        )
        if header is not None and header.size > cfg.max_chars // 2:
            header = None  # too big to repeat: split the table like text rows
            header_no = 0
        body = [ln for ln in cleaned if ln.no > header_no]
        # A piece repeats the header, not the row above: a ditto mark opening a piece
        # is written out from it (ingest/ditto.py).
        opening = _ditto_openings(body, cleaned, header_no) if header is not None else {}
        rows: list[tuple[Frag, Frag | None]] = []  # (row, the row opening a piece)
        for ln in body:
            row = Frag.from_lines([ln], ln.no, ln.no)
            if row is None:
                continue
            room = cfg.max_chars - (header.size + 1 if header else 0)
            if row.size > room:
                small = replace(cfg, target_chars=max(1, room), overlap_chars=0)
                rows.extend((u.frag, None) for u in split_text(row, small))
            else:
                rows.append((row, opening.get(ln.no)))
        out: list[Unit] = []
        cur: Frag | None = None
        hsize = header.size + 1 if header else 0
        for row, opens in rows:
            if cur is not None and hsize + cur.size + 1 + row.size <= cfg.target_chars:
                cur = cur.join(row, "\n")
                continue
            if cur is not None:
                out.append(Unit(header.join(cur, "\n") if header else cur, "table", solo=True))
                if opens is not None and hsize + opens.size <= cfg.max_chars:
                    row = opens
            cur = row
        if cur is not None:
            out.append(Unit(header.join(cur, "\n") if header else cur, "table", solo=True))
        return out

    def _code_units(self, b: _Block, cfg: ChunkingConfig) -> list[Unit]:
        fence = b.lines[0][1]
        fm = fence_open(fence)
        content = b.lines[1:]
        if content and fm is not None and closes_fence(content[-1][1], fm):
            content = content[:-1]
        strip = len(b.text)
        cl: list[CleanLine] = []
        for no, s in content:
            text, links = clean_plain(s[min(strip, len(s) - len(s.lstrip(" "))) :])
            cl.append(CleanLine(no, text, tuple(links)))
        frag = Frag.from_lines(cl, b.start, b.end, keep_indent=True)
        if frag is None:
            return []
        if frag.size <= cfg.max_chars:
            return [Unit(frag, "code")]
        bounds = [o for o, _ in frag.marks] + [frag.size]
        out: list[Unit] = []
        a_idx = 0
        while a_idx < len(bounds) - 1:
            a = bounds[a_idx]
            nxt = bounds[a_idx + 1]
            if nxt - a > cfg.max_chars:  # one very long line
                for x, y in hard_split_spans(frag.text, a, nxt, cfg.target_chars):
                    piece = frag.slice(x, y, keep_indent=True)
                    if piece is not None:
                        out.append(Unit(piece, "code", solo=True))
                a_idx += 1
                continue
            b_idx = a_idx + 1
            while b_idx + 1 < len(bounds) and bounds[b_idx + 1] - a <= cfg.target_chars:
                b_idx += 1
            piece = frag.slice(a, bounds[b_idx], keep_indent=True)
            if piece is not None:
                out.append(Unit(piece, "code", solo=True))
            a_idx = b_idx
        return out

    def _empty_section(
        self, out: list[Piece], carry: Piece | None, fence: int, empty: Piece
    ) -> Piece | None:
        """Place an empty section (its heading is its text): it joins the pending tiny
        section or the chunk before it when that lies under the same parent (a
        sibling's, or a sibling's subsection's: its heading is one of its parent's
        parts), else it is a chunk of its own, never merged into another parent's or
        into the next section (whose path is not the one in force where it starts).
        Returns the pending tiny section, if one is still pending."""
        parent = empty.heading.rpartition(" > ")[0]
        limit = self.config.max_chars

        def fits(p: Piece) -> bool:
            return p.frag.size + 2 + empty.frag.size <= limit and _under(p.heading, parent)

        if carry is not None and fits(carry):
            return replace(carry, frag=carry.frag.join(empty.frag, "\n\n"))
        if carry is None and len(out) > fence and fits(out[-1]):
            prev = out[-1]
            kind = prev.kind if prev.kind == "text" else "section"
            out[-1] = replace(prev, frag=prev.frag.join(empty.frag, "\n\n"), kind=kind)
            return None
        if carry is not None:
            out.append(carry)
        out.append(empty)
        return None

    # -- sections ---------------------------------------------------------------------
    def _scope(self, b: _Block) -> tuple[str, list[_Block]] | None:
        """A section-level ``<details>`` block that scopes the heading path: its summary
        text and its own blocks, or ``None`` for a plain block (no summary, no heading).

        A summary (a week, "archive 2024") joins the heading path of what the block
        holds; headings inside the block nest under it and end with it."""
        summary, inner = _details_summary(b)
        if not summary and not any(x.kind == "heading" for x in inner):
            return None
        return summary, inner

    def _segments(
        self, blocks: list[_Block], stack: list[tuple[int, str]], segs: list[_Seg], depth: int
    ) -> None:
        """Group ``blocks`` into runs that share one heading path.

        Heading levels on ``stack`` are doubled so that a wrapper (a ``<details>`` block
        holding headings of level L) can sit at 2L-1: under the headings above L, above
        its own. A scoped block's path entries are dropped when it ends, so nothing it
        holds leaks onto what follows it."""
        cur = _Seg(_path(stack), None, [], barrier=depth > 0)
        for b in blocks:
            if b.kind == "heading":
                segs.append(cur)
                while stack and stack[-1][0] >= 2 * b.level:
                    stack.pop()
                stack.append((2 * b.level, b.text))
                cur = _Seg(_path(stack), b, [])
                continue
            callout = _callout(b)
            if callout is not None:  # like a week's <summary>: its title ends the path
                segs.append(cur)
                stack.append(((stack[-1][0] if stack else 0) + 1, callout.text))
                segs.append(_Seg(_path(stack), None, [callout], barrier=True))
                stack.pop()
                cur = _Seg(_path(stack), None, [], barrier=True)
                continue
            scope = self._scope(b) if b.kind == "details" and depth < _MAX_NESTING else None
            if scope is None:
                cur.blocks.append(b)
                continue
            summary, inner = scope
            segs.append(cur)
            saved = list(stack)
            levels = [x.level for x in inner if x.kind == "heading"]
            if levels:
                level = 2 * min(levels) - 1
                while stack and stack[-1][0] >= level:
                    stack.pop()
                if summary:
                    stack.append((level, summary))
                self._segments(inner, stack, segs, depth + 1)
            else:  # a week's links: the block stays one unit (split repeating its summary)
                stack.append(((stack[-1][0] if stack else 0) + 1, summary))
                segs.append(_Seg(_path(stack), None, [b], barrier=True))
            stack[:] = saved
            cur = _Seg(_path(stack), None, [], barrier=True)
        segs.append(cur)

    def pieces(
        self, blocks: list[_Block], stack: list[tuple[int, str]], page: int | None
    ) -> list[Piece]:
        cfg = self.config
        segs: list[_Seg] = []
        self._segments(blocks, stack, segs, 0)

        out: list[Piece] = []
        carry: Piece | None = None
        fence = 0  # pieces before this index belong to another scope: never merged into
        barrier = False
        for k, seg in enumerate(segs):
            barrier = barrier or seg.barrier
            path, hblock = seg.path, seg.heading
            units: list[Unit] = []
            for b in seg.blocks:
                units.extend(self.units(b, cfg))
            packs = merge_tiny(pack_units(glue_leads(units, cfg), cfg), cfg)
            bare = not packs  # a heading-only section
            if bare:
                if hblock is None or not hblock.text or not _leaf(segs, k):
                    continue  # a parent's heading lives on in the path of what follows
                # An empty section (a placeholder "## Quantization", a heading right
                # above a sibling's) is in no path: its heading is its text, so the
                # section's name stays searchable and quotable.
                packs = [Unit(Frag.line(hblock.start, hblock.text), "text")]
            if barrier:
                if carry is not None:
                    out.append(carry)
                    carry = None
                fence, barrier = len(out), False
            if len(packs) == 1 and packs[0].size < cfg.min_chars:
                frag = packs[0].frag
                if hblock is not None and hblock.text and not bare:
                    with_heading = Frag.line(hblock.start, hblock.text).join(frag, "\n")
                    if with_heading.size <= cfg.max_chars:
                        frag = with_heading
                if bare:
                    carry = self._empty_section(out, carry, fence, Piece(path, frag, "text", page))
                    continue
                if carry is not None and carry.frag.size + 2 + frag.size <= cfg.max_chars:
                    carry = replace(carry, frag=carry.frag.join(frag, "\n\n"))
                elif (
                    carry is None
                    and len(out) > fence
                    and out[-1].frag.size + 2 + frag.size <= cfg.max_chars
                ):
                    prev = out[-1]
                    kind = prev.kind if prev.kind == packs[0].kind else "section"
                    out[-1] = replace(prev, frag=prev.frag.join(frag, "\n\n"), kind=kind)
                else:
                    if carry is not None:
                        out.append(carry)
                    carry = Piece(path, frag, packs[0].kind, page)
                continue
            if carry is not None:
                first = packs[0]
                if carry.frag.size + 2 + first.size <= cfg.max_chars:
                    packs[0] = replace(first, frag=carry.frag.join(first.frag, "\n\n"))
                else:
                    out.append(carry)
                carry = None
            out.extend(Piece(path, p.frag, p.kind, page) for p in packs)
        if carry is not None:
            out.append(carry)
        return out


def _under(path: str, parent: str) -> bool:
    """Whether heading path ``path`` lies under ``parent`` (every path lies under "")."""
    return not parent or path == parent or path.startswith(parent + " > ")


def _leaf(segs: Sequence[_Seg], k: int) -> bool:
    """Whether the heading of ``segs[k]`` heads no section of its own below it: the next
    run starts a heading of its level or above, or nothing follows (a heading followed by
    a deeper one is its sections' parent, named in their paths)."""
    nxt = segs[k + 1] if k + 1 < len(segs) else None
    here = segs[k].heading
    if nxt is None:
        return True
    if here is None or nxt.heading is None:
        return False
    return nxt.heading.level <= here.level


@dataclass(slots=True)
class _Seg:
    """A run of blocks under one heading path. ``barrier``: it starts or follows a
    scoped ``<details>`` block, so a tiny section is not merged across that edge."""

    path: str
    heading: _Block | None
    blocks: list[_Block]
    barrier: bool = False


def _callout(b: _Block) -> _Block | None:
    """An Obsidian callout (``> [!info] 상태``) with a body, as a ``callout`` block whose
    ``text`` is its title (the type when it has none); ``None`` for any other block. The
    marker is markup and the title names what follows, like a ``<summary>``: the title
    goes to the heading path, not into the text (where it would be a sentence of its own).
    A callout with no body stays a quote (its title, without the marker, is its text)."""
    if b.kind != "quote" or len(b.lines) < 2:
        return None
    m = _CALLOUT.match(b.lines[0][1])
    if m is None or not any(s.strip() not in ("", ">") for _, s in b.lines[1:]):
        return None
    title = clean_heading(m.group(2) or "") or m.group(1).capitalize()
    return replace(b, kind="callout", text=title[:_MAX_HEADING])


def _details_summary(b: _Block) -> tuple[str, list[_Block]]:
    """A ``<details>`` block's summary text ("" when it has none) and its own blocks."""
    head_lines, body = _details_parts(b.lines)
    summary = ""
    m = _SUMMARY_TEXT.search(" ".join(t for _, t in head_lines))
    if m is not None:  # the summary's own text (not what follows it on its line)
        summary = " ".join(clean_inline(m.group(1))[0].split())
        if len(summary) > _MAX_HEADING:
            summary = summary[: _MAX_HEADING - 1].rstrip() + "…"
    if body and body[-1][1].strip().lower() == "</details>":
        body = body[:-1]
    return summary, (_Parser(_dedent(body)).parse() if body else [])


@dataclass(frozen=True, slots=True)
class Heading:
    """One heading of a note's outline: its text as heading paths write it, its depth
    (``rank``: a ``#`` heading of level L is 2L; a section-level ``<details>`` summary
    is one below the heading it sits under, as the chunker nests it) and its line."""

    rank: int
    text: str
    line: int


def outline(doc: Document) -> list[Heading]:
    """Every heading of a markdown ``doc`` in file order, empty sections included: the
    chunker merges a heading with no body into the chunk before it as a line of text
    (or drops it), so the chunks' heading paths alone miss them."""
    out: list[Heading] = []

    def walk(blocks: Sequence[_Block], base: int) -> None:
        under = base  # the rank of the heading the next block sits under
        for b in blocks:
            if b.kind == "heading" and b.text:
                under = base + 2 * b.level
                out.append(Heading(under, b.text, b.start))
            elif b.kind == "details":
                summary, inner = _details_summary(b)
                if summary:
                    out.append(Heading(under + 1, summary, b.start))
                walk([x for x in inner if x.kind in ("heading", "details")], under + 1)

    for section in doc.sections:
        walk(_Parser(_prep_lines(section.text, section.line_start)).parse(), 0)
    return out


def _path(stack: Sequence[tuple[int, str]]) -> str:
    return " > ".join(t for _, t in stack if t)


def _prep_lines(text: str, first_line: int) -> list[RawLine]:
    return [(first_line + k, _expand_lead(s)) for k, s in enumerate(text.split("\n"))]


class MarkdownChunker:
    """Structure-aware chunker for markdown (and HTML converted to markdown).

    HTML documents get no line numbers (their text is a conversion, not the source).
    """

    def __init__(self, config: ChunkingConfig | None = None) -> None:
        self.config = config or ChunkingConfig()

    def chunk(self, doc: Document) -> list[Chunk]:
        builder = _Builder(self.config)
        stack: list[tuple[int, str]] = []
        pieces: list[Piece] = []
        unshown: list[tuple[int, list[Link]]] = []
        for section in doc.sections:
            lines = _prep_lines(section.text, section.line_start)
            pieces.extend(builder.pieces(_Parser(lines).parse(), stack, section.page))
            unshown.extend(_links_only(lines))
        chunks = build_chunks(doc, pieces, with_lines=doc.format != "html")
        return _keep_links(chunks, unshown) if unshown else chunks


def _links_only(lines: Sequence[RawLine]) -> list[tuple[int, list[Link]]]:
    """Lines that show no text but hold links (an embed ``![[file]]`` on its own line):
    the line leaves no chunk text, its links must not be lost from the note's links."""
    out: list[tuple[int, list[Link]]] = []
    for no, s in lines:
        if "](<" in s:
            text, links = clean_inline(s.strip())
            if links and not text.strip():
                out.append((no, [lk for _, lk in links]))
    return out


def _keep_links(chunks: list[Chunk], unshown: list[tuple[int, list[Link]]]) -> list[Chunk]:
    """``chunks`` with each unshown line's links added to the chunk that line follows."""
    extra: dict[int, list[Link]] = {}
    for no, links in unshown:
        at = 0
        for i, c in enumerate(chunks):
            if (c.location.line_start or 0) <= no:
                at = i
        extra.setdefault(at, []).extend(links)
    return [
        replace(c, links=tuple(dict.fromkeys([*c.links, *extra[i]]))) if i in extra else c
        for i, c in enumerate(chunks)
    ]
