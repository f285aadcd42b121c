"""Two saved `notelens eval` results, compared per group of questions (issue #22).

The notes set labels every question with `lang` (ko, en, mixed) and `class`; this
splits a paired comparison of two runs (e.g. two analyzers) by such a field, so "mixed
Korean/English queries" get their own row: per group, the metric of A and B, questions
better / worse, and the paired randomization p.

    PYTHONPATH=src .venv/bin/python benchmarks/paired_by_field.py \
        .bench/ac3/notes-kiwi.json .bench/ac3/notes-kiwi-dict.json --mode hybrid --field lang

`--field part` splits a corpus set by position instead (its questions carry no labels):
questions 1..`--tune-first` are the tuning part, the rest held out, or with
`--odd-after` the odd positions after N tune too (XQuAD's split):

    PYTHONPATH=src .venv/bin/python benchmarks/paired_by_field.py \
        .bench/ev-ko/korquad-kiwi.json .bench/ev-parts/korquad-kiwi-parts.json --field part
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


def part(pos: int, tune_first: int, odd_after: bool) -> str:
    """``--field part``: the tuning or held-out part of the question at 1-based ``pos``."""
    return "tune" if pos <= tune_first or (odd_after and pos % 2 == 1) else "held-out"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--metric", default="Hit@1")
    ap.add_argument(
        "--field", default="lang", help="a question field, parity (odd/even ids) or part"
    )
    ap.add_argument("--tune-first", type=int, default=1000, help="--field part: 1..N tune")
    ap.add_argument("--odd-after", action="store_true", help="--field part: odd ones after N too")
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
    if args.field == "part":  # by position in A's run (dicts keep the run's order)
        labels = {qid: part(pos, args.tune_first, args.odd_after) for pos, qid in enumerate(sa, 1)}
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
