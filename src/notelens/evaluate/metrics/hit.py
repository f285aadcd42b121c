"""Hit@k (a.k.a. success@k, hit rate): did any relevant document reach the top k?

    Hit@k = 1 if |relevant ∩ top-k| > 0 else 0

The usual metric for question sets with one gold passage (Karpukhin et al., "Dense
Passage Retrieval for Open-Domain Question Answering", EMNLP 2020, "top-k accuracy").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def hit_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    return 1.0 if any(qrels.get(doc, 0) > 0 for doc in run[:k]) else 0.0
