"""Replay only the questions a change of the twenty-fourth round's sibling work can reach,
and compare them with a replay of the same questions by another tree (issue #15).

The round's answer-stage steps fire only on a question that asks a place among rows or
items (``answer/category_rows.py`` ``asked_row_place``), the written number of an item
(``answer/item_numbers.py`` ``asked_number_of``), a counted list (``qtype.answer_type``'s
count: ``lists.numbered_heads``), or that writes a row noun or an English ordinal beside a
category value (``owned_lists.asks_by`` / ``names_whole``). Every other question takes the
same path as before, so a full replay of a set answers it identically: on a 2-core machine
shared by six replays, answering only the reachable questions is what makes a before /
after of every set affordable. Run once per tree, with that tree's ``src`` first on the
path (the reachability test is this tree's, imported from the worktree the script lives
in, whichever ``src`` answers):

    PYTHONPATH=src .venv/bin/python benchmarks/replay_touched.py --set notesqa \\
        --questions benchmarks/data/realq5_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq5 --out .bench/t/realq5.json
    PYTHONPATH=/tmp/main14/src .venv/bin/python benchmarks/replay_touched.py … \\
        --ids-of .bench/t/realq5.json --out .bench/t-main/realq5.json
    python3 benchmarks/replay_touched.py --compare .bench/t-main/realq5.json .bench/t/realq5.json

``--compare`` prints counts only (right, false refusals, unanswerable answered, rows better
and worse), never ids or questions: it is the form allowed for the sealed sets (realq2,
realq4, realq5, realq7); ``--ids`` adds the moved ids (open sets only). ``--merge FULL
REPLAYED OUT`` writes the whole set after the change: FULL's rows with the replayed ones in
their place. The other rounds' scripts (``list_touched.py``, ``near_touched.py``, …) are
this command with their own reachability test: ``main(reachable)``. KorQuAD / XQuAD:
``--set korquad --limit 1000`` etc., as answer_replay.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answer_bench import make_engine  # noqa: E402
from answer_replay import answer_row, cached_hits, load_questions, set_arguments  # noqa: E402

THRESHOLD = 0.36
# A row noun or an English ordinal beside a category value (owned_lists.asks_by,
# owned_lists._BEFORE_OK).
_WORDS_RE = re.compile(
    r"논문|발표|papers?|talks?|presentations?|track|트랙"
    r"|\b(?:first|second|third|fourth|fifth|last|final|next)\b",
    re.I,
)


def _load(name: str, rel: str) -> Any:
    """A module of this worktree's ``src`` by path (the other tree may lack it)."""
    spec = importlib.util.spec_from_file_location(name, HERE.parent / "src" / rel)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def reachable(question: str) -> bool:
    """Whether the round's steps may fire on ``question`` (a superset of where they do)."""
    rows = _load("_nl_category_rows", "notelens/answer/category_rows.py")
    numbers = _load("_nl_item_numbers", "notelens/answer/item_numbers.py")
    from notelens.answer.qtype import answer_type

    return bool(
        rows.asked_row_place(question) is not None
        or numbers.asked_number_of(question) is not None
        or answer_type(question).count is not None
        or _WORDS_RE.search(question)
    )


def _right(r: dict[str, Any]) -> bool:
    return bool(r["ok"]) and r["strength"] >= THRESHOLD


def _refused(r: dict[str, Any]) -> bool:
    return bool(r["refused"]) or r["strength"] < THRESHOLD


def compare(before: Path, after: Path) -> None:
    b = {r["id"]: r for r in json.loads(before.read_text(encoding="utf-8"))}
    a = {r["id"]: r for r in json.loads(after.read_text(encoding="utf-8"))}
    # (BEFORE may be a whole replay of the set: its rows of AFTER's ids.)
    b = {i: r for i, r in b.items() if i in a}
    pos = [i for i in b if not b[i]["neg"]]
    neg = [i for i in b if b[i]["neg"]]
    better = sum(not _right(b[i]) and _right(a[i]) for i in pos)
    better += sum(not _refused(b[i]) and _refused(a[i]) for i in neg)
    worse = sum(_right(b[i]) and not _right(a[i]) for i in pos)
    worse += sum(_refused(b[i]) and not _refused(a[i]) for i in neg)
    changed = sum(a[i]["answer"] != b[i]["answer"] for i in b)
    for name, rows in (("before", b), ("after", a)):
        right = sum(_right(rows[i]) for i in pos)
        fref = sum(_refused(rows[i]) for i in pos)
        ans = sum(not _refused(rows[i]) for i in neg)
        print(
            f"{name}: reachable answerable {len(pos)} right {right} false-ref {fref}"
            f" | unanswerable {len(neg)} answered {ans}"
        )
    print(f"better {better} worse {worse} answers changed {changed}")


def moved(before: Path, after: Path) -> None:
    """The ids of the rows that got better or worse (open sets only: ``--ids``)."""
    b = {r["id"]: r for r in json.loads(before.read_text(encoding="utf-8"))}
    a = {r["id"]: r for r in json.loads(after.read_text(encoding="utf-8"))}
    for i, r in a.items():
        old = b[i]
        good_b = _refused(old) if r["neg"] else _right(old)
        good_a = _refused(r) if r["neg"] else _right(r)
        if good_a != good_b:
            tag = "better" if good_a else "WORSE"
            print(f"{tag} {i} {old['strength']:.3f}->{r['strength']:.3f} {r['answer'][:70]!r}")


def merge(full: Path, replayed: Path, out: Path) -> None:
    """``full``'s rows with those of ``replayed`` in their place, written to ``out``: the
    whole set after the change (the other rows answer identically), for
    ``replay_compare.py`` and the per-set totals."""
    new = {r["id"]: r for r in json.loads(replayed.read_text(encoding="utf-8"))}
    rows = [new.get(r["id"], r) for r in json.loads(full.read_text(encoding="utf-8"))]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def main(reach: Callable[[str], bool] | None = None) -> None:
    """The command line; ``reach`` is the reachability test of the script that calls it
    (``list_touched.py``, ``near_touched.py`` …), this module's :func:`reachable` by
    default."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--ids", action="store_true", help="with --compare: the moved ids")
    ap.add_argument(
        "--merge",
        type=Path,
        nargs=3,
        metavar=("FULL", "REPLAYED", "OUT"),
        help="write FULL's rows with REPLAYED's in their place to OUT",
    )
    set_arguments(ap, workdir_required=False)
    ap.add_argument("--out", type=Path)
    ap.add_argument(
        "--ids-of",
        type=Path,
        help="replay the ids of this --out JSON (the before tree lacks the modules the"
        " reachability test imports: run the after tree first)",
    )
    args = ap.parse_args()
    if args.merge:
        merge(*args.merge)
        return
    if args.compare:
        compare(*args.compare)
        if args.ids:
            moved(*args.compare)
        return
    args.parity = None
    qs, corpus = load_questions(args)
    if args.ids_of:
        ids = {r["id"] for r in json.loads(args.ids_of.read_text(encoding="utf-8"))}
        touched = [q for q in qs if q["id"] in ids]
    else:
        test = reach or reachable
        touched = [q for q in qs if test(q["question"])]
    print(f"reachable {len(touched)} of {len(qs)}", flush=True)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, touched, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()
    rows = [answer_row(answerer, q, hits[q["question"]], args.k) for q in touched]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
