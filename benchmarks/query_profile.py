"""Where a single query's embedding time goes, and the matmul kernels at query shapes.

    .venv/bin/python benchmarks/query_profile.py

Part 1 profiles 20 single-query calls of the fast (int8) embedder with torch.profiler.
Part 2 times one linear layer of e5-small at query-sized token counts (hot weights,
one thread): torch._int_mm (int8), fp32 F.linear (MKL), and _weight_int8pack_mm with
fp32 and bf16 activations. Numbers for docs/embedding.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch
from torch.profiler import ProfilerActivity, profile

from notelens.embed.fast_embedder import FastE5Embedder

QUERY = "LoRA를 쓰면 trainable parameter 수가 얼마나 줄어드나"


def micro(f: Callable[[], object], n: int = 300) -> float:
    """Mean microseconds per call after a warm-up."""
    for _ in range(20):
        f()
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e6


def main() -> None:
    emb = FastE5Embedder(precision="int8")
    emb.embed_queries([QUERY])
    t = time.perf_counter()
    for _ in range(50):
        emb.embed_queries([QUERY])
    print(f"embed_queries: {(time.perf_counter() - t) * 20:.2f} ms per query (mean of 50)")
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(20):
            emb.embed_queries([QUERY])
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=12))

    torch.set_num_threads(1)
    print("| tokens | K x N | _int_mm µs | fp32 linear µs | int8pack fp32 µs | int8pack bf16 µs |")
    print("|---:|---|---:|---:|---:|---:|")
    for m in (16, 20, 32, 64):
        for k, n in ((384, 1152), (384, 1536), (1536, 384)):
            print(kernel_row(m, k, n))


def kernel_row(m: int, k: int, n: int) -> str:
    """One table row: the four kernels on an [m, k] x [k, n] product."""
    xa = torch.randn(m, k)
    xi = torch.randint(-127, 127, (m, k), dtype=torch.int8)
    wi = torch.randint(-127, 127, (k, n), dtype=torch.int8)
    wt = wi.t().contiguous()
    wf = torch.randn(n, k)
    s = torch.rand(n)
    xb, sb = xa.bfloat16(), s.bfloat16()
    return (
        f"| {m} | {k} x {n} | {micro(lambda: torch._int_mm(xi, wi)):.0f} "
        f"| {micro(lambda: torch.nn.functional.linear(xa, wf)):.0f} "
        f"| {micro(lambda: torch._weight_int8pack_mm(xa, wt, s), 30):.0f} "
        f"| {micro(lambda: torch._weight_int8pack_mm(xb, wt, sb)):.0f} |"
    )


if __name__ == "__main__":
    main()
