"""Garbage-collector pauses in a loaded search process, with and without ``gc.freeze()``.

    .venv/bin/python benchmarks/gc_pauses.py \\
        --index .bench/eval-cache/eval/beir-scifact-bf18f3365767d401/index

Loads the engine as `notelens serve` does (models, tokenizer tables, index snapshot; a
warm-up search), then runs hybrid searches from 8 threads for ``--seconds``, twice: once
as is, once after ``gc.collect(); gc.freeze()`` (what `notelens serve` now does after
its warm-up). Prints, per phase, the collections per generation with their total and
longest pause (every thread stops during a collection), searches/s and the p99 latency.
"""

from __future__ import annotations

import argparse
import gc
import random
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import scifact_queries
from notelens.engine import Engine


class Pauses:
    """gc.callbacks hook: count, total and longest pause per generation."""

    def __init__(self) -> None:
        self.stats: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
            return
        d = time.perf_counter() - self._t0
        s = self.stats[int(info["generation"])]
        s[0] += 1
        s[1] += d
        s[2] = max(s[2], d)

    def reset(self) -> None:
        self.stats.clear()

    def line(self) -> str:
        parts = []
        for gen in (0, 1, 2):
            n, total, worst = self.stats.get(gen, [0, 0.0, 0.0])
            parts.append(f"{int(n)} / {total * 1e3:.0f} / {worst * 1e3:.1f}")
        return " | ".join(parts)


def run(eng: Engine, queries: list[str], seconds: float, threads: int) -> tuple[int, float]:
    lat: list[float] = []
    lock = threading.Lock()
    it = iter(queries)
    end = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < end:
            with lock:
                q = next(it)
            t = time.perf_counter()
            eng.search(q, k=10)
            with lock:
                lat.append(time.perf_counter() - t)

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    lat.sort()
    return len(lat), lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()

    queries = scifact_queries()
    random.Random(0).shuffle(queries)
    queries = queries * 20  # plenty; the query-vector cache holds only 256

    pauses = Pauses()
    gc.callbacks.append(pauses)
    t0 = time.perf_counter()
    eng = Engine(args.index)
    eng.search("warm up 준비 20240518", k=1)
    print(f"start-up (models, snapshot, warm-up search): {time.perf_counter() - t0:.1f} s")
    print(f"objects tracked by the collector: {len(gc.get_objects()):,}\n")
    print(
        "| phase | searches/s | p99 ms | gen 0: n / total ms / max ms "
        "| gen 1 | gen 2 |\n|---|---|---|---|---|---|"
    )
    print(f"| start-up | — | — | {pauses.line()} |", flush=True)
    half = len(queries) // 2
    for label, freeze, qs in (("as is", False, queries[:half]), ("frozen", True, queries[half:])):
        if freeze:
            gc.collect()
            gc.freeze()
        pauses.reset()
        n, p99 = run(eng, qs, args.seconds, args.threads)
        print(f"| {label} | {n / args.seconds:.1f} | {p99:.1f} | {pauses.line()} |", flush=True)


if __name__ == "__main__":
    main()
