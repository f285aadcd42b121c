"""Text fragments that remember which source lines (and links) they came from, and the
packing rules both chunkers share.

A :class:`Frag` is cleaned chunk text plus a sorted map from text offsets to source line
numbers, so slicing it (sentence splitting, overlap) or joining two of them (packing)
keeps an exact 1-based line range. A :class:`Unit` is a frag with a kind; chunkers turn
blocks into units no larger than ``max_chars``, then :func:`pack_units` packs
consecutive units up to ``target_chars`` without ever splitting one.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from notelens.analysis.lang import detect_lang
from notelens.analysis.sentences import hard_split_spans, sentence_spans
from notelens.config import ChunkingConfig
from notelens.ingest.inline import LinkAt
from notelens.types import Chunk, Document, Link, Location

__all__ = [
    "CleanLine",
    "Frag",
    "Piece",
    "Unit",
    "build_chunks",
    "glue_leads",
    "merge_tiny",
    "pack_units",
    "split_text",
]


def _first_key(item: tuple[int, object]) -> int:
    return item[0]


@dataclass(frozen=True, slots=True)
class CleanLine:
    """One cleaned source line: its 1-based number, text and links (offsets in ``text``)."""

    no: int
    text: str
    links: tuple[LinkAt, ...] = ()


@dataclass(frozen=True, slots=True)
class Frag:
    """Cleaned text with its source lines. ``start``/``end`` bound the block it came from
    (they may cover tag-only lines that left no text)."""

    text: str
    marks: tuple[tuple[int, int], ...]  # (offset in text, line number), offsets ascending
    links: tuple[LinkAt, ...]
    start: int
    end: int

    @staticmethod
    def from_lines(
        lines: Sequence[CleanLine], start: int, end: int, *, keep_indent: bool = False
    ) -> Frag | None:
        """Join lines with ``\\n``; ``None`` when they hold no text."""
        parts: list[str] = []
        marks: list[tuple[int, int]] = []
        links: list[LinkAt] = []
        offset = 0
        for ln in lines:
            if parts:
                parts.append("\n")
                offset += 1
            marks.append((offset, ln.no))
            links.extend((offset + o, link) for o, link in ln.links)
            parts.append(ln.text)
            offset += len(ln.text)
        text = "".join(parts)
        if not text.strip():
            return None
        frag = Frag(text, tuple(marks), tuple(links), start, end)
        return frag.slice(0, len(text), keep_indent=keep_indent)

    @staticmethod
    def line(no: int, text: str) -> Frag:
        return Frag(text, ((0, no),), (), no, no)

    @property
    def size(self) -> int:
        return len(self.text)

    def line_at(self, offset: int) -> int:
        idx = bisect.bisect_right(self.marks, offset, key=_first_key) - 1
        return self.marks[max(idx, 0)][1]

    def join(self, other: Frag, sep: str) -> Frag:
        shift = len(self.text) + len(sep)
        return Frag(
            self.text + sep + other.text,
            self.marks + tuple((o + shift, n) for o, n in other.marks),
            self.links + tuple((o + shift, link) for o, link in other.links),
            min(self.start, other.start),
            max(self.end, other.end),
        )

    def slice(self, i: int, j: int, *, keep_indent: bool = False) -> Frag | None:
        """``text[i:j]`` with whitespace trimmed (``keep_indent``: blank lines only, for
        code), its line range and its links."""
        text = self.text
        k = i
        while k < j and text[k].isspace():
            k += 1
        while j > k and text[j - 1].isspace():
            j -= 1
        if k >= j:
            return None
        if keep_indent:
            nl = text.rfind("\n", i, k)
            i = nl + 1 if nl >= 0 else i
        else:
            i = k
        first = len(text) - len(text.lstrip())
        last = len(text.rstrip())
        start = self.start if k <= first else self.line_at(k)
        end = self.end if j >= last else self.line_at(j - 1)
        lo = bisect.bisect_right(self.marks, i, key=_first_key)
        hi = bisect.bisect_left(self.marks, j, key=_first_key)
        marks = ((0, self.line_at(i)), *((o - i, n) for o, n in self.marks[lo:hi]))
        llo = bisect.bisect_left(self.links, i, key=_first_key)
        lhi = bisect.bisect_left(self.links, j, key=_first_key)
        links = tuple((o - i, link) for o, link in self.links[llo:lhi])
        return Frag(text[i:j], marks, links, start, end)

    def tail(self, max_chars: int) -> Frag | None:
        """The last whole sentences of this text, at most ``max_chars`` long (or ``None``)."""
        if max_chars <= 0:
            return None
        spans = sentence_spans(self.text)
        if len(spans) < 2:
            return None
        end = spans[-1][1]
        begin: int | None = None
        for a, _ in reversed(spans[1:]):
            if end - a > max_chars:
                break
            begin = a
        return None if begin is None else self.slice(begin, end)


@dataclass(frozen=True, slots=True)
class Unit:
    """A frag that is never split by packing. ``group`` >= 0 ties list entries of one list
    (joined with a single newline); ``solo`` units (pieces of a split table or code block)
    are not packed with neighbours; ``overlapped`` units already start with overlap."""

    frag: Frag
    kind: str
    group: int = -1
    solo: bool = False
    overlapped: bool = False

    @property
    def size(self) -> int:
        return len(self.frag.text)


@dataclass(frozen=True, slots=True)
class Piece:
    """A finished chunk before it becomes a :class:`Chunk`."""

    heading: str
    frag: Frag
    kind: str
    page: int | None = None


def split_text(frag: Frag, config: ChunkingConfig, kind: str = "text") -> list[Unit]:
    """Split prose at sentence boundaries into pieces of about ``target_chars``, each
    (after the first) starting with whole sentences of overlap from the previous one."""
    target = config.target_chars
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(frag.text):
        if b - a > target:
            spans.extend(hard_split_spans(frag.text, a, b, target))
        else:
            spans.append((a, b))
    if not spans:
        return []
    units: list[Unit] = []
    core = 0
    prev_core = -1
    while core < len(spans):
        end = core
        while end + 1 < len(spans) and spans[end + 1][1] - spans[core][0] <= target:
            end += 1
        begin = core
        if core > 0 and config.overlap_chars > 0:
            k = core - 1
            while k > prev_core and spans[core - 1][1] - spans[k][0] <= config.overlap_chars:
                begin = k
                k -= 1
            if spans[end][1] - spans[begin][0] > config.max_chars:
                begin = core
        piece = frag.slice(spans[begin][0], spans[end][1])
        if piece is not None:
            units.append(Unit(piece, kind, overlapped=begin < core))
        prev_core = core
        core = end + 1
    return units


def _sep(a: Unit, b: Unit) -> str:
    return "\n" if a.group >= 0 and a.group == b.group else "\n\n"


def _merged_kind(a: str, b: str) -> str:
    return a if a == b else "section"


def glue_leads(units: list[Unit], config: ChunkingConfig) -> list[Unit]:
    """Attach a tiny text unit (under ``min_chars``) or a lead-in ending with ``:`` to the
    unit after it ("ENG" before a ``<details>`` block, "covers:" before a list)."""
    units = list(units)
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if (
            u.kind == "text"
            and i + 1 < len(units)
            and (u.size < config.min_chars or u.frag.text.rstrip().endswith(":"))
        ):
            nxt = units[i + 1]
            if u.size + 1 + nxt.size <= config.max_chars:
                units[i + 1] = Unit(
                    u.frag.join(nxt.frag, "\n"), nxt.kind, nxt.group, nxt.solo, nxt.overlapped
                )
                i += 1
                continue
        out.append(u)
        i += 1
    return out


def pack_units(units: Iterable[Unit], config: ChunkingConfig) -> list[Unit]:
    """Pack consecutive units up to ``target_chars`` (a unit is never split). When a new
    pack starts between two prose units, it begins with overlap from the previous one."""
    packs: list[Unit] = []
    cur: Unit | None = None
    last: Unit | None = None
    for u in units:
        if cur is None or last is None:
            cur, last = u, u
            continue
        sep = _sep(last, u)
        if not cur.solo and not u.solo and cur.size + len(sep) + u.size <= config.target_chars:
            cur = Unit(cur.frag.join(u.frag, sep), _merged_kind(cur.kind, u.kind), u.group)
            last = u
            continue
        packs.append(cur)
        cur = _with_overlap(last, u, config)
        last = u
    if cur is not None:
        packs.append(cur)
    return packs


def _with_overlap(prev: Unit, u: Unit, config: ChunkingConfig) -> Unit:
    if prev.kind != "text" or u.kind != "text" or u.overlapped or config.overlap_chars <= 0:
        return u
    tail = prev.frag.tail(config.overlap_chars)
    if tail is None or tail.size + 2 + u.size > config.max_chars:
        return u
    return Unit(tail.join(u.frag, "\n\n"), u.kind, u.group, u.solo, overlapped=True)


def merge_tiny(packs: list[Unit], config: ChunkingConfig) -> list[Unit]:
    """Merge packs under ``min_chars`` into the next pack, else the previous one, when
    the result stays within ``max_chars``. The last pack of a section is also merged back
    when it is an orphan (under ``target_chars / 8``, e.g. the last item of a list)."""
    out: list[Unit] = []
    carry: Unit | None = None
    orphan = max(config.min_chars, config.target_chars // 8)
    if len(packs) >= 2 and packs[-1].size < orphan:
        prev, last = packs[-2], packs[-1]
        if prev.size + 2 + last.size <= config.max_chars:
            sep = _sep(prev, last)
            kind = _merged_kind(prev.kind, last.kind)
            packs = [*packs[:-2], Unit(prev.frag.join(last.frag, sep), kind, last.group)]
    for p in packs:
        if carry is not None:
            if carry.size + 2 + p.size <= config.max_chars:
                p = Unit(carry.frag.join(p.frag, "\n\n"), p.kind, p.group, p.solo, p.overlapped)
            else:
                out.append(carry)
            carry = None
        if p.size < config.min_chars:
            carry = p
            continue
        out.append(p)
    if carry is not None:
        if out and out[-1].size + 2 + carry.size <= config.max_chars:
            prev = out[-1]
            out[-1] = Unit(prev.frag.join(carry.frag, "\n\n"), prev.kind, prev.group, prev.solo)
        else:
            out.append(carry)
    return out


_TRAILING_WS = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _final_text(text: str) -> str:
    # Leading spaces survive only where they are code indentation.
    return _BLANK_RUNS.sub("\n\n", _TRAILING_WS.sub("\n", text)).rstrip().lstrip("\n")


def _dedupe(links: Iterable[LinkAt]) -> tuple[Link, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[Link] = []
    for _, link in links:
        key = (link.text, link.url)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return tuple(out)


def build_chunks(doc: Document, pieces: Iterable[Piece], *, with_lines: bool) -> list[Chunk]:
    """Turn pieces into :class:`Chunk` objects (ordinals 0..n-1, hash, language, links)."""
    chunks: list[Chunk] = []
    for p in pieces:
        text = _final_text(p.frag.text)
        if not any(ch.isalnum() for ch in text):
            continue  # nothing to search for: rules, separators, stray markup
        if with_lines:
            location = Location(line_start=p.frag.start, line_end=p.frag.end, page=p.page)
        else:
            location = Location(page=p.page)
        chunks.append(
            Chunk(
                source=doc.source,
                title=doc.title,
                heading=p.heading,
                text=text,
                location=location,
                lang=detect_lang(f"{p.heading}\n{text}" if p.heading else text),
                content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                ordinal=len(chunks),
                kind=p.kind,
                links=_dedupe(p.frag.links),
            )
        )
    return chunks
