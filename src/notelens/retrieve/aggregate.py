"""Document-level scoring: chunk hits folded into one row per source (issue #22 item 3).

A note or an abstract split into chunks is otherwise ranked by its best chunk alone, so a
document that answers a query in three places ranks like one that mentions it once. Here
a document's score is its best chunk's plus a small share of its next best ones::

    score(doc) = n_1 + share * (n_2 + ... + n_{1+extra})

where ``n_i`` are the document's chunk scores in the list, min-max normalised over the
whole list (fused z-scores, BM25 scores and cosines all become 0..1, so one ``share``
fits every mode and the sum cannot go down by adding a chunk). ``share = 0`` is "ranked by
its best chunk", today's behaviour. Ties keep the order of each document's best chunk.

Used by ``notelens eval --by doc`` (datasets judged per document: SciFact, BEIR, a notes
set whose answers are files) and by the "which note" search (``search --by note``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from notelens.types import Hit, NoteHit

K = TypeVar("K", bound=Hashable)

#: Passages searched for a "which note" search whatever ``k`` (so the first notes of
#: ``k=3`` are those of ``k=10``: issue #22 item 5), more when ``k`` notes need more.
NOTE_DEPTH = 100


@dataclass(frozen=True, slots=True)
class DocScoring:
    """How chunk scores add up to a document score (defaults measured on SciFact train
    and the notes set, docs/benchmarks.md "Precision at the top, second round")."""

    #: weight of each further chunk's normalised score
    share: float = 0.1
    #: how many further chunks (after the best) count
    extra: int = 2

    def __post_init__(self) -> None:
        if not 0.0 <= self.share <= 1.0:
            raise ValueError("DocScoring.share must be between 0 and 1")
        if self.extra < 0:
            raise ValueError("DocScoring.extra must be >= 0")


@dataclass(frozen=True, slots=True)
class DocGroup(Generic[K]):
    """One document: its key, aggregated score and its chunks' positions in the input
    list (best first)."""

    key: K
    score: float
    members: tuple[int, ...]


def _normalise(scores: Sequence[float]) -> list[float]:
    lo, hi = min(scores), max(scores)
    if hi - lo <= 1e-12:
        return [1.0] * len(scores)
    return [(s - lo) / (hi - lo) for s in scores]


def aggregate(
    items: Sequence[tuple[K, float]], scoring: DocScoring = DocScoring()
) -> list[DocGroup[K]]:
    """Group ``(document key, chunk score)`` items (a ranked chunk list, best first) by
    key; documents best first by :class:`DocScoring`."""
    if not items:
        return []
    norm = _normalise([s for _, s in items])
    members: dict[K, list[int]] = {}
    for i, (key, _) in enumerate(items):
        members.setdefault(key, []).append(i)
    groups: list[tuple[float, int, DocGroup[K]]] = []
    for key, idx in members.items():
        ordered = sorted(idx, key=lambda i: (-norm[i], i))
        rest = sum(norm[i] for i in ordered[1 : 1 + scoring.extra])
        score = norm[ordered[0]] + scoring.share * rest
        groups.append((score, ordered[0], DocGroup(key, score, tuple(ordered))))
    groups.sort(key=lambda g: (-g[0], g[1]))
    return [g for _, _, g in groups]


def note_depth(k: int, per_note: int, max_k: int) -> int:
    """Passages to search for ``k`` notes (see :data:`NOTE_DEPTH`)."""
    return min(max_k, max(NOTE_DEPTH, k * per_note))


def notes_of(
    hits: Sequence[Hit], k: int, *, per_note: int = 3, scoring: DocScoring = DocScoring()
) -> list[NoteHit]:
    """The top ``k`` notes of a ranked passage list, each with its ``per_note`` best
    passages (ranks renumbered 1.. inside the note)."""
    groups = aggregate([(h.source, h.score) for h in hits], scoring)[:k]
    out: list[NoteHit] = []
    for rank, g in enumerate(groups, start=1):
        best = [hits[i] for i in g.members[:per_note]]
        out.append(
            NoteHit(
                rank=rank,
                score=round(g.score, 6),
                source=g.key,
                title=best[0].title,
                hits=tuple(replace(h, rank=n) for n, h in enumerate(best, start=1)),
            )
        )
    return out


__all__ = ["NOTE_DEPTH", "DocGroup", "DocScoring", "aggregate", "note_depth", "notes_of"]
