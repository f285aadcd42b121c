"""Archive entries: the unit people note a paper or a link as.

In a link digest or a paper list one entry is a top-level list item (``- 📜 [Org]
[Title](url)``) with its nested summary bullets; a chunk may hold several. Elsewhere
(prose, a table, a ``<details>`` block) the chunk itself is the entry. Entries are what
near-duplicate detection compares: the same paper noted twice in two files is two
entries, usually in chunks of different sizes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from notelens.analysis.lang import script_counts
from notelens.store.base import ChunkRecord
from notelens.types import Location

_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
_URL = re.compile(r"https?://[^\s)>\]]+")
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?")
#: Language-independent tokens: numbers (with a magnitude letter: 7B, 32k) and Latin
#: names. Other suffixes ("10,000x", "3배", "50%") are dropped so both languages agree.
_ANCHOR = re.compile(r"\d[\d,.]*(?:[KMBTkmbt](?![A-Za-z]))?|[A-Za-z][A-Za-z0-9\-]*")
_ANCHOR_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "to",
        "by",
        "from",
        "as",
        "at",
        "is",
        "are",
        "be",
        "it",
        "its",
        "this",
        "that",
        "than",
        "over",
        "per",
        "into",
        "not",
        "no",
        "all",
        "both",
        "only",
        "most",
        "more",
        "less",
    }
)
#: Hangul share of letters above which an entry counts as written in Korean.
KOREAN_SHARE = 0.15
#: Entries with fewer analyzed terms are headings or one-word bullets: nothing to compare.
MIN_TERMS = 6


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the archive and where it lives."""

    chunk_id: str
    source: str
    heading: str
    location: Location
    text: str
    link: str | None  # the entry's first link, normalised (see normalize_url)
    whole_chunk: bool = False  # the chunk holds only this entry (its vector is the entry's)

    @property
    def first_line(self) -> str:
        return self.text.strip().splitlines()[0] if self.text.strip() else ""

    @property
    def hangul_share(self) -> float:
        hangul, latin = script_counts(self.text)
        return hangul / (hangul + latin) if hangul + latin else 0.0


def normalize_url(url: str) -> str:
    """One spelling per target: scheme, ``www.``, fragment, query and trailing slash
    dropped; an arXiv paper is its id (``abs``/``pdf``/``html`` and the version agree)."""
    m = _ARXIV.search(url)
    if m:
        return f"arxiv:{m.group(1)}"
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def split_entries(text: str) -> list[str]:
    """Top-level list items with their nested lines; the whole text when it has none."""
    entries: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if _ITEM.match(line):
            current = [line]
            entries.append(current)
        elif current is not None and (line.startswith((" ", "\t")) or not line.strip()):
            current.append(line)
        else:
            current = None
    if not entries:
        return [text] if text.strip() else []
    return ["\n".join(lines).strip() for lines in entries]


def _first_link(text: str, record: ChunkRecord, *, whole: bool) -> str | None:
    """The entry's first web link: markdown links are stored on the chunk (their text
    stays in the chunk text, the target does not), bare URLs stay in the text."""
    candidates: list[tuple[int, str]] = []
    for link in record.links:
        if "://" not in link.url:
            continue
        at = text.find(link.text) if link.text else -1
        if at >= 0 or (whole and not candidates):
            candidates.append((max(at, 0) if at >= 0 else len(text), link.url))
    for m in _URL.finditer(text):
        candidates.append((m.start(), m.group(0)))
    return normalize_url(min(candidates)[1]) if candidates else None


def entries_of(records: Sequence[ChunkRecord]) -> list[Entry]:
    out: list[Entry] = []
    for record in records:
        texts = split_entries(record.text)
        for text in texts:
            out.append(
                Entry(
                    chunk_id=record.chunk_id,
                    source=record.source,
                    heading=record.heading,
                    location=record.location,
                    text=text,
                    link=_first_link(text, record, whole=len(texts) == 1),
                    whole_chunk=len(texts) == 1,
                )
            )
    return out


def anchors(text: str) -> set[str]:
    """Numbers and Latin names of a text: what a translation keeps unchanged
    ("GPT-3 175B", "10,000", "KMMLU"); lower-cased, commas dropped, links left out."""
    text = _URL.sub(" ", text)
    out: set[str] = set()
    for token in _ANCHOR.findall(text):
        if token[0].isdigit():
            out.add(token.replace(",", "").rstrip(".").lower())
        elif token.lower() not in _ANCHOR_STOP and (
            token[0].isupper() or any(c.isupper() or c.isdigit() for c in token[1:])
        ):
            out.add(token.lower())
    return out


def anchor_overlap(
    a: set[str], b: set[str], idf: Mapping[str, float] | None = None
) -> tuple[float, int]:
    """The IDF mass of the shared anchors over the smaller set's, and how many are
    shared. Weighted, because an archive's everyday names ("GQA", "KV") are shared by
    every note on the topic, while a paper's own numbers and names are not."""
    if not a or not b:
        return 0.0, 0
    shared = a & b

    def mass(items: set[str]) -> float:
        return sum(idf.get(x, 1.0) for x in items) if idf is not None else float(len(items))

    return mass(shared) / min(mass(a), mass(b)), len(shared)


def anchor_idf(marks: Sequence[set[str]]) -> dict[str, float]:
    """``log(N / df)`` of each anchor over the entries."""
    df: Counter[str] = Counter()
    for m in marks:
        df.update(m)
    n = len(marks)
    return {a: math.log((n + 1) / c) for a, c in df.items()}


def different_languages(a: Entry, b: Entry) -> bool:
    """One entry is written in Korean (Hangul in its words) and the other in English
    only. Korean notes carry English names, so the Korean side's share is small."""
    return (
        min(a.hangul_share, b.hangul_share) == 0.0
        and max(a.hangul_share, b.hangul_share) >= KOREAN_SHARE
    )
