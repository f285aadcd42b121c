"""Search latency per mode on an existing index, query embedding included.

    .venv/bin/python benchmarks/search_latency.py --index .bench/scifact-auto/index

Queries come from a BEIR queries.jsonl (default: ../shared/eval/scifact) or a SQuAD
JSON (--squad). The query-vector cache is cleared before each mode, so every query is
embedded once per mode; one warm-up query runs first (model load excluded).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import ROOT, percentile
from notelens.engine import Engine


def load_queries(args: argparse.Namespace) -> list[str]:
    if args.squad:
        data = json.loads(Path(args.squad).read_text(encoding="utf-8"))["data"]
        qs = [qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]]
    else:
        with open(args.queries, encoding="utf-8") as fh:
            qs = [json.loads(line)["text"] for line in fh]
    return qs[: args.n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", default=str(ROOT.parent / "shared/eval/scifact/queries.jsonl"))
    ap.add_argument("--squad", default=None, help="take questions from a SQuAD JSON instead")
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("-k", type=int, default=10)
    args = ap.parse_args()
    engine = Engine(args.index)
    queries = load_queries(args)
    engine.search("warm up", k=args.k)
    searcher = engine._get_searcher()
    rows = searcher.store.count()
    print(f"index: {args.index} ({rows} chunks), {len(queries)} queries, k={args.k}\n")
    print("| mode | chunks | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for mode in ("bm25", "dense", "hybrid"):
        searcher._qcache.clear()
        lat = []
        for q in queries:
            t0 = time.perf_counter()
            engine.search(q, k=args.k, mode=mode)
            lat.append((time.perf_counter() - t0) * 1e3)
        p50, p95, p99 = (percentile(lat, p) for p in (50, 95, 99))
        print(f"| {mode} | {rows} | {p50:.1f} | {p95:.1f} | {p99:.1f} |", flush=True)


if __name__ == "__main__":
    main()
