"""Precision@k.

    Precision@k = |relevant ∩ top-k| / k

Manning, Raghavan & Schütze, *Introduction to Information Retrieval*, ch. 8 (2008).
The denominator is k even when the run is shorter (the trec_eval ``P_k`` convention).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def precision_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    if k <= 0:
        raise ValueError("k must be positive")
    return sum(1 for doc in run[:k] if qrels.get(doc, 0) > 0) / k
