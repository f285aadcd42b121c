"""Our ranking metrics against ranx on the same runs (random runs, graded qrels)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from notelens.evaluate.metrics import (
    average_precision,
    f1_at_k,
    hit_at_k,
    mrr_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)

pytestmark = pytest.mark.unit

ranx = pytest.importorskip("ranx")


def _random_case(seed: int) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(60)]
    qrels: dict[str, dict[str, int]] = {}
    runs: dict[str, list[str]] = {}
    for q in range(40):
        qid = f"q{q}"
        rel = rng.sample(docs, rng.randint(1, 6))
        qrels[qid] = {d: rng.choice([1, 1, 2, 3]) for d in rel}
        # Runs of varying length, some shorter than the largest cut-off.
        runs[qid] = rng.sample(docs, rng.randint(3, 40))
    return qrels, runs


KS = (1, 5, 10, 30)
SEEDS = (0, 1)


# ranx's metrics are numba functions; compiling them costs ~45 s on a fresh virtualenv
# (numba's on-disk cache is keyed on the source files' mtimes, which pip resets on every
# install, so no cache survives into CI), while running the same Python source
# uninterpreted takes ~2 s for these 80 queries. So ranx runs in a child process with
# NUMBA_DISABLE_JIT=1 (set before numba is imported there, and kept out of this process):
# the reference values come from ranx's own code, only not compiled. Checked equal to the
# compiled results when this was written (ndcg@10 and map@30 means, both seeds).
_RANX_CHILD = """
import json, sys
import ranx
job = json.load(sys.stdin)
out = {}
for seed, case in job["cases"].items():
    scores = ranx.evaluate(
        ranx.Qrels(case["qrels"]), ranx.Run(case["run"]), job["names"], return_mean=False
    )
    out[seed] = {name: [float(v) for v in scores[name]] for name in job["names"]}
json.dump(out, sys.stdout)
"""


@pytest.fixture(scope="module")
def ranx_scores() -> dict[tuple[int, str], dict[str, float]]:
    """ranx's per-query scores for every (seed, metric@k), from one evaluate call per seed."""
    names = [f"{m}@{k}" for m in OURS for k in KS]
    cases = {}
    for seed in SEEDS:
        qrels, runs = _random_case(seed)
        run_scores = {q: {d: float(len(r) - i) for i, d in enumerate(r)} for q, r in runs.items()}
        cases[str(seed)] = {"qrels": qrels, "run": run_scores}
    child = subprocess.run(
        [sys.executable, "-c", _RANX_CHILD],
        input=json.dumps({"cases": cases, "names": names}),
        capture_output=True,
        text=True,
        env={**os.environ, "NUMBA_DISABLE_JIT": "1"},
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    scores = json.loads(child.stdout)
    out: dict[tuple[int, str], dict[str, float]] = {}
    for seed in SEEDS:
        qrels, _ = _random_case(seed)
        for name in names:
            values = scores[str(seed)][name]
            out[(seed, name)] = dict(zip(sorted(qrels), values, strict=True))
    return out


OURS = {
    "ndcg": ndcg_at_k,
    "recall": recall_at_k,
    "precision": precision_at_k,
    "f1": f1_at_k,
    "mrr": mrr_at_k,
    "map": average_precision,
    "hit_rate": hit_at_k,
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", KS)
@pytest.mark.parametrize("name", list(OURS))
def test_matches_ranx_per_query(
    ranx_scores: dict[tuple[int, str], dict[str, float]], seed: int, k: int, name: str
) -> None:
    qrels, runs = _random_case(seed)
    theirs = ranx_scores[(seed, f"{name}@{k}")]
    fn = OURS[name]
    for qid in sorted(qrels):
        ours = fn(runs[qid], {d: float(r) for d, r in qrels[qid].items()}, k)
        assert ours == pytest.approx(theirs[qid], abs=1e-6), (name, k, qid)


def test_cases_where_metrics_disagree_are_covered() -> None:
    """The random runs include misses, partial hits and graded gains, so the
    comparison above is not trivially all zeros or ones."""
    qrels, runs = _random_case(0)
    values = {ndcg_at_k(runs[q], {d: float(r) for d, r in qrels[q].items()}, 10) for q in qrels}
    assert 0.0 in values
    assert any(0.0 < v < 1.0 for v in values)
