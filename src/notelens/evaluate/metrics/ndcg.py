"""nDCG@k with linear gains (the trec_eval / BEIR convention).

    DCG@k  = sum_{i=1..k} rel_i / log2(i + 1)
    nDCG@k = DCG@k / IDCG@k          IDCG: DCG of the ideal ordering of the qrels

Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR techniques", TOIS 2002.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def ndcg_at_k(run: Sequence[str], qrels: Mapping[str, float], k: int) -> float:
    dcg = sum(
        max(qrels.get(doc, 0.0), 0.0) / math.log2(i + 1) for i, doc in enumerate(run[:k], start=1)
    )
    ideal = sorted((r for r in qrels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 1) for i, r in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0
