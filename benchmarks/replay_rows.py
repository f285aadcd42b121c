"""The wrong rows of one saved ``answer_replay.py --out X.json`` run, for reading.

``--misses`` of ``answer_replay.py`` lists answerable misses by class; the refusal work
reads two other kinds of row (issue #15): the unanswerable questions that were answered
(strength at or above the threshold) and the answerable ones refused although the
answer held the gold (``ok_unrefused``). Only the tuning half (odd ids) is printed
unless ``--half`` says otherwise: the even ids are held out and are not read to design
a rule.

    python benchmarks/replay_rows.py OUT/blind5.json --threshold 0.36
    python benchmarks/replay_rows.py OUT/blind5.json --kind answered
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from notesqa_slices import half


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--half", choices=["odd", "even", "all"], default="odd")
    ap.add_argument(
        "--kind",
        choices=["answered", "refused", "both"],
        default="both",
        help="answered: unanswerable rows not refused; refused: false refusals",
    )
    ap.add_argument("--chars", type=int, default=240, help="answer characters shown")
    args = ap.parse_args()
    rows = json.loads(args.run.read_text(encoding="utf-8"))
    for row in rows:
        if args.half != "all" and half(row["id"]) != args.half:
            continue
        refused = row["strength"] < args.threshold
        if row["neg"] and not refused and args.kind in ("answered", "both"):
            tag = "ANSWERED"
        elif (
            not row["neg"] and refused and row["ok_unrefused"] and args.kind in ("refused", "both")
        ):
            tag = "REFUSED"
        else:
            continue
        answer = " ".join(str(row["answer"]).split())[: args.chars]
        gold = "" if row["neg"] else f" gold={row['answers']}"
        print(f"{tag} {row['id']} s={row['strength']:.3f}{gold} | {row['question']}")
        print(f"    -> {answer}")


if __name__ == "__main__":
    main()
