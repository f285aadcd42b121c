"""Sweep DocScoring (share, extra) for document-level scoring (issue #22 item 3).

Each question is searched once (depth 100, the eval depth); the chunk list is then
folded per document with every (share, extra) pair, so the sweep costs one search pass.
On a notes set (benchmarks/data/notes_qa.jsonl, over an index of examples/notes +
../shared/notes-samples built by benchmarks/analyzer_compare.py):

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/doc_share_sweep.py \
        --index .bench/ac-cache/notes-kiwi --mode hybrid
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from common import ROOT, machine

SHARES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
EXTRAS = (1, 2, 4)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=Path, default=ROOT / "benchmarks/data/notes_qa.jsonl")
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)

    from notelens.engine import Engine
    from notelens.evaluate.datasets import load_dataset
    from notelens.evaluate.runner import EVAL_DEPTH, NotesMatcher
    from notelens.retrieve.aggregate import DocScoring, aggregate

    ds = load_dataset(f"notes:{args.questions}").limit(args.limit)
    engine = Engine(args.index)
    hits_at1: dict[tuple[float, int], list[float]] = {}
    for qid, query in ds.queries.items():
        matcher = NotesMatcher(ds.relevant.get(qid, []))
        qrels = ds.qrels.get(qid, {})
        hits = engine.search(query, k=EVAL_DEPTH, mode=args.mode)
        items = [(matcher.unit(h.source, h.text, h.chunk_id), h.score) for h in hits]
        for share in SHARES:
            for extra in EXTRAS:
                groups = aggregate(items, DocScoring(share=share, extra=extra))
                top = groups[0].key if groups else ""
                hits_at1.setdefault((share, extra), []).append(float(qrels.get(top, 0) > 0))
    rows = [
        {"share": s, "extra": e, "Hit@1": round(statistics.fmean(v), 4), "n": len(v)}
        for (s, e), v in sorted(hits_at1.items())
    ]
    print(json.dumps({"machine": machine(), "mode": args.mode, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
