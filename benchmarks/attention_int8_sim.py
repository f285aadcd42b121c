"""How accurate would int8 attention be? Simulated with torch ops (issue 3, "what was tried").

    .venv/bin/python benchmarks/attention_int8_sim.py --n 48

Attention is ~38 % of a passage's time (``benchmarks/passage_profile.py``) and runs in
fp32: a VNNI kernel would need Q, K, the softmax probabilities P and V in 8 bits. This
swaps the forward's attention for one that rounds them as such a kernel would, still
computed in fp32 (accuracy only, not speed), and reports the cosine of the int8
embedder's vectors to fp32's on SciFact abstracts, KorQuAD paragraphs, SciFact claims and
four repetitive texts (``"a " * 600`` and the like):

* ``qk``: Q and K symmetric int8 per row (per token and head);
* ``p8`` / ``p7``: P = exp(s - row max), in [0, 1], rounded to 255 (u8) or 127 (s8) steps,
  the row's sum kept in fp32 for the normalisation;
* ``v``: V symmetric int8 per channel.
"""

from __future__ import annotations

import argparse
from typing import Any

import torch

import common  # noqa: F401  (puts this checkout's src/ on sys.path)
from embed_bench import load_texts
from notelens.embed import e5_script
from notelens.embed.fast_embedder import FastE5Embedder


def q8(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Symmetric int8 along ``dim``, returned dequantised."""
    s = x.abs().amax(dim=dim, keepdim=True).clamp_min(1e-12) / 127
    return (x / s).round().clamp(-127, 127) * s


def int8_attention(mode: str) -> Any:
    def attention(
        qkv: torch.Tensor,
        lengths: list[int],
        heads: int,
        head_dim: int,
        scale: float,
        _math_max: int,
        _kernel: bool = False,
    ) -> torch.Tensor:
        out = []
        start = 0
        for n in lengths:
            q, k, v = qkv[start : start + n].view(n, 3, heads, head_dim).permute(1, 2, 0, 3)
            start += n
            if "qk" in mode:
                q, k = q8(q, -1), q8(k, -1)
            s = torch.matmul(q, k.transpose(1, 2)) * scale
            e = (s - s.amax(-1, keepdim=True)).exp()
            total = e.sum(-1, keepdim=True)
            if "p8" in mode:
                e = (e * 255).round() / 255
            elif "p7" in mode:
                e = (e * 127).round() / 127
            if "v" in mode.split("+"):
                v = q8(v, 1)
            ctx = torch.matmul(e, v) / total
            out.append(ctx.transpose(0, 1).reshape(n, heads * head_dim))
        return torch.cat(out)

    return attention


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=48, help="texts per set")
    ap.add_argument("--modes", default="fp32,qk,qk+p8,qk+p8+v,qk+p7+v")
    args = ap.parse_args()
    torch.set_num_threads(1)
    texts = load_texts(args.n, args.n, args.n)
    # repetitive text: attention spread thinly over hundreds of similar keys
    texts["repetitive"] = ["a " * 600, "hello world " * 300, "가나다 " * 400, "The the the. " * 150]
    fp32 = FastE5Embedder(precision="fp32", num_threads=1, script=False)
    # eager forward with torch's attention: the swapped-in function is what runs
    int8 = FastE5Embedder(precision="int8", num_threads=1, script=False, attention="flash")

    def embed(e: FastE5Embedder, name: str) -> Any:
        return e.embed_queries(texts[name]) if name == "queries" else e.embed_passages(texts[name])

    ref = {name: embed(fp32, name) for name in texts}
    original = e5_script._attention
    print("attention in int8 (simulated): cosine of int8 vectors to fp32's, min / mean")
    try:
        for mode in args.modes.split(","):
            e5_script._attention = original if mode == "fp32" else int8_attention(mode)
            cells = []
            for name in texts:
                c = (embed(int8, name) * ref[name]).sum(1)
                cells.append(f"{name} {c.min():.5f} / {c.mean():.5f}")
            print(f"  {mode:9s} " + " | ".join(cells), flush=True)
    finally:
        e5_script._attention = original


if __name__ == "__main__":
    main()
