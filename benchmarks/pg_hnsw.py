"""Why HNSW recall drops on scale.py's archive-like rows: size, or rows per passage?

Issue 17, fourth round. The third round measured pgvector HNSW recall@10 (default graph,
m 16 / ef_construction 64) on ``scale.py --mode mix`` rows from 2,000 base passages:
0.988 at 20k rows, 0.973 at 50k, 0.758 at 100k (ef_search 100-200). This script builds
only what the dense leg needs (rows with their vectors and no terms, so no postings: a
100k table loads in a minute), through the real :class:`PostgresStore` (its partial HNSW
index, ``optimize``/``build_ann``, ``hnsw.ef_search`` set per transaction through the
pool), for several ``--runs CHUNKS:BASE`` on one bundled server, and reports per run:

* recall@10 against the **true** reference (numpy: exact cosine over the same float32
  vectors) for each ``--ef``, and whether Postgres' own exact scan (the index dropped)
  equals that reference (same filter, same operator, same vectors);
* the gap between the 10th and the 11th/50th/100th exact neighbour (how crowded the
  neighbourhood of a query is: a graph walk with a small beam separates ~equal
  neighbours badly);
* the HNSW build time, and what the server said about the build: it runs with
  ``log_min_messages = debug1``, so pgvector's notices (the graph outgrowing
  ``maintenance_work_mem``, parallel workers) land in its log, which is kept.

If recall follows rows per passage (chunks/base) and not the number of rows, the break is
the data's crowding, not the build.

    nice -n 5 .venv/bin/python benchmarks/pg_hnsw.py --runs 50000:2000,50000:1000,100000:2000

Ninth round: ``--rows realistic`` grows ``CHUNKS`` rows from every real e5 passage vector
at hand (``neighbourhoods.real_passages``, ~18k; ``BASE`` is ignored) with
``realistic_rows`` (mixes of a passage with its real near neighbours, spec ``--spec``),
whose neighbourhood statistics match real corpora at 4k-18k rows
(``benchmarks/neighbourhoods.py``); the questions are then real questions of those
corpora (``neighbourhoods.real_questions``), and each run also logs the statistics of its
own rows and the server CPU per query. ``--workdir`` puts the server's data there.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from notelens.config import DenseConfig, StoreConfig  # noqa: E402
from notelens.store.postgres import ANN_BUILD_MEMORY, PostgresStoreFactory  # noqa: E402
from pg_bm25 import postmaster_of  # noqa: E402
from scale import Log, analyzed_base, base_texts, scale_rows  # noqa: E402

#: realistic_rows' settings chosen on the tuning half of the questions (neighbourhoods.py).
DEFAULT_SPEC = "4:20:1:0.015:iso"


def server_cpu_by_pid(postmaster: int) -> dict[int, int]:
    """CPU ticks (user + system) of each of the server's processes now. Per process, so
    that a query's cost is the growth of the processes alive before and after it: a sum
    over whoever is alive falls when a backend of the previous pool or a build's parallel
    worker exits meanwhile (negative figures in a first 1M run)."""
    out: dict[int, int] = {}
    try:
        kids = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    except OSError:
        return out
    for pid in kids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        out[int(pid)] = int(fields[11]) + int(fields[12])
    return out


def cpu_grown_s(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds the processes spent between two readings (a new one: all of its)."""
    ticks = sum(t - before.get(pid, 0) for pid, t in after.items())
    return ticks / __import__("os").sysconf("SC_CLK_TCK")


def realistic_of(base: np.ndarray, chunks: int, spec: str) -> tuple[list[Any], np.ndarray]:
    """``chunks`` rows of :func:`realistic_rows.realistic_vectors` (no terms), and their
    vectors as one matrix. ``spec``: parts:near:alpha:sigma:noise."""
    from notelens.store.testing import rec
    from realistic_rows import MixSpec, realistic_vectors

    p, k, a, sg, nz = spec.split(":")
    mix = MixSpec(parts=int(p), near=int(k), alpha=float(a), sigma=float(sg), noise=nz)
    mat = np.concatenate(list(realistic_vectors(base, chunks, mix)))
    rows = [
        replace(rec(f"/real/{i // 20:06d}.md", i % 20, ""), vector=mat[i], content_hash=f"c{i}")
        for i in range(chunks)
    ]
    return rows, mat


def vectors_of(base: Any, chunks: int) -> tuple[list[Any], np.ndarray]:
    """The ``chunks`` mix rows of scale.py without their terms (no postings), and their
    vectors as one matrix (the true reference's input: the very float32s stored)."""
    rows = [replace(r, terms="") for r in scale_rows(base, chunks, mode="mix")]
    return rows, np.stack([np.asarray(r.vector, dtype=np.float32) for r in rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", default="50000:2000,50000:1000,100000:2000")
    ap.add_argument(
        "--ef", default="40,100,200,400", help="hnsw.ef_search values; auto: the store's size rule"
    )
    ap.add_argument("--seed", type=int, default=1, help="which questions are sampled")
    ap.add_argument("--hnsw", default="16:64", help="graphs built per run, m:ef_construction,..")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep-log", type=Path, help="copy the server log here")
    ap.add_argument("--rows", choices=("scale", "realistic"), default="scale")
    ap.add_argument("--spec", default=DEFAULT_SPEC, help="--rows realistic: the MixSpec")
    ap.add_argument("--workdir", type=Path, help="the server's folder (default: a temp dir)")
    ap.add_argument(
        "--ann-memory", default=ANN_BUILD_MEMORY, help="the builds' maintenance_work_mem"
    )
    ap.add_argument("--skip-stats", action="store_true", help="not the rows' statistics")
    ap.add_argument("--shared-buffers", help="set before the runs (a restart), e.g. 2GB")
    args = ap.parse_args()

    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create
    from pg_server import start_server

    log = Log(args.out, {"script": "pg_hnsw"})
    log("run", "load_avg_start", __import__("os").getloadavg()[0])
    analyzer, embedder = KiwiAnalyzer(), create("auto")
    runs = [tuple(int(x) for x in r.split(":")) for r in args.runs.split(",")]
    rng = np.random.default_rng(args.seed)
    if args.rows == "realistic":
        from neighbourhoods import question_vectors, real_passages, real_questions, summary

        pool = real_passages()[0]
        real_q = real_questions()
        all_q = question_vectors(real_q)
        pick = rng.permutation(len(real_q))[: args.queries]
        qs = [real_q[i][1] for i in pick]
        q_vecs = all_q[pick]
        log(
            "run",
            "questions_by_set",
            {s: sum(real_q[i][0] == s for i in pick) for s in {x for x, _ in real_q}},
        )
    else:
        questions = base_texts(max(b for _, b in runs))[1]
        qs = [questions[i] for i in rng.permutation(len(questions))[: args.queries]]
        q_vecs = np.asarray(embedder.embed_queries(qs), dtype=np.float32)
    efs = [None if e == "auto" else int(e) for e in args.ef.split(",")]
    # "16:64s": the same graph built serially (max_parallel_maintenance_workers 0).
    graphs = [
        (int(m), int(efc.rstrip("s")), efc.endswith("s"))
        for m, efc in (g.split(":") for g in args.hnsw.split(","))
    ]

    if args.workdir is not None:
        args.workdir.mkdir(parents=True)  # a fresh one: never an old server's folder
    work = args.workdir or Path(tempfile.mkdtemp(prefix="notelens-pghnsw-"))
    work.chmod(0o755)
    (work / "pg").mkdir()
    server = start_server(work / "pg")
    factories: list[PostgresStoreFactory] = []
    try:
        if args.shared_buffers:
            # As the eighth round's 1M server had: the 2 GB graph then stays in the buffers.
            first = PostgresStoreFactory(StoreConfig("postgres", dsn=server.dsn))
            with first._pools.primary().connection() as conn:
                conn.execute(f"ALTER SYSTEM SET shared_buffers = '{args.shared_buffers}'")
            first.close()
            server.stop()
            server.start()
        admin = PostgresStoreFactory(StoreConfig("postgres", dsn=server.dsn))
        factories.append(admin)
        with admin._pools.primary().connection() as conn:
            conn.execute("ALTER SYSTEM SET log_min_messages = 'debug1'")
            conn.execute("SELECT pg_reload_conf()")
        for chunks, n_base in runs:
            if args.rows == "realistic":
                tag = f"{chunks // 1000}k_realistic{len(pool)}"
                t0 = time.perf_counter()
                rows, mat = realistic_of(pool, chunks, args.spec)
                log(tag, "generate_s", time.perf_counter() - t0)
                if not args.skip_stats:
                    stats = summary(mat, all_q, np.random.default_rng(1))
                    log(tag, "neighbourhood_all_questions", stats)
            else:
                # The same passages scale.py --base N takes (cached: nothing is re-embedded).
                base = analyzed_base(base_texts(n_base)[0], analyzer, embedder)
                tag = f"{chunks // 1000}k_base{n_base}"
                rows, mat = vectors_of(base, chunks)
            store = admin.open(
                work / tag, "t", dim=embedder.dim, dense=DenseConfig(ann_threshold=1)
            )
            t0 = time.perf_counter()
            for at in range(0, len(rows), 2000):
                part = rows[at : at + 2000]
                store.replace_sources(sorted({r.source for r in part}), part)
            log(tag, "load_s", time.perf_counter() - t0)
            sims = q_vecs @ mat.T
            order = np.argsort(-sims, axis=1, kind="stable")
            ids = [r.chunk_id for r in rows]
            truth = [[ids[j] for j in order[i, :10]] for i in range(len(qs))]
            s = np.take_along_axis(sims, order[:, :100], axis=1)
            for at in (11, 50, 100):
                log(tag, f"gap_10th_to_{at}th_cosine_mean", float(np.mean(s[:, 9] - s[:, at - 1])))
            log(
                tag,
                "rows_per_passage",
                chunks / (len(pool) if args.rows == "realistic" else n_base),
            )
            pg_exact = [[h.chunk_id for h in hits] for hits in store.search_vectors(q_vecs, 10)]
            same = sum(set(a) == set(b) for a, b in zip(pg_exact, truth, strict=True))
            log(tag, "pg_exact_equal_to_numpy_exact", f"{same}/{len(qs)}")
            row_of = {cid: j for j, cid in enumerate(ids)}
            for m, efc, serial in graphs:
                g = f"m{m}_efc{efc}{'_serial' if serial else ''}"
                logfile = server.data / "server.log"
                mark = logfile.stat().st_size
                with admin._pools.primary().connection() as conn:
                    workers = "0" if serial else "DEFAULT"
                    conn.execute(f"ALTER SYSTEM SET max_parallel_maintenance_workers = {workers}")
                    conn.execute("SELECT pg_reload_conf()")
                time.sleep(0.5)
                t0 = time.perf_counter()
                store.build_ann(m=m, ef_construction=efc, rebuild=True, memory=args.ann_memory)
                log(tag, f"{g}_build_s", time.perf_counter() - t0)
                # As optimize() does after a build: with stale statistics the planner may
                # think this tid has no rows and scan exactly instead (recall 1.0 at the
                # cost of a scan: seen at 100k in a run without it).
                with admin._pools.primary().connection() as conn:
                    conn.execute("ANALYZE notelens_chunks")
                said = logfile.read_bytes()[mark:].decode("utf-8", "replace")
                notes = [
                    ln.split("LOG:", 1)[-1].split("DEBUG:", 1)[-1].split("NOTICE:", 1)[-1].strip()
                    for ln in said.splitlines()
                    if re.search(r"hnsw|parallel|maintenance_work_mem|graph", ln, re.I)
                ]
                log(tag, f"{g}_server_said", notes[:8])
                for ef in efs:
                    # auto: StoreConfig.hnsw_ef_search unset (ef_search_for on the rows,
                    # the row count read in each search's transaction, as shipped).
                    name = "auto" if ef is None else str(ef)
                    swept = PostgresStoreFactory(
                        StoreConfig("postgres", dsn=server.dsn, hnsw_ef_search=ef)
                    )
                    try:
                        h = swept.open(work / tag, "t", dim=embedder.dim, create=False)
                        # One query per call and timed alone: p50 / p95, not only a mean.
                        ann, each_ms, cpu = [], [], 0.0
                        postmaster = postmaster_of(h)
                        for qv in q_vecs:
                            before = server_cpu_by_pid(postmaster)
                            t0 = time.perf_counter()
                            hits = h.search_vectors(qv[None, :], 10)[0]
                            each_ms.append((time.perf_counter() - t0) * 1e3)
                            cpu += cpu_grown_s(before, server_cpu_by_pid(postmaster))
                            ann.append([x.chunk_id for x in hits])
                        ms = float(np.mean(each_ms))
                        log(tag, f"{g}_ef{name}_ef_search", h.ef_search(10))
                    finally:
                        swept.close()
                    recall = float(
                        np.mean(
                            [len(set(a) & set(b)) / 10 for a, b in zip(ann, truth, strict=True)]
                        )
                    )
                    # Near-ties: a hit counts when it is as close as the exact 10th
                    # neighbour up to 1e-3 cosine (another row of a near-equal mix).
                    tol = float(
                        np.mean(
                            [
                                np.mean([sims[i, row_of[c]] >= s[i, 9] - 1e-3 for c in a])
                                if a
                                else 0.0
                                for i, a in enumerate(ann)
                            ]
                        )
                    )
                    log(tag, f"{g}_ef{name}_recall@10", recall)
                    log(tag, f"{g}_ef{name}_recall@10_ties_1e-3", tol)
                    log(tag, f"{g}_ef{name}_mean_ms", ms)
                    log(tag, f"{g}_ef{name}_p50_ms", float(np.percentile(each_ms, 50)))
                    log(tag, f"{g}_ef{name}_p95_ms", float(np.percentile(each_ms, 95)))
                    log(tag, f"{g}_ef{name}_server_cpu_ms", 1e3 * cpu / len(q_vecs))
                    log(tag, f"{g}_ef{name}_load_avg", __import__("os").getloadavg()[0])
            admin.drop(work / tag, "t")
        log("run", "load_avg_end", __import__("os").getloadavg()[0])
    finally:
        for f in factories:
            f.close()
        if args.keep_log is not None:
            shutil.copy(server.data / "server.log", args.keep_log)
        server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()
