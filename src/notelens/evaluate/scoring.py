"""Per-query and mean metric values for a run, with the names used in reports and JSON.

Names: ``nDCG@k``, ``Recall@k``, ``P@k``, ``F1@k``, ``Hit@k``, ``MRR@k`` for each cut-off
k, and ``MAP`` (average precision over the whole run depth).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

from notelens.evaluate.metrics import (
    average_precision,
    f1_at_k,
    hit_at_k,
    mrr_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)

_AT_K = (
    ("nDCG", ndcg_at_k),
    ("Recall", recall_at_k),
    ("P", precision_at_k),
    ("F1", f1_at_k),
    ("Hit", hit_at_k),
    ("MRR", mrr_at_k),
)


def metric_names(ks: Sequence[int]) -> list[str]:
    return [f"{name}@{k}" for name, _ in _AT_K for k in ks] + ["MAP"]


def score_query(
    run: Sequence[str], qrels: Mapping[str, float], ks: Sequence[int]
) -> dict[str, float]:
    """Every metric for one query's ranked ``run`` against its ``qrels``."""
    out: dict[str, float] = {}
    for name, fn in _AT_K:
        for k in ks:
            out[f"{name}@{k}"] = fn(run, qrels, k)
    out["MAP"] = average_precision(run, qrels, len(run) if run else 1)
    return out


def mean_metrics(per_query: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Arithmetic mean of each metric over queries (macro average, as trec_eval/ranx)."""
    if not per_query:
        return {}
    return {m: statistics.fmean(q[m] for q in per_query) for m in per_query[0]}


def primary_metric(ks: Sequence[int]) -> str:
    """The headline metric: nDCG@10 when 10 is a cut-off, else nDCG at the largest k."""
    return "nDCG@10" if 10 in ks else f"nDCG@{max(ks)}"
