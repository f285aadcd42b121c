"""Added latency of each reranker on an existing index (issue #22, budget: p50 <= 60 ms
for N = 20 on 2 cores).

For each question (Korean and English lines of a notes-format question set), one search
with the first reranker named as a new question (its query embedded: `first_search_ms`),
then one without reranking and one per reranker, same k, on the cached query vector; the
added time is the difference per question. Models load (and one untimed search warms each
path) before timing.

    .venv/bin/python benchmarks/rerank_latency.py --index .bench/notes-idx \
        --questions benchmarks/data/notes_qa.jsonl --limit 40 --candidates 20
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from common import add_translated_weight, with_translated_weight
from notelens import Engine
from notelens.config import RerankConfig, Settings


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--candidates", type=int, default=20)
    ap.add_argument("--rerankers", default="minilm,maxsim")
    ap.add_argument("-k", type=int, default=10)
    add_translated_weight(ap)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.questions.read_text("utf-8").splitlines() if line]
    questions = [r["question"] for r in rows[: args.limit]]
    settings = replace(
        Settings(index_dir=args.index), rerank=RerankConfig(candidates=args.candidates)
    )
    settings = with_translated_weight(settings, args.translated_weight)
    engine = Engine(settings=settings)
    names = [n for n in args.rerankers.split(",") if n]
    for name in ["none", *names]:
        engine.search(questions[0], k=args.k, rerank=name)  # load models, warm paths
    base: list[float] = []
    added: dict[str, list[float]] = {n: [] for n in names}
    # CPU time of this process too: on a loaded machine the wall clock mostly measures
    # the other processes (docs/benchmarks.md, the house rule on comparisons).
    base_cpu: list[float] = []
    added_cpu: dict[str, list[float]] = {n: [] for n in names}
    # A new question's whole search as a warm process serves it (query embedded, fused,
    # reranked by the first reranker named): the figure the budget is about.
    first_name = names[0] if names else "none"
    first: list[float] = []
    for q in questions:
        # The searcher caches query vectors: this first search embeds the query, so that
        # both timed searches below reuse the vector (otherwise a cheap reranker "adds"
        # minus an embedding).
        t0 = time.perf_counter()
        engine.search(q, k=args.k, rerank=first_name)
        first.append((time.perf_counter() - t0) * 1e3)
        t0, c0 = time.perf_counter(), time.process_time()
        engine.search(q, k=args.k, rerank="none")
        plain = (time.perf_counter() - t0) * 1e3
        plain_cpu = (time.process_time() - c0) * 1e3
        base.append(plain)
        base_cpu.append(plain_cpu)
        for name in names:
            t0, c0 = time.perf_counter(), time.process_time()
            hits = engine.search(q, k=args.k, rerank=name)
            ms = (time.perf_counter() - t0) * 1e3
            cpu = (time.process_time() - c0) * 1e3
            if any(h.explanation.reranker for h in hits):  # the reranker ran on it
                added[name].append(ms - plain)
                added_cpu[name].append(cpu - plain_cpu)
    out = {
        "questions": len(questions),
        "candidates": args.candidates,
        "first_search_ms": {
            "reranker": first_name,
            "p50": _pct(first, 50),
            "p95": _pct(first, 95),
        },
        "search_ms": {"p50": _pct(base, 50), "p95": _pct(base, 95)},
        "search_cpu_ms": {"p50": _pct(base_cpu, 50), "p95": _pct(base_cpu, 95)},
        "added_cpu_ms": {
            n: {"p50": _pct(v, 50) if v else None, "p95": _pct(v, 95) if v else None}
            for n, v in added_cpu.items()
        },
        "added_ms": {
            n: {
                "n": len(v),
                "p50": _pct(v, 50) if v else None,
                "p95": _pct(v, 95) if v else None,
                "mean": statistics.fmean(v) if v else None,
            }
            for n, v in added.items()
        },
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
