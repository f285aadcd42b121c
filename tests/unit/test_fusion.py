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


def test_zscore_standardises_each_list() -> None:
    from notelens.retrieve.fusion import zscore_fusion

    bm25 = [("a", 10.0), ("b", 8.0), ("c", 6.0)]  # mean 8, std sqrt(8/3)
    dense = [("b", 0.9), ("d", 0.7)]  # mean 0.8, std 0.1
    fused = dict(zscore_fusion([bm25, dense], [0.5, 0.5]))
    s1 = (8 / 3) ** 0.5
    z_a, z_b, z_c = 2 / s1, 0.0, -2 / s1
    assert fused["a"] == pytest.approx(0.5 * z_a + 0.5 * -1.0)  # absent from dense: its min z
    assert fused["b"] == pytest.approx(0.5 * z_b + 0.5 * 1.0)
    assert fused["c"] == pytest.approx(0.5 * z_c + 0.5 * -1.0)
    assert fused["d"] == pytest.approx(0.5 * z_c + 0.5 * -1.0)


def test_zscore_is_scale_free_and_weighted() -> None:
    from notelens.retrieve.fusion import zscore_fusion

    bm25 = [("a", 30.0), ("b", 20.0), ("c", 10.0)]
    dense = [("c", 0.95), ("b", 0.80), ("a", 0.65)]
    scaled = [(i, s * 7 + 3) for i, s in bm25]
    a = zscore_fusion([bm25, dense], [0.7, 0.3])
    b = zscore_fusion([scaled, dense], [0.7, 0.3])
    assert [i for i, _ in a] == [i for i, _ in b]
    assert [s for _, s in a] == pytest.approx([s for _, s in b])
    assert zscore_fusion([bm25, dense], [0.7, 0.3])[0][0] == "a"
    assert zscore_fusion([bm25, dense], [0.3, 0.7])[0][0] == "c"


def test_zscore_degenerate_lists() -> None:
    from notelens.retrieve.fusion import zscore_fusion

    assert zscore_fusion([[], []], [0.5, 0.5]) == []
    # One entry, or all-equal scores: no order information, z = 0; ties by rank then first seen.
    out = zscore_fusion([[("x", 3.0)], [("y", 0.5), ("z", 0.5)]], [0.5, 0.5])
    assert [i for i, _ in out] == ["x", "y", "z"]
    assert all(s == 0.0 for _, s in out)
    # A duplicate id in one list votes once, with its first score.
    dup = dict(zscore_fusion([[("a", 2.0), ("a", 9.0), ("b", 1.0)]], [1.0]))
    assert dup["a"] > dup["b"]
    with pytest.raises(ValueError):
        zscore_fusion([[("a", 1.0)]], [0.5, 0.5])


def test_fusion_method_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.config import FusionConfig, Settings
    from notelens.engine import Engine
    from notelens.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown fusion method 'bogus'"):
        Engine(settings=Settings(fusion=FusionConfig(method="bogus")))
    monkeypatch.setenv("NOTELENS_FUSION", "rrf")
    assert Settings.from_env().fusion.method == "rrf"
    monkeypatch.delenv("NOTELENS_FUSION")
    assert Settings.from_env().fusion.method == "zscore"


def test_dbsf_maps_each_list_to_its_three_sigma_range() -> None:
    from notelens.retrieve.fusion import dbsf_fusion, fuse

    bm25 = [("LoRA 노트", 12.0), ("gqa", 6.0), ("dpo", 3.0)]
    dense = [("gqa", 0.91), ("dpo", 0.90), ("rrf", 0.70)]
    out = dbsf_fusion([bm25, dense], [0.5, 0.5])
    scores = dict(out)
    # each present id gets w * clip((s - (mean - 3 std)) / (6 std)); absent ids add 0
    assert scores["gqa"] > scores["LoRA 노트"] > scores["rrf"]
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert [i for i, _ in out] == [i for i, _ in fuse("dbsf", [bm25, dense], [0.5, 0.5])]
    # a list whose scores are all equal puts its ids at the middle (0.5)
    assert dict(dbsf_fusion([[("a", 1.0), ("b", 1.0)]], [1.0])) == {"a": 0.5, "b": 0.5}
    with pytest.raises(ValueError):
        dbsf_fusion([bm25], [0.5, 0.5])
