"""Why a better gold rank gave a worse answer: the rows two replays disagree on, read
against the two searches' five passages (issues #15 / #22, twenty-third round).

Input: two ``answer_replay.py --out`` runs of one set (before: the windows off; after: a
windows variant) and the hits caches they read (``fresh-<set>/hits-k5.pkl`` of each; see
``window_variants.py``). For every row right in one run only (``replay_compare.py``'s
verdict at ``--threshold``) it prints:

* ``gold`` before -> after: the rank of the first passage holding a gold string (``-``:
  none of the five);
* ``five``: ``same`` (the same passages in the same order), ``order`` (the same set,
  reordered) or ``new@N`` (a passage the before five lack entered at rank N);
* ``quotes``: which passage the after answer quotes first (its first cited unit), as
  ``new`` (a passage the before five lack), ``up`` / ``down`` / ``kept`` (a passage of
  both, by its rank), or ``refused`` / ``?`` (no unit found verbatim);
* ``refusal``: a flip of the refusal (strength against ``--threshold``).

``--sealed`` prints the counts only (no ids), for realq2 / realq4.

    .venv/bin/python benchmarks/window_moves.py /work/lead/final28/realq3.json \\
        .bench/out-on/realq3.json --before-hits .bench/fresh-realq3/hits-k5.pkl \\
        --after-hits .bench/winvar/on/fresh-realq3/hits-k5.pkl
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains  # noqa: E402
from replay_compare import load_pair, right  # noqa: E402

_CITE = re.compile(r"\s*\[\d+\]\s*")


def gold_rank(hits: list[Any], answers: list[str]) -> int | None:
    return next(
        (i for i, h in enumerate(hits, 1) if any(contains(h.text, g, _is_ko(g)) for g in answers)),
        None,
    )


def quoted(answer: str, hits: list[Any]) -> int | None:
    """The rank of the passage holding the answer's first cited unit (``None``: none)."""
    body = answer.split(" — ", 1)[1] if " — " in answer else answer
    units = [u.strip() for u in _CITE.split(body) if u.strip()]
    if not units:
        return None
    first = " ".join(units[0].split())
    for i, h in enumerate(hits, 1):
        if first and first in " ".join(h.text.split()):
            return i
    return None


def describe(row: dict[str, Any], before: list[Any], after: list[Any], thr: float) -> str:
    ids_b = [h.chunk_id for h in before]
    ids_a = [h.chunk_id for h in after]
    gb, ga = gold_rank(before, row["answers"]), gold_rank(after, row["answers"])
    if ids_a == ids_b:
        five = "same"
    elif set(ids_a) == set(ids_b):
        five = "order"
    else:
        five = "new@" + ",".join(str(i) for i, c in enumerate(ids_a, 1) if c not in ids_b)
    if row["strength"] < thr or row.get("refused"):
        quotes = "refused"
    else:
        q = quoted(row["answer"], after)
        if q is None:
            quotes = "?"
        elif ids_a[q - 1] not in ids_b:
            quotes = "new"
        else:
            was = ids_b.index(ids_a[q - 1]) + 1
            quotes = "up" if q < was else ("down" if q > was else "kept")
    return f"gold {gb or '-'}->{ga or '-'} five {five} quotes {quotes}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--before-hits", type=Path, required=True)
    ap.add_argument("--after-hits", type=Path, required=True)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--sealed", action="store_true", help="counts only, no row ids")
    args = ap.parse_args()
    before, after = load_pair(args.before, args.after)
    hb: dict[str, list[Any]] = pickle.loads(args.before_hits.read_bytes())
    ha: dict[str, list[Any]] = pickle.loads(args.after_hits.read_bytes())
    tally: Counter[str] = Counter()
    for qid, row in before.items():
        was, now = right(row, args.threshold), right(after[qid], args.threshold)
        if was == now:
            continue
        q = row["question"]
        verdict = "better" if now else "worse"
        refusal = ""
        if (row["strength"] < args.threshold) != (after[qid]["strength"] < args.threshold):
            refusal = " refusal flipped"
        text = describe(after[qid], hb[q], ha[q], args.threshold)
        kind = "unanswerable" if row["neg"] else "answerable"
        five = text.split(" five ")[1].split(" ")[0]
        quotes = text.rsplit(" ", 1)[1]
        tally[f"{verdict} {kind}: five {five.split('@')[0]}, quotes {quotes}"] += 1
        if not args.sealed:
            print(f"{qid} {verdict:<6} {kind:<12} {text}{refusal}")
    for key, n in sorted(tally.items()):
        print(f"  {n:>3}  {key}")
    # Every answerable row whose gold passage reached or left rank 1, and how many of
    # those changed their verdict: does the answer follow the gold's rank?
    moved: Counter[str] = Counter()
    for qid, row in before.items():
        if row["neg"]:
            continue
        q = row["question"]
        gb, ga = gold_rank(hb[q], row["answers"]), gold_rank(ha[q], row["answers"])
        if (gb == 1) == (ga == 1):
            continue
        way = "to 1" if ga == 1 else "from 1"
        was, now = right(row, args.threshold), right(after[qid], args.threshold)
        if now != was:
            verdict = "better" if now else "worse"
        else:
            verdict = "right both" if now else "wrong both"
        moved[f"gold {way}: {verdict}"] += 1
    for key, n in sorted(moved.items()):
        print(f"  {n:>3}  {key}")


if __name__ == "__main__":
    main()
