"""MRR@k (mean reciprocal rank, per query before averaging).

    RR@k = 1 / rank of the first relevant document within the top k, else 0

Voorhees, "The TREC-8 Question Answering Track Report", TREC 1999.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def mrr_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    for rank, doc in enumerate(run[:k], start=1):
        if qrels.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0
