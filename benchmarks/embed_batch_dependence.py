"""Whether a passage's e5 vector depends on the other texts of its batch.

The fast embedder's int8 linears quantise activations per tensor (fbgemm's dynamic
linear), so a text embedded alone and the same text embedded beside another may come
out slightly different. That reaches answers: the answer stage caches unit vectors, so
what was asked before decides which batch a unit was embedded in. This prints the
cosine of each pairing against the text embedded alone (1.0: independent of the batch).

    PYTHONPATH=src .venv/bin/python benchmarks/embed_batch_dependence.py
"""

from __future__ import annotations

import argparse

import numpy as np

from notelens.embed.registry import create

TEXT = "티베트 고원의 면적은 약 250만 제곱킬로미터로 세계에서 가장 넓은 고원이다."
PARTNERS = {
    "alone, again": None,
    "same text twice": TEXT,
    "a short partner": "짧은 문장",
    "a long mixed partner": "LoRA를 쓰면 파라미터 수가 크게 줄어든다. " * 30,
    "an English partner": "Grouped-query attention shares one key/value head per group.",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", default="auto", help="a registered embedder (default auto)")
    args = ap.parse_args()
    embedder = create(args.embedder)
    alone = embedder.embed_passages([TEXT])[0]
    print(f"embedder {type(embedder).__name__}")
    for label, partner in PARTNERS.items():
        batch = [TEXT] if partner is None else [TEXT, partner]
        vec = embedder.embed_passages(batch)[0]
        cos = float(np.dot(alone, vec) / (np.linalg.norm(alone) * np.linalg.norm(vec)))
        print(f"{label:24s} cosine {cos:.6f}  max |diff| {float(np.abs(alone - vec).max()):.4f}")


if __name__ == "__main__":
    main()
