"""What LanceDB's ``Table.optimize()`` does to a vector index it did not just build
(issue #17): the CPU of one dense query on a fresh index, then after one and two
``optimize()`` calls, for each index kind, on the same table.

Run it on a table ``scale.py --keep DIR`` kept (past the 200k-row ANN threshold). It
REPLACES that table's vector index (``create_index(..., replace=True)``) for each kind
and leaves the last one, optimized twice, in place:

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/ann_optimize.py DIR --kinds IVF_FLAT,IVF_SQ

Queries: every 40th of the table's first 2,000 vectors plus a little noise (40 queries),
k 10, refine 2, ``--share`` of the partitions visited (the store's ``nprobes_share``).
docs/benchmarks.md, "LanceDB's optimize and the vector index".
"""

from __future__ import annotations

import argparse
import math
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from common import machine


def cpu_ms_per_query(table: Any, queries: list[np.ndarray], nprobes: int) -> float:
    t0 = time.process_time()
    for q in queries:
        search = table.search(q).distance_type("cosine").nprobes(nprobes).refine_factor(2)
        search.limit(10).select(["chunk_id"]).to_arrow()
    return (time.process_time() - t0) / len(queries) * 1e3


def main() -> None:
    import lancedb

    from notelens.store.lancedb import ann_partitions, vector_index_config

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index", type=Path, help="a notelens index folder (scale.py --keep)")
    ap.add_argument("--kinds", default="IVF_FLAT,IVF_SQ")
    ap.add_argument("--share", type=float, default=0.10)
    args = ap.parse_args()

    db = lancedb.connect(str(args.index / "lance"))
    table = db.open_table(db.table_names()[0])
    rows = table.count_rows()
    nprobes = math.ceil(args.share * ann_partitions(rows))
    rng = np.random.default_rng(0)
    vectors = table.search().select(["vector"]).limit(2000).to_arrow()["vector"].to_pylist()
    dim = len(vectors[0])
    queries = [
        np.asarray(v, dtype=np.float32) + rng.normal(0, 0.01, dim).astype(np.float32)
        for v in vectors[::40][:40]
    ]
    print(f"{machine()}; {rows} rows, {nprobes} partitions visited, {len(queries)} queries")
    for kind in args.kinds.split(","):
        table.create_index("vector", config=vector_index_config(kind, rows, dim), replace=True)
        print(f"{kind} fresh: {cpu_ms_per_query(table, queries, nprobes):.1f} CPU ms a query")
        for n in (1, 2):
            table.optimize(cleanup_older_than=timedelta(minutes=10))
            ms = cpu_ms_per_query(table, queries, nprobes)
            print(f"{kind} after optimize #{n}: {ms:.1f} CPU ms a query", flush=True)


if __name__ == "__main__":
    main()
