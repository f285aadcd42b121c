"""Pseudo-relevance feedback on the hybrid's BM25 leg, as a probe (issue #22, eleventh round).

RM3-like and cheap: the BM25 leg's top ``--fb-docs`` passages give the ``--fb-terms``
terms they hold most (term frequency in the feedback passages, times a local IDF over the
leg's whole top n, so a word every candidate holds is not chosen), and BM25 of those terms
is added at ``--weight`` over the union of the two top-n lists (as the tenth round adds
the translated query: ``retrieve/translate.add_translated``). Applied to a Latin-script
query's own BM25 call only (the translated Korean terms pass through unchanged).

The probe wraps the index's store (no library change): every search of the set runs the
real searcher, fusion and default reranker; the per-question metric is the eval's
(``nDCG@10`` for SciFact, ``Hit@1`` otherwise), by part, against ``--weight 0``.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/prf_probe.py --dataset scifact \\
        --weights 0,0.3 --out .bench/r22/prf-scifact.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from common import ROOT, machine
from source_leg import open_set, parts


class FeedbackStore:
    """The index's store, with feedback terms added to a Latin query's BM25 call."""

    def __init__(self, inner: object, weight: float, fb_docs: int, fb_terms: int) -> None:
        self.inner = inner
        self.weight = weight
        self.fb_docs = fb_docs
        self.fb_terms = fb_terms

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def expansion(self, terms: Sequence[str], own: Sequence[object]) -> list[str]:
        """The feedback terms: frequent in the top passages, rare in the leg's top n."""
        ids = [s.chunk_id for s in own]  # type: ignore[attr-defined]
        rows = {r.chunk_id: r.terms.split() for r in self.inner.get(ids)}  # type: ignore[attr-defined]
        bags = [set(rows.get(i, ())) for i in ids]
        n = len(bags)
        tf: Counter[str] = Counter()
        for i in ids[: self.fb_docs]:
            toks = rows.get(i, [])
            for t, c in Counter(toks).items():
                tf[t] += c / max(len(toks), 1)
        query = set(terms)

        def weight(t: str) -> float:
            return tf[t] * math.log((n + 1) / (sum(t in b for b in bags) + 0.5))

        pool = [t for t in tf if t not in query and len(t) >= 3 and t.isalpha()]
        return sorted(pool, key=lambda t: -weight(t))[: self.fb_terms]

    def search_terms(self, terms: Sequence[str], k: int, where: object = None) -> list[object]:
        from notelens.retrieve.translate import add_translated

        own = self.inner.search_terms(terms, k, where)  # type: ignore[attr-defined]
        if self.weight <= 0 or not own or not all(t.isascii() for t in terms):
            return own  # type: ignore[no-any-return]
        more = self.expansion(terms, own)
        if not more:
            return own  # type: ignore[no-any-return]
        extra = self.inner.search_terms(more, k, where)  # type: ignore[attr-defined]
        return add_translated(own, extra, self.weight, k)


def main(argv: Sequence[str] | None = None) -> int:
    from notelens.evaluate.compare import randomization_test
    from notelens.evaluate.runner import hit_unit
    from notelens.evaluate.scoring import score_query

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="scifact", choices=["scifact", "xquad", "notes"])
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    ap.add_argument("--weights", default="0,0.3", help="comma list; the first is the base")
    ap.add_argument("--fb-docs", type=int, default=3)
    ap.add_argument("--fb-terms", type=int, default=10)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)

    ds, engine, unit = open_set(args.dataset, args.cache)
    qids = list(ds.queries)[: args.limit]  # type: ignore[attr-defined]
    part_of = {q: p for p, qs in parts(args.dataset, qids).items() for q in qs}
    metric = "nDCG@10" if args.dataset == "scifact" else "Hit@1"
    searcher = engine._get_searcher()  # type: ignore[attr-defined]
    inner = searcher.store
    per_weight: dict[float, dict[str, float]] = {}
    for w in [float(x) for x in args.weights.split(",")]:
        searcher.store = FeedbackStore(inner, w, args.fb_docs, args.fb_terms)
        values: dict[str, float] = {}
        for qid in qids:
            qrels = ds.qrels.get(qid, {})  # type: ignore[attr-defined]
            hits = searcher.search(ds.queries[qid], k=100, mode="hybrid")  # type: ignore[attr-defined]
            units = list(dict.fromkeys(hit_unit(qid, h, unit, qrels) for h in hits))
            values[qid] = score_query(units, qrels, [1, 5, 10])[metric]
        per_weight[w] = values
    searcher.store = inner
    base_w = next(iter(per_weight))
    rows = []
    for w, values in per_weight.items():
        for part in ("train", "held"):
            members = [q for q in qids if part_of.get(q) == part]
            if not members:
                continue
            a = [per_weight[base_w][q] for q in members]
            b = [values[q] for q in members]
            row = {
                "weight": w,
                "part": part,
                "n": len(members),
                "metric": metric,
                "base": round(sum(a) / len(a), 4),
                "prf": round(sum(b) / len(b), 4),
                "better": sum(y > x for x, y in zip(a, b, strict=True)),
                "worse": sum(y < x for x, y in zip(a, b, strict=True)),
                "p": round(randomization_test(a, b), 4),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), "args": vars(args) | {"out": str(args.out)}, "rows": rows}
    args.out.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
