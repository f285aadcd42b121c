"""PostgreSQL store write speed, this checkout against an older commit, in one run (#17).

The same rows are written by ``PostgresStore.replace_sources`` (commits of 100 files of
20 chunks, as ``benchmarks/scale.py`` and an index run do) twice per round: once by the
store code of ``--before`` (a git revision, its ``src/`` extracted with ``git archive``)
and once by this checkout's, each into its own fresh database of one server, in
alternating order, so both see the same machine load. Rows: ``--base`` real passages
(KorQuAD + SciFact, analyzed by Kiwi) grown to ``--rows`` by ``scale.py``'s mix
generator; vectors are random unit vectors (write speed does not depend on their
values, and no model is loaded). Each writer runs in its own process; the rows reach it
pickled, so neither pays for generating them. Prints rows/s and the client's CPU
seconds per writer and round, and appends them to ``--out`` as JSON lines.

    nice -n 5 .venv/bin/python benchmarks/pg_write.py --before 8576cbf --rows 10000
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(rows_file: Path, dsn: str, src: Path) -> None:
    """Write the pickled batches with the store code under ``src``; print one JSON line."""
    sys.path.insert(0, str(src))
    from notelens.config import StoreConfig
    from notelens.store.postgres import PostgresStoreFactory

    batches = pickle.loads(rows_file.read_bytes())
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn))
    try:
        dim = len(batches[0][0].vector)
        store = factory.open(Path(tempfile.gettempdir()) / "pg-write", "t", dim=dim)
        t0, c0 = time.perf_counter(), time.process_time()
        for batch in batches:
            store.replace_sources(sorted({r.source for r in batch}), batch)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows = sum(len(b) for b in batches)
        print(json.dumps({"rows": rows, "s": wall, "rows_per_s": rows / wall, "client_cpu_s": cpu}))
    finally:
        factory.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", required=True, help="git revision of the old store code")
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--base", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dsn", help="a server with pgvector (default: start the bundled one)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--worker", nargs=3, metavar=("ROWS", "DSN", "SRC"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(Path(args.worker[0]), args.worker[1], Path(args.worker[2]))
        return

    import numpy as np

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from notelens.analysis.korean import KiwiAnalyzer
    from scale import base_texts, scale_rows

    work = Path(tempfile.mkdtemp(prefix="notelens-pgwrite-"))
    work.chmod(0o755)
    server = None
    try:
        old = work / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.before, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        texts, _ = base_texts(args.base)
        terms = KiwiAnalyzer().terms_batch([t for _, t in texts])
        rng = np.random.default_rng(0)
        base = []
        for (lang, _), t in zip(texts, terms, strict=True):
            if t:
                v = rng.normal(size=384).astype(np.float32)
                base.append((lang, t, v / np.linalg.norm(v)))
        rows = list(scale_rows(base, args.rows, mode="mix"))
        batches = [rows[i : i + 2000] for i in range(0, len(rows), 2000)]
        rows_file = work / "rows.pkl"
        rows_file.write_bytes(pickle.dumps(batches))
        postings = sum(len(set(r.terms.split())) for r in rows)
        print(f"{len(rows)} rows, {postings / len(rows):.0f} postings per row", flush=True)

        dsn = args.dsn
        if dsn is None:
            from pg_server import start_server

            (work / "pg").mkdir()
            server = start_server(work / "pg")
            dsn = server.dsn
        import psycopg

        writers = {"before": old / "src", "after": ROOT / "src"}
        for rnd in range(args.rounds):
            order = list(writers) if rnd % 2 == 0 else list(reversed(writers))
            for name in order:
                db = f"pgwrite_{name}_{rnd}_{os.getpid()}"
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {db}")
                db_dsn = dsn.rsplit("/", 1)[0] + "/" + db
                cmd = [sys.executable, __file__, "--before", args.before]
                cmd += ["--worker", str(rows_file), db_dsn, str(writers[name])]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                got = json.loads(out.strip().splitlines()[-1])
                got.update(writer=name, round=rnd, before=args.before, load=os.getloadavg()[0])
                print(json.dumps(got), flush=True)
                if args.out is not None:
                    with args.out.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps(got) + "\n")
    finally:
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
