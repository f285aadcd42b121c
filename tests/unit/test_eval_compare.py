"""Paired significance tests and run selection for `notelens eval compare`."""

from __future__ import annotations

import itertools
import json
import random
import statistics
from pathlib import Path

import pytest

from notelens.errors import DatasetError
from notelens.evaluate.compare import compare_modes, paired_ttest, randomization_test, select_run
from notelens.evaluate.results import EvalResult, ModeResult, QueryResult
from notelens.evaluate.scoring import mean_metrics

pytestmark = pytest.mark.unit


def _exact_p(a: list[float], b: list[float]) -> float:
    """The randomization test's exact p-value, by enumerating all 2^n sign flips."""
    diffs = [y - x for x, y in zip(a, b, strict=True)]
    obs = abs(statistics.fmean(diffs))
    count = 0
    total = 0
    for signs in itertools.product((1, -1), repeat=len(diffs)):
        total += 1
        if abs(statistics.fmean(s * d for s, d in zip(signs, diffs, strict=True))) >= obs - 1e-12:
            count += 1
    return count / total


def test_randomization_matches_exact_enumeration() -> None:
    rng = random.Random(3)
    a = [rng.random() for _ in range(10)]
    b = [x + rng.uniform(-0.1, 0.3) for x in a]
    exact = _exact_p(a, b)
    assert 0.0 < exact < 1.0
    assert randomization_test(a, b, n=20_000, seed=1) == pytest.approx(exact, abs=0.01)


def test_randomization_edge_cases() -> None:
    assert randomization_test([0.5, 0.2], [0.5, 0.2]) == 1.0
    # A large consistent improvement over 200 queries: p at the floor 1/(n+1).
    a = [0.2] * 200
    b = [0.3] * 200
    assert randomization_test(a, b, n=1000) == pytest.approx(1 / 1001)


def test_ttest_matches_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    rng = random.Random(5)
    a = [rng.random() for _ in range(30)]
    b = [x + rng.gauss(0.05, 0.1) for x in a]
    assert paired_ttest(a, b) == pytest.approx(float(stats.ttest_rel(b, a).pvalue))
    assert paired_ttest([1.0, 2.0], [1.0, 2.0]) == 1.0


def _mode(name: str, values: dict[str, float]) -> ModeResult:
    rows = [
        QueryResult(
            qid=q,
            query=f"질문 {q}",
            metrics={"nDCG@10": v, "MAP": v / 2},
            retrieved=[],
            relevant=[],
        )
        for q, v in values.items()
    ]
    return ModeResult(mode=name, metrics=mean_metrics([r.metrics for r in rows]), queries=rows)


def test_compare_modes_counts_and_common_queries() -> None:
    a = _mode("bm25", {"q1": 0.5, "q2": 1.0, "q3": 0.0, "q4": 0.3})
    b = _mode("hybrid", {"q1": 0.7, "q2": 1.0, "q3": 0.2, "q5": 0.9})
    (ndcg, mp) = compare_modes(a, b, n=2000)
    assert ndcg.metric == "nDCG@10" and mp.metric == "MAP"
    assert (ndcg.wins, ndcg.losses, ndcg.ties) == (2, 0, 1)  # q4/q5 are not shared
    assert ndcg.mean_a == pytest.approx(0.5) and ndcg.mean_b == pytest.approx(1.9 / 3)
    assert ndcg.delta == pytest.approx(1.9 / 3 - 0.5)
    with pytest.raises(DatasetError):
        compare_modes(a, _mode("x", {"z": 1.0}))


def test_select_run_file_and_mode(tmp_path: Path) -> None:
    res = EvalResult(
        dataset={"name": "t"},
        ks=[10],
        depth=10,
        modes={"bm25": _mode("bm25", {"q1": 0.1}), "hybrid": _mode("hybrid", {"q1": 0.9})},
    )
    f = tmp_path / "run.v1.json"
    f.write_text(json.dumps(res.to_dict(), ensure_ascii=False), encoding="utf-8")
    label, m = select_run(str(f))
    assert m.mode == "hybrid" and label == "run.v1.json:hybrid"
    assert select_run(f"{f}:bm25")[1].mode == "bm25"
    with pytest.raises(DatasetError, match="no mode"):
        select_run(f"{f}:dense")
    with pytest.raises(DatasetError, match="not found"):
        select_run(str(tmp_path / "none.json"))
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DatasetError, match="not a notelens eval result"):
        select_run(str(tmp_path / "bad.json"))
