"""Where exact dense search stops being fast enough: latency of exact vs ANN search.

Builds LanceDB chunk tables of N synthetic 384-d unit vectors (clustered, like real
embeddings: a mixture of 200 Gaussian blobs), then times 200 single-vector queries
exactly and through an ANN index (nprobes / refine_factor as configured in
``DenseConfig``), and measures the ANN's Recall@10 against the exact result.

    .venv/bin/python benchmarks/dense_threshold.py --sizes 10000 50000 100000 200000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from common import percentile
from notelens.config import ANN_INDEXES, DenseConfig
from notelens.store.base import ChunkRecord
from notelens.store.lancedb import LanceDBStore
from notelens.types import Location

DIM = 384


def vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    centers = rng.normal(size=(200, DIM)).astype(np.float32)
    assign = rng.integers(0, 200, size=n)
    v = centers[assign] + 0.6 * rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def build(path: Path, vecs: np.ndarray, dense: DenseConfig) -> LanceDBStore:
    store = LanceDBStore(path, table="chunks_bench", dim=DIM, dense=dense)
    batch = 5000
    for start in range(0, len(vecs), batch):
        recs = [
            ChunkRecord(
                chunk_id=f"c{i}",
                source=f"/bench/f{i // 10}.md",
                title="t",
                heading="h",
                text="x",
                terms="x",
                location=Location(1, 1),
                lang="en",
                kind="text",
                links=(),
                content_hash=f"h{i}",
                ordinal=i % 10,
                file_hash="f",
                file_size=1,
                file_mtime_ns=1,
                vector=vecs[i],
            )
            for i in range(start, min(start + batch, len(vecs)))
        ]
        store.replace_sources(sorted({r.source for r in recs}), recs)
    return store


def time_queries(store: LanceDBStore, queries: np.ndarray) -> tuple[list[float], list[list[str]]]:
    lat, ids = [], []
    for q in queries:
        t0 = time.perf_counter()
        res = store.search_vector(q, 10)
        lat.append((time.perf_counter() - t0) * 1e3)
        ids.append([r.chunk_id for r in res])
    return lat, ids


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--index", default=DenseConfig().ann_index, choices=ANN_INDEXES)
    ap.add_argument("--nprobes", type=int, default=DenseConfig().nprobes)
    ap.add_argument("--refine", type=int, default=DenseConfig().refine_factor)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    dense = DenseConfig(ann_index=args.index, nprobes=args.nprobes, refine_factor=args.refine)
    print(f"ANN: {args.index}, nprobes={args.nprobes}, refine_factor={args.refine}\n")
    print("| rows | exact p50 ms | exact p95 ms | ANN p50 ms | ANN p95 ms | ANN Recall@10 |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        vecs = vectors(n + args.queries, rng)
        data, queries = vecs[:n], vecs[n:]
        with tempfile.TemporaryDirectory() as tmp:
            store = build(Path(tmp), data, replace(dense, ann_threshold=10**12))
            store.optimize()
            ex_lat, ex_ids = time_queries(store, queries)
            ann = LanceDBStore(
                Path(tmp), table="chunks_bench", dim=DIM, dense=replace(dense, ann_threshold=1)
            )
            ann.optimize()
            ann_lat, ann_ids = time_queries(ann, queries)
            recall = statistics.fmean(
                len(set(a) & set(e)) / len(e) for a, e in zip(ann_ids, ex_ids, strict=True)
            )

        p = percentile
        print(
            f"| {n} | {p(ex_lat, 50):.1f} | {p(ex_lat, 95):.1f} | {p(ann_lat, 50):.1f} "
            f"| {p(ann_lat, 95):.1f} | {recall:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
