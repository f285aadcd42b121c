"""Slices of a saved ``answer_bench.py --dataset notesqa --out X.json`` run, or of an
``answer_replay.py --set notesqa --out X.json`` replay.

answer_bench.py prints contains / short EM / F1 / first citation / false refusals per
class and language; this adds, from the same saved rows and without re-running anything,
the gold-source hit@1 / hit@5 of each slice, the tune / held-out halves of every class,
and the unanswerable refusals split by kind (near miss, off-topic) and language:

    python benchmarks/notesqa_slices.py .bench/blind3-main.json --threshold 0.36

A replay's rows carry no citations and no gold source: its "first citation gold" column
reads "–", and its hit@k is the first hit whose text holds a gold string (answer_bench's is
the first hit from a gold source), so compare a replay's slices with a replay's.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def half(qid: str) -> str:
    """Odd ids tune, even ids are held out (as answer_bench.py splits them)."""
    m = re.search(r"(\d+)$", qid)
    return "?" if m is None else ("odd" if int(m.group(1)) % 2 else "even")


def at_threshold(rows: list[Row], threshold: float) -> list[Row]:
    """A row below ``threshold`` is a refusal: it holds nothing and cites nothing."""
    out = []
    for r in rows:
        refused = bool(r["refused"]) or r["strength"] < threshold
        lost: Row = {"contains": False, "em": 0.0, "f1": 0.0} if refused else {}
        if refused and r.get("first_gold") is not None:
            lost["first_gold"] = False
        out.append({**r, "refused": refused, **lost})
    return out


def from_replay(rows: list[Row]) -> dict[str, list[Row]]:
    """answer_replay.py's rows in answer_bench.py's saved shape (what the slices read)."""
    answerable, unanswerable = [], []
    for r in rows:
        if r["neg"]:
            unanswerable.append({**r, "kind": r.get("kind", "?"), "lang": r.get("lang", "?")})
            continue
        ranks = r.get("gold_ranks") or []
        answerable.append(
            {
                **r,
                "lang": r.get("lang", "?"),
                "contains": bool(r["ok_unrefused"]),
                "first_gold": None,
                "gold_rank": min(ranks) if ranks else None,
            }
        )
    return {"answerable": answerable, "unanswerable": unanswerable}


def line(name: str, sub: list[Row]) -> str:
    n = len(sub)

    def share(key: str) -> float | str:
        if any(r[key] is None for r in sub):
            return "–"
        return sum(float(r[key]) for r in sub) / n

    def cell(value: float | str) -> str:
        return value if isinstance(value, str) else f"{value:.3f}"

    hit1 = sum(r["gold_rank"] == 1 for r in sub) / n
    hit5 = sum(r["gold_rank"] is not None and r["gold_rank"] <= 5 for r in sub) / n
    return (
        f"| {name} | {n} | {cell(share('contains'))} | {cell(share('em'))} | "
        f"{cell(share('f1'))} | {cell(share('first_gold'))} | {cell(share('refused'))} | "
        f"{hit1:.3f} | {hit5:.3f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("saved", type=Path, help="the --out JSON of an answer_bench.py notesqa run")
    ap.add_argument("--threshold", type=float, default=0.36)
    args = ap.parse_args()
    res = json.loads(args.saved.read_text(encoding="utf-8"))
    if isinstance(res, list):  # a replay's rows
        res = from_replay(res)
    rows = at_threshold(res["answerable"], args.threshold)
    print(
        "| slice | n | contains | short EM | short F1 | first citation gold "
        "| false refusals | gold hit@1 | gold hit@5 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(line("all", rows))
    for h in ("odd", "even"):
        print(line(f"all, {h}", [r for r in rows if half(r["id"]) == h]))
    for key in ("class", "lang"):
        for value in sorted({r[key] for r in rows}):
            sub = [r for r in rows if r[key] == value]
            print(line(value, sub))
            if key == "class":
                for h in ("odd", "even"):
                    print(line(f"{value}, {h}", [r for r in sub if half(r["id"]) == h]))
    neg = at_threshold(res["unanswerable"], args.threshold)
    print("\n| unanswerable | n | refused |")
    print("|---|---|---|")
    groups = [("all", neg)]
    groups += [(h, [r for r in neg if half(str(r["id"])) == h]) for h in ("odd", "even")]
    for kind in ("near", "off"):
        for lang in ("ko", "en", "mixed", None):
            sub = [r for r in neg if r["kind"] == kind and lang in (None, r["lang"])]
            groups.append((f"{kind}, {lang or 'all'}", sub))
    for name, sub in groups:
        if sub:
            print(f"| {name} | {len(sub)} | {sum(r['refused'] for r in sub) / len(sub):.3f} |")


if __name__ == "__main__":
    main()
