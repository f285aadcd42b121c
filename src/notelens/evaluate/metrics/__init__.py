"""Ranking and answer metrics, one module per metric (formula and reference in each docstring).

Conventions shared by the ranking metrics: a *run* for one query is a ranked list of
document ids (best first, duplicates already removed); *qrels* map a document id to its
graded relevance (> 0 is relevant). Each function scores one query; average over
queries. Tested against ranx on the same runs (tests/unit/test_metrics_ranx.py).
"""

from notelens.evaluate.metrics.citation import citation_precision
from notelens.evaluate.metrics.containment import contains_gold
from notelens.evaluate.metrics.exact_match import exact_match
from notelens.evaluate.metrics.f1 import f1_at_k
from notelens.evaluate.metrics.hit import hit_at_k
from notelens.evaluate.metrics.map import average_precision
from notelens.evaluate.metrics.mrr import mrr_at_k
from notelens.evaluate.metrics.ndcg import ndcg_at_k
from notelens.evaluate.metrics.precision import precision_at_k
from notelens.evaluate.metrics.recall import recall_at_k
from notelens.evaluate.metrics.refusal import refusal_rate
from notelens.evaluate.metrics.token_f1 import token_f1

__all__ = [
    "average_precision",
    "citation_precision",
    "contains_gold",
    "exact_match",
    "f1_at_k",
    "hit_at_k",
    "mrr_at_k",
    "ndcg_at_k",
    "precision_at_k",
    "recall_at_k",
    "refusal_rate",
    "token_f1",
]
