"""Where a passage's embedding time goes, and what attention costs per variant (issue 3).

    .venv/bin/python benchmarks/passage_profile.py --passages 32

Part 1 embeds SciFact abstracts (~375 tokens) on one worker thread with the default
fast embedder (int8, TorchScript forward), reports CPU per passage, then the operator
table of ``torch.profiler`` for ``--passages`` more.
Part 2 times one layer's self-attention of one window (12 heads, head dim 32, one
thread) at several lengths: torch's flash kernel (``scaled_dot_product_attention``,
what runs above 96 tokens), bmm/softmax/bmm over all heads at once, the same per group
of 1/2/4 heads (score matrices that fit in L2), the flash kernel on bf16 inputs, and
notelens' own int8 VNNI kernel (``notelens.embed.attention_kernel``, the default since
2026-11-22 where it builds).
"""

from __future__ import annotations

import argparse
import functools
import json
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

from common import EVAL
from notelens.embed.attention_kernel import Kernel
from notelens.embed.fast_embedder import FastE5Embedder


def ms(f: Callable[[], object], n: int = 30) -> float:
    for _ in range(3):
        f()
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e3


def _flash(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, s: float) -> object:
    return F.scaled_dot_product_attention(q[None], k[None], v[None], scale=s)


def _grouped(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, s: float, g: int) -> object:
    out = []
    for i in range(0, q.shape[0], g):
        a = torch.bmm(q[i : i + g], k[i : i + g].transpose(1, 2)).mul_(s)
        out.append(torch.bmm(a.softmax(-1), v[i : i + g]))
    return torch.cat(out)


def attention_table(kernel: Kernel | None) -> None:
    torch.set_num_threads(1)
    print("\n| tokens | flash | bmm, all heads | per head | per 2 heads | per 4 heads |", end="")
    print(" flash bf16 | int8 kernel |\n|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (32, 64, 128, 256, 375, 512):
        qkv = torch.randn(n, 3, 12, 32)
        q, k, v = (t.contiguous() for t in qkv.permute(1, 2, 0, 3))
        flat = qkv.reshape(n, -1)
        s = 32**-0.5
        qb, kb, vb = q.bfloat16(), k.bfloat16(), v.bfloat16()
        own = ms(functools.partial(kernel, flat, [n], 12, s)) if kernel else float("nan")
        cells = [
            ms(functools.partial(_flash, q, k, v, s)),
            ms(functools.partial(_grouped, q, k, v, s, 12)),
            *(ms(functools.partial(_grouped, q, k, v, s, g)) for g in (1, 2, 4)),
            ms(functools.partial(_flash, qb, kb, vb, s)),
            own,
        ]
        print(f"| {n} | " + " | ".join(f"{c:.2f} ms" for c in cells) + " |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--passages", type=int, default=32)
    args = ap.parse_args()
    with open(EVAL / "scifact" / "corpus.jsonl", encoding="utf-8") as fh:
        docs = [json.loads(line) for _, line in zip(range(3 * args.passages + 8), fh, strict=False)]
    texts = [d["title"] + "\n" + d["text"] for d in docs]
    emb = FastE5Embedder(num_threads=1)
    emb.embed_passages(texts[:8])
    n = args.passages
    c0 = time.process_time()
    emb.embed_passages(texts[8 : 8 + n])
    cpu = (time.process_time() - c0) / n * 1e3
    print(f"{emb.precision}, {n} SciFact abstracts on one thread: {cpu:.1f} ms CPU per passage")
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        emb.embed_passages(texts[8 + n : 8 + 2 * n])
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=14))
    print(f"attention: {emb.attention}")
    attention_table(emb._load()[0].kernel)  # the embedder's own kernel, None without one


if __name__ == "__main__":
    main()
