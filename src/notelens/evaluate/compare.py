"""Compare two runs query by query, with paired significance tests.

For each metric the two runs share, over the queries both scored:

* **paired randomization (permutation) test**, two-sided: under the null hypothesis
  the labels A/B are exchangeable per query, so each per-query difference keeps or
  flips its sign with probability 1/2; p is the share of ``n`` random sign
  assignments whose mean |difference| is at least the observed one (with the +1
  correction of Phipson & Smyth 2010). Smucker, Allan & Carterette, "A comparison of
  statistical significance tests for information retrieval evaluation", CIKM 2007,
  recommend it for IR.
* **paired t-test** (``scipy.stats.ttest_rel``), for reference.

Many metrics are tested at once: read p-values with that in mind (the report lists
them all; no correction is applied).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notelens.errors import DatasetError
from notelens.evaluate.results import EvalResult, ModeResult


@dataclass(frozen=True, slots=True)
class MetricComparison:
    metric: str
    mean_a: float
    mean_b: float
    delta: float
    p_randomization: float
    p_ttest: float
    wins: int  # queries where B > A
    losses: int  # queries where B < A
    ties: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "mean_a": self.mean_a,
            "mean_b": self.mean_b,
            "delta": self.delta,
            "p_randomization": self.p_randomization,
            "p_ttest": self.p_ttest,
            "wins": self.wins,
            "losses": self.losses,
            "ties": self.ties,
        }


def randomization_test(a: list[float], b: list[float], *, n: int = 10_000, seed: int = 0) -> float:
    """Two-sided paired randomization test p-value for mean(b - a)."""
    import numpy as np

    diffs = np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)
    if diffs.size == 0 or not np.any(diffs):
        return 1.0
    observed = abs(diffs.mean())
    rng = np.random.default_rng(seed)
    hits = 0
    done = 0
    # Batches keep memory bounded for large query sets (n x queries signs at once).
    batch = max(1, min(n, 2_000_000 // max(1, diffs.size)))
    while done < n:
        m = min(batch, n - done)
        signs = rng.integers(0, 2, size=(m, diffs.size), dtype=np.int8) * 2 - 1
        means = np.abs((signs * diffs).mean(axis=1))
        hits += int(np.count_nonzero(means >= observed - 1e-12))
        done += m
    return (hits + 1) / (n + 1)


def paired_ttest(a: list[float], b: list[float]) -> float:
    """Two-sided paired t-test p-value; 1.0 when the differences are all equal."""
    diffs = [y - x for x, y in zip(a, b, strict=True)]
    if len(diffs) < 2 or statistics.pstdev(diffs) == 0:
        return 1.0 if not any(diffs) else 0.0
    from scipy import stats

    p = float(stats.ttest_rel(b, a).pvalue)
    return p if not math.isnan(p) else 1.0


def compare_modes(
    a: ModeResult, b: ModeResult, *, metrics: list[str] | None = None, n: int = 10_000
) -> list[MetricComparison]:
    """Per-metric paired comparison of B against A on the queries both have."""
    qa = {q.qid: q.metrics for q in a.queries}
    qb = {q.qid: q.metrics for q in b.queries}
    common = [q for q in qa if q in qb]
    if not common:
        raise DatasetError("the two runs share no query id")
    names = metrics or [m for m in a.metrics if m in b.metrics]
    out: list[MetricComparison] = []
    for metric in names:
        xs = [qa[q][metric] for q in common]
        ys = [qb[q][metric] for q in common]
        out.append(
            MetricComparison(
                metric=metric,
                mean_a=statistics.fmean(xs),
                mean_b=statistics.fmean(ys),
                delta=statistics.fmean(ys) - statistics.fmean(xs),
                p_randomization=randomization_test(xs, ys, n=n),
                p_ttest=paired_ttest(xs, ys),
                wins=sum(1 for x, y in zip(xs, ys, strict=True) if y > x),
                losses=sum(1 for x, y in zip(xs, ys, strict=True) if y < x),
                ties=sum(1 for x, y in zip(xs, ys, strict=True) if y == x),
            )
        )
    return out


def select_run(spec: str) -> tuple[str, ModeResult]:
    """``run.json`` (its hybrid mode, or its only one) or ``run.json:MODE``."""
    path_s, mode = spec, ""
    head, sep, tail = spec.rpartition(":")
    if sep and head and tail and "/" not in tail and "\\" not in tail and "." not in tail:
        path_s, mode = head, tail
    result = EvalResult.load(Path(path_s))
    if not mode:
        mode = "hybrid" if "hybrid" in result.modes else next(iter(result.modes))
    if mode not in result.modes:
        raise DatasetError(
            f"no mode {mode!r} in this result (it has {', '.join(result.modes)})", path=path_s
        )
    return f"{Path(path_s).name}:{mode}", result.modes[mode]
