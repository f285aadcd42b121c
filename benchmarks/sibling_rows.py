"""The "wrong unit, same section" misses of a notes-set replay, each shown with the gold
line and the line(s) the answer was read from, and where the gold line sits relative to
the read one (lines apart in the section, the same indent or not), so that the misses can
be grouped by what the question asks and where its gold is (issue #15):

    PYTHONPATH=src python benchmarks/sibling_rows.py /work/lead/base/realq3.json \
        --questions benchmarks/data/realq3_qa.jsonl --half odd

``--half`` keeps the rows of one half (the replay's own odd / even split) so that the
other half stays unread. Causes come from ``benchmarks/realq_failures.py``. Refuses the
sealed sets (realq2, realq4, realq5): their rows are read by nobody.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realq_failures import (
    ROOT,
    Indexed,
    _read_from,
    _sections,
    _sentences,
    cause,
)

SEALED = ("realq2", "realq4", "realq5")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("replay", type=Path)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--half", choices=["odd", "even", "all"], default="odd")
    ap.add_argument("--cause", default="wrong unit, same section")
    args = ap.parse_args()
    if any(s in args.questions.name for s in SEALED):
        sys.exit("sealed set: its rows are not read")
    rows = json.loads(args.replay.read_text(encoding="utf-8"))
    qs = [
        json.loads(x) for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    gold_file = {q["id"]: q["relevant"][0] for q in qs}
    texts: dict[str, str] = {}
    th = args.threshold
    for r in rows:
        if r["neg"] or (r["ok"] and r["strength"] >= th):
            continue
        if args.half != "all" and r["half"] != args.half:
            continue
        rel = gold_file[r["id"]]
        if rel not in texts:
            texts[rel] = (ROOT / rel).read_text(encoding="utf-8")
        c = cause(r, texts[rel], th, Indexed.of((ROOT / rel).resolve()))
        if c != args.cause:
            continue
        _show(r, texts[rel])


def _show(r: dict[str, Any], text: str) -> None:
    print(f"== {r['id']} [{r['class']}] strength {r['strength']:.3f}")
    print(f"Q: {r['question']}")
    print(f"gold: {r['answers']}")
    print(f"A: {r['answer'][:300]}")
    for sec in _sections(text):
        golds = [i for i, line in enumerate(sec) if any(g in line for g in r["answers"])]
        if not golds:
            continue
        reads = [
            i
            for i, line in enumerate(sec)
            for s in _sentences(r["answer"])
            if _read_from(s, [line])
        ]
        if not reads:
            continue
        print(f"  section: {sec[0][:80]}")
        for i in sorted(set(golds) | set(reads)):
            tag = ("G" if i in golds else " ") + ("R" if i in reads else " ")
            print(f"  {tag} {i:3d} ind{_indent(sec[i]):2d} {sec[i].strip()[:150]}")
        g, rd = golds[0], reads[0]
        print(f"  gold-read: {g - rd:+d} lines, indent {_indent(sec[g]) - _indent(sec[rd]):+d}")
    print()


if __name__ == "__main__":
    main()
