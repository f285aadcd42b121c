"""Where a single query's embedding time goes, and the matmul kernels at query shapes.

    .venv/bin/python benchmarks/query_profile.py

Part 1 times single-query calls of the fast (int8) embedder with fbgemm's linears (the
default) and without (``fbgemm=False``: every linear on ``torch._int_mm``), interleaved
in one process, then profiles 20 calls of the default with torch.profiler.
Part 2 times one linear layer of e5-small at query-sized token counts (hot weights,
one thread): torch._int_mm alone (int8 in, int32 out), the whole per-token int8 linear
(``_quant_linear``: quantise, _int_mm, dequantise, bias), fbgemm's fused
``quantized::linear_dynamic``, fp32 F.linear (MKL), and _weight_int8pack_mm with fp32
and bf16 activations. Numbers for docs/embedding.md.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import numpy as np
import torch
from torch.profiler import ProfilerActivity, profile

import common  # noqa: F401  (puts this checkout's src/ on sys.path)
from notelens.embed.fast_embedder import FastE5Embedder, _quant_linear

QUERY = "LoRA를 쓰면 trainable parameter 수가 얼마나 줄어드나"


def micro(f: Callable[[], object], n: int = 300) -> float:
    """Microseconds per call after a warm-up: the best of 5 blocks of ``n // 5`` calls."""
    for _ in range(20):
        f()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(max(1, n // 5)):
            f()
        best = min(best, (time.perf_counter() - t) / max(1, n // 5))
    return best * 1e6


def main() -> None:
    embs = {
        "fbgemm (default)": FastE5Embedder(precision="int8"),
        "_int_mm only": FastE5Embedder(precision="int8", fbgemm=False),
    }
    lat: dict[str, list[float]] = {k: [] for k in embs}
    for e in embs.values():
        e.embed_queries([QUERY])
    for _ in range(100):
        for k, e in embs.items():
            t = time.perf_counter()
            e.embed_queries([QUERY])
            lat[k].append(time.perf_counter() - t)
    for k, v in lat.items():
        print(f"embed_queries, {k}: p50 {np.percentile(v, 50) * 1e3:.2f} ms (100 calls)")
    emb = embs["fbgemm (default)"]
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(20):
            emb.embed_queries([QUERY])
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=14))

    torch.set_num_threads(1)
    print(
        "| tokens | K x N | _int_mm µs | int8 linear µs | fbgemm dynamic µs | fp32 linear µs "
        "| int8pack fp32 µs | int8pack bf16 µs |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for m in (16, 26, 64):
        for k, n in ((384, 1152), (384, 1536), (1536, 384)):
            print(kernel_row(m, k, n))


def kernel_row(m: int, k: int, n: int) -> str:
    """One table row: the kernels on an [m, k] x [k, n] product."""
    xa = torch.randn(m, k)
    xi = torch.randint(-127, 127, (m, k), dtype=torch.int8)
    wi = torch.randint(-127, 127, (k, n), dtype=torch.int8)
    wt = wi.t().contiguous()
    wf = torch.randn(n, k)
    s = torch.rand(n)
    b = torch.rand(n)
    xb, sb = xa.bfloat16(), s.bfloat16()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantized-tensor creation is "deprecated"
        qw = torch.quantize_per_channel(
            wf, (s / 127).double(), torch.zeros(n, dtype=torch.long), 0, torch.qint8
        )
        packed = torch.ops.quantized.linear_prepack(qw, b)
    return (
        f"| {m} | {k} x {n} | {micro(lambda: torch._int_mm(xi, wi)):.0f} "
        f"| {micro(lambda: _quant_linear(xa, wi, s, b)):.0f} "
        f"| {micro(lambda: torch.ops.quantized.linear_dynamic(xa, packed, False)):.0f} "
        f"| {micro(lambda: torch.nn.functional.linear(xa, wf)):.0f} "
        f"| {micro(lambda: torch._weight_int8pack_mm(xa, wt, s), 30):.0f} "
        f"| {micro(lambda: torch._weight_int8pack_mm(xb, wt, sb)):.0f} |"
    )


if __name__ == "__main__":
    main()
