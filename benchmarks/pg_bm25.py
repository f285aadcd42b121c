"""PostgreSQL BM25 before/after at scale: the aggregates against the threshold rounds.

Issue 17, fourth round. On one table of ``--chunks`` rows of ``scale.py --mode mix``
(real KorQuAD/SciFact passages mixed, Kiwi terms, e5 vectors; the base cache of
scale.py), the same questions are answered, **interleaved query by query** (so both see
the same load), by:

* ``full``: the exact aggregate over every posting of the query terms (rounds one to
  three's query, :func:`notelens.store.postgres_bm25.full_sql`);
* ``ext``: the C extension over packed postings segments (seventh round,
  :mod:`notelens.store.postgres_ext`; the script builds the segments when the server
  has the extension, and skips this way when it has not);
* ``agg``: the v6 aggregate (df kept by the writer); ``rounds``: the threshold rounds
  forced (impact-ordered postings; the script builds the impact index, which tables
  keep only past ``IMPACT_INDEX_ROWS``); ``auto``: :meth:`PostgresStore.bm25_topk` as
  shipped,

for k 10 (a BM25 search) and k 100 (the hybrid's BM25 leg): p50/p95, top-k lists equal up
to ties, fallbacks, rounds, candidates and rows read for the survivors; then the hybrid as
the engine runs it (query embedding + BM25 k 100 + HNSW dense k 100), with either BM25.

The table is loaded only if it holds fewer rows than asked (``--dsn`` and ``--index``
name a table to reuse across runs); ``--dsn`` absent: a bundled server is started and
stopped.

    nice -n 5 .venv/bin/python benchmarks/pg_bm25.py --chunks 100000 --base 2000 \\
        --out .bench/pg_bm25_100k.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from notelens.config import DenseConfig, StoreConfig  # noqa: E402
from notelens.store.postgres import PostgresStore, PostgresStoreFactory  # noqa: E402
from scale import (  # noqa: E402
    Log,
    _same,
    analyzed_base,
    base_texts,
    scale_rows,
    write_batches,
)


def pct(times: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of milliseconds."""
    s = sorted(times)
    return statistics.median(s), s[int(0.95 * (len(s) - 1))]


def ms(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t0) * 1e3


def load(store: PostgresStore, base: Any, chunks: int, log: Log, *, bulk: bool = False) -> None:
    """The table's rows, in commits of 2,000 (100 files of 20 chunks), then optimize;
    ``bulk``: by COPY with the indexes built after (benchmarks/pg_bulk.py, impacts kept)."""
    if bulk:
        from pg_bulk import bulk_load

        stats = bulk_load(store, lambda: scale_rows(base, chunks, mode="mix"), impacts=True)
        for key, value in vars(stats).items():
            log("postgres", f"bulk_{key}", value)
        return
    t0 = time.perf_counter()
    write_batches(store, scale_rows(base, chunks, mode="mix"))
    log("postgres", "load_s", time.perf_counter() - t0)
    t0 = time.perf_counter()
    store.optimize()
    log("postgres", "optimize_s", time.perf_counter() - t0)


def top10(store: PostgresStore, v: Any, settings: dict[str, str]) -> list[tuple[str, float]]:
    """The table's dense top 10 for ``v`` by the store's query, under these transaction-
    local server settings (see :func:`exact_top10`, :func:`hnsw_top10`)."""
    dim, tid = int(store.dim), int(store._tid)
    with store._conn("benchmark") as conn, conn.transaction():
        for name, value in settings.items():
            conn.execute("SELECT set_config(%s, %s, true)", (name, value))
        rows = conn.execute(
            f"SELECT chunk_id, 1.0 - (embedding::vector({dim}) <=> %(q)s::vector({dim})) "
            f"FROM notelens_chunks WHERE tid = {tid} "
            f"ORDER BY embedding::vector({dim}) <=> %(q)s::vector({dim}) LIMIT 10",
            {"q": np.asarray(v)},
        ).fetchall()
    return [(str(c), float(s)) for c, s in rows]


def exact_top10(store: PostgresStore, v: Any) -> list[tuple[str, float]]:
    """The exact dense top 10 by the server's scan (index scans off: the same ``<=>``
    order over every row; the fourth round found it equal to numpy's exact top 10)."""
    return top10(store, v, {"enable_indexscan": "off", "enable_bitmapscan": "off"})


def load_exact(path: Path | None, rows: int, qs: list[str]) -> dict[int, list[tuple[str, float]]]:
    """The exact top 10s kept by an earlier run on the same table size and questions
    (``--exact-cache``: ~1 s of server scan a question at 1M rows, more under load)."""
    if path is None or not path.exists():
        return {}
    kept = json.loads(path.read_text("utf-8"))
    if kept["rows"] != rows or kept["questions"] != qs:
        return {}
    return {int(i): [(str(c), float(s)) for c, s in top] for i, top in kept["top10"].items()}


def save_exact(
    path: Path | None, rows: int, qs: list[str], exact: dict[int, list[tuple[str, float]]]
) -> None:
    if path is not None:
        kept = {"rows": rows, "questions": qs, "top10": {str(i): t for i, t in exact.items()}}
        path.write_text(json.dumps(kept, ensure_ascii=False), "utf-8")


def hnsw_top10(store: PostgresStore, v: Any, ef: int, iterative: str) -> list[Any]:
    """The store's HNSW query for 10 hits, with ``hnsw.iterative_scan`` set to
    ``iterative`` (the store always asks for ``strict_order``): whether pgvector 0.8's
    iterative scan changes an unfiltered query's hits."""
    from notelens.store.base import Scored

    settings = {"hnsw.ef_search": str(ef), "hnsw.iterative_scan": iterative}
    return [Scored(c, s) for c, s in top10(store, v, settings)]


def recall_at_10(
    store: PostgresStore,
    embedder: Any,
    qs: list[str],
    log: Log,
    label: str = "auto",
    *,
    exact: dict[int, list[tuple[str, float]]] | None = None,
    iterative: str | None = None,
) -> None:
    """HNSW recall@10 at the store's ef_search (``label``: "auto", the size rule, or the
    configured value) against the exact scan (``exact``: computed once per question and
    kept there across calls), also counting a hit within 1e-3 cosine of the exact 10th
    as one (near-ties), the dense p50/p95 and the server CPU per query. ``iterative``:
    the query run by :func:`hnsw_top10` with that ``hnsw.iterative_scan`` instead of the
    store's own."""
    exact = {} if exact is None else exact
    postmaster = postmaster_of(store)
    ef = store.ef_search(10)
    vecs = embedder.embed_queries(qs)
    hits, near, times, cpu = [], [], [], 0.0
    for i, v in enumerate(vecs):
        before = server_cpu_s(postmaster)
        if iterative is None:
            got, t = ms(lambda v=v: store.search_vector(v, 10))
        else:
            got, t = ms(lambda v=v: hnsw_top10(store, v, ef, iterative))
        cpu += server_cpu_s(postmaster) - before
        times.append(t)
        if i not in exact:
            exact[i] = exact_top10(store, v)
        want = {c for c, _ in exact[i]}
        tenth = exact[i][-1][1] if exact[i] else 0.0
        hits.append(len(want & {h.chunk_id for h in got}) / max(len(want), 1))
        near.append(sum(h.chunk_id in want or h.score >= tenth - 1e-3 for h in got) / 10)
    p50, p95 = pct(times)
    if iterative is not None:
        label = f"{label}_iterative_{iterative}"
    log("postgres", f"ef_search_{label}", ef)
    log("postgres", f"hnsw_recall_at_10_{label}", float(np.mean(hits)))
    log("postgres", f"hnsw_recall_at_10_near_ties_{label}", float(np.mean(near)))
    log("postgres", f"dense_k10_{label}_p50_ms", p50)
    log("postgres", f"dense_k10_{label}_p95_ms", p95)
    log("postgres", f"dense_k10_{label}_server_cpu_ms_mean", 1e3 * cpu / max(len(qs), 1))
    log("run", f"load_avg_after_{label}", os.getloadavg()[0])


def postmaster_of(store: PostgresStore) -> int:
    """The server's postmaster: the parent of one of the store's backends."""
    with store._conn("benchmark") as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()
    assert backend is not None
    stat = Path(f"/proc/{backend[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return int(stat[1])


def server_cpu_s(postmaster: int) -> float:
    """CPU seconds (user + system) of the server's processes so far: the postmaster's
    children, read from /proc (ticks of 10 ms: summed over a run's calls, the error
    averages out). The way's own backend is one of them, wherever the pool put it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def pairs(found: tuple[list[Any], Any]) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in found[0]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--dsn")
    ap.add_argument("--index", type=Path, help="the index folder keying the table (reuse)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--hybrid-only", action="store_true", help="skip the BM25 comparison")
    ap.add_argument("--bulk", action="store_true", help="load by COPY (benchmarks/pg_bulk.py)")
    ap.add_argument("--load-only", action="store_true", help="load (and build HNSW), then stop")
    ap.add_argument(
        "--skip-slow",
        action="store_true",
        help="leave out full, rounds and server (slower than agg in the fifth round)",
    )
    ap.add_argument(
        "--dirty",
        type=int,
        default=0,
        help="mark this many chunks (evenly spread) as written since the segments, time "
        "BM25 only, then unmark them: the extension's delta cost",
    )
    ap.add_argument("--ann-memory", default="512MB", help="maintenance_work_mem of the HNSW build")
    ap.add_argument(
        "--recall-only",
        default="",
        help="only HNSW recall: 'auto' and/or ef values, e.g. auto,1000",
    )
    ap.add_argument(
        "--hybrid-legs",
        default="",
        help="only these BM25 legs of the hybrid (e.g. agg,auto,none; default: every one). "
        "sql_auto needs the impact index past AGG_POSTINGS postings a question",
    )
    ap.add_argument(
        "--exact-cache",
        type=Path,
        help="JSON file keeping the exact dense top 10s across runs (same rows and questions)",
    )
    ap.add_argument(
        "--iterative",
        default="",
        help="with --recall-only, also each ef with these hnsw.iterative_scan modes "
        "(e.g. off,relaxed_order; the store uses strict_order)",
    )
    args = ap.parse_args()

    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create

    log = Log(args.out, {"script": "pg_bm25", "chunks": args.chunks, "base": args.base})
    log("run", "load_avg_start", os.getloadavg()[0])
    analyzer, embedder = KiwiAnalyzer(), create("auto")
    texts, questions = base_texts(args.base)
    rng = np.random.default_rng(1)
    qs = [questions[i] for i in rng.permutation(len(questions))[: args.queries]]
    q_terms = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    work = Path(tempfile.mkdtemp(prefix="notelens-pgbm25-"))
    work.chmod(0o755)
    server = None
    dsn = args.dsn
    if dsn is None:
        from pg_server import start_server

        (work / "pg").mkdir()
        server = start_server(work / "pg")
        dsn = server.dsn
    factory = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn))
    try:
        index = args.index or work / "index"
        dense = DenseConfig(ann_threshold=10_000)
        store = factory.open(index, "t", dim=embedder.dim, dense=dense)
        if store.count() < args.chunks:
            base = analyzed_base(texts, analyzer, embedder)
            load(store, base, args.chunks, log, bulk=args.bulk)
        if store.stats().dense_index != "hnsw":
            t0 = time.perf_counter()
            store.build_ann(memory=args.ann_memory)
            log("postgres", "hnsw_build_s", time.perf_counter() - t0)
            with store._conn("benchmark") as conn:
                conn.execute("ANALYZE notelens_chunks")
        log("postgres", "rows", store.count())
        if args.load_only:
            return
        if args.recall_only:
            exact = load_exact(args.exact_cache, store.count(), qs)  # one scan a question
            for ef in args.recall_only.split(","):
                config = StoreConfig(
                    "postgres", dsn=dsn, hnsw_ef_search=None if ef == "auto" else int(ef)
                )
                other = PostgresStoreFactory(config)
                try:
                    handle = other.open(index, "t", dim=embedder.dim, dense=dense, create=False)
                    recall_at_10(handle, embedder, qs, log, ef, exact=exact)
                    save_exact(args.exact_cache, store.count(), qs, exact)
                    for mode in filter(None, args.iterative.split(",")):
                        recall_at_10(handle, embedder, qs, log, ef, exact=exact, iterative=mode)
                finally:
                    other.close()
            return
        with store._conn("benchmark") as conn:
            row = conn.execute(
                "SELECT impact_avgdl FROM notelens_tables WHERE tid = %s", (store._tid,)
            ).fetchone()
        if row is not None and row[0] is None:
            # Impacts are kept only past IMPACT_INDEX_ROWS; the rounds need them.
            t0 = time.perf_counter()
            store.build_impact_index()
            log("postgres", "impact_index_s", time.perf_counter() - t0)
        has_ext = store.extension
        log("postgres", "bm25_extension", has_ext or store._pools.no_extension)
        if has_ext and store.segments_state() is None:
            t0 = time.perf_counter()
            store.build_segments()
            log("postgres", "segments_build_s", time.perf_counter() - t0)
            with store._conn("benchmark") as conn:
                conn.execute("VACUUM (ANALYZE) notelens_bm25_ords, notelens_bm25_segs")
                size = conn.execute(
                    "SELECT pg_total_relation_size('notelens_bm25_segs'), "
                    "pg_total_relation_size('notelens_bm25_ords')"
                ).fetchone()
            log("postgres", "segments_bytes", size)
        n = len(qs)
        if args.dirty:
            # Unchanged chunks marked as rewritten: the extension skips their ordinals
            # and scores their postings by SQL, so rankings stay equal while it pays
            # for the delta of that many written chunks.
            with store._conn("benchmark") as conn:
                conn.execute(
                    "INSERT INTO notelens_bm25_dirty SELECT tid, chunk_id FROM notelens_bm25_ords "
                    "WHERE tid = %s AND ord %% %s = 7 ON CONFLICT DO NOTHING",
                    (store._tid, max(1, store.count() // args.dirty)),
                )
                conn.execute("ANALYZE notelens_bm25_dirty")
            log("postgres", "dirty_chunks", store.segments_state())
        postmaster = postmaster_of(store)

        def sql_topk(i: int, k: int, **how: Any) -> tuple[list[Any], Any]:
            """The SQL path (the segments left aside, as on a server without them)."""
            return store.bm25_topk(q_terms[i], k, segments=False, **how)

        def full(i: int, k: int) -> list[tuple[str, float]]:
            query = store.bm25_sql(q_terms[i], k)
            if query is None:
                return []
            with store._conn("benchmark") as conn:
                rows = conn.execute(*query).fetchall()
            return [(c, float(s)) for c, s in rows if s > 0]

        # The four ways, interleaved query by query (the same load for each): the
        # first rounds' aggregate (df by a window), the v6 aggregate (df from the terms
        # table), the threshold rounds forced, and bm25_topk as shipped (the aggregate
        # below AGG_POSTINGS postings, else the rounds).
        ways: dict[str, Callable[[int, int], list[tuple[str, float]]]] = {
            "full": full,
            "agg": lambda i, k: pairs(sql_topk(i, k, aggregate_below=1 << 62)),
            "rounds": lambda i, k: pairs(sql_topk(i, k, aggregate_below=0, server=False)),
            "server": lambda i, k: pairs(sql_topk(i, k, aggregate_below=0)),
            "auto": lambda i, k: pairs(store.bm25_topk(q_terms[i], k)),
        }
        if has_ext:  # as shipped is then the extension: named so
            ways["ext"] = ways.pop("auto")
        if args.skip_slow:
            for slow in ("full", "rounds", "server"):
                ways.pop(slow)
        for k in () if args.hybrid_only else (10, 100):
            times: dict[str, list[float]] = {w: [] for w in ways}
            cpu = dict.fromkeys(ways, 0.0)  # server CPU s, summed over the queries
            first = next(iter(ways))  # the reference every way is compared with
            same = dict.fromkeys(ways, 0)
            for i in range(n):
                want = None
                for name, way in ways.items():
                    before = server_cpu_s(postmaster)
                    got, t = ms(lambda i=i, k=k, way=way: way(i, k))
                    cpu[name] += server_cpu_s(postmaster) - before
                    times[name].append(t)
                    want = want if want is not None else got
                    same[name] += _same(got, want)
            for name, t in times.items():
                p50, p95 = pct(t)
                log("postgres", f"bm25_k{k}_{name}_p50_ms", p50)
                log("postgres", f"bm25_k{k}_{name}_p95_ms", p95)
                log("postgres", f"bm25_k{k}_{name}_max_ms", max(t))
                log("postgres", f"bm25_k{k}_{name}_server_cpu_ms_mean", 1e3 * cpu[name] / n)
                log("postgres", f"bm25_k{k}_{name}_equal_to_{first}", f"{same[name]}/{n}")
            # Per query: the postings of its terms and each way's time (to place the
            # threshold between the aggregate and the rounds).
            postings = [store.bm25_topk(q_terms[i], k)[1].postings for i in range(n)]
            log("postgres", f"bm25_k{k}_per_query", [
                {"postings": postings[i], **{w: round(times[w][i], 2) for w in ways}}
                for i in range(n)
            ])  # fmt: skip
            if args.skip_slow:
                continue
            traces = [sql_topk(i, k, aggregate_below=0, server=False)[1] for i in range(n)]
            served = [sql_topk(i, k, aggregate_below=0)[1] for i in range(n)]
            log("postgres", f"bm25_k{k}_server_fallbacks", f"{sum(t.fallback for t in served)}/{n}")
            log("postgres", f"bm25_k{k}_server_survivors_p50", statistics.median(
                t.candidates for t in served))  # fmt: skip
            log("postgres", f"bm25_k{k}_server_scored_p50", statistics.median(
                t.lookups for t in served))  # fmt: skip
            log("postgres", f"bm25_k{k}_rounds_fallbacks", f"{sum(t.fallback for t in traces)}/{n}")
            rounds = [t.rounds for t in traces]
            log("postgres", f"bm25_k{k}_rounds_count", {r: rounds.count(r) for r in set(rounds)})
            log(
                "postgres",
                f"bm25_k{k}_rounds_candidates_p50",
                statistics.median(t.candidates for t in traces),
            )
            log(
                "postgres",
                f"bm25_k{k}_rounds_missing_pairs_p50",
                statistics.median(t.lookups for t in traces),
            )

        if args.dirty:
            with store._conn("benchmark") as conn:
                conn.execute("DELETE FROM notelens_bm25_dirty WHERE tid = %s", (store._tid,))
            return
        bm25_leg: dict[str, Callable[[int], object]] = {
            "full": lambda i: full(i, 100),
            "agg": lambda i: sql_topk(i, 100, aggregate_below=1 << 62),
            "server": lambda i: sql_topk(i, 100, aggregate_below=0),
            "auto": lambda i: store.bm25_topk(q_terms[i], 100),  # as shipped
        }
        if has_ext:
            bm25_leg["sql_auto"] = lambda i: sql_topk(i, 100)  # as shipped without it
        bm25_leg["none"] = lambda i: None  # the floor: query embedding + dense only
        if args.skip_slow:
            for slow in ("full", "server"):
                bm25_leg.pop(slow)
        if args.hybrid_legs:
            keep = set(args.hybrid_legs.split(","))
            bm25_leg = {name: leg for name, leg in bm25_leg.items() if name in keep}
        hyb: dict[str, list[float]] = {name: [] for name in bm25_leg}
        # CPU seconds summed over the questions: the server's, and this process's (the
        # query embedding, the client side): under load, the figures to compare.
        hyb_cpu = {name: [0.0, 0.0] for name in bm25_leg}
        embedder.embed_queries(qs[:1])  # the model's first call (warm-up) counts for no leg
        for i in range(n):
            for name, leg in bm25_leg.items():

                def hybrid(i: int = i, leg: Callable[[int], object] = leg) -> None:
                    v = embedder.embed_queries([qs[i]])[0]
                    leg(i)
                    store.search_vector(v, 100)

                server0, client0 = server_cpu_s(postmaster), time.process_time()
                hyb[name].append(ms(hybrid)[1])
                hyb_cpu[name][0] += server_cpu_s(postmaster) - server0
                hyb_cpu[name][1] += time.process_time() - client0
        for name, t in hyb.items():
            p50, p95 = pct(t)
            log("postgres", f"hybrid_{name}_bm25_p50_ms", p50)
            log("postgres", f"hybrid_{name}_bm25_p95_ms", p95)
            log("postgres", f"hybrid_{name}_bm25_server_cpu_ms_mean", 1e3 * hyb_cpu[name][0] / n)
            log("postgres", f"hybrid_{name}_bm25_client_cpu_ms_mean", 1e3 * hyb_cpu[name][1] / n)
        log("run", "load_avg_after_hybrid", os.getloadavg()[0])
        exact = load_exact(args.exact_cache, store.count(), qs)
        recall_at_10(store, embedder, qs, log, exact=exact)
        save_exact(args.exact_cache, store.count(), qs, exact)
        log("run", "load_avg_end", os.getloadavg()[0])
    finally:
        factory.close()
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
