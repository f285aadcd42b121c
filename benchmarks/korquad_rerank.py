"""KorQuAD with the rerankers, on held-out questions (issue #22, third round).

Questions 1001 onwards of KorQuAD's dev part (never used to choose anything: the earlier
rounds looked at the first 1,000), hybrid retrieval through `notelens eval`'s runner on
the cached corpus index, once per reranker (`RerankConfig(method, candidates=N)`), in
one process with one analyzer and one embedder. Reports Recall@1/@5 per reranker, the
paired randomization test on Recall@1 against the fused order, and the added latency
per question (reranked minus fused search time of the same question), p50/p95.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/korquad_rerank.py \
        --offset 1000 --limit 200 --rerankers maxsim --out .bench/kq-rerank

`minilm` (English cross-encoder) is a no-op on Korean questions by construction
(`languages = ("en",)`); pass it to see that its added time is the language check only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from common import DATASETS, ROOT, machine, percentile, require


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offset", type=int, default=1000, help="skip the first N questions")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rerankers", default="maxsim")
    ap.add_argument("--candidates", type=int, default=20)
    ap.add_argument("--dataset", default="korquad", choices=("korquad", "xquad"))
    ap.add_argument("--out", type=Path, default=ROOT / ".bench" / "kq-rerank")
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    args = ap.parse_args(argv)

    from notelens.analysis.registry import create_analyzer
    from notelens.config import RerankConfig, Settings
    from notelens.embed.registry import create as create_embedder
    from notelens.engine import Engine
    from notelens.evaluate.api import evaluate
    from notelens.evaluate.compare import randomization_test
    from notelens.evaluate.datasets import load_dataset

    fmt, path, _qrels, _ks = DATASETS[args.dataset]
    ds = load_dataset(f"{fmt}:{require(path)}")
    keep = list(ds.queries)[args.offset : args.offset + args.limit]
    ds.queries = {q: ds.queries[q] for q in keep}
    base = Settings.from_env()
    analyzer = create_analyzer(base.analyzer)
    embedder = create_embedder(base.embedder)
    args.out.mkdir(parents=True, exist_ok=True)
    per: dict[str, dict[str, tuple[float, float]]] = {}
    rows: list[dict[str, object]] = []
    for name in ["identity", *[r for r in args.rerankers.split(",") if r]]:
        settings = replace(
            base,
            index_dir=args.cache / "unused",
            rerank=RerankConfig(method=name, candidates=args.candidates),
        )
        engine = Engine(settings=settings, analyzer=analyzer, embedder=embedder)
        result = evaluate(engine, ds, modes=["hybrid"], ks=[1, 5, 10], cache_dir=args.cache)
        (args.out / f"{args.dataset}-{name}.json").write_text(
            json.dumps(result.to_dict(), ensure_ascii=False), encoding="utf-8"
        )
        mr = result.modes["hybrid"]
        per[name] = {q.qid: (q.metrics["Hit@1"], q.latency_ms or 0.0) for q in mr.queries}
        row: dict[str, object] = {
            "reranker": name,
            "n": len(mr.queries),
            "Recall@1": round(mr.metrics["Hit@1"], 4),
            "Recall@5": round(mr.metrics["Recall@5"], 4),
            "p50_ms": round(mr.p50_ms or 0.0, 1),
        }
        if name != "identity":
            common = sorted(set(per[name]) & set(per["identity"]))
            a = [per["identity"][q][0] for q in common]
            b = [per[name][q][0] for q in common]
            added = [per[name][q][1] - per["identity"][q][1] for q in common]
            row |= {
                "better": sum(y > x for x, y in zip(a, b, strict=True)),
                "worse": sum(y < x for x, y in zip(a, b, strict=True)),
                "p": round(randomization_test(a, b), 4),
                "added_p50_ms": round(percentile(added, 50), 1),
                "added_p95_ms": round(percentile(added, 95), 1),
            }
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    (args.out / f"{args.dataset}-summary.json").write_text(
        json.dumps(
            {"machine": machine(), "offset": args.offset, "rows": rows},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
