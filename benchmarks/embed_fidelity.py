"""int8 e5 vectors against the fp32 forward, in indexing batches and alone, with speed;
side by side for several source trees (before/after a change) in one run.

Texts: KorQuAD paragraphs (Korean), SciFact abstracts (English) and the blocks of
examples/notes (Korean, English, mixed). For each tree (``--src LABEL=PATH``, run in its
own subprocess with ``PYTHONPATH=PATH``; a LABEL ending in ``+window`` turns on
``per_window``) the fast embedder embeds every text in one
``embed_passages`` call (the indexer's batches), then each text alone; the fp32 forward of
the last tree is the reference. Reported: cosine to fp32 (mean, 1st percentile, min) per
set, batch and alone; the largest |alone - batch| difference; cosine between the trees'
batch vectors (does an old index stay valid?); CPU seconds and passages/s of the batch
call, CPU ms per single query and per call of 16 short texts (the answer stage's units),
with the load average. The trees run in turn, ``--rounds`` times, and each timing's best
round counts (the machine is shared).

    PYTHONPATH=src .venv/bin/python benchmarks/embed_fidelity.py \\
        --src before=.bench/base/src --src after=src --src after+window=src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import embed_bench
from common import ROOT


def load_texts(n: int) -> dict[str, list[str]]:
    bench = embed_bench.load_texts(n, n, 0)  # the same SciFact and KorQuAD texts
    notes: list[str] = []
    for path in sorted((ROOT / "examples" / "notes").rglob("*.md")):
        for block in path.read_text("utf-8").split("\n\n"):
            if len(block.strip()) >= 80 and len(notes) < n:
                notes.append(block.strip())
    return {"korquad": bench["korquad"], "scifact": bench["scifact"], "notes": notes}


def worker(out: str, precision: str, n: int, per_window: bool) -> None:
    """In a subprocess (the tree under test on PYTHONPATH): embed, time, save."""
    from notelens.embed.fast_embedder import FastE5Embedder

    texts = load_texts(n)
    flat = [t for ts in texts.values() for t in ts]
    options = {"per_window": True} if per_window else {}  # a tree without it: default
    emb = FastE5Embedder(precision, compile=False, **options)
    emb.warm_up()
    emb.embed_passages(flat[:4])
    stats: dict[str, Any] = {"precision": emb.precision, "attention": emb.attention}
    c0, t0 = time.process_time(), time.perf_counter()
    batch = emb.embed_passages(flat)
    stats["batch_cpu_s"] = time.process_time() - c0
    stats["batch_s"] = time.perf_counter() - t0
    stats["n"] = len(flat)
    alone = np.concatenate([emb.embed_passages([t]) for t in flat])
    queries = [t[:60] for t in flat[::7]]  # short texts: first words of passages
    c0 = time.process_time()
    for q in queries:
        emb.embed_queries([q])
    stats["query_cpu_ms"] = (time.process_time() - c0) / len(queries) * 1e3
    units = [q[:40] for q in queries]
    c0 = time.process_time()
    calls = 0
    for i in range(0, len(units) - 15, 4):
        emb.embed_passages(units[i : i + 16])
        calls += 1
    stats["units16_cpu_ms"] = (time.process_time() - c0) / max(calls, 1) * 1e3
    stats["load"] = os.getloadavg()[0]
    np.savez(out + ".npz", batch=batch, alone=alone)
    Path(out + ".json").write_text(json.dumps(stats))
    emb.close()


def run(src: str, precision: str, n: int, out: str, per_window: bool = False) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    cmd = [sys.executable, __file__, "--worker", out, "--precision", precision, "--n", str(n)]
    cmd += ["--per-window"] if per_window else []
    subprocess.run(cmd, check=True, env=env)
    stats: dict[str, Any] = json.loads(Path(out + ".json").read_text())
    with np.load(out + ".npz") as z:
        stats["batch"], stats["alone"] = z["batch"], z["alone"]
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", action="append", default=[], help="LABEL=PATH (repeat)")
    ap.add_argument("--n", type=int, default=100, help="texts per set")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--precision", default="auto", help=argparse.SUPPRESS)
    ap.add_argument("--per-window", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.precision, args.n, args.per_window)
        return
    trees = [s.split("=", 1) for s in args.src] or [["this", str(ROOT / "src")]]
    sets = load_texts(args.n)
    bounds, start = {}, 0
    for name, ts in sets.items():
        bounds[name] = (start, start + len(ts))
        start += len(ts)
    with tempfile.TemporaryDirectory() as tmp:
        ref = run(trees[-1][1], "fp32", args.n, f"{tmp}/fp32")["batch"]
        got: dict[str, dict[str, Any]] = {}
        for r in range(args.rounds):
            for label, src in trees:
                s = run(src, "auto", args.n, f"{tmp}/{label}{r}", label.endswith("+window"))
                best = got.setdefault(label, s)
                for k in ("batch_cpu_s", "batch_s", "query_cpu_ms", "units16_cpu_ms"):
                    best[k] = min(best[k], s[k])  # each timing at its best round
    print(f"\n`{' '.join(sys.argv)}`  ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n")
    print(
        "| tree | set | n | batch cos fp32 mean / p1 / min | alone cos fp32 mean / min | "
        "max abs(alone - batch) |"
    )
    print("|---|---|---:|---|---|---:|")
    for label, s in got.items():
        for name, (a, b) in bounds.items():
            cb = (s["batch"][a:b] * ref[a:b]).sum(1)
            ca = (s["alone"][a:b] * ref[a:b]).sum(1)
            diff = float(np.abs(s["alone"][a:b] - s["batch"][a:b]).max())
            print(
                f"| {label} | {name} | {b - a} | {cb.mean():.5f} / "
                f"{np.percentile(cb, 1):.5f} / {cb.min():.5f} | {ca.mean():.5f} / "
                f"{ca.min():.5f} | {diff:.2e} |"
            )
    labels = list(got)
    for other in labels[:-1]:
        c = (got[other]["batch"] * got[labels[-1]]["batch"]).sum(1)
        print(
            f"\n{other} batch vectors vs {labels[-1]}: cosine mean {c.mean():.5f}, "
            f"p1 {np.percentile(c, 1):.5f}, min {c.min():.5f}"
        )
    print(
        "\n| tree | precision, attention | batch CPU s | passages/s (wall) | "
        "query CPU ms | 16 short texts CPU ms | load |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, s in got.items():
        print(
            f"| {label} | {s['precision']}, {s['attention']} | {s['batch_cpu_s']:.2f} | "
            f"{s['n'] / s['batch_s']:.1f} | {s['query_cpu_ms']:.2f} | "
            f"{s['units16_cpu_ms']:.1f} | {s['load']:.1f} |"
        )


if __name__ == "__main__":
    main()
