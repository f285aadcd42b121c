"""Ranking metrics, one module per metric (formula and reference in each docstring).

Conventions shared by all of them: a *run* for one query is a ranked list of document
ids (best first, duplicates already removed); *qrels* map a document id to its graded
relevance (> 0 is relevant). Each function scores one query; average over queries.
"""

from notelens.evaluate.metrics.mrr import mrr_at_k
from notelens.evaluate.metrics.ndcg import ndcg_at_k
from notelens.evaluate.metrics.recall import recall_at_k

__all__ = ["mrr_at_k", "ndcg_at_k", "recall_at_k"]
