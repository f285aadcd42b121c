"""Two saved `notelens eval` results, compared per group of questions (issue #22).

The notes set labels every question with `lang` (ko, en, mixed) and `class`; this
splits a paired comparison of two runs (e.g. two analyzers) by such a field, so "mixed
Korean/English queries" get their own row: per group, the metric of A and B, questions
better / worse, and the paired randomization p.

    PYTHONPATH=src .venv/bin/python benchmarks/paired_by_field.py \
        .bench/ac3/notes-kiwi.json .bench/ac3/notes-kiwi-dict.json --mode hybrid --field lang
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from common import ROOT


def parity(qid: str) -> str:
    """``--field parity``: odd or even question number (the tuning / held-out halves)."""
    digits = "".join(c for c in qid if c.isdigit())
    return ("odd" if int(digits) % 2 else "even") if digits else "?"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--metric", default="Hit@1")
    ap.add_argument("--field", default="lang", help="a question field, or parity (odd/even ids)")
    ap.add_argument("--questions", type=Path, default=ROOT / "benchmarks/data/notes_qa.jsonl")
    args = ap.parse_args(argv)

    from notelens.evaluate.compare import randomization_test

    labels: dict[str, str] = {}
    for line in args.questions.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            qid = str(row["id"])
            labels[qid] = parity(qid) if args.field == "parity" else str(row.get(args.field, "?"))

    def scores(path: Path) -> dict[str, float]:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {q["qid"]: q["metrics"][args.metric] for q in data["per_query"][args.mode]}

    sa, sb = scores(args.a), scores(args.b)
    groups: dict[str, list[str]] = defaultdict(list)
    for qid in sorted(set(sa) & set(sb)):
        groups[labels.get(qid, "?")].append(qid)
        groups["all"].append(qid)
    for group, qids in sorted(groups.items()):
        xa = [sa[q] for q in qids]
        xb = [sb[q] for q in qids]
        row = {
            args.field: group,
            "n": len(qids),
            "A": round(sum(xa) / len(xa), 4),
            "B": round(sum(xb) / len(xb), 4),
            "better": sum(y > x for x, y in zip(xa, xb, strict=True)),
            "worse": sum(y < x for x, y in zip(xa, xb, strict=True)),
            "p": round(randomization_test(xa, xb), 4),
        }
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
