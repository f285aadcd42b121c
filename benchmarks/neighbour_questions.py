"""How many questions of an open set ask for an item by its neighbour ("X 다음 거", "what
comes right after X") or for an item's fellows ("X와 같은 목록에 있는 다른 것"), as
answer/neighbour_items.py reads them, and how two replays answered them (issue #15,
twenty-third round):

    python benchmarks/neighbour_questions.py realq3 BEFORE/realq3.json AFTER/realq3.json

Prints one line per such question (its id, the side asked, right before -> after at the
threshold, the answers' first characters) and the count. The sealed sets (realq2,
realq4) are refused: their rows are read by nobody.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from notelens.answer.neighbour_items import asked_fellows, asked_neighbour  # noqa: E402
from replay_compare import load_pair, right  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
FILES = {
    "notesqa": "notes_qa.jsonl",
    "blind": "blind_qa.jsonl",
    **{f"blind{i}": f"blind{i}_qa.jsonl" for i in range(2, 8)},
    "realq": "realq_qa.jsonl",
    "realq3": "realq3_qa.jsonl",
}
SEALED = frozenset({"realq2", "realq4"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("set")
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    args = ap.parse_args()
    if args.set in SEALED or args.set not in FILES:
        sys.exit(f"{args.set}: sealed or unknown; open sets: {' '.join(FILES)}")
    before, after = load_pair(args.before, args.after)
    rows = [json.loads(line) for line in (DATA / FILES[args.set]).read_text().splitlines()]
    n = 0
    for row in rows:
        q = row["question"]
        nb = asked_neighbour(q)
        asked = (
            ("next" if nb[0] > 0 else "previous") if nb else "fellows" if asked_fellows(q) else ""
        )
        if not asked or row["id"] not in before:
            continue
        n += 1
        was, now = before[row["id"]], after[row["id"]]
        print(
            f"{row['id']} {asked}: right {right(was, args.threshold)} ->"
            f" {right(now, args.threshold)} | {was['answer'][:50]!r} -> {now['answer'][:50]!r}"
        )
    print(f"{n} of {len(rows)} questions ask a neighbour or fellows")


if __name__ == "__main__":
    main()
