"""Average precision (AP@k; MAP is its mean over queries).

    AP@k = (1 / |relevant|) · sum_{i=1..k, doc_i relevant} Precision@i

Relevant documents never retrieved within k count as precision 0, hence the division
by all relevant documents (trec_eval's ``map`` / ``map_cut``). Buckley & Voorhees,
"Evaluating evaluation measure stability", SIGIR 2000.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def average_precision(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    n_rel = sum(1 for r in qrels.values() if r > 0)
    if n_rel == 0:
        return 0.0
    hits = 0
    total = 0.0
    for rank, doc in enumerate(run[:k], start=1):
        if qrels.get(doc, 0) > 0:
            hits += 1
            total += hits / rank
    return total / n_rel
