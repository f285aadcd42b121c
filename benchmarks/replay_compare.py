"""Row by row, two saved ``answer_replay.py --out X.json`` runs of one question set.

An answerable row is right when its answer contains a gold string and is not refused;
an unanswerable one when it is refused (strength below ``--threshold``; the saved
``strength`` is threshold-free). Prints, per half (odd ids tune, even ids are held out),
how many rows the second run gets right that the first did not, and the reverse, with
their ids:

    python benchmarks/replay_compare.py before/blind4.json after/blind4.json --threshold 0.36
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from notesqa_slices import half


def right(row: dict[str, Any], threshold: float) -> bool:
    refused = bool(row["strength"] < threshold)
    return refused if row["neg"] else bool(row["ok"]) and not refused


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    args = ap.parse_args()
    before = {r["id"]: r for r in json.loads(args.before.read_text(encoding="utf-8"))}
    after = {r["id"]: r for r in json.loads(args.after.read_text(encoding="utf-8"))}
    missing = sorted(set(before) ^ set(after))
    if missing:
        raise SystemExit(f"the runs hold other questions ({len(missing)}: {missing[:5]} …)")
    for part in ("odd", "even"):
        better, worse = [], []
        for qid, row in before.items():
            if half(qid) != part:
                continue
            was, now = right(row, args.threshold), right(after[qid], args.threshold)
            if now != was:
                (better if now else worse).append(qid)
        print(f"{part:>4}: {len(better)} better {better} / {len(worse)} worse {worse}")


if __name__ == "__main__":
    main()
