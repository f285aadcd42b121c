"""Class the ``features`` reranker's misses at 1 on a SQuAD-style set (issue #22, eleventh round).

Reads what ``feature_rerank_fit.py dump`` wrote (the dump's feature rows and the
``--hits`` pickle of the searches) and a weights file (a ``fit --out`` file, or the
shipped weights written the same way), and for each question whose first hit under those
weights is not its gold paragraph says:

* whether it is a *tie in judgment*: the first hit also holds one of the question's gold
  answer strings (R@1 counts it a miss; a reader would be right);
* where the legs put the gold (fused, BM25 and dense ranks; not in the reranker's top N);
* which features favour the first hit over the gold, in score units (weight x gap).

Only the tuning part's real misses are printed one by one; every part gets its totals
(the held-out part is looked at in totals only, so its questions do not steer the work).

    PYTHONPATH=src .venv/bin/python benchmarks/rerank_misses.py --dataset korquad \\
        --dump .bench/r22/dump0-korquad.json --hits .bench/r22/hits-korquad.pkl \\
        --weights .bench/r22/shipped.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from common import DATASETS, require
from feature_rerank_fit import group


def weight_row(weights: dict[str, list[float]], lang: str, width: int) -> np.ndarray:
    """The weights for a query's language, 0 for columns the weights predate."""
    row = np.zeros(width)
    given = weights[group(lang)]
    row[: len(given)] = given[:width]
    return row


def first_and_gold(
    rows: np.ndarray, w: np.ndarray, units: Sequence[str], gold: set[str]
) -> tuple[list[int], np.ndarray, int | None]:
    """(reranked order, index of the first gold in the dump's order or None)."""
    scores = rows @ w
    order = sorted(range(len(scores)), key=lambda i: -scores[i])  # stable: fused ties
    golds = [i for i, u in enumerate(units[: len(scores)]) if u in gold]
    return order, scores, (golds[0] if golds else None)


def where(gi: int | None) -> str:
    """The bucket of the gold's fused place (1, 2, 3, 4 and below, outside the top N)."""
    if gi is None:
        return "gold outside top N"
    return f"gold fused #{gi + 1}" if gi < 3 else "gold fused #4+"


def main(argv: Sequence[str] | None = None) -> int:
    from notelens.evaluate.datasets import load_dataset
    from notelens.retrieve.rerankers.feature_values import NAMES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", required=True, choices=["korquad", "xquad"])
    ap.add_argument("--dump", type=Path, required=True)
    ap.add_argument("--hits", type=Path, required=True, help="the dump's --hits pickle")
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--part", default="train", help="the part whose misses are listed")
    args = ap.parse_args(argv)

    fmt, path, qrels_path, _ks = DATASETS[args.dataset]
    answers = load_dataset(f"{fmt}:{require(path)}", qrels_path).answers
    dump = json.loads(args.dump.read_text(encoding="utf-8"))
    hits = pickle.loads(args.hits.read_bytes())  # our own file (the dump's --hits)
    weights = json.loads(args.weights.read_text(encoding="utf-8"))["weights"]
    totals: dict[str, Counter[str]] = {}
    for q in dump["questions"]:
        rows = np.asarray(q["rows"], dtype=np.float64)
        w = weight_row(weights, q["lang"], rows.shape[1])
        order, scores, gi = first_and_gold(rows, w, q["units"], set(q["qrels"]))
        count = totals.setdefault(q["part"], Counter())
        count["questions"] += 1
        if gi is not None and order[0] == gi:
            continue
        first = hits[q["qid"]][order[0]]
        tie = any(a and a in first.text for a in answers.get(q["qid"], []))
        count["misses"] += 1
        count["ties" if tie else "real"] += 1
        if tie:
            continue
        count[where(gi)] += 1
        if q["part"] != args.part:
            continue
        print("=" * 80)
        print(q["qid"], q["query"], "| answers:", answers.get(q["qid"]))
        if gi is None:
            print("  gold not among the reranked hits")
            continue
        gold = hits[q["qid"]][gi]
        eg, ef = gold.explanation, first.explanation
        print(
            f"  gold fused #{gi + 1} -> #{order.index(gi) + 1}, first fused #{order[0] + 1};"
            f" score gap {scores[order[0]] - scores[gi]:.3f}; BM25 rank gold/first"
            f" {eg.bm25_rank}/{ef.bm25_rank}, dense {eg.dense_rank}/{ef.dense_rank}"
        )
        gaps = {
            n: round(float((rows[order[0], k] - rows[gi, k]) * w[k]), 3)
            for k, n in enumerate(NAMES[: rows.shape[1]])
            if w[k]
        }
        print("  for the first (weight x gap):", gaps)
        print("  FIRST:", first.title, "|", first.text[:240].replace("\n", " "))
        print("  GOLD :", gold.title, "|", gold.text[:240].replace("\n", " "))
    for part, count in totals.items():
        print(part, json.dumps(dict(count), ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
