"""Weighted RRF: formula, weights, ties, duplicates."""

from __future__ import annotations

import pytest

from notelens.retrieve.fusion import weighted_rrf

pytestmark = pytest.mark.unit


def test_equal_weights_is_classic_rrf() -> None:
    fused = dict(weighted_rrf([["a", "b", "c"], ["b", "a", "d"]], [1.0, 1.0], k=60))
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 63)
    assert fused["d"] == pytest.approx(1 / 63)


def test_order_and_tie_break_by_best_rank_then_first_seen() -> None:
    out = [item for item, _ in weighted_rrf([["a", "b"], ["b", "a"]], [1.0, 1.0], k=60)]
    # a and b tie on score and on best rank (1); a appeared first.
    assert out == ["a", "b"]


def test_weights_shift_the_winner() -> None:
    rankings = [["bm25-top", "b2"], ["dense-top", "d2"]]
    bm25_heavy = [i for i, _ in weighted_rrf(rankings, [1.0, 0.3], k=60)]
    dense_heavy = [i for i, _ in weighted_rrf(rankings, [0.3, 1.0], k=60)]
    assert bm25_heavy[0] == "bm25-top"
    assert dense_heavy[0] == "dense-top"


def test_item_in_both_lists_beats_single_list_items() -> None:
    out = weighted_rrf([["x", "both"], ["y", "both"]], [1.0, 1.0], k=1)
    # both: 1/3 + 1/3 = 0.667 > x: 1/2
    assert out[0][0] == "both"


def test_duplicates_within_a_list_count_once() -> None:
    fused = dict(weighted_rrf([["a", "a", "b"]], [1.0], k=60))
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 63)


def test_zero_weight_list_still_contributes_candidates_but_no_score() -> None:
    fused = dict(weighted_rrf([["a"], ["b"]], [1.0, 0.0], k=60))
    assert fused == {"a": pytest.approx(1 / 61), "b": 0.0}


def test_empty_and_invalid() -> None:
    assert weighted_rrf([[], []], [1.0, 1.0]) == []
    with pytest.raises(ValueError):
        weighted_rrf([["a"]], [1.0, 2.0])
    with pytest.raises(ValueError):
        weighted_rrf([["a"]], [1.0], k=0)
