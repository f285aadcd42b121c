"""Weighted reciprocal rank fusion (RRF).

Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
individual Rank Learning Methods", SIGIR 2009::

    score(d) = sum_m  w_m / (k + rank_m(d))        rank_m 1-based; absent lists add 0

With all ``w_m = 1`` and ``k = 60`` this is the original RRF. Weights let a weaker
retriever (e5-small on Korean) vote without dragging a stronger one (Kiwi BM25) down.
Fusion lives here, not in a store, so every backend fuses identically.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def weighted_rrf(
    rankings: Sequence[Sequence[K]], weights: Sequence[float], k: int = 60
) -> list[tuple[K, float]]:
    """Fuse ranked lists of ids; returns ``(id, score)`` best first.

    Ties are broken by the best single rank an id reached, then by first appearance,
    so the output is deterministic for deterministic inputs.
    """
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking is required")
    if k <= 0:
        raise ValueError("k must be positive")
    scores: dict[K, float] = {}
    best: dict[K, int] = {}
    order: dict[K, int] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        seen: set[K] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:  # a list may not vote twice for one id
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
            best[item] = min(best.get(item, rank), rank)
            order.setdefault(item, len(order))
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], order[kv[0]]))
