"""Fit and check the ``features`` reranker's weights (issue #22, seventh round).

``dump``: per question of a set (its cached eval index: the real store, analyzer and
e5), the fused hybrid top N as the search returns it (folded, no reranker), each hit's
feature row (the reranker's own ``rows``), its judged unit (the eval's ``hit_unit``, so a
folded copy counts as the eval counts it) and gain, and the CPU time of the rows.

``fit``: pairwise logistic regression (a relevant hit above a less relevant one of the
same question, each question weighing 1) on the *tuning* parts only (KorQuAD 1-1000,
SciFact train first half, notes odd ids; XQuAD and AutoRAG-ko are held out whole), one
weight row for English queries and one for Korean and mixed ones; then every part is
re-scored (the top N reordered, the eval's metrics on the units) against the fused
order, with the paired randomization test.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/feature_rerank_fit.py dump \\
        --dataset korquad --cache .bench/ac-cache --out .bench/r9/dump-korquad.json
    PYTHONPATH=src .venv/bin/python benchmarks/feature_rerank_fit.py fit \\
        .bench/r9/dump-*.json --l2 0.0003,0.003,0.03 \\
        --features fused,coverage,heading,proximity,bigrams,sentence,length \\
        --out .bench/r9/fit-text.json

(the shipped weights: several ``--l2`` values are chosen among by cross-validation on the
tuning questions; the feature set by the CV means of a run with and without
``--features``, never by the held-out parts)
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from common import ROOT, machine
from source_leg import open_set, parts

SETS = ["korquad", "xquad", "scifact", "autorag-ko", "notes"]
KS = [1, 5, 10]


def dump(args: argparse.Namespace) -> int:
    from notelens.analysis.lang import detect_lang
    from notelens.evaluate.runner import hit_unit
    from notelens.retrieve.rerankers.features import FeatureReranker

    ds, engine, unit = open_set(args.dataset, args.cache, args.questions, args.folders)
    split = parts(args.dataset, list(ds.queries))  # type: ignore[attr-defined]
    part_of = {q: p for p, qs in split.items() for q in qs}
    searcher = engine._get_searcher()  # type: ignore[attr-defined]
    reranker = FeatureReranker()
    reranker.bind_analyzer(searcher.analyzer)
    reranker.bind_store(searcher.store)
    out: list[dict[str, object]] = []
    cpu: list[float] = []
    qids = list(ds.queries)[: args.limit]  # type: ignore[attr-defined]
    # The searches are most of a dump's time and do not change with the features: kept
    # in a pickle (--hits), a re-dump after a feature change reads them back.
    saved: dict[str, list[object]] = {}
    if args.hits and args.hits.exists():
        saved = pickle.loads(args.hits.read_bytes())  # our own file, written below
    for qid in qids:
        q = ds.queries[qid]  # type: ignore[attr-defined]
        qrels = ds.qrels.get(qid, {})  # type: ignore[attr-defined]
        # k 100 as the eval reads it (its head is the k N list: -k 5 is the head of -k
        # 100); the rows are of the top N only, the rest keeps its fused order.
        if qid not in saved:
            saved[qid] = searcher.search(q, k=100, mode="hybrid", rerank="identity")
        hits = saved[qid]
        t0 = time.process_time()
        rows = reranker.rows(q, hits[: args.n])
        cpu.append((time.process_time() - t0) * 1e3)
        units = [hit_unit(qid, h, unit, qrels) for h in hits]
        out.append(
            {
                "qid": qid,
                "query": q,
                "lang": detect_lang(q),
                "part": part_of.get(qid, "held"),
                "units": units,
                "gains": [float(qrels.get(u, 0)) for u in units],
                "qrels": {k: float(v) for k, v in qrels.items()},
                "rows": [[round(x, 6) for x in r] for r in rows],
            }
        )
    if args.hits:
        args.hits.parent.mkdir(parents=True, exist_ok=True)
        args.hits.write_bytes(pickle.dumps(saved))
    c = sorted(cpu)
    timing = {
        "rows_cpu_ms_p50": round(c[len(c) // 2], 3),
        "rows_cpu_ms_p95": round(c[int(len(c) * 0.95)], 3),
    }
    print(args.dataset, len(out), "questions", json.dumps(timing), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "dataset": args.dataset,
        "n": args.n,
        "machine": machine(),
        "timing": timing,
        "questions": out,
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return 0


def group(lang: str) -> str:
    return "en" if lang == "en" else "ko"


def pairs(
    questions: Sequence[dict[str, object]], top: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Row differences (better - worse) of every judged pair, and each pair's weight
    (1 / the question's pair count: every question weighs the same). ``top``: only the
    pairs whose worse hit is among the fused top ``top`` (the ones R@1 turns on)."""
    diffs: list[np.ndarray] = []
    weights: list[float] = []
    for q in questions:
        rows = np.asarray(q["rows"], dtype=np.float64)
        gains = np.asarray(q["gains"], dtype=np.float64)[: len(rows)]
        better, worse = np.nonzero(gains[:, None] > gains[None, :])
        if top is not None:
            keep = worse < top
            better, worse = better[keep], worse[keep]
        if len(better) == 0:
            continue
        diffs.append(rows[better] - rows[worse])
        weights.extend([1.0 / len(better)] * len(better))
    if not diffs:
        return np.zeros((0, 0)), np.zeros(0)
    return np.concatenate(diffs), np.asarray(weights)


def fit_logistic(x: np.ndarray, w: np.ndarray, l2: float, steps: int = 3000) -> np.ndarray:
    """Weights minimising the weighted pairwise logistic loss + l2 |beta|^2 (beta[0], the
    fused score's, is fixed at 1: the scale of a ranking is free), by gradient descent
    on standardised features."""
    scale = x.std(axis=0) + 1e-9
    z = x / scale
    beta = np.zeros(x.shape[1])
    beta[0] = scale[0]  # fused weight 1 in raw units
    lr = 0.5
    for _ in range(steps):
        margin = z @ beta
        p = 1.0 / (1.0 + np.exp(np.clip(margin, -30, 30)))
        grad = -(z * (w * p)[:, None]).sum(axis=0) / w.sum() + 2 * l2 * beta
        grad[0] = 0.0
        beta -= lr * grad
    raw = beta / scale
    return raw / raw[0]


def fit_groups(
    train: Sequence[dict[str, object]], keep: list[int], l2: float, top: int | None = None
) -> dict[str, list[float]]:
    """One weight row per query language group, fitted on ``train``; the features not
    kept weigh 0 (``keep`` starts with the fused score, whose weight is 1)."""
    width = len(train[0]["rows"][0])  # type: ignore[index]
    fitted: dict[str, list[float]] = {}
    for g in ("en", "ko"):
        x, w = pairs([q for q in train if group(str(q["lang"])) == g], top)
        row = np.zeros(width)
        row[0] = 1.0
        if len(w):
            row[keep] = fit_logistic(x[:, keep], w, l2)
        fitted[g] = [round(float(b), 4) for b in row]
    return fitted


def cross_validate(
    train: Sequence[dict[str, object]],
    keep: list[int],
    l2s: list[float],
    folds: int,
    top: int | None = None,
) -> float:
    """The L2 strength with the best mean metric over ``folds`` folds of the tuning
    questions (each fold scored by weights fitted on the others)."""
    best, best_l2 = -1.0, l2s[0]
    for l2 in l2s:
        vals: list[float] = []
        by_set: dict[str, list[float]] = {}
        # contiguous blocks: a set's questions on one article or abstract stay together
        # (folds by i % folds would let a fold fit on its own paragraphs' questions)
        block = [i * folds // len(train) for i in range(len(train))]
        for f in range(folds):
            weights = fit_groups(
                [q for q, b in zip(train, block, strict=True) if b != f], keep, l2, top
            )
            for q in (q for q, b in zip(train, block, strict=True) if b == f):
                metric = "Hit@1" if len(q["qrels"]) <= 1 else "nDCG@10"  # type: ignore[arg-type]
                vals.append(rescore(q, np.asarray(weights[group(str(q["lang"]))]))[metric])
                by_set.setdefault(str(q.get("set", "")), []).append(vals[-1])
        mean = float(np.mean(vals))
        # per set too: a feature for one set's class (notes' cross-language questions)
        # moves the mean by a few of its ~1,500 questions, within the larger sets' noise
        parts = ", ".join(f"{k} {np.mean(v):.4f}" for k, v in by_set.items())
        print(f"cv l2 {l2}: {mean:.4f} ({parts})", file=sys.stderr)
        if mean > best:
            best, best_l2 = mean, l2
    return best_l2


def rescore(q: dict[str, object], weights: np.ndarray | None) -> dict[str, float]:
    from notelens.evaluate.scoring import score_query

    units = list(q["units"])  # type: ignore[call-overload]
    if weights is not None:
        scores = np.asarray(q["rows"], dtype=np.float64) @ weights
        n = len(scores)
        order = sorted(range(n), key=lambda i: -scores[i])  # stable: fused ties
        units = [units[i] for i in order] + units[n:]
    return score_query(list(dict.fromkeys(units)), q["qrels"], KS)  # type: ignore[arg-type]


def fit(args: argparse.Namespace) -> int:
    from notelens.evaluate.compare import randomization_test
    from notelens.retrieve.rerankers.feature_values import NAMES

    sets = {}
    for path in args.dumps:
        payload = json.loads(path.read_text(encoding="utf-8"))
        sets[payload["dataset"]] = payload["questions"]
        for q in payload["questions"]:
            q["set"] = payload["dataset"]
    train = [q for qs in sets.values() for q in qs if q["part"] == "train"]
    keep = (
        [NAMES.index(n) for n in args.features.split(",")]
        if args.features
        else list(range(len(NAMES)))
    )
    l2s = [float(x) for x in args.l2.split(",")]
    l2 = l2s[0] if len(l2s) == 1 else cross_validate(train, keep, l2s, args.folds, args.top)
    fitted = fit_groups(train, keep, l2, args.top)
    for g, beta in fitted.items():
        print(g, "l2", l2, dict(zip(NAMES, beta, strict=True)), file=sys.stderr)
    # the order to compare with: the fused one, or another fit's weights (--against)
    other = (
        json.loads(args.against.read_text(encoding="utf-8"))["weights"] if args.against else None
    )

    def against(q: dict[str, object]) -> np.ndarray | None:
        if other is None:
            return None
        row = np.zeros(len(NAMES))
        given = other[group(str(q["lang"]))]
        row[: len(given)] = given  # a fit from before a feature was added weighs it 0
        return row

    rows = []
    for name, qs in sets.items():
        metric = "nDCG@10" if name == "scifact" else "Hit@1"
        for part in ("train", "held"):
            members = [q for q in qs if q["part"] == part]
            if not members:
                continue
            base = [rescore(q, against(q))[metric] for q in members]
            new = [rescore(q, np.asarray(fitted[group(q["lang"])]))[metric] for q in members]
            row = {
                "set": name,
                "part": part,
                "n": len(members),
                "metric": metric,
                "base": round(float(np.mean(base)), 4),
                "features": round(float(np.mean(new)), 4),
                "better": sum(b > a for a, b in zip(base, new, strict=True)),
                "worse": sum(b < a for a, b in zip(base, new, strict=True)),
                "p": round(randomization_test(base, new), 4),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": machine(),
            "l2": l2,
            "weights": fitted,
            "names": list(NAMES),
            "rows": rows,
        }
        args.out.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="the fused top N with feature rows and gains")
    d.add_argument("--dataset", required=True, choices=SETS)
    d.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    d.add_argument("--n", type=int, default=20, help="the reranker's N")
    d.add_argument("--limit", type=int, default=None)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--questions", type=Path, default=None, help="notes: another question file")
    d.add_argument("--folders", type=Path, nargs="+", default=None, help="notes: its folders")
    d.add_argument("--hits", type=Path, default=None, help="pickle of the searches (reused)")
    f = sub.add_parser("fit", help="fit on the tuning parts, check every part")
    f.add_argument("dumps", type=Path, nargs="+")
    f.add_argument("--l2", default="0.01", help="one value, or several to cross-validate")
    f.add_argument("--folds", type=int, default=5)
    f.add_argument("--features", default="", help="a subset of the names (fused first)")
    f.add_argument(
        "--top", type=int, default=None, help="only pairs against the fused top TOP hits"
    )
    f.add_argument("--against", type=Path, default=None, help="compare with this fit's weights")
    f.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    return dump(args) if args.cmd == "dump" else fit(args)


if __name__ == "__main__":
    sys.exit(main())
