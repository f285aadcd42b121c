"""Which rows two saved ``answer_replay.py --out X.json`` runs answer differently at all.

``replay_compare.py`` counts the rows that cross from wrong to right or back; a change
that moves answers without crossing (another unit quoted, a strength nudged) shows only
here. Prints one line per row whose answer text or strength differs (strength to 6
decimals), with its half, class and whether it was right before and after, then the
count; "identical" when none differs (the check that a rule left a set untouched):

    python benchmarks/replay_changed.py before/korquad.json after/korquad.json --threshold 0.36

``--exact`` compares every field of the row instead (the short answer, the refusal, the
strength to the last bit): the check that a restructuring changed nothing at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from notesqa_slices import half
from replay_compare import load_pair, right


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--exact", action="store_true", help="every field, strength to the bit")
    args = ap.parse_args()
    before, after = load_pair(args.before, args.after)
    changed = 0
    for qid, row in before.items():
        new = after[qid]
        if args.exact:
            if row == new:
                continue
        elif row["answer"] == new["answer"] and round(row["strength"], 6) == round(
            new["strength"], 6
        ):
            continue
        changed += 1
        was, now = right(row, args.threshold), right(new, args.threshold)
        print(
            f"{qid} {half(qid)} {row['class']}: right {was} -> {now},"
            f" strength {row['strength']:.3f} -> {new['strength']:.3f}"
        )
    print(f"{changed} of {len(before)} rows changed" if changed else "identical")


if __name__ == "__main__":
    main()
