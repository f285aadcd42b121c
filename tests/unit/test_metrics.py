"""Metrics against hand-computed values (and trec_eval conventions)."""

from __future__ import annotations

import math

import pytest

from notelens.evaluate.metrics import mrr_at_k, ndcg_at_k, recall_at_k

pytestmark = pytest.mark.unit

QRELS = {"d1": 1.0, "d3": 2.0, "d9": 1.0}
RUN = ["d3", "d2", "d1", "d4", "d5"]


def test_recall() -> None:
    assert recall_at_k(RUN, QRELS, 1) == pytest.approx(1 / 3)
    assert recall_at_k(RUN, QRELS, 3) == pytest.approx(2 / 3)
    assert recall_at_k(RUN, QRELS, 100) == pytest.approx(2 / 3)
    assert recall_at_k(RUN, {}, 5) == 0.0
    assert recall_at_k(RUN, {"d2": 0.0}, 5) == 0.0


def test_mrr() -> None:
    assert mrr_at_k(RUN, QRELS, 10) == 1.0
    assert mrr_at_k(["x", "y", "d1"], QRELS, 10) == pytest.approx(1 / 3)
    assert mrr_at_k(["x", "y", "d1"], QRELS, 2) == 0.0


def test_ndcg_graded() -> None:
    dcg = 2 / math.log2(2) + 0 + 1 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(RUN, QRELS, 5) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(["d3", "d1", "d9"], QRELS, 3) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], QRELS, 1) == 0.0
    assert ndcg_at_k(RUN, {}, 10) == 0.0
