"""How much a search snapshot rebuild holds the GIL (issue 7).

While an index run commits, the server's store rebuilds its BM25 postings and resident
rows (``LanceDBStore._lexical`` / ``_memory``) on a background thread; whatever that
thread runs in Python holds the GIL against the request threads. This script rebuilds
each snapshot of an existing index a few times while a second thread counts in a pure
Python loop, and reports the counter's speed relative to its speed with nothing else
running (100 % = the rebuild never held the GIL), and the rebuild's wall time.

    .venv/bin/python benchmarks/rebuild_gil.py \\
        --index .bench/eval-cache/eval/beir-scifact-bf18f3365767d401/index

Run it with ``PYTHONPATH=<an older src>`` to compare versions.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import common  # noqa: F401  (puts this checkout's src/ on sys.path)
from notelens.engine import Engine
from notelens.store.lancedb import LanceDBStoreFactory


def python_speed_during(work: Callable[[], object]) -> tuple[float, float]:
    """(counter increments per second while ``work`` runs, ``work``'s wall seconds)."""
    done = threading.Event()
    count = [0]

    def spin() -> None:
        while not done.is_set():
            count[0] += 1

    th = threading.Thread(target=spin)
    th.start()
    time.sleep(0.2)
    c0, t0 = count[0], time.perf_counter()
    work()
    wall = time.perf_counter() - t0
    c1 = count[0]
    done.set()
    th.join()
    return (c1 - c0) / wall, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    eng = Engine(args.index)
    meta = eng._meta()
    store = LanceDBStoreFactory().open(eng.layout.root, meta.table, dim=meta.dim, create=False)
    print(f"{store.count()} rows; source: {sys.modules['notelens'].__file__}\n")
    store._memory()  # type: ignore[attr-defined]
    store._lexical()  # type: ignore[attr-defined]
    free, _ = python_speed_during(lambda: time.sleep(0.5))

    def rebuild(slot: str) -> Callable[[], object]:
        def run() -> object:
            getattr(store, slot).snap = None  # a SnapshotSlot: drop its snapshot
            return store._memory() if slot == "_resident" else store._lexical()  # type: ignore[attr-defined]

        return run

    print("| snapshot | rebuild wall s | Python thread's speed meanwhile |")
    print("|---|---:|---:|")
    slots = (("_lexical_snap", "BM25 postings"), ("_resident", "resident rows + vectors"))
    for slot, name in slots:
        for _ in range(args.repeat):
            speed, wall = python_speed_during(rebuild(slot))
            print(f"| {name} | {wall:.3f} | {speed / free * 100:.0f} % |", flush=True)


if __name__ == "__main__":
    main()
