"""Hybrid fusion settings swept from one retrieval pass, on a dataset's cached eval index.

For every query, BM25 and dense candidates (ids and scores) are fetched once at the
largest depth; each setting re-fuses them with `notelens.retrieve.fusion.fuse` (what
`Searcher.search` calls), then maps chunks to documents (first chunk wins). Settings:
RRF (constant k, (bm25, dense) weights, candidates per retriever) and z-score convex
combination (dense weight alpha, bm25 weight 1 - alpha, candidates). The index is the
one `notelens eval` / `benchmarks/peer_suite.py` built in the cache (run one of them first).

    .venv/bin/python benchmarks/fusion_sweep.py --dataset scifact
    .venv/bin/python benchmarks/fusion_sweep.py --dataset korquad --limit-queries 1000
    .venv/bin/python benchmarks/fusion_sweep.py --dataset scifact --methods zscore --alphas 0.5
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from notelens.config import Settings  # noqa: E402
from notelens.engine import Engine  # noqa: E402
from notelens.evaluate.datasets import load_dataset  # noqa: E402
from notelens.evaluate.runner import CorpusIndex  # noqa: E402
from notelens.evaluate.scoring import mean_metrics, score_query  # noqa: E402
from notelens.progress import NullProgress  # noqa: E402
from notelens.retrieve.fusion import fuse  # noqa: E402
from peer_suite import DATASETS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dataset", choices=list(DATASETS), required=True)
    ap.add_argument("--limit-queries", type=int, default=None)
    ap.add_argument(
        "--skip-queries", type=int, default=0, help="drop the first N (held-out checks)"
    )
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "eval-cache")
    ap.add_argument("--rrf-k", default="10,20,40,60,100")
    ap.add_argument("--weights", default="1.0:0.2,1.0:0.4,1.0:0.6,1.0:0.8,1.0:1.0,0.8:1.0,0.6:1.0")
    ap.add_argument("--candidates", default="50,100,200,300")
    ap.add_argument("--methods", default="rrf,zscore")
    ap.add_argument(
        "--alphas", default="0.2,0.3,0.4,0.5,0.6,0.7", help="zscore: dense weights to try"
    )
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    fmt, path, qrels_file, ks = DATASETS[args.dataset]
    ds = load_dataset(f"{fmt}:{path}", qrels_file)
    if args.skip_queries:
        ds.queries = dict(list(ds.queries.items())[args.skip_queries :])
    ds = ds.limit(args.limit_queries)
    engine = Engine(settings=Settings.from_env(index_dir=args.cache / "unused"))
    corpus = CorpusIndex(ds, engine, args.cache)
    corpus.prepare(NullProgress())
    searcher = corpus.engine._get_searcher()
    depths = [int(x) for x in args.candidates.split(",")]
    n = max(depths)
    lists: dict[str, tuple[list[tuple[str, float]], list[tuple[str, float]]]] = {}
    doc_of: dict[str, str] = {}
    for qid, q in ds.queries.items():
        plan = searcher.plan(q)
        b = [(s.chunk_id, s.score) for s in searcher.store.search_terms(list(plan.terms), n)]
        d = [
            (s.chunk_id, s.score) for s in searcher.store.search_vector(searcher.query_vector(q), n)
        ]
        missing = [c for c in dict.fromkeys(c for c, _ in b + d) if c not in doc_of]
        for rec in searcher.store.get(missing):
            doc_of[rec.chunk_id] = corpus.docmap.get(Path(rec.source).stem, rec.chunk_id)
        lists[qid] = (b, d)
    print(
        f"{args.dataset}: {len(ds.queries)} queries; retrieved once at depth {n}", file=sys.stderr
    )

    weights = [tuple(float(x) for x in w.split(":")) for w in args.weights.split(",")]
    fusion = Settings.from_env().fusion
    lang = "ko" if fmt in ("squad", "autorag") and args.dataset != "xquad" else "en"
    lang_w = fusion.weights_for(lang)
    default = (
        fusion.method,
        fusion.k if fusion.method == "rrf" else 0,
        lang_w[0],
        lang_w[1],
        fusion.candidates,
    )
    methods = args.methods.split(",")
    settings: list[tuple[str, int, float, float, int]] = []
    for depth in depths:
        if "rrf" in methods:
            for k, (wb, wd) in itertools.product([int(x) for x in args.rrf_k.split(",")], weights):
                settings.append(("rrf", k, wb, wd, depth))
        for convex in ("zscore", "dbsf"):
            if convex in methods:
                for alpha in (float(x) for x in args.alphas.split(",")):
                    settings.append((convex, 0, round(1 - alpha, 4), alpha, depth))
    if default not in settings:
        settings.append(default)
    rows = []
    per_setting: dict[tuple[str, int, float, float, int], list[float]] = {}
    main_metric = "nDCG@10" if 10 in ks else f"nDCG@{ks[-1]}"
    for setting in settings:
        method, k, wb, wd, depth = setting
        per_q = []
        for qid, (b, d) in lists.items():
            params = replace(fusion, method=method, k=k or fusion.k)
            fused = fuse(method, [b[:depth], d[:depth]], [wb, wd], params)
            run = list(dict.fromkeys(doc_of[c] for c, _ in fused[:100]))
            per_q.append(score_query(run, ds.qrels[qid], ks))
        m = mean_metrics(per_q)
        rows.append(
            {"method": method, "rrf_k": k, "w_bm25": wb, "w_dense": wd, "candidates": depth, **m}
        )
        per_setting[setting] = [q[main_metric] for q in per_q]
    cols = [f"nDCG@{k}" for k in ks] + [f"Recall@{k}" for k in ks]
    rows.sort(key=lambda r: -r[cols[0]] if ks[0] == 10 else -r[f"Recall@{ks[0]}"])
    print("| method | rrf k | w bm25 | w dense | candidates | " + " | ".join(cols) + " |")
    print("|---" * (5 + len(cols)) + "|")
    for r in rows:
        is_default = (
            r["method"],
            r["rrf_k"],
            r["w_bm25"],
            r["w_dense"],
            r["candidates"],
        ) == default
        print(
            f"| {r['method']}{' (default)' if is_default else ''} | "
            f"{r['rrf_k'] or '-'} | {r['w_bm25']} | {r['w_dense']} | {r['candidates']} | "
            + " | ".join(f"{r[c]:.4f}" for c in cols)
            + " |"
        )
    from notelens.evaluate.compare import randomization_test

    best = rows[0]
    key = (best["method"], best["rrf_k"], best["w_bm25"], best["w_dense"], best["candidates"])
    if key != default:
        p_value = randomization_test(per_setting[default], per_setting[key])
        print(f"\nbest {key} vs default {default}: paired randomization p = {p_value:.4f}")
    # The previous default (RRF k 60, (1.0, 0.2) Korean / (1.0, 0.6) English), for reference.
    rrf_default = ("rrf", 60, 1.0, 0.2 if lang == "ko" else 0.6, 100)
    if rrf_default in per_setting and rrf_default != default:
        p_value = randomization_test(per_setting[rrf_default], per_setting[default])
        print(f"default {default} vs {rrf_default}: paired randomization p = {p_value:.4f}")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
