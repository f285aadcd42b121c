"""The `colbert` reranker's cost (issue #22, fourth round): query-time passage vectors
against passage vectors computed ahead (the index-time variant), on a real index.

For each query: the hybrid top N (no reranking), then (a) `colbert` with an empty token
table (passage token vectors computed at query time), then the same N passages
precomputed into the table (timed: seconds per 1k chunks at index time) and (b) the
rerank again with every passage in the table (query encoding + MaxSim only). Also
reported: the table's bytes per chunk (float16 token vectors), the index-side storage
the precomputed variant needs.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/colbert_bench.py \
        --index .bench/ac-cache/eval/beir-scifact-e0c446c6e5b05df9/index --limit 20
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from common import machine, scifact_queries
from notelens import Engine
from notelens.config import RerankConfig, Settings
from notelens.retrieve.rerankers.colbert import ColbertReranker, TokenTable


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--dataset", default="scifact", choices=("scifact",))
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--candidates", type=int, default=20)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    engine = Engine(settings=replace(Settings.from_env(), index_dir=args.index))
    queries = scifact_queries()[: args.limit]
    reranker = ColbertReranker(RerankConfig("colbert", args.candidates))
    engine.search(queries[0], k=args.candidates)  # load the models before timing
    reranker.rerank(queries[0], engine.search(queries[0], k=2))
    cold, warm, pre_s, chunks, nbytes = [], [], 0.0, 0, 0
    for q in queries:
        hits = engine.search(q, k=args.candidates)
        reranker.table = TokenTable()
        t = time.perf_counter()
        reranker.rerank(q, hits)
        cold.append((time.perf_counter() - t) * 1000)
        reranker.table = TokenTable()
        t = time.perf_counter()
        reranker.precompute(h.text for h in hits)
        pre_s += time.perf_counter() - t
        chunks += len(reranker.table)
        nbytes += reranker.table.nbytes()
        t = time.perf_counter()
        reranker.rerank(q, hits)
        warm.append((time.perf_counter() - t) * 1000)
    row = {
        "machine": machine(),
        "queries": len(queries),
        "candidates": args.candidates,
        "query_time_p50_ms": round(statistics.median(cold), 1),
        "query_time_p95_ms": round(_pct(cold, 95), 1),
        "precomputed_p50_ms": round(statistics.median(warm), 1),
        "precomputed_p95_ms": round(_pct(warm, 95), 1),
        "index_time_s_per_1k_chunks": round(pre_s / max(chunks, 1) * 1000, 1),
        "bytes_per_chunk_f16": round(nbytes / max(chunks, 1)),
    }
    print(json.dumps(row, indent=1))
    if args.out:
        args.out.write_text(json.dumps(row, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
