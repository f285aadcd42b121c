"""The parts of one hybrid search, timed one by one on an existing index (issue 7).

Measures, in one process on the same queries (SciFact claims):
* BM25: the in-memory postings against LanceDB's full-text index (same table), and how
  far their rankings agree (top-1 equal, overlap@10);
* the exact dense scan: `np.einsum` (single-threaded) against `@` (OpenBLAS threads),
  and a batch's whole dense step: fp32 scan + top 100 against the int8 shortlist with
  exact rescoring (``Store.search_vectors`` once torch is loaded);
* query embedding per batch size (what batching concurrent searches buys);
* record fetch (`Store.get` of 10 hits) and z-score fusion of two 100-item lists;
* the batched dense scan of 8 queries at once (what concurrent searches share);
* whole searches, sequential and from 8 threads at once (CPU per search, the sizes of
  the dense batches formed, with and without the batch wait).

    .venv/bin/python benchmarks/search_parts.py \
        --index .bench/eval-cache/eval/beir-scifact-bf18f3365767d401/index

The dense-scan pair is timed twice: on an idle machine, then with ``--busy`` processes
spinning on the cores (as other requests and jobs do in a server).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from common import scifact_queries
from notelens.engine import Engine
from notelens.retrieve.fusion import zscore_fusion
from notelens.retrieve.searcher import BATCH_WAIT_S
from notelens.store import resident


def timed(name: str, items: list[str], fn: Callable[[str], object]) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    for it in items:
        fn(it)
    n = len(items)
    wall = (time.perf_counter() - t0) / n * 1e3
    cpu = (time.process_time() - c0) / n * 1e3
    print(f"| {name} | {wall:.2f} | {cpu:.2f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("-n", type=int, default=150, help="queries per measurement")
    ap.add_argument("--busy", type=int, default=2, help="spinning processes for the 2nd scan")
    args = ap.parse_args()
    qs = scifact_queries()
    n = args.n
    if len(qs) < 7 * n:
        raise SystemExit(f"need {7 * n} queries, have {len(qs)}")
    eng = Engine(args.index)
    eng.search("warm up 준비", k=10)  # loads Kiwi, the model, the guard
    s = eng._get_searcher()
    store = s.store
    terms = {q: list(s.plan(q).terms) for q in qs}
    for q in qs[:20]:
        store.search_terms(terms[q], 100)
    print("| part | wall ms | CPU ms |\n|---|---|---|")
    timed("BM25, in-memory postings (top 100)", qs[:n], lambda q: store.search_terms(terms[q], 100))
    fts = getattr(store, "_fts", None)
    if fts is not None:
        timed("BM25, LanceDB full-text index (top 100)", qs[:n], lambda q: fts(terms[q], 100, None))
        top1 = overlap = 0.0
        for q in qs[:n]:
            a = [h.chunk_id for h in store.search_terms(terms[q], 10)]
            b = [h.chunk_id for h in fts(terms[q], 10, None)]
            top1 += a[:1] == b[:1]
            overlap += len(set(a) & set(b)) / max(len(b), 1)
        print(f"\nBM25 paths agree: top-1 {top1:.0f}/{n}, overlap@10 {overlap / n:.4f}\n")
        print("| part | wall ms | CPU ms |\n|---|---|---|")
    # What a search paid after every commit of an index run, before those rebuilds moved
    # to a background thread: the resident rows and vectors, then the BM25 postings.
    for slot, label in (("_resident", "resident rows + vectors"), ("_lexical_snap", "BM25")):
        getattr(store, slot).snap = None  # a SnapshotSlot: drop its snapshot
        getter = store._memory if slot == "_resident" else store._lexical  # type: ignore[attr-defined]
        timed(f"snapshot rebuild: {label} (once)", ["x"], lambda _, get=getter: get())
    mem = store._memory()  # type: ignore[attr-defined]
    vecs = {q: s.query_vector(q) for q in qs[n : 2 * n]}
    dq = qs[n : 2 * n]

    groups = [np.stack([vecs[q] for q in dq[i : i + 8]]) for i in range(0, len(dq) - 7, 8)]
    units = [(g / np.linalg.norm(g, axis=1, keepdims=True)).astype(np.float32) for g in groups]
    store.search_vectors(groups[0], 100)  # builds the int8 copy (torch is loaded by now)

    def scans(label: str) -> None:
        # What a batch of 8 concurrent searches does (Store.search_vectors): per batch.
        # First, and after a pause: OpenBLAS's threads spin for a while after a threaded
        # call, and that CPU would be charged to the single-threaded one.
        time.sleep(1.0)
        with threadpool_limits(limits=1, user_api="blas"):
            timed(
                f"dense scan, matrix @ 8 queries (one batch), 1 BLAS thread{label}",
                [str(i) for i in range(len(groups))],
                lambda i: mem.matrix @ groups[int(i)].T,
            )
            # The whole dense step of a batch, top 100 each: fp32 scan, and the int8
            # shortlist rescored exactly (what Store.search_vectors runs with torch loaded).
            timed(
                f"dense top-100 of 8 queries, fp32 scan{label}",
                [str(i) for i in range(len(groups))],
                lambda i: [
                    resident._top(mem, row, 100, None) for row in (mem.matrix @ groups[int(i)].T).T
                ],
            )
            timed(
                f"dense top-100 of 8 queries, int8 shortlist + fp32 rescoring{label}",
                [str(i) for i in range(len(groups))],
                lambda i: [
                    resident._top_of(mem, units[int(i)][j], rows, 100)
                    for j, rows in enumerate(
                        store._scan_vectors._int8_shortlist(mem, units[int(i)], 100, None)  # type: ignore[attr-defined]
                    )
                ],
            )
        timed(
            f"dense scan, np.einsum{label}", dq, lambda q: np.einsum("ij,j->i", mem.matrix, vecs[q])
        )
        timed(f"dense scan, matrix @ vector{label}", dq, lambda q: mem.matrix @ vecs[q])

    scans("")
    spin = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        time.sleep(0.5)
        scans(f" ({args.busy} busy processes)")
    finally:
        for p in spin:
            p.kill()
    hits = [h.chunk_id for h in store.search_terms(terms[qs[0]], 10)]
    timed("Store.get of 10 hits", qs[:n], lambda q: store.get(hits))
    b = [(h.chunk_id, h.score) for h in store.search_terms(terms[qs[0]], 100)]
    d = [(h.chunk_id, h.score) for h in store.search_vector(vecs[qs[n]], 100)]
    timed("z-score fusion, 2 x 100", qs[:n], lambda q: zscore_fusion([b, d], [0.5, 0.5]))
    print("\n| query batch size | ms per query (wall) | ms per query (CPU) |\n|---|---|---|")
    pool_q = qs[2 * n : 4 * n]
    for bs in (1, 2, 4, 8):
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(pool_q), bs):
            eng.embedder.embed_queries(pool_q[i : i + bs])
        m = len(pool_q)
        wall = (time.perf_counter() - t0) / m * 1e3
        cpu = (time.process_time() - c0) / m * 1e3
        print(f"| {bs} | {wall:.2f} | {cpu:.2f} |", flush=True)
    print(
        "\n| whole hybrid searches (fresh queries) | searches/s | CPU ms per search "
        "| dense batches | batch sizes (size: count) |"
    )
    print("|---|---|---|---|---|")
    runs = (
        ("1 thread", 1, BATCH_WAIT_S, qs[4 * n : 5 * n]),
        ("8 threads, batch wait 0", 8, 0.0, qs[5 * n : 6 * n]),
        (
            f"8 threads, batch wait {BATCH_WAIT_S * 1e3:g} ms (default)",
            8,
            BATCH_WAIT_S,
            qs[6 * n : 7 * n],
        ),
    )
    sizes: Counter[int] = Counter()
    run_many = s._batcher._run_many

    def counting(jobs: list[Any]) -> Any:
        sizes[len(jobs)] += 1
        return run_many(jobs)

    s._batcher._run_many = counting
    with threadpool_limits(limits=1, user_api="blas"):  # as `notelens serve` runs
        for label, threads, wait, chunk in runs:
            s._batcher._max_wait = wait
            sizes.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda q: eng.search(q, k=10), chunk))
            wall = time.perf_counter() - t0
            cpu = (time.process_time() - c0) / len(chunk) * 1e3
            hist = ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items()))
            print(
                f"| {label}, {len(chunk)} searches | {len(chunk) / wall:.1f} | {cpu:.2f} | "
                f"{sum(sizes.values())} | {hist} |",
                flush=True,
            )
    s._batcher._run_many = run_many
    s._batcher._max_wait = BATCH_WAIT_S


if __name__ == "__main__":
    main()
