"""Recall@k.

    Recall@k = |relevant ∩ top-k| / |relevant|

Manning, Raghavan & Schütze, *Introduction to Information Retrieval*, ch. 8 (2008).
A query with no relevant documents scores 0 (it is usually excluded upstream).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def recall_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    relevant = {d for d, rel in qrels.items() if rel > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(run[:k])) / len(relevant)
