"""Duplicate passages collapse into one hit that lists every place they live (``also_in``).

A copied note, or a sample next to its original, would otherwise put the same passage
into several of the top slots. Two passages are duplicates when their normalised text
(NFKC, case-folded, whitespace collapsed) is equal, or near-identical: lengths within
10 % and a Jaccard similarity of character 5-gram sets of at least
:data:`NEAR_JACCARD` (one edited word in a 100-character passage gives ~0.89, a changed
line in a 1,000-character chunk more; two different paragraphs on one topic ~0.1-0.3)
and carrying the same numbers in the same order: numbers are what people ask these
notes for (a week, a size, a score), so "rank 2" and "rank 3" in otherwise equal lines
stay two hits.

The first (best-ranked) copy is the hit; the others become its ``also_in`` entries. The
fold is sequential in rank order, so the unique hits of a longer list start with the
unique hits of a shorter one (the top does not depend on k).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from notelens.types import AlsoIn, Hit

NEAR_JACCARD = 0.8
SHINGLE = 5
LENGTH_RATIO = 0.9
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _shingles(text: str) -> frozenset[str]:
    if len(text) <= SHINGLE:
        return frozenset((text,))
    return frozenset(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


@dataclass(slots=True)
class _Kept:
    hit: Hit
    norm: str
    shingles: frozenset[str] | None = None
    others: list[AlsoIn] = field(default_factory=list)
    numbers: tuple[str, ...] | None = None

    def digits(self) -> tuple[str, ...]:
        if self.numbers is None:
            self.numbers = tuple(_NUMBER.findall(self.norm))
        return self.numbers

    def grams(self) -> frozenset[str]:
        if self.shingles is None:
            self.shingles = _shingles(self.norm)
        return self.shingles


class DuplicateFolder:
    """Feeds hits in rank order; keeps the first of each group of duplicates."""

    def __init__(self, near: float = NEAR_JACCARD) -> None:
        self.near = near
        self._kept: list[_Kept] = []
        self._by_hash: dict[bytes, _Kept] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def add(self, hit: Hit) -> bool:
        """Add ``hit``; ``True`` when it is a new passage, ``False`` when it folded
        into an earlier hit's ``also_in``."""
        norm = normalise(hit.text)
        key = hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest()
        same = self._by_hash.get(key) or self._near(norm)
        if same is not None:
            same.others.append(AlsoIn(hit.chunk_id, hit.source, hit.heading, hit.location))
            return False
        kept = _Kept(hit, norm)
        self._kept.append(kept)
        self._by_hash[key] = kept
        return True

    def _near(self, norm: str) -> _Kept | None:
        if self.near >= 1.0 or len(norm) < 2 * SHINGLE:
            return None  # short texts: only exact equality counts
        grams: frozenset[str] | None = None
        numbers: tuple[str, ...] | None = None
        for kept in self._kept:
            a, b = len(norm), len(kept.norm)
            if min(a, b) < LENGTH_RATIO * max(a, b):
                continue
            numbers = numbers if numbers is not None else tuple(_NUMBER.findall(norm))
            if numbers != kept.digits():
                continue
            grams = grams if grams is not None else _shingles(norm)
            other = kept.grams()
            inter = len(grams & other)
            if inter >= self.near * (len(grams) + len(other) - inter):
                return kept
        return None

    def hits(self) -> list[Hit]:
        """The kept hits, renumbered from 1, each with its duplicates in ``also_in``."""
        return [
            replace(k.hit, rank=i, also_in=k.hit.also_in + tuple(k.others))
            for i, k in enumerate(self._kept, start=1)
        ]


def collapse(hits: list[Hit], near: float = NEAR_JACCARD) -> list[Hit]:
    """``hits`` (best first) with duplicates folded into the first copy's ``also_in``."""
    folder = DuplicateFolder(near)
    for h in hits:
        folder.add(h)
    return folder.hits()


__all__ = ["NEAR_JACCARD", "DuplicateFolder", "collapse", "normalise"]
