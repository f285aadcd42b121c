"""notelens against peer retrievers on the same data, in the same run.

Systems (every one sees the same documents and queries; a document is `title\\n\\ntext`):

* notelens bm25 / dense / hybrid: the full pipeline (files -> Engine.index -> search),
  through `notelens.evaluate` (chunk hits mapped to documents, first chunk wins).
* bm25s on whitespace tokens, and on our analyzer's terms.
* rank_bm25 (BM25Okapi) on whitespace tokens, and on our analyzer's terms.
* Haystack 3.4's hybrid pipeline: InMemoryBM25Retriever + InMemoryEmbeddingRetriever
  -> DocumentJoiner (reciprocal_rank_fusion; also distribution_based_rank_fusion), with
  our e5-small embedder wrapped as Haystack components (same model and vectors), whole
  documents (no splitting). Its BM25 and dense legs are reported too.

Index time: notelens = Engine.index from scratch (parse, chunk, analyze, embed, store)
unless its cached index is reused (then marked); Haystack = embedding + writing the
documents (document vectors are cached in --workdir between runs, then marked);
bm25s / rank_bm25 = tokenizing + indexing. Query latency is per query, sequential.

    .venv/bin/python benchmarks/peer_suite.py --dataset scifact --out .bench/peers-scifact.json
    .venv/bin/python benchmarks/peer_suite.py --dataset korquad --limit-queries 1000
    .venv/bin/python benchmarks/peer_suite.py --dataset autorag-ko
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import (
    DATASETS,
    ROOT,
    System,
    body,
    load,
    machine,
    print_table,
    run_bm25s,
    run_rank_bm25,
    score_runs,
    whitespace,
)
from notelens.config import Settings
from notelens.engine import Engine
from notelens.evaluate.datasets import EvalDataset
from notelens.evaluate.runner import CorpusIndex, run_mode
from notelens.progress import NullProgress

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")  # no network, no posthog

__all__ = ["DATASETS"]  # fusion_sweep.py imports the dataset table from here


# -- Haystack ----------------------------------------------------------------------------------


def run_haystack(
    ds: EvalDataset,
    engine: Engine,
    depth: int,
    ks: list[int],
    workdir: Path,
) -> list[System]:
    import numpy as np
    from haystack import Document, Pipeline, component
    from haystack.components.joiners import DocumentJoiner
    from haystack.components.retrievers.in_memory import (
        InMemoryBM25Retriever,
        InMemoryEmbeddingRetriever,
    )
    from haystack.document_stores.in_memory import InMemoryDocumentStore

    embedder = engine.embedder

    @component
    class E5TextEmbedder:
        """Our e5-small query embedding as a Haystack component."""

        @component.output_types(embedding=list[float])
        def run(self, text: str) -> dict[str, Any]:
            return {"embedding": embedder.embed_queries([text])[0].tolist()}

    docs = ds.docs or {}
    ids = list(docs)
    texts = [body(*docs[i]) for i in ids]
    key = hashlib.sha256((embedder.id + ds.content_hash()).encode()).hexdigest()[:16]
    cache = workdir / f"haystack-vectors-{key}.npy"
    t0 = time.perf_counter()
    note = ""
    if cache.is_file():
        vecs = np.load(cache)
        note = "document vectors from an earlier run (cached)"
    else:
        parts = []
        for s in range(0, len(texts), 64):
            parts.append(embedder.embed_passages(texts[s : s + 64]))
        vecs = np.concatenate(parts)
        workdir.mkdir(parents=True, exist_ok=True)
        np.save(cache, vecs)
    store = InMemoryDocumentStore()  # default BM25: Okapi, its own regex tokenizer
    store.write_documents(
        [
            Document(id=i, content=t, embedding=v.tolist())
            for i, t, v in zip(ids, texts, vecs, strict=True)
        ]
    )
    index_s = time.perf_counter() - t0

    results: dict[str, System] = {}
    modes = ("reciprocal_rank_fusion", "distribution_based_rank_fusion")
    runs: dict[str, dict[str, list[str]]] = {m: {} for m in (*modes, "bm25", "dense")}
    for mode in modes:
        pipe = Pipeline()
        pipe.add_component("text_embedder", E5TextEmbedder())
        pipe.add_component("bm25", InMemoryBM25Retriever(document_store=store, top_k=depth))
        pipe.add_component("dense", InMemoryEmbeddingRetriever(document_store=store, top_k=depth))
        pipe.add_component("joiner", DocumentJoiner(join_mode=mode, top_k=depth))
        pipe.connect("text_embedder.embedding", "dense.query_embedding")
        pipe.connect("bm25", "joiner")
        pipe.connect("dense", "joiner")
        name = f"haystack hybrid ({mode.replace('_', ' ')})"
        results[mode] = System(name)
        for qid, q in ds.queries.items():
            t1 = time.perf_counter()
            out = pipe.run(
                {"text_embedder": {"text": q}, "bm25": {"query": q}},
                include_outputs_from={"bm25", "dense"} if mode == modes[0] else set(),
            )
            results[mode].lat_ms.append((time.perf_counter() - t1) * 1e3)
            runs[mode][qid] = [d.id for d in out["joiner"]["documents"]]
            if mode == modes[0]:
                runs["bm25"][qid] = [d.id for d in out["bm25"]["documents"]]
                runs["dense"][qid] = [d.id for d in out["dense"]["documents"]]
        results[mode].metrics = score_runs(ds, runs[mode], ks)
        results[mode].index_s = index_s
        results[mode].index_note = note
    for leg in ("bm25", "dense"):
        s = System(f"haystack {leg} leg (from the RRF pipeline)")
        s.metrics = score_runs(ds, runs[leg], ks)
        results[leg] = s
    return list(results.values())


# -- main ----------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dataset", choices=list(DATASETS), required=True)
    ap.add_argument("--limit-queries", type=int, default=None)
    ap.add_argument("--depth", type=int, default=100)
    ap.add_argument(
        "--cache",
        type=Path,
        default=ROOT / ".bench" / "eval-cache",
        help="notelens dataset index cache (reused when present)",
    )
    ap.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "peers")
    ap.add_argument("--skip", default="", help="comma-separated: notelens,bm25s,rank_bm25,haystack")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    fmt, path, _, _ = DATASETS[args.dataset]
    spec = f"{fmt}:{path}"
    ds, ks = load(args.dataset, args.limit_queries)
    print(f"{args.dataset}: {len(ds.docs or {})} docs, {len(ds.queries)} queries", file=sys.stderr)

    engine = Engine(settings=replace(Settings.from_env(index_dir=args.workdir / "unused-index")))
    systems: list[System] = []
    chunks = None
    if "notelens" not in skip:
        corpus = CorpusIndex(ds, engine, args.cache)
        fresh = not (corpus.root / "index").exists()
        info = corpus.prepare(NullProgress())
        chunks = info["chunks"]
        print(
            f"notelens index: {info['seconds']:.1f}s, {chunks} chunks "
            f"({'built' if fresh else 'cached'})",
            file=sys.stderr,
        )
        for mode in ("bm25", "dense", "hybrid"):
            r = run_mode(
                corpus.engine,
                ds,
                mode,
                ks + ([args.depth] if args.depth not in ks else []),
                lambda _q, h: corpus.doc_of(h),
                NullProgress(),
            )
            s = System(f"notelens {mode}")
            s.metrics = {m: v for m, v in r.metrics.items()}
            s.lat_ms = [q.latency_ms or 0.0 for q in r.queries]
            s.index_s = info["seconds"] if fresh else None
            s.index_note = "" if fresh else "cached index reused"
            systems.append(s)
            print(f"  {mode} done", file=sys.stderr)
    ws = whitespace
    if "bm25s" not in skip:
        systems.append(run_bm25s(ds, ws, args.depth, "bm25s, whitespace tokens", ks))
        systems.append(
            run_bm25s(ds, engine.analyzer.terms, args.depth, "bm25s + notelens analyzer", ks)
        )
    if "rank_bm25" not in skip:
        systems.append(run_rank_bm25(ds, ws, args.depth, "rank_bm25 Okapi, whitespace tokens", ks))
        systems.append(
            run_rank_bm25(
                ds, engine.analyzer.terms, args.depth, "rank_bm25 Okapi + notelens analyzer", ks
            )
        )
    if "haystack" not in skip:
        systems.extend(run_haystack(ds, engine, args.depth, ks, args.workdir))
        print("  haystack done", file=sys.stderr)

    cols = [f"nDCG@{k}" for k in ks] + [f"Recall@{k}" for k in ks] + [f"MRR@{max(ks)}"]
    print(
        f"\n## {args.dataset}: {len(ds.docs or {})} docs, {len(ds.queries)} queries"
        + (f", {chunks} notelens chunks" if chunks else "")
        + "\n"
    )
    print_table(systems, cols)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(
                {
                    "dataset": args.dataset,
                    "spec": spec,
                    "docs": len(ds.docs or {}),
                    "queries": len(ds.queries),
                    "notelens_chunks": chunks,
                    "systems": {s.name: s.to_dict() for s in systems},
                    "machine": machine(),
                    "embedder": f"{engine.embedder.id} ({type(engine.embedder).__name__})",
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
