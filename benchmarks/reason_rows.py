"""Reason questions ("왜 …?", "… 이유는?", "Why …?") of replayed sets: how many are
answered with the gold, and how many short answers they get and hold the gold.

Reads ``answer_replay.py --out`` files (answerable rows only; a row counts as answered
when it holds a gold string and its strength is at the threshold)::

    python benchmarks/reason_rows.py --threshold 0.36 OUT/blind3.json OUT/korquad.json …

The question is told a reason question by its words, the same for every replay, so two
replays of one set count the same rows.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_REASON_RE = re.compile(r"왜|이유|원인|어째서|뭐 때문|\bwhy\b", re.I)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("replays", type=Path, nargs="+")
    ap.add_argument("--threshold", type=float, default=0.36)
    args = ap.parse_args()
    total = [0, 0, 0, 0]
    print("| set | reason questions | answered | short answers | short holds gold |")
    print("|---|---|---|---|---|")
    for path in args.replays:
        rows = [
            r
            for r in json.loads(path.read_text())
            if not r.get("neg") and _REASON_RE.search(r["question"])
        ]
        answered = sum(r["ok"] and r["strength"] >= args.threshold for r in rows)
        shorts = [r for r in rows if r["short"]]
        held = sum(any(g.lower() in r["short"].lower() for g in r["answers"]) for r in shorts)
        counts = (len(rows), answered, len(shorts), held)
        total = [a + b for a, b in zip(total, counts, strict=True)]
        print(f"| {path.stem} | " + " | ".join(map(str, counts)) + " |")
    print("| all | " + " | ".join(map(str, total)) + " |")


if __name__ == "__main__":
    main()
