"""F1@k, the harmonic mean of Precision@k and Recall@k.

    F1@k = 2 · P@k · R@k / (P@k + R@k)        0 when both are 0

van Rijsbergen, *Information Retrieval*, 2nd ed., ch. 7 (1979).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from notelens.evaluate.metrics.precision import precision_at_k
from notelens.evaluate.metrics.recall import recall_at_k


def f1_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    p = precision_at_k(run, qrels, k)
    r = recall_at_k(run, qrels, k)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0
