"""Are the eval's query vectors the ones a user gets? (issue #22, twelfth round)

A user's search embeds its query alone (the searcher's batcher only groups searches that
overlap in time, and one CLI search never does). e5's int8 forward is not batch
independent ("A passage's e5 vector depends on its batch"), so an eval that embedded its
questions together would score other vectors than the product's. This runs the real
`notelens eval` runner on a set with a recording wrapper around the real embedder and
reports every `embed_queries` call it made (how many texts per call), then embeds each
question again alone and in batches of `--batch`, and compares: bit-identical alone
means the eval's figure is the one a user's queries give.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/query_vector_probe.py \
        --dataset korquad --limit 300 --cache .bench/ac-cache
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from analyzer_compare import NOTES_DIRS, NOTES_QA, notes_index_dir
from common import DATASETS, ROOT, machine, require


class RecordingEmbedder:
    """The real embedder; each `embed_queries` call's texts and vectors are kept."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.id: str = inner.id  # type: ignore[attr-defined]
        self.dim: int = inner.dim  # type: ignore[attr-defined]
        self.calls: list[int] = []
        self.vectors: dict[str, np.ndarray] = {}

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)  # type: ignore[attr-defined,no-any-return]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        out = np.asarray(self._inner.embed_queries(texts), dtype=np.float32)  # type: ignore[attr-defined]
        self.calls.append(len(texts))
        for t, v in zip(texts, out, strict=True):
            self.vectors.setdefault(t, v.copy())
        return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="notes", choices=("notes", *DATASETS))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch", type=int, default=16, help="the batch size to compare with")
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    ap.add_argument("--out", type=Path, default=None, help="a JSON summary")
    args = ap.parse_args(argv)

    from notelens.analysis.registry import create_analyzer
    from notelens.config import Settings
    from notelens.embed.registry import create as create_embedder
    from notelens.engine import Engine
    from notelens.evaluate.api import evaluate

    base = Settings.from_env()
    inner = create_embedder(base.embedder)
    rec = RecordingEmbedder(inner)
    analyzer = create_analyzer("kiwi")
    if args.dataset == "notes":
        spec = f"notes:{require(NOTES_QA)}"
        roots = [require(p) for p in NOTES_DIRS]
        index_dir = notes_index_dir(args.cache, "kiwi", roots)
        settings = replace(base, index_dir=index_dir)
    else:
        fmt, path, _qrels, _ks = DATASETS[args.dataset]
        spec = f"{fmt}:{require(path)}"
        settings = replace(base, index_dir=args.cache / "unused")
    engine = Engine(settings=settings, analyzer=analyzer, embedder=rec)  # type: ignore[arg-type]
    if args.dataset == "notes":
        engine.index(roots)
    qrels = DATASETS[args.dataset][2] if args.dataset in DATASETS else None
    result = evaluate(
        engine,
        spec,
        qrels=qrels,
        modes=["hybrid"],
        ks=[1, 5, 10],
        limit=args.limit,
        cache_dir=args.cache,
    )
    # As the searcher embeds them: stripped (a few KorQuAD questions end in a space).
    queries = [q.query.strip() for q in result.modes["hybrid"].queries]
    sizes = Counter(rec.calls)
    alone = np.stack([np.asarray(inner.embed_queries([q]), dtype=np.float32)[0] for q in queries])  # type: ignore[attr-defined]
    batched = np.concatenate(
        [
            np.asarray(inner.embed_queries(queries[i : i + args.batch]), dtype=np.float32)  # type: ignore[attr-defined]
            for i in range(0, len(queries), args.batch)
        ]
    )
    seen = np.stack([rec.vectors[q] for q in queries])
    summary = {
        "dataset": args.dataset,
        "questions": len(queries),
        "hit@1": round(result.modes["hybrid"].metrics["Hit@1"], 4),
        "embed_queries calls by size": {str(k): v for k, v in sorted(sizes.items())},
        "eval vectors equal to alone (bit-identical)": int(np.all(seen == alone, axis=1).sum()),
        "max |eval - alone|": float(np.abs(seen - alone).max()),
        f"batches of {args.batch} equal to alone": int(np.all(batched == alone, axis=1).sum()),
        f"max |batch of {args.batch} - alone|": float(np.abs(batched - alone).max()),
        f"min cosine batch of {args.batch} vs alone": float((batched * alone).sum(1).min()),
        "machine": machine(),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
