"""Row by row, two saved ``answer_replay.py --out X.json`` runs of one question set.

An answerable row is right when its answer contains a gold string and is not refused;
an unanswerable one when it is refused (strength below ``--threshold``; the saved
``strength`` is threshold-free). Prints, per half (odd ids tune, even ids are held out),
how many rows the second run gets right that the first did not, and the reverse, with
their ids:

    python benchmarks/replay_compare.py before/blind4.json after/blind4.json --threshold 0.36

``--short-f1`` compares the short answers' token F1 instead (a refused row reads 0), per
part: 1-300, 301+ odd and 301+ even by question number for KorQuAD / XQuAD, the id's
half for the notes sets; it prints the question numbers (or ids) whose F1 rose or fell.
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


def load_pair(
    before_path: Path, after_path: Path
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Two saved runs' rows by id; they must hold the same questions."""
    before = {r["id"]: r for r in json.loads(before_path.read_text(encoding="utf-8"))}
    after = {r["id"]: r for r in json.loads(after_path.read_text(encoding="utf-8"))}
    missing = sorted(set(before) ^ set(after))
    if missing:
        raise SystemExit(f"the runs hold other questions ({len(missing)}: {missing[:5]} …)")
    return before, after


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--short-f1", action="store_true", help="compare short-answer F1 per row")
    args = ap.parse_args()
    before, after = load_pair(args.before, args.after)
    if args.short_f1:
        short_f1(before, after, args.threshold)
        return
    for part in ("odd", "even"):
        better, worse = [], []
        for qid, row in before.items():
            if half(qid) != part:
                continue
            was, now = right(row, args.threshold), right(after[qid], args.threshold)
            if now != was:
                (better if now else worse).append(qid)
        print(f"{part:>4}: {len(better)} better {better} / {len(worse)} worse {worse}")


def _f1(row: dict[str, Any], threshold: float) -> float:
    return 0.0 if row["strength"] < threshold or row.get("refused") else float(row["f1"])


def _part(qid: str, row: dict[str, Any]) -> str:
    if row.get("class") in ("xquad", "korquad"):
        n = int(row["n"])
        return "1-300" if n <= 300 else ("301+ odd" if n % 2 else "301+ even")
    return half(qid)


def short_f1(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], threshold: float
) -> None:
    """Per part: mean short F1 before -> after, and the rows whose F1 rose / fell."""
    parts: dict[str, list[str]] = {}
    for qid, row in before.items():
        if not row["neg"]:
            parts.setdefault(_part(qid, row), []).append(qid)
    for part, ids in sorted(parts.items()):
        b = [_f1(before[q], threshold) for q in ids]
        a = [_f1(after[q], threshold) for q in ids]
        named = [
            before[q]["n"] if before[q].get("class") in ("xquad", "korquad") else q for q in ids
        ]
        up = [q for q, x, y in zip(named, b, a, strict=True) if y > x + 1e-9]
        down = [q for q, x, y in zip(named, b, a, strict=True) if y < x - 1e-9]
        print(
            f"{part:>9}: n {len(ids)} short F1 {sum(b) / len(ids):.4f} -> {sum(a) / len(ids):.4f}"
            f", {len(up)} up {up} / {len(down)} down {down}"
        )


if __name__ == "__main__":
    main()
