"""Search at scale on the embedded store (LanceDB) and on PostgreSQL + pgvector (issue 17).

A table of ``--chunks`` rows is built from real corpora in ../shared: KorQuAD paragraphs
(Korean, 433) and SciFact abstracts (English, 5,183). ``--base 0`` (the default) takes
all of them, ``--base N`` N of them (half Korean as far as there are). Each passage is
analyzed by Kiwi and embedded by the engine's e5 model once; terms and vectors are
cached by text hash in ``.bench/scale-base-<model>.npz`` (``--prepare`` only fills the
cache), so reruns skip it. The first rows are the base passages themselves; the others
are derived, by ``--mode``:

* ``mix`` (default; what an archive looks like): each derived row mixes its anchor
  passage (row i's is passage i mod base) with one or two other passages of the same
  language drawn at random, with convex weights w ~ Dirichlet(1, ..). Terms: from each
  passage a contiguous run of ``w_j * len_j`` of its terms at a random offset, joined,
  then each term replaced with p = 0.10 by a draw from the corpus' term distribution.
  Vector: sum of w_j * v_j plus Gaussian noise (sigma 0.01 per dimension),
  renormalised. So rows are not copies of each other: their nearest neighbours spread
  like related notes do, exact duplicates are rare, and term frequencies stay those of
  real text;
* ``dup`` (the hard case for HNSW): perturbed copies of the anchor. Each term kept with
  p = 0.85, replaced by a corpus-frequency draw with p = 0.10, dropped with p = 0.05;
  vector + Gaussian noise (sigma ``--noise`` per dimension), renormalised. With
  ``--noise 0.025`` every base passage is a tight cluster of ``chunks/base``
  near-duplicates (cosine ~0.9 to each other).

The table is built inside a real index folder (``notelens index examples/notes`` with the
backend, then the scale rows written into the index's own table), so ``notelens serve``
can answer over it. Queries are real questions (KorQuAD and SciFact, half each), analyzed
and embedded. Per backend (``--backends``): build time and rows/s; resident memory
(this process' RSS growth for the embedded store, the server processes' RSS for
Postgres) and bytes on disk per chunk; BM25 alone p50/p95 and queries/s; dense alone
p50/p95 (exact, and on Postgres HNSW recall@10 against exact for each ``--ef`` value of
``hnsw.ef_search``, for the default graph and for each ``--hnsw m:ef_construction``
rebuilt, with its build time); hybrid p50/p95 with query embedding (embed + BM25 +
dense); bm25s (Lucene BM25, k1 1.2, b 0.75) on the same term lists in the same run:
queries/s and how many of its top-10 lists equal the first backend's (and, when LanceDB
is not in the run, the embedded store's BM25 index on the same rows: the same count);
and ``--http-clients`` concurrent clients on ``POST /search`` (hybrid, k 10) of a
``notelens serve`` started on loopback.

Every result is also appended as one JSON line to ``--out`` as soon as it is measured,
so a long run keeps what it finished.

    .venv/bin/python benchmarks/scale.py --chunks 20000             # starts a bundled server
    .venv/bin/python benchmarks/scale.py --chunks 100000 --dsn postgresql://...
    .venv/bin/python benchmarks/scale.py --chunks 1000000 --backends lancedb --out x.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from notelens.config import ANN_INDEXES, DenseConfig, StoreConfig  # noqa: E402
from notelens.retrieve.searcher import Searcher  # noqa: E402
from notelens.store.base import ChunkRecord, Store, StoreFactory  # noqa: E402
from notelens.store.lancedb import LanceDBStoreFactory  # noqa: E402
from notelens.store.postgres import PostgresStore, PostgresStoreFactory  # noqa: E402
from notelens.store.testing import assert_same_ranking, rec  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "examples" / "notes"


def base_texts(n: int) -> tuple[list[tuple[str, str]], list[str]]:
    """(lang, text) of real passages, and questions. ``n`` > 0: ``n`` of them, half Korean,
    half English; ``n`` = 0: every KorQuAD paragraph and every SciFact abstract there is."""
    ko = json.loads((SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json").read_text())
    paras = [p for art in ko["data"] for p in art["paragraphs"]]
    ko_texts = [("ko", p["context"]) for p in paras]
    ko_q = [qa["question"] for p in paras for qa in p["qas"]][::50]
    with open(SHARED / "scifact" / "corpus.jsonl", encoding="utf-8") as fh:
        en_texts = [("en", json.loads(line)["text"]) for line in fh]
    with open(SHARED / "scifact" / "queries.jsonl", encoding="utf-8") as fh:
        en_q = [json.loads(line)["text"] for line in fh][::20]
    if n <= 0:
        return ko_texts + en_texts, ko_q + en_q
    half = n // 2
    return ko_texts[:half] + en_texts[: n - min(half, len(ko_texts))], ko_q + en_q


Base = list[tuple[str, list[str], np.ndarray]]

#: Passages embedded between two saves of the base cache.
CACHE_EVERY = 200


def analyzed_base(texts: list[tuple[str, str]], analyzer: Any, embedder: Any) -> Base:
    """(lang, terms, vector) of each passage with terms. Kiwi + e5 over thousands of
    passages take tens of minutes on a loaded machine, so each passage's terms and vector
    are cached in ``.bench/scale-base-<embedder>.npz`` by the hash of its text, saved
    every :data:`CACHE_EVERY` passages: a rerun (or a larger ``--base``) embeds only
    what is missing, and a stopped ``--prepare`` keeps what it finished."""
    model = f"{getattr(embedder, 'id', type(embedder).__name__)}-{embedder.dim}"
    cache = ROOT / ".bench" / f"scale-base-{model.replace('/', '_')}.npz"
    known: dict[str, tuple[list[str], np.ndarray]] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            terms = json.loads(str(z["terms"]))
            known = dict(zip(z["keys"].tolist(), zip(terms, z["vecs"], strict=True), strict=True))
    keys = [hashlib.sha256(f"{lang}\0{text}".encode()).hexdigest()[:20] for lang, text in texts]
    todo = [i for i, k in enumerate(keys) if k not in known]
    print(f"base: {len(texts) - len(todo)} of {len(texts)} passages cached", flush=True)
    t0 = time.perf_counter()
    for at in range(0, len(todo), CACHE_EVERY):
        part = todo[at : at + CACHE_EVERY]
        batch = [texts[i][1] for i in part]
        got = zip(analyzer.terms_batch(batch), embedder.embed_passages(batch), strict=True)
        known.update((keys[i], (t, v)) for i, (t, v) in zip(part, got, strict=True))
        cache.parent.mkdir(exist_ok=True)
        tmp = cache.with_name(cache.stem + ".tmp.npz")
        np.savez(
            tmp,
            keys=np.array(list(known)),
            terms=np.array(json.dumps([t for t, _ in known.values()], ensure_ascii=False)),
            vecs=np.stack([v for _, v in known.values()]).astype(np.float32),
        )
        tmp.replace(cache)
        done = at + len(part)
        print(f"base: {done}/{len(todo)} embedded, {time.perf_counter() - t0:.0f} s", flush=True)
    return [
        (lang, list(known[k][0]), np.asarray(known[k][1], dtype=np.float32))
        for (lang, _), k in zip(texts, keys, strict=True)
        if known[k][0]
    ]


def scale_rows(
    base: Base,
    n: int,
    *,
    mode: str = "mix",
    noise: float = 0.025,
    mix_noise: float = 0.01,
    seed: int = 0,
    terms_out: list[list[str]] | None = None,
) -> Iterator[ChunkRecord]:
    """The ``n`` rows, generated lazily (1M rows of text are not kept twice): the base
    passages as they are, then derived rows (see the module docstring for ``mode``).
    ``terms_out`` gets each row's term list (for bm25s)."""
    rng = np.random.default_rng(seed)
    all_terms = [t for _, terms, _ in base for t in terms]
    by_lang: dict[str, list[int]] = {}
    for j, (lang, _, _) in enumerate(base):
        by_lang.setdefault(lang, []).append(j)
    for i in range(n):
        lang, terms, vec = base[i % len(base)]
        if i >= len(base) and mode == "mix":
            terms, vec = _mixed(base, i % len(base), by_lang[lang], all_terms, mix_noise, rng)
        elif i >= len(base):
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
        if terms_out is not None:
            terms_out.append(terms)
        yield replace(
            rec(src, i % 20, " ".join(terms), lang=lang),
            vector=vec.astype(np.float32),
            content_hash=f"c{i}",
        )


def _mixed(
    base: Base,
    anchor: int,
    same_lang: list[int],
    all_terms: list[str],
    noise: float,
    rng: np.random.Generator,
) -> tuple[list[str], np.ndarray]:
    """One derived row: the anchor passage and one or two other passages of its language
    drawn at random, with convex weights w ~ Dirichlet(1, ..). Terms: from each passage a
    contiguous run of ``w_j * len_j`` of its terms at a random offset (the union keeps
    each passage's term order and burstiness), then each term replaced with p = 0.10 by a
    draw from the corpus' term distribution. Vector: sum of w_j * v_j plus Gaussian noise
    (sigma ``noise`` per dimension), renormalised."""
    k = int(rng.integers(2, 4))
    picks = [anchor, *(same_lang[int(x)] for x in rng.integers(0, len(same_lang), k - 1))]
    w = rng.dirichlet(np.ones(k))
    terms: list[str] = []
    vec = np.zeros_like(base[anchor][2])
    for j, wj in zip(picks, w, strict=True):
        src = base[j][1]
        take = max(1, round(wj * len(src)))
        start = int(rng.integers(0, len(src) - take + 1))
        terms += src[start : start + take]
        vec += wj * base[j][2]
    u = rng.random(len(terms))
    draws = rng.integers(0, len(all_terms), len(terms))
    terms = [t if x >= 0.10 else all_terms[d] for t, x, d in zip(terms, u, draws, strict=True)]
    vec = vec + rng.normal(0, noise, vec.shape).astype(np.float32)
    return terms, vec / np.linalg.norm(vec)


def timed(fn: Callable[[int], object], n: int) -> tuple[float, float, float]:
    """p50, p95 in ms of ``fn(i)`` over ``n`` calls, and calls per second."""
    times = []
    t_all = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1e3)
    wall = time.perf_counter() - t_all
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], n / wall


def rss_bytes(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def server_rss(data: Path) -> int:
    """RSS of the postmaster and its children (shared buffers counted once per process
    that touched them, so an upper bound)."""
    pid = int((data / "postmaster.pid").read_text().split()[0])
    kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return sum(rss_bytes(p) for p in [pid, *map(int, kids.split())])


def write_batches(
    store: Store, rows: Iterable[ChunkRecord], keep: Callable[[ChunkRecord], None] | None = None
) -> None:
    """Commits of 100 files (20 chunks each), as an index run does; ``keep`` sees each row."""
    batch: list[ChunkRecord] = []
    for r in rows:
        if keep is not None:
            keep(r)
        batch.append(r)
        if len(batch) == 2000:
            store.replace_sources(sorted({b.source for b in batch}), batch)
            batch = []
    if batch:
        store.replace_sources(sorted({b.source for b in batch}), batch)


def build(store: Store, rows: Iterator[ChunkRecord], keep: Callable[[ChunkRecord], None]) -> float:
    """The rows in commits of 100 files, then optimize; seconds for both."""
    t0 = time.perf_counter()
    write_batches(store, rows, keep)
    store.optimize()
    return time.perf_counter() - t0


class Log:
    """Prints each result and appends it to ``--out`` as a JSON line."""

    def __init__(self, out: Path | None, run: dict[str, Any]) -> None:
        self.out, self.run = out, run

    def __call__(self, backend: str, key: str, value: Any) -> None:
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"[{time.strftime('%H:%M:%S')}] {backend} {key}: {shown}", flush=True)
        if self.out is not None:
            with self.out.open("a", encoding="utf-8") as fh:
                line = {**self.run, "backend": backend, "key": key, "value": value}
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def index_folder(work: Path, name: str, env: dict[str, str]) -> tuple[Path, str]:
    """A real index of examples/notes built by the CLI; its folder and table name."""
    index = work / f"{name}-index"
    subprocess.run(
        [sys.executable, "-m", "notelens", "index", str(EXAMPLES), "--index", str(index)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return index, str(json.loads((index / "meta.json").read_text("utf-8"))["table"])


def http_clients(
    index: Path, env: dict[str, str], clients: int, seconds: float, queries: list[str]
) -> dict[str, Any]:
    """``clients`` closed-loop clients on ``POST /search`` of a ``notelens serve``."""
    import httpx

    from load_bench import free_port, phase

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "notelens", "serve", str(EXAMPLES)]
    cmd += ["--index", str(index), "--port", str(port)]
    log = open(index.parent / f"serve-{index.name}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 600
        with httpx.Client(base_url=url, timeout=600) as c:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if c.get("/healthz").status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"serve did not start: {(index.parent / log.name).name}")
                time.sleep(0.5)
            # Warm: the first search loads the models and the store's snapshot.
            c.post("/search", json={"query": queries[0], "k": 10, "mode": "hybrid"})
        row = asyncio.run(phase(url, clients, queries, seconds, 10, "hybrid", False, proc.pid))
        row.pop("error_samples", None) if not row["errors"] else None
        return row
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(60)
        log.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=20_000)
    ap.add_argument("--base", type=int, default=0, help="real passages (0: all of them)")
    ap.add_argument(
        "--mode",
        choices=("mix", "dup"),
        default="mix",
        help="derived rows: mixes of 2-3 passages (default) or near-duplicates (--noise)",
    )
    ap.add_argument("--noise", type=float, default=0.025, help="sigma per dimension, dup mode")
    ap.add_argument("--hnsw", default="", help="extra HNSW builds swept, as m:ef_construction,..")
    ap.add_argument("--prepare", action="store_true", help="only analyze + embed (cache) the base")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--backends", default="lancedb,postgres")
    ap.add_argument("--ef", default="40,100,200,400,800", help="hnsw.ef_search values swept")
    ap.add_argument("--http-clients", type=int, default=8, help="0: no HTTP phase")
    ap.add_argument("--http-seconds", type=float, default=30.0)
    ap.add_argument("--dsn", help="a server with pgvector (default: start the bundled one)")
    ap.add_argument("--out", type=Path, help="append each result as a JSON line")
    ap.add_argument(
        "--no-bm25s",
        action="store_true",
        help="skip bm25s (and keeping every row's terms for it): its index alone is "
        "minutes and GBs at 1M rows",
    )
    ap.add_argument(
        "--nprobes",
        default="",
        help="embedded store: IVF nprobes swept against its exact scan (recall@10, p50), "
        "as nprobes:refine_factor,..",
    )
    ap.add_argument(
        "--resident-bm25",
        action="store_true",
        help="with --nprobes, past RESIDENT_BM25_MAX_ROWS: the resident BM25 beside "
        "LanceDB's FTS (at 1M rows it took the process from 5 to 11.8 GB)",
    )
    ap.add_argument(
        "--write-paths",
        action="store_true",
        help="only the embedded store's write path: --chunks rows in commits of 2,000 "
        "(with the index run's vector-cache lookup), append vs merge_insert, per-commit "
        "times by table size",
    )
    ap.add_argument(
        "--queries-on",
        type=Path,
        help="only the query phase, on an index folder a run kept (its LanceDB table): "
        "BM25 / dense / hybrid p50, p95 and CPU ms per query, LanceDB's FTS and the "
        "resident BM25",
    )
    ap.add_argument(
        "--ann-index",
        default="",
        choices=ANN_INDEXES,
        help="with --queries-on: first rebuild the kept table's vector index as this "
        "dense.ann_index, its build time logged",
    )
    ap.add_argument(
        "--hnsw-ef",
        default="",
        help="with --queries-on on an IVF_HNSW_* index: LanceDB's ef swept (recall@10 "
        "and CPU ms of a k 10 search at the store's nprobes/refine), as ef,ef,..",
    )
    ap.add_argument(
        "--sweep",
        default="",
        help="with --queries-on: LanceDB's query settings swept on the index as "
        "nprobes:refine_factor[:ef],.. (recall@10 on the build run's questions, the "
        "tuning half, and on the held-out ones; CPU ms of k 10 and k 100 searches)",
    )
    ap.add_argument(
        "--keep",
        type=Path,
        help="move the embedded store's index folder here after the run (for --queries-on) "
        "instead of deleting it",
    )
    ap.add_argument(
        "--bm25-only",
        action="store_true",
        help="only the embedded store's BM25 (its resident index) against bm25s: no "
        "embedding, no store, so it reaches 1M rows on a loaded machine",
    )
    args = ap.parse_args()
    backends = args.backends.split(",")
    builds = [(int(m), int(efc)) for m, efc in (b.split(":") for b in args.hnsw.split(",") if b)]
    if args.bm25_only:
        bm25_only(args)
        return
    if args.write_paths:
        write_paths(args)
        return
    if args.queries_on:
        queries_on(args)
        return

    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create

    run = {"chunks": args.chunks, "base": args.base, "mode": args.mode, "noise": args.noise}
    log = Log(args.out, run)
    log("run", "load_avg_start", os.getloadavg()[0])
    analyzer, embedder = KiwiAnalyzer(), create("auto")
    texts, questions = base_texts(args.base)
    base = analyzed_base(texts, analyzer, embedder)
    if args.prepare:
        return
    rng = np.random.default_rng(1)
    qs = [questions[i] for i in rng.permutation(len(questions))[: args.queries]]
    q_terms = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    q_vecs = embedder.embed_queries(qs)
    n = len(qs)

    work = Path(tempfile.mkdtemp(prefix="notelens-scale-"))
    work.chmod(0o755)
    server = None
    dsn = args.dsn
    if dsn is None and "postgres" in backends:
        from pg_server import start_server

        (work / "pg").mkdir()
        server = start_server(work / "pg")
        dsn = server.dsn
    dense = DenseConfig(ann_threshold=min(10_000, args.chunks))
    top10: dict[str, list[list[tuple[str, float]]]] = {}
    doc_terms: list[list[str]] = []  # for bm25s, in row order
    doc_ids: list[str] = []
    factories: list[StoreFactory] = []
    try:
        for name in backends:
            env = {k: v for k, v in os.environ.items() if k != "NOTELENS_TOKEN"}
            env["PYTHONPATH"] = str(ROOT / "src")
            env["NOTELENS_STORE"] = name
            factory: StoreFactory
            if name == "postgres":
                assert dsn is not None
                env["NOTELENS_DSN"] = dsn
                factory = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn))
            else:
                factory = LanceDBStoreFactory()
            factories.append(factory)
            index, table = index_folder(work, name, env)
            store = factory.open(index, table, dim=embedder.dim, dense=dense)
            first = not doc_ids
            if first:  # the example notes' rows count in N and avgdl too
                for r in store.records():
                    doc_terms.append(r.terms.split())
                    doc_ids.append(r.chunk_id)

            def keep(r: ChunkRecord, first: bool = first) -> None:
                if first:
                    doc_ids.append(r.chunk_id)

            gc.collect()
            rss0 = rss_bytes()
            keep_terms = doc_terms if first and not args.no_bm25s else None
            rows = scale_rows(base, args.chunks, mode=args.mode, noise=args.noise,
                              terms_out=keep_terms)  # fmt: skip
            secs = build(store, rows, keep)
            log(name, "build_s", secs)
            log(name, "rows_per_s", args.chunks / secs)
            bm = timed(lambda i, s=store: s.search_terms(q_terms[i], 10), n)  # warms too
            top10[name] = [
                [(h.chunk_id, h.score) for h in store.search_terms(q_terms[i], 10)]
                for i in range(n)
            ]
            bm = timed(lambda i, s=store: s.search_terms(q_terms[i], 10), n)
            log(name, "bm25_p50_ms", bm[0])
            log(name, "bm25_p95_ms", bm[1])
            log(name, "bm25_qps", bm[2])
            d = timed(lambda i, s=store: s.search_vector(q_vecs[i], 10), n)
            log(name, "dense_p50_ms", d[0])
            log(name, "dense_p95_ms", d[1])

            def hybrid(i: int, s: Store = store) -> None:
                v = embedder.embed_queries([qs[i]])[0]
                s.search_terms(q_terms[i], 100)
                s.search_vector(v, 100)

            h = timed(hybrid, n)
            log(name, "hybrid_p50_ms", h[0])
            log(name, "hybrid_p95_ms", h[1])
            if isinstance(store, PostgresStore) and isinstance(factory, PostgresStoreFactory):

                def hybrid_full(
                    i: int, s: PostgresStore = store, f: PostgresStoreFactory = factory
                ) -> None:
                    """The hybrid as before schema v6: the full BM25 aggregate."""
                    v = embedder.embed_queries([qs[i]])[0]
                    query = s.bm25_sql(q_terms[i], 100)
                    if query is not None:
                        with f._pools.primary().connection() as conn:
                            conn.execute(*query).fetchall()
                    s.search_vector(v, 100)

                h = timed(hybrid_full, n)
                log(name, "hybrid_full_bm25_p50_ms", h[0])
                log(name, "hybrid_full_bm25_p95_ms", h[1])
            if name == "postgres":
                assert server is not None or args.dsn
                pg_postgres(log, factory, store, dsn, index, table, embedder.dim, dense, q_vecs,
                            q_terms, [int(e) for e in args.ef.split(",")], builds, n)  # fmt: skip
                if server is not None:
                    log(name, "server_rss_bytes_per_chunk", server_rss(server.data) / args.chunks)
            else:
                # Less what this script keeps for bm25s (term lists, ids), not the store's.
                mine = sum(map(sys.getsizeof, doc_terms)) + sum(map(sys.getsizeof, doc_ids))
                grown = rss_bytes() - rss0 - (mine if first else 0)
                log(name, "rss_bytes_per_chunk", grown / args.chunks)
                disk = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
                log(name, "disk_bytes_per_chunk", disk / args.chunks)
            if len(top10) > 1:
                same = sum(_same(a, b) for a, b in zip(*top10.values(), strict=True))
                log(name, "bm25_top10_equal_to_first_backend", f"{same}/{n}")
            if name == "lancedb" and args.nprobes:
                lance_dense(log, store, index, table, embedder, dense, q_vecs, qs, q_terms,
                            args.nprobes, n, args.resident_bm25)  # fmt: skip
            if first and not args.no_bm25s:  # bm25s now: a long run keeps this
                bm25s_side_by_side(log, doc_terms, doc_ids, q_terms, top10[name], n)
            if first and "lancedb" not in backends:  # the embedded BM25 without LanceDB
                embedded_bm25_side_by_side(log, doc_terms, doc_ids, q_terms, top10[name], n)
            if args.http_clients:
                store_close = getattr(store, "close", None)
                if store_close is not None:
                    store_close()
                row = http_clients(index, env, args.http_clients, args.http_seconds, qs)
                log(name, f"http_{args.http_clients}_clients", row)
            if name == "lancedb" and args.keep:
                shutil.move(index, args.keep)
        log("run", "load_avg_end", os.getloadavg()[0])
    finally:
        for f in factories:
            close = getattr(f, "close", None)
            if close is not None:
                close()
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)


def bm25_only(args: argparse.Namespace) -> None:
    """The embedded store's BM25 (:class:`~notelens.store.bm25.Bm25Index`, what LanceDB
    and the memory store search) and bm25s on the same ``--chunks`` perturbed term lists:
    build time, p50 and queries/s one query at a time, top-10 equal up to ties."""
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.store.bm25 import Bm25Index

    log = Log(
        args.out, {"chunks": args.chunks, "base": args.base, "mode": args.mode, "bm25_only": True}
    )
    log("run", "load_avg_start", os.getloadavg()[0])
    analyzer = KiwiAnalyzer()
    texts, questions = base_texts(args.base)
    terms = analyzer.terms_batch([t for _, t in texts])
    dummy = np.ones(1, dtype=np.float32)  # no vectors: only the terms are perturbed
    base = [(lang, t, dummy) for (lang, _), t in zip(texts, terms, strict=True) if t]
    rng = np.random.default_rng(1)
    qs = [questions[i] for i in rng.permutation(len(questions))[: args.queries]]
    q_terms = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    doc_terms: list[list[str]] = []
    rows = scale_rows(base, args.chunks, mode=args.mode, noise=0.0, mix_noise=0.0,
                      terms_out=doc_terms)  # fmt: skip
    ids = [r.chunk_id for r in rows]
    t0 = time.perf_counter()
    index = Bm25Index([" ".join(t) for t in doc_terms])
    log("embedded", "bm25_index_s", time.perf_counter() - t0)

    def ours(i: int) -> list[tuple[str, float]]:
        return [(ids[row], score) for row, score in index.top(q_terms[i], 10)]

    n = len(qs)
    reference = [ours(i) for i in range(n)]
    p = timed(ours, n)
    log("embedded", "bm25_p50_ms", p[0])
    log("embedded", "bm25_qps", p[2])
    bm25s_side_by_side(log, doc_terms, ids, q_terms, reference, n)
    log("run", "load_avg_end", os.getloadavg()[0])


def write_paths(args: argparse.Namespace) -> None:
    """A first index run's store calls, per commit of 100 files (2,000 rows):
    ``vectors_for_hashes`` of the batch (the indexer's vector cache; all misses) and
    ``replace_sources``; once as shipped (an append: the table holds none of the
    sources) and once with merge_insert forced, each into a fresh table in a real index
    folder (built from examples/notes and optimized, so it has its indexes). Logs
    seconds per commit at each tenth of ``--chunks``, totals and rows/s."""
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create
    from notelens.store.lancedb import LanceDBStore

    class MergeAlways(LanceDBStore):
        def _any_rows_of(self, sources: Any) -> bool:
            return True

    log = Log(args.out, {"chunks": args.chunks, "base": args.base, "write_paths": True})
    log("run", "load_avg_start", os.getloadavg()[0])
    texts, _ = base_texts(args.base)
    embedder = create("auto")
    base = analyzed_base(texts, KiwiAnalyzer(), embedder)
    work = Path(tempfile.mkdtemp(prefix="notelens-writes-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NOTELENS_STORE": "lancedb"}
    try:
        for name, cls in (("append", LanceDBStore), ("merge_insert", MergeAlways)):
            index, table = index_folder(work, name, env)
            store = cls(LanceDBStoreFactory.folder(index), table=table, dim=embedder.dim)
            store.optimize()
            before = store.count()
            lookup = commit = lookup_cpu = commit_cpu = 0.0
            t_all = time.perf_counter()
            batch: list[ChunkRecord] = []
            done = 0
            every = max(args.chunks // 10, 2000)
            for r in scale_rows(base, args.chunks):
                batch.append(r)
                if len(batch) < 2000:
                    continue
                # CPU seconds (all of the process' threads) beside wall seconds: on a
                # loaded machine the wall time is mostly waiting for a core.
                t0, c0 = time.perf_counter(), time.process_time()
                store.vectors_for_hashes([b.content_hash for b in batch])
                t1, c1 = time.perf_counter(), time.process_time()
                store.replace_sources(sorted({b.source for b in batch}), batch)
                t2, c2 = time.perf_counter(), time.process_time()
                lookup, commit = lookup + t1 - t0, commit + t2 - t1
                lookup_cpu, commit_cpu = lookup_cpu + c1 - c0, commit_cpu + c2 - c1
                done += len(batch)
                batch = []
                if done % every == 0:
                    log(name, f"at_{done}_lookup_s", t1 - t0)
                    log(name, f"at_{done}_commit_s", t2 - t1)
                    log(name, f"at_{done}_commit_cpu_s", c2 - c1)
            log(name, "lookup_total_s", lookup)
            log(name, "commit_total_s", commit)
            log(name, "lookup_cpu_total_s", lookup_cpu)
            log(name, "commit_cpu_total_s", commit_cpu)
            log(name, "rows_per_s", done / (time.perf_counter() - t_all))
            assert store.count() == before + done  # every row is there, once
            close = getattr(store, "close", None)
            if close is not None:
                close()
            shutil.rmtree(index, ignore_errors=True)
        log("run", "load_avg_end", os.getloadavg()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def queries_on(args: argparse.Namespace) -> None:
    """The query phase alone (the store's BM25 as shipped: LanceDB's FTS past 200k rows)
    on a kept index folder, with CPU ms per query (all of this process' threads: what a
    query costs whatever the load) beside the wall p50/p95, and
    the dense search's recall@10 against the exact scan. The questions are the next
    ``--queries`` after those of a full run (held out from the ``--nprobes`` sweep that
    chose the shipped IVF settings); ``--nprobes p:r`` (first pair) overrides them.
    ``--sweep`` and ``--hnsw-ef`` report recall on both the build run's questions (the
    tuning half) and the held-out ones; ``search`` is a whole hybrid ``Searcher.search``
    (embedding, both legs, fusion, the hits' records)."""
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.registry import create

    meta = json.loads((args.queries_on / "meta.json").read_text("utf-8"))
    analyzer, embedder = KiwiAnalyzer(), create("auto")
    _, questions = base_texts(args.base)
    rng = np.random.default_rng(1)
    order = rng.permutation(len(questions))
    qs = [questions[i] for i in order[args.queries : 2 * args.queries]]
    q_terms = [list(dict.fromkeys(analyzer.terms(q))) for q in qs]
    q_vecs = embedder.embed_queries(qs)
    n = len(qs)
    dense = DenseConfig(ann_threshold=10_000)
    if args.ann_index:
        dense = replace(dense, ann_index=args.ann_index)
    if args.nprobes:
        probes, refine = (int(x) for x in args.nprobes.split(",")[0].split(":"))
        dense = replace(dense, nprobes=probes, refine_factor=refine, nprobes_share=0.0)
    from notelens.store.lancedb import LanceDBStore, ivf_nprobes, vector_index_config

    def open_store() -> LanceDBStore:
        s = LanceDBStoreFactory().open(args.queries_on, meta["table"], dim=embedder.dim,
                                       dense=dense, create=False)  # fmt: skip
        assert isinstance(s, LanceDBStore)
        return s

    first = open_store()
    run = {"chunks": first.count(), "queries_on": True, "nprobes": dense.nprobes,
           "ann_index": args.ann_index or "as built"}  # fmt: skip
    log = Log(args.out, {**run, "refine_factor": dense.refine_factor})
    log("run", "load_avg_start", os.getloadavg()[0])
    if args.ann_index:  # the same rows, another vector index (the old one replaced)
        tbl = getattr(first, "_table")  # noqa: B009  (index maintenance is not a store method)
        config = vector_index_config(args.ann_index, first.count(), embedder.dim)
        c0, t0 = time.process_time(), time.perf_counter()
        tbl.create_index("vector", config=config, replace=True)
        log("lancedb", "vector_index_build_s", time.perf_counter() - t0)
        log("lancedb", "vector_index_build_cpu_s", time.process_time() - c0)
        first = open_store()
    log("lancedb", "ivf_nprobes_used", ivf_nprobes(dense, first.count()))
    tbl = getattr(first, "_table")  # noqa: B009  (the exact scan is not a store method)
    exact = exact_top10(tbl, q_vecs, args.queries_on, f"exact{n}")
    got = [{h.chunk_id for h in first.search_vector(v, 10)} for v in q_vecs]
    log("lancedb", "dense_recall@10_held_out", recall_at_10(got, exact))
    points = [tuple(int(x) for x in p.split(":")) for p in args.sweep.split(",") if p]
    probes_now = ivf_nprobes(dense, first.count())
    points += [(probes_now, dense.refine_factor, int(e)) for e in args.hnsw_ef.split(",") if e]
    if points:
        tune_qs = [questions[i] for i in order[: args.queries]]
        tune_vecs = embedder.embed_queries(tune_qs)
        tune_exact = exact_top10(tbl, tune_vecs, args.queries_on, f"exact{n}.tuning")
        for point in points:
            ann_point(log, tbl, point, (tune_vecs, tune_exact), (q_vecs, exact))
    # Not the resident BM25 past RESIDENT_BM25_MAX_ROWS: at 1M rows building it took this
    # process from 5 to 11.8 GB (docs/benchmarks.md); --nprobes' run measures it.
    for name, factory in (("lancedb_fts", LanceDBStoreFactory()),):
        store = factory.open(args.queries_on, meta["table"], dim=embedder.dim, dense=dense,
                             create=False)  # fmt: skip
        t0 = time.perf_counter()
        store.search_terms(q_terms[0], 10)  # builds the resident index, if any
        log(name, "first_bm25_s", time.perf_counter() - t0)

        def hybrid(i: int, s: Store = store, dense_k: int = 100) -> None:
            v = embedder.embed_queries([qs[i]])[0]
            s.search_terms(q_terms[i], 100)
            s.search_vector(v, dense_k)

        # No query-vector cache: every timed search embeds its query, as a new one would.
        searcher = Searcher(store, analyzer, embedder, cache_size=0)
        legs: dict[str, Callable[[int], object]] = {
            "bm25": lambda i, s=store: s.search_terms(q_terms[i], 10),
            "bm25_k100": lambda i, s=store: s.search_terms(q_terms[i], 100),
            "dense": lambda i, s=store: s.search_vector(q_vecs[i], 10),
            "dense_k100": lambda i, s=store: s.search_vector(q_vecs[i], 100),
            "embed": lambda i: embedder.embed_queries([qs[i]]),
            "hybrid": hybrid,
            "hybrid_dense_k50": lambda i: hybrid(i, dense_k=50),
            "search": lambda i, se=searcher: se.search(qs[i], 10),
        }
        for leg, fn in legs.items():
            for i in range(n):  # warm
                fn(i)
            c0 = time.process_time()
            p = timed(fn, n)
            log(name, f"{leg}_cpu_ms_per_query", (time.process_time() - c0) * 1e3 / n)
            log(name, f"{leg}_p50_ms", p[0])
            log(name, f"{leg}_p95_ms", p[1])
    log("run", "load_avg_end", os.getloadavg()[0])


def exact_top10(tbl: Any, vecs: np.ndarray, folder: Path, name: str) -> list[set[str]]:
    """The exact top 10 of each vector (LanceDB's scan, ``bypass_vector_index``). It costs
    seconds a question at 1M rows: cached beside the folder, so each index rebuilt on it
    is judged against the same lists without a rescan."""
    cache = folder.parent / f"{folder.name}.{name}.json"
    if cache.exists():
        return [set(ids) for ids in json.loads(cache.read_text("utf-8"))]
    exact = []
    for v in vecs:
        q = tbl.search(v, vector_column_name="vector").distance_type("cosine")
        rows = q.bypass_vector_index().select(["chunk_id", "_distance"]).limit(10)
        exact.append(set(rows.to_arrow().column("chunk_id").to_pylist()))
    cache.write_text(json.dumps([sorted(e) for e in exact]), "utf-8")
    return exact


def recall_at_10(got: list[set[str]], exact: list[set[str]]) -> float:
    return float(np.mean([len(a & b) / 10 for a, b in zip(got, exact, strict=True)]))


def ann_point(
    log: Log,
    tbl: Any,
    point: tuple[int, ...],
    tuning: tuple[np.ndarray, list[set[str]]],
    held_out: tuple[np.ndarray, list[set[str]]],
) -> None:
    """One ``nprobes:refine[:ef]`` of LanceDB's query on the table's index, timed on the
    raw query (not the store's wrapping): recall@10 on both halves, CPU ms per k 10 and
    k 100 search over the tuning half (after a warm pass; ef at least k * refine)."""
    probes, refine, ef = (*point, 0)[:3]
    tag = f"ann_p{probes}_r{refine}" + (f"_ef{ef}" if ef else "")

    def top(v: np.ndarray, k: int) -> set[str]:
        q = tbl.search(v, vector_column_name="vector").distance_type("cosine")
        q = q.nprobes(probes).refine_factor(refine)
        if ef:  # LanceDB refuses an ef below the candidates it is asked for
            q = q.ef(max(ef, k * refine))
        rows = q.select(["chunk_id", "_distance"]).limit(k).to_arrow()
        return set(rows.column("chunk_id").to_pylist())

    for half, (vecs, exact) in (("tuning", tuning), ("held_out", held_out)):
        log("lancedb", f"{tag}_recall@10_{half}", recall_at_10([top(v, 10) for v in vecs], exact))
    vecs = tuning[0]
    for k in (10, 100):
        c0 = time.process_time()
        p = timed(lambda i, k=k: top(vecs[i], k), len(vecs))
        log("lancedb", f"{tag}_k{k}_cpu_ms_per_query", (time.process_time() - c0) * 1e3 / len(vecs))
        log("lancedb", f"{tag}_k{k}_p50_ms", p[0])


def lance_dense(
    log: Log,
    store: Store,
    index: Path,
    table: str,
    embedder: Any,
    dense: DenseConfig,
    q_vecs: np.ndarray,
    qs: list[str],
    q_terms: list[list[str]],
    sweep: str,
    n: int,
    resident_bm25: bool = False,
) -> None:
    """The embedded store's IVF index against its exact scan (``bypass_vector_index``):
    recall@10 and p50 for each ``nprobes:refine_factor`` of ``sweep``, each on a fresh
    handle; then, with ``resident_bm25``, past :data:`RESIDENT_BM25_MAX_ROWS`, the
    resident BM25 index on a handle that keeps it at any size: first-search (build)
    time, RSS growth, p50, top-10 lists equal to LanceDB's FTS (up to ties), and the
    hybrid with it."""
    from notelens.store.lancedb import RESIDENT_BM25_MAX_ROWS, LanceDBStore

    assert isinstance(store, LanceDBStore)
    tbl = getattr(store, "_table")  # noqa: B009  (the exact scan is not a store method)

    def exact(i: int) -> list[str]:
        q = tbl.search(q_vecs[i], vector_column_name="vector").distance_type("cosine")
        rows = q.bypass_vector_index().select(["chunk_id", "_distance"]).limit(10).to_arrow()
        return [str(c) for c in rows.column("chunk_id").to_pylist()]

    want = [exact(i) for i in range(n)]
    log("lancedb", "dense_exact_p50_ms", timed(exact, n)[0])
    factory, dim = LanceDBStoreFactory(), embedder.dim
    for pair in sweep.split(","):
        probes, refine = (int(x) for x in pair.split(":"))
        cfg = replace(dense, nprobes=probes, refine_factor=refine, nprobes_share=0.0)
        h = factory.open(index, table, dim=dim, dense=cfg, create=False)
        got = [[x.chunk_id for x in h.search_vector(q_vecs[i], 10)] for i in range(n)]
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, want, strict=True)]))
        log("lancedb", f"ivf_nprobes{probes}_refine{refine}_recall@10", recall)
        p = timed(lambda i, h=h: h.search_vector(q_vecs[i], 10), n)
        log("lancedb", f"ivf_nprobes{probes}_refine{refine}_p50_ms", p[0])
        log("lancedb", f"ivf_nprobes{probes}_refine{refine}_p95_ms", p[1])
    if not resident_bm25 or store.count() <= RESIDENT_BM25_MAX_ROWS:
        return
    fts = [[(x.chunk_id, x.score) for x in store.search_terms(q_terms[i], 10)] for i in range(n)]
    resident = LanceDBStoreFactory(resident_bm25_max_rows=1 << 40)
    h = resident.open(index, table, dim=dim, dense=dense, create=False)
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    h.search_terms(q_terms[0], 10)
    log("lancedb", "resident_bm25_build_s", time.perf_counter() - t0)
    log("lancedb", "resident_bm25_rss_bytes_per_chunk", (rss_bytes() - rss0) / h.count())
    got = [[(x.chunk_id, x.score) for x in h.search_terms(q_terms[i], 10)] for i in range(n)]
    p = timed(lambda i: h.search_terms(q_terms[i], 10), n)
    log("lancedb", "resident_bm25_p50_ms", p[0])
    log("lancedb", "resident_bm25_p95_ms", p[1])
    same = sum(_same(g, f) for g, f in zip(got, fts, strict=True))
    log("lancedb", "resident_bm25_top10_equal_to_fts", f"{same}/{n}")

    def hybrid(i: int) -> None:
        v = embedder.embed_queries([qs[i]])[0]
        h.search_terms(q_terms[i], 100)
        h.search_vector(v, 100)

    p = timed(hybrid, n)
    log("lancedb", "resident_bm25_hybrid_p50_ms", p[0])
    log("lancedb", "resident_bm25_hybrid_p95_ms", p[1])


def _same(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    try:
        assert_same_ranking(a, b)
    except AssertionError:
        return False
    return True


def pg_postgres(
    log: Log,
    factory: StoreFactory,
    store: Store,
    dsn: str,
    index: Path,
    table: str,
    dim: int,
    dense: DenseConfig,
    q_vecs: np.ndarray,
    q_terms: list[list[str]],
    efs: list[int],
    builds: list[tuple[int, int]],
    n: int,
) -> None:
    """HNSW recall@10 against Postgres' own exact scan, by ``hnsw.ef_search``, for the
    default graph (m 16, ef_construction 64) and each (m, ef_construction) of
    ``builds`` with its build time; disk."""
    assert isinstance(factory, PostgresStoreFactory)
    tid = int(getattr(store, "_tid"))  # noqa: B009  (the benchmark drops the ANN index)
    with factory._pools.primary().connection() as conn:
        conn.execute(f"DROP INDEX IF EXISTS notelens_hnsw_{tid}")
    exact = [[h.chunk_id for h in store.search_vector(q_vecs[i], 10)] for i in range(n)]
    e = timed(lambda i: store.search_vector(q_vecs[i], 10), n)
    log("postgres", "dense_exact_p50_ms", e[0])
    t0 = time.perf_counter()
    store.optimize()
    log("postgres", "hnsw_build_and_vacuum_s", time.perf_counter() - t0)

    def sweep(prefix: str) -> None:
        for ef in efs:
            swept = PostgresStoreFactory(StoreConfig("postgres", dsn=dsn, hnsw_ef_search=ef))
            try:
                h = swept.open(index, table, dim=dim, dense=dense, create=False)
                ann = [[x.chunk_id for x in h.search_vector(q_vecs[i], 10)] for i in range(n)]
                p = timed(lambda i, h=h: h.search_vector(q_vecs[i], 10), n)
            finally:
                swept.close()
            recall = float(
                np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ann, exact, strict=True)])
            )
            log("postgres", f"{prefix}ef{ef}_recall@10", recall)
            log("postgres", f"{prefix}ef{ef}_p50_ms", p[0])

    sweep("hnsw_")
    assert isinstance(store, PostgresStore)
    for m, efc in builds:  # larger graphs: build time against recall
        t0 = time.perf_counter()
        store.build_ann(m=m, ef_construction=efc, rebuild=True)
        log("postgres", f"hnsw_m{m}_efc{efc}_build_s", time.perf_counter() - t0)
        sweep(f"hnsw_m{m}_efc{efc}_")
    if builds:  # back to the default graph, which the HTTP phase searches
        store.build_ann(rebuild=True)
    explain_bm25(log, factory, store, q_terms, n)
    bm25_topk_against_full(log, factory, store, q_terms, n)
    with factory._pools.primary().connection() as conn:
        row = conn.execute(
            "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY["
            "'notelens_chunks','notelens_postings']::regclass[]) c"
        ).fetchone()
    log("postgres", "disk_bytes_per_chunk", (int(row[0]) if row else 0) / n_rows(store))


def explain_bm25(
    log: Log, factory: PostgresStoreFactory, store: Store, q_terms: list[list[str]], n: int
) -> None:
    """The BM25 SQL profiled: p50 of the one-scan query (df by a window) against the
    first round's (df by a second scan), and EXPLAIN ANALYZE of the slowest query."""
    from notelens.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    slowest: tuple[float, int] = (0.0, 0)
    for one_scan in (True, False):

        def run(i: int, one_scan: bool = one_scan) -> None:
            query = store.bm25_sql(q_terms[i], 10, one_scan=one_scan)
            if query is not None:
                with factory._pools.primary().connection() as conn:
                    conn.execute(*query).fetchall()

        p = timed(run, n)
        log("postgres", f"bm25_sql_{'one_scan' if one_scan else 'two_scans'}_p50_ms", p[0])
    for i in range(n):
        t0 = time.perf_counter()
        store.search_terms(q_terms[i], 10)
        slowest = max(slowest, (time.perf_counter() - t0, i))
    query = store.bm25_sql(q_terms[slowest[1]], 10)
    if query is not None:
        with factory._pools.primary().connection() as conn:
            plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + query[0], query[1]).fetchall()
        log("postgres", "bm25_slowest_query_terms", len(q_terms[slowest[1]]))
        print("\n".join(str(r[0]) for r in plan), flush=True)


def bm25_topk_against_full(
    log: Log, factory: PostgresStoreFactory, store: Store, q_terms: list[list[str]], n: int
) -> None:
    """Before/after on the same table in the same run: the third round's aggregate (df
    by a window) against :meth:`PostgresStore.bm25_topk` as shipped (schema v6: the
    aggregate with kept df below AGG_POSTINGS postings, else the threshold rounds), for
    k 10 (a BM25 search) and k 100 (the hybrid's BM25 leg): p50/p95, top-k lists equal
    (up to ties), fallbacks, rounds and candidates (benchmarks/pg_bm25.py forces each
    way on its own)."""
    from notelens.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    for k in (10, 100):

        def full(i: int, k: int = k) -> list[tuple[str, float]]:
            query = store.bm25_sql(q_terms[i], k)
            if query is None:
                return []
            with factory._pools.primary().connection() as conn:
                rows = conn.execute(*query).fetchall()
            return [(c, float(s)) for c, s in rows if s > 0]

        def topk(i: int, k: int = k) -> list[tuple[str, float]]:
            return [(h.chunk_id, h.score) for h in store.bm25_topk(q_terms[i], k)[0]]

        want = [full(i) for i in range(n)]
        got = [topk(i) for i in range(n)]
        same = sum(_same(g, w) for g, w in zip(got, want, strict=True))
        log("postgres", f"bm25_k{k}_topk_equal_to_full", f"{same}/{n}")
        for name, fn in (("full", full), ("topk", topk)):
            p = timed(fn, n)
            log("postgres", f"bm25_k{k}_{name}_p50_ms", p[0])
            log("postgres", f"bm25_k{k}_{name}_p95_ms", p[1])
        traces = [store.bm25_topk(q_terms[i], k)[1] for i in range(n)]
        log("postgres", f"bm25_k{k}_topk_fallbacks", f"{sum(t.fallback for t in traces)}/{n}")
        rounds = [t.rounds for t in traces]
        log("postgres", f"bm25_k{k}_topk_rounds", {r: rounds.count(r) for r in sorted(set(rounds))})
        log(
            "postgres",
            f"bm25_k{k}_topk_candidates_p50",
            statistics.median(t.candidates for t in traces),
        )
        log("postgres", f"bm25_k{k}_topk_depth_max", max(t.depth for t in traces))


def n_rows(store: Store) -> int:
    return max(store.count(), 1)


def embedded_bm25_side_by_side(
    log: Log,
    doc_terms: list[list[str]],
    doc_ids: list[str],
    q_terms: list[list[str]],
    reference: list[list[tuple[str, float]]],
    n: int,
) -> None:
    """The embedded store's BM25 (:class:`~notelens.store.bm25.Bm25Index`, what LanceDB
    and the memory store search) on the same rows, when LanceDB is not in the run: how
    many top-10 lists equal the first backend's, up to ties, and its p50."""
    from notelens.store.bm25 import Bm25Index

    t0 = time.perf_counter()
    index = Bm25Index([" ".join(t) for t in doc_terms])
    log("embedded", "bm25_index_s", time.perf_counter() - t0)

    def one(i: int) -> list[tuple[str, float]]:
        return [(doc_ids[row], score) for row, score in index.top(q_terms[i], 10)]

    got = [one(i) for i in range(n)]
    log("embedded", "bm25_p50_ms", timed(one, n)[0])
    same = sum(_same(g, r) for g, r in zip(got, reference, strict=True))
    log("embedded", "bm25_top10_equal_to_first_backend", f"{same}/{n}")


def bm25s_side_by_side(
    log: Log,
    doc_terms: list[list[str]],
    doc_ids: list[str],
    q_terms: list[list[str]],
    reference: list[list[tuple[str, float]]],
    n: int,
) -> None:
    """bm25s (Lucene variant, the same k1/b) on the same term lists: q/s one query at a
    time, as the stores are timed, and top-10 lists equal to the first backend's."""
    import bm25s

    from notelens.store.bm25 import K1, B

    t0 = time.perf_counter()
    model = bm25s.BM25(k1=K1, b=B, method="lucene")
    model.index(doc_terms, show_progress=False)
    log("bm25s", "index_s", time.perf_counter() - t0)

    def one(i: int) -> list[tuple[str, float]]:
        ids, scores = model.retrieve([q_terms[i]], k=10, show_progress=False, n_threads=1)
        # bm25s' Lucene variant drops the constant (k1 + 1) factor (as Lucene 8 did):
        # the same ranking, scores scaled; put it back to compare scores too.
        return [
            (doc_ids[d], float(s) * (K1 + 1.0))
            for d, s in zip(ids[0], scores[0], strict=True)
            if s > 0
        ]

    got = [one(i) for i in range(n)]
    p = timed(one, n)
    log("bm25s", "p50_ms", p[0])
    log("bm25s", "qps", p[2])
    # float32 scores: equal within assert_same_ranking's 1e-5 relative tolerance.
    same = sum(_same(g, [(c, s) for c, s in r]) for g, r in zip(got, reference, strict=True))
    log("bm25s", "top10_equal_to_first_backend", f"{same}/{n}")
    overlap = np.mean([len({c for c, _ in g} & {c for c, _ in r}) / max(len(r), 1)
                       for g, r in zip(got, reference, strict=True)])  # fmt: skip
    log("bm25s", "top10_overlap_with_first_backend", float(overlap))


if __name__ == "__main__":
    main()
