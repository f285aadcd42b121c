"""Whether a passage's e5 vector depends on the other texts of its batch.

Until the ninth round the fast embedder's int8 linears quantised activations with one
scale per batch (fbgemm's dynamic linear over all packed windows), and the attention
kernel was chosen per batch, so a text embedded alone and the same text embedded beside
another came out slightly different (cosine 0.998). That reached answers: the answer
stage caches unit vectors, so what was asked before decided which batch a unit was
embedded in. With ``per_window`` (off by default: it costs CPU) every step computes a
window from its own tokens only. This prints,
for a Korean, an English and a mixed text, the cosine and the largest difference of each
pairing against the text embedded alone (1.000000 and 0: independent of the batch).

    PYTHONPATH=src .venv/bin/python benchmarks/embed_batch_dependence.py
    PYTHONPATH=src .venv/bin/python benchmarks/embed_batch_dependence.py --per-window
    PYTHONPATH=src .venv/bin/python benchmarks/embed_batch_dependence.py --per-window \\
        --precision bf16
"""

from __future__ import annotations

import argparse

import numpy as np

import common  # noqa: F401  (this checkout's src first)
from notelens.embed.registry import create

TEXTS = {
    "Korean": "티베트 고원의 면적은 약 250만 제곱킬로미터로 세계에서 가장 넓은 고원이다.",
    "English": "Grouped-query attention shares one key/value head per group of query heads.",
    "mixed": "LoRA rank 16, alpha 32로 fine-tuning했더니 eval loss가 epoch 2 이후 정체되었다.",
}
PARTNERS = {
    "alone, again": [],
    "same text twice": None,  # the text itself
    "a short partner": ["짧은 문장"],
    "a long mixed partner": ["LoRA를 쓰면 파라미터 수가 크게 줄어든다. " * 30],
    "an English partner": ["Grouped-query attention shares one key/value head per group."],
    "five partners, windowed": ["a", "짧은 문장", "MoE routing collapse " * 60, "검색 " * 700],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", default="auto", help="a registered embedder (default auto)")
    ap.add_argument("--precision", help="the fast embedder's precision (int8, bf16, fp32)")
    ap.add_argument("--per-window", action="store_true", help="the fast embedder's per_window")
    args = ap.parse_args()
    if args.precision or args.per_window:
        from notelens.embed.fast_embedder import FastE5Embedder

        embedder = FastE5Embedder(args.precision or "auto", per_window=args.per_window)
    else:
        embedder = create(args.embedder)
    print(f"embedder {type(embedder).__name__} {getattr(embedder, 'precision', '')}")
    worst = 0.0
    for lang, text in TEXTS.items():
        alone = embedder.embed_passages([text])[0]
        for label, partners in PARTNERS.items():
            batch = [text, text] if partners is None else [*partners, text]
            vec = embedder.embed_passages(batch)[-1]
            cos = float(np.dot(alone, vec) / (np.linalg.norm(alone) * np.linalg.norm(vec)))
            diff = float(np.abs(alone - vec).max())
            worst = max(worst, diff)
            print(f"{lang:8s} {label:24s} cosine {cos:.6f}  max |diff| {diff:.2e}")
    print(f"largest difference: {worst:.2e}" + (" (bit-identical)" if worst == 0 else ""))


if __name__ == "__main__":
    main()
