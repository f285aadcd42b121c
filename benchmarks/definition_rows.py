"""The "what is X" rows of the notes sets, before and after (issue #15, twentieth round).

For each set: the answerable rows whose question asks what a term is
(``retrieve/defining.asked_terms``), per half (odd: tuning, even: held out), how many
are answered before and after, and how many the baseline missed with the gold line in
none of its five hits (a retrieval miss). With ``--cache`` it also checks that the
search of every *other* question is unchanged: ``hits-k5.before.pkl`` (the searches the
baseline replayed, kept when the pickles were rebuilt) against ``hits-k5.pkl`` (the new
ones), chunk ids in order.

    PYTHONPATH=src .venv/bin/python benchmarks/definition_rows.py \\
        /work/briefs/final24c out/after --cache .bench

realq2 is held out whole: for it only counts are printed, never ids or questions.

``--forget CACHE/DIR ...`` (run before the replay) drops from each ``DIR/hits-k5.pkl``
the searches of the questions this change can move (a "what is X" or an acronym
question), keeping the file as ``hits-k5.before.pkl``: the replay searches those again
and reads every other question's saved search, which the change leaves as it was (the
check above: 0 changed on every notes set).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any

from notelens.retrieve.acronyms import asked_acronym
from notelens.retrieve.defining import asked_terms

SETS = [
    "notesqa",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "realq",
    "realq2",
]
HELD_OUT_WHOLE = {"realq2"}


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in json.loads(path.read_text())}


def _hits_same(cache: Path, name: str) -> tuple[int, int, int, int] | None:
    """(other questions, of them changed, definition questions, of them changed)."""
    before, after = cache / f"fresh-{name}/hits-k5.before.pkl", cache / f"fresh-{name}/hits-k5.pkl"
    if not (before.exists() and after.exists()):
        return None
    b, a = pickle.loads(before.read_bytes()), pickle.loads(after.read_bytes())
    other = changed = dq = dchanged = 0
    for q, hits in b.items():
        if q not in a:
            continue
        moved = [h.chunk_id for h in hits] != [h.chunk_id for h in a[q]]
        if asked_terms(q):
            dq, dchanged = dq + 1, dchanged + moved
        else:
            other, changed = other + 1, changed + moved
    return other, changed, dq, dchanged


def _forget(folder: Path) -> None:
    path = folder / "hits-k5.pkl"
    hits = pickle.loads(path.read_bytes())
    (folder / "hits-k5.before.pkl").write_bytes(path.read_bytes())
    moved = [q for q in hits if asked_terms(q) or asked_acronym(q)]
    for q in moved:
        del hits[q]
    path.write_bytes(pickle.dumps(hits))
    print(f"{folder}: {len(moved)} of {len(hits) + len(moved)} searches forgotten")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("before", type=Path, nargs="?", help="folder of <set>.json (the baseline)")
    ap.add_argument("after", type=Path, nargs="?", help="folder of <set>.json (this change)")
    ap.add_argument("--sets", default=" ".join(SETS))
    ap.add_argument("--cache", type=Path, default=None, help="the retrieval caches (.bench)")
    ap.add_argument("--forget", type=Path, nargs="+", default=None, help="see the docstring")
    args = ap.parse_args()
    if args.forget:
        for folder in args.forget:
            _forget(folder)
        return
    print(f"{'set':9} {'half':5} {'n':>3} {'before':>6} {'after':>6} {'ret.miss':>8}  ids")
    totals = {"odd": [0, 0, 0, 0], "even": [0, 0, 0, 0]}  # n, before, after, ret. misses
    for name in args.sets.split():
        bpath, apath = args.before / f"{name}.json", args.after / f"{name}.json"
        if not (bpath.exists() and apath.exists()):
            continue
        before, after = _rows(bpath), _rows(apath)
        for half in ("odd", "even"):
            ids = [
                i
                for i, r in before.items()
                if r["half"] == half and not r["neg"] and asked_terms(r["question"]) and i in after
            ]
            ok_b = sum(before[i]["ok"] for i in ids)
            ok_a = sum(after[i]["ok"] for i in ids)
            ret = sum(1 for i in ids if not before[i]["ok"] and not before[i]["gold_ranks"])
            better = [i for i in ids if after[i]["ok"] and not before[i]["ok"]]
            worse = [i for i in ids if before[i]["ok"] and not after[i]["ok"]]
            shown = (
                f"better {len(better)} / worse {len(worse)}"
                if name in HELD_OUT_WHOLE
                else f"better {better} / worse {worse}"
            )
            print(f"{name:9} {half:5} {len(ids):3d} {ok_b:6d} {ok_a:6d} {ret:8d}  {shown}")
            for j, x in enumerate((len(ids), ok_b, ok_a, ret)):
                totals[half][j] += x
        if args.cache is not None and (same := _hits_same(args.cache, name)) is not None:
            other, changed, dq, dchanged = same
            print(
                f"{name:9} hits: other questions {other}, changed {changed};"
                f" definition questions {dq}, reordered {dchanged}"
            )
    for half, (n, ok_b, ok_a, ret) in totals.items():
        print(f"{'total':9} {half:5} {n:3d} {ok_b:6d} {ok_a:6d} {ret:8d}")


if __name__ == "__main__":
    main()
