"""Search at scale on the embedded store (LanceDB) and on PostgreSQL + pgvector (issue 17).

A table of ``--chunks`` rows is built from real corpora in ../shared: KorQuAD paragraphs
(Korean) and SciFact abstracts (English), ``--base`` of them analyzed by Kiwi and
embedded by the engine's e5 model once. The other rows are perturbed copies, so terms
and vectors keep realistic statistics without embedding every row:

* terms: each term of the base row is kept with p = 0.85, replaced by a term drawn from
  the base corpus' term distribution with p = 0.10 and dropped with p = 0.05;
* vectors: the base vector plus Gaussian noise (sigma ``--noise`` per dimension),
  renormalised (cosine to the base ~0.9 at the default).

Queries are real questions (KorQuAD and SciFact, half each), analyzed and embedded. Per
backend it reports: build time and rows/s; BM25 alone p50/p95; dense alone exact p50/p95
and, on Postgres after ``optimize`` (HNSW, ``ef_search`` from StoreConfig), p50/p95 and
recall@10 against exact; hybrid p50 with query embedding (embed + BM25 + dense; fusion is
microseconds); on-disk bytes per chunk; and how many BM25 top-10 lists equal the
embedded store's up to ties. Not done here (see the README): bm25s, 8 HTTP clients.

    .venv/bin/python benchmarks/scale.py --chunks 20000             # starts a bundled server
    .venv/bin/python benchmarks/scale.py --chunks 100000 --dsn postgresql://...
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from notelens.config import DenseConfig, StoreConfig  # noqa: E402
from notelens.store.base import ChunkRecord, Store  # noqa: E402
from notelens.store.lancedb import LanceDBStoreFactory  # noqa: E402
from notelens.store.postgres import PostgresStoreFactory  # noqa: E402
from notelens.store.testing import assert_same_ranking, rec  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


def base_texts(n: int) -> tuple[list[tuple[str, str]], list[str]]:
    """(lang, text) of ``n`` real passages, half Korean, half English; and questions."""
    ko = json.loads((SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json").read_text())
    paras = [p for art in ko["data"] for p in art["paragraphs"]]
    ko_texts = [("ko", p["context"]) for p in paras]
    ko_q = [qa["question"] for p in paras for qa in p["qas"]][::50]
    with open(SHARED / "scifact" / "corpus.jsonl", encoding="utf-8") as fh:
        en_texts = [("en", json.loads(line)["text"]) for line in fh]
    with open(SHARED / "scifact" / "queries.jsonl", encoding="utf-8") as fh:
        en_q = [json.loads(line)["text"] for line in fh][::20]
    half = n // 2
    return ko_texts[:half] + en_texts[: n - min(half, len(ko_texts))], ko_q + en_q


def perturbed(
    base: list[tuple[str, list[str], np.ndarray]], n: int, noise: float, seed: int = 0
) -> list[ChunkRecord]:
    rng = np.random.default_rng(seed)
    all_terms = [t for _, terms, _ in base for t in terms]
    out = []
    for i in range(n):
        lang, terms, vec = base[i % len(base)]
        if i >= len(base):
            u = rng.random(len(terms))
            draws = rng.integers(0, len(all_terms), len(terms))
            terms = [
                t if x < 0.85 else all_terms[d]
                for t, x, d in zip(terms, u, draws, strict=True)
                if x < 0.95
            ]
            vec = vec + rng.normal(0, noise, vec.shape).astype(np.float32)
            vec /= np.linalg.norm(vec)
        src = f"/scale/{i // 20:06d}.md"
        out.append(
            replace(
                rec(src, i % 20, " ".join(terms), lang=lang),
                vector=vec.astype(np.float32),
                content_hash=f"c{i}",
            )
        )
    return out


def timed(fn: Callable[[int], object], n: int) -> tuple[float, float]:
    """p50, p95 in ms of ``fn(i)`` over ``n`` calls."""
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def build(store: Store, rows: list[ChunkRecord]) -> float:
    t0 = time.perf_counter()
    by_source: dict[str, list[ChunkRecord]] = {}
    for r in rows:
        by_source.setdefault(r.source, []).append(r)
    sources = list(by_source)
    for i in range(0, len(sources), 100):  # commits of 100 files, as an index run does
        part = sources[i : i + 100]
        store.replace_sources(part, [r for s in part for r in by_source[s]])
    store.optimize()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=20_000)
    ap.add_argument("--base", type=int, default=1_000)
    ap.add_argument("--noise", type=float, default=0.025)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--dsn", help="a server with pgvector (default: start the bundled one)")
    args = ap.parse_args()

    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create

    analyzer, embedder = KiwiAnalyzer(), create("auto")
    texts, questions = base_texts(args.base)
    t0 = time.perf_counter()
    terms = analyzer.terms_batch([t for _, t in texts])
    vecs = embedder.embed_passages([t for _, t in texts])
    print(f"base: {len(texts)} passages analyzed + embedded in {time.perf_counter() - t0:.1f} s")
    base = [(lang, t, v) for (lang, _), t, v in zip(texts, terms, vecs, strict=True) if t]
    rows = perturbed(base, args.chunks, args.noise)
    rng = np.random.default_rng(1)
    qs = [questions[i] for i in rng.permutation(len(questions))[: args.queries]]
    q_terms = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    q_vecs = embedder.embed_queries(qs)

    work = Path(tempfile.mkdtemp(prefix="notelens-scale-"))
    server = None
    dsn = args.dsn
    if dsn is None:
        from pg_server import start_server

        (work / "pg").mkdir()
        (work / "pg").chmod(0o755)
        work.chmod(0o755)
        server = start_server(work / "pg")
        dsn = server.dsn
    dense = DenseConfig(ann_threshold=min(10_000, args.chunks))
    pg_factory = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn))
    try:
        lance = LanceDBStoreFactory().open(work / "lance", "t", dim=embedder.dim)
        pg = pg_factory.open(work / "pgidx", "t", dim=embedder.dim, dense=dense)
        n = len(qs)
        results: dict[str, dict[str, float]] = {}
        for name, store in (("embedded (LanceDB)", lance), ("postgres", pg)):
            secs = build(store, rows)
            r: dict[str, float] = {"build_s": secs, "rows_per_s": len(rows) / secs}
            r["bm25_p50"], r["bm25_p95"] = timed(
                lambda i, s=store: s.search_terms(q_terms[i], 10), n
            )
            r["dense_p50"], r["dense_p95"] = timed(
                lambda i, s=store: s.search_vector(q_vecs[i], 10), n
            )

            def hybrid(i: int, store: Store = store) -> None:
                v = embedder.embed_queries([qs[i]])[0]
                store.search_terms(q_terms[i], 100)
                store.search_vector(v, 100)

            r["hybrid_p50"], r["hybrid_p95"] = timed(hybrid, n)
            results[name] = r
        # Postgres HNSW against its own exact scan (drop the index, scan, rebuild).
        with pg_factory._pools.primary().connection() as conn:
            conn.execute(f"DROP INDEX IF EXISTS notelens_hnsw_{pg._tid}")
        exact = [[h.chunk_id for h in pg.search_vector(q_vecs[i], 10)] for i in range(n)]
        results["postgres"]["dense_exact_p50"], _ = timed(
            lambda i: pg.search_vector(q_vecs[i], 10), n
        )
        pg.optimize()
        for ef in (40, 100, 200, 400):  # the recall setting, swept on the same index
            sweep = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn, hnsw_ef_search=ef))
            try:
                h = sweep.open(work / "pgidx", "t", dim=embedder.dim, dense=dense, create=False)
                ann = [[x.chunk_id for x in h.search_vector(q_vecs[i], 10)] for i in range(n)]
                p50, _ = timed(lambda i, h=h: h.search_vector(q_vecs[i], 10), n)
            finally:
                sweep.close()
            results["postgres"][f"hnsw_ef{ef}_recall@10"] = float(
                np.mean([len(set(a) & set(e)) / 10 for a, e in zip(ann, exact, strict=True)])
            )
            results["postgres"][f"hnsw_ef{ef}_p50"] = p50
        same = 0
        for i in range(n):
            try:
                assert_same_ranking(
                    [(h.chunk_id, h.score) for h in pg.search_terms(q_terms[i], 10)],
                    [(h.chunk_id, h.score) for h in lance.search_terms(q_terms[i], 10)],
                )
                same += 1
            except AssertionError:
                pass
        with pg_factory._pools.primary().connection() as conn:
            row = conn.execute(
                "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY["
                "'notelens_chunks','notelens_postings']::regclass[]) c"
            ).fetchone()
        pg_bytes = int(row[0]) if row else 0
        lance_bytes = sum(p.stat().st_size for p in (work / "lance").rglob("*") if p.is_file())
        results["postgres"]["disk_bytes_per_chunk"] = pg_bytes / len(rows)
        results["embedded (LanceDB)"]["disk_bytes_per_chunk"] = lance_bytes / len(rows)
        print(f"\nchunks={len(rows)} queries={n} base={len(base)} noise={args.noise}")
        print(f"BM25 top-10 equal to the embedded store's (up to ties): {same}/{n}")
        for name, r in results.items():
            print(f"\n{name}")
            for k, v in r.items():
                print(f"  {k}: {v:.3f}" if isinstance(v, float) else f"  {k}: {v}")
    finally:
        pg_factory.close()
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
