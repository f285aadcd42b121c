"""Short answers a change dropped, and how many of them held the gold.

Compares two ``answer_replay.py --out`` replays of one set row by row and counts the
answerable rows whose short answer the second one no longer gives (answer/short_worth.py:
a yes/no, difference or content question, or a span of the question's own words), those
of them whose dropped short answer held a gold string, and the rows whose short answer
changed::

    python benchmarks/short_dropped.py BEFORE/realq.json AFTER/realq.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args()
    before = {r["id"]: r for r in json.loads(args.before.read_text())}
    after = {r["id"]: r for r in json.loads(args.after.read_text())}
    dropped = held = changed = 0
    for i, row in before.items():
        if row.get("neg") or not row["short"] or i not in after:
            continue
        now = after[i]["short"]
        if not now:
            dropped += 1
            short = row["short"].lower()
            held += any(g.lower() in short for g in row["answers"])
        elif now != row["short"]:
            changed += 1
    print(f"short dropped {dropped}, of which held the gold {held}; short changed {changed}")


if __name__ == "__main__":
    main()
