"""What the PostgreSQL store saves by keeping its row count for ``hnsw.ef_search``.

Mends, sixth round (issue: code health, item 2). Before, with ``hnsw_ef_search`` unset,
every dense search read ``notelens_tables.n_docs`` (one more statement in the search's
transaction) to size the beam; now a handle keeps the count (renewed by ``refresh``,
its own writes, and after ``ROW_COUNT_TTL_S``). The old behaviour is exactly
``ROW_COUNT_TTL_S < 0`` (the count always re-read, by the same statement in the same
place), so both are timed in one process, interleaved block by block on one server:
client CPU ms per search (``time.process_time``), the server's CPU ms per search (its
processes' utime+stime from /proc, 10 ms ticks, over a block) and wall ms per search.

A small table (``--rows`` random 384-d unit vectors, terms empty: the dense leg only)
past its ANN threshold (the partial HNSW index built): one ``search_vector`` for top 10.

    nice -n 5 .venv/bin/python benchmarks/pg_ef_count.py --rows 2000 --blocks 10 --per 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from notelens.config import DenseConfig, StoreConfig  # noqa: E402
from notelens.store import postgres  # noqa: E402
from notelens.store.testing import rec  # noqa: E402

DIM = 384


def server_cpu_s(postmaster: int) -> float:
    """utime+stime of the server and its processes (backends, writers), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [postmaster]
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children")
    pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--blocks", type=int, default=10, help="blocks per variant, interleaved")
    ap.add_argument("--per", type=int, default=200, help="searches per block")
    args = ap.parse_args()

    from pg_server import start_server

    rng = np.random.default_rng(5)
    vecs = rng.normal(size=(args.rows, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    records = [replace(rec("/n/ef.md", i, ""), vector=vecs[i]) for i in range(args.rows)]
    queries = vecs[rng.permutation(args.rows)[: args.per]]

    work = Path(tempfile.mkdtemp(prefix="notelens-pgef-"))
    work.chmod(0o755)
    (work / "pg").mkdir()
    server = start_server(work / "pg")
    factory = postgres.PostgresStoreFactory(StoreConfig("postgres", dsn=server.dsn))
    try:
        postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
        store = factory.open(work, "t", dim=DIM, dense=DenseConfig(ann_threshold=args.rows // 2))
        store.replace_sources(["/n/ef.md"], records)
        store.optimize()
        assert store.stats().dense_index == "hnsw"
        for q in queries[:50]:  # warm the pool's connection and the server's caches
            store.search_vector(q, 10)
        variants = {"before (count read per search)": -1.0, "after (count kept)": 60.0}
        got: dict[str, dict[str, list[float]]] = {
            v: {"client_cpu_ms": [], "server_cpu_ms": [], "wall_ms": []} for v in variants
        }
        print(f"load average at start: {os.getloadavg()}", flush=True)
        for _ in range(args.blocks):
            for name, ttl in variants.items():
                postgres.ROW_COUNT_TTL_S = ttl
                store.refresh()
                s0, c0, w0 = server_cpu_s(postmaster), time.process_time(), time.perf_counter()
                for q in queries:
                    store.search_vector(q, 10)
                w1, c1, s1 = time.perf_counter(), time.process_time(), server_cpu_s(postmaster)
                got[name]["client_cpu_ms"].append((c1 - c0) * 1000 / len(queries))
                got[name]["server_cpu_ms"].append((s1 - s0) * 1000 / len(queries))
                got[name]["wall_ms"].append((w1 - w0) * 1000 / len(queries))
        print(f"load average at end: {os.getloadavg()}")
        print(f"rows {args.rows}, {args.blocks} blocks x {args.per} searches per variant")
        print("medians of the blocks [lowest block, highest block]")
        print("| variant | client CPU ms/search | server CPU ms/search | wall ms/search |")
        print("|---|---|---|---|")
        for name, m in got.items():
            cells = " | ".join(
                f"{statistics.median(v):.3f} [{min(v):.3f}, {max(v):.3f}]" for v in m.values()
            )
            print(f"| {name} | {cells} |")
        saved = [
            b - a
            for a, b in zip(
                got["after (count kept)"]["client_cpu_ms"],
                got["before (count read per search)"]["client_cpu_ms"],
                strict=True,
            )
        ]
        print(
            f"client CPU saved per search, block pairs: median {statistics.median(saved):.3f} ms, "
            f"{sum(x > 0 for x in saved)}/{len(saved)} pairs positive"
        )
    finally:
        factory.close()
        server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
