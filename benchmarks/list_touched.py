"""Replay only the questions the twenty-sixth round's list work can reach, and compare
them with the same rows of a whole replay (issue #15).

The round's list changes touch questions that write a word of the notes' layout
(``answer/layout_words.py``: "item", "bullet", "section", …) or ask for a list's item by
its place, its neighbour or its fellows (``ordinal_items.asked_place``,
``neighbour_items.asked_neighbour`` / ``asked_fellows``) or its written number
(``item_numbers.asked_number_of``, which reads the same lists). Every other question takes the
same path as before, so its row of a whole replay stands. Run once on this tree, then
compare with the whole replay of the tree before:

    PYTHONPATH=src .venv/bin/python benchmarks/list_touched.py --set notesqa \\
        --questions benchmarks/data/realq6_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq6 --out .bench/lt/realq6.json
    python3 benchmarks/list_touched.py --compare BEFORE/realq6.json .bench/lt/realq6.json

``--compare`` prints the counts (``replay_touched.py``'s form, safe for sealed sets) and,
with ``--ids``, the ids of the rows that got better or worse (open sets only).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answer_bench import make_engine  # noqa: E402
from answer_replay import answer_row, cached_hits, load_questions, set_arguments  # noqa: E402
from replay_touched import THRESHOLD, compare  # noqa: E402

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def reachable(question: str) -> bool:
    """Whether the round's list changes may touch ``question`` (a superset)."""
    from notelens.answer.item_numbers import asked_number_of
    from notelens.answer.layout_words import names_layout
    from notelens.answer.neighbour_items import asked_fellows, asked_neighbour
    from notelens.answer.ordinal_items import asked_place

    return bool(
        any(names_layout(w) for w in _WORD_RE.findall(question))
        or asked_place(question) is not None
        or asked_neighbour(question) is not None
        or asked_fellows(question) is not None
        or asked_number_of(question) is not None
    )


def _right(r: dict[str, Any]) -> bool:
    return bool(r["ok"]) and r["strength"] >= THRESHOLD


def _refused(r: dict[str, Any]) -> bool:
    return bool(r["refused"]) or r["strength"] < THRESHOLD


def moved(before: Path, after: Path) -> None:
    """The ids of the rows that got better or worse."""
    b = {r["id"]: r for r in json.loads(before.read_text(encoding="utf-8"))}
    a = {r["id"]: r for r in json.loads(after.read_text(encoding="utf-8"))}
    for i, r in a.items():
        old = b[i]
        good_b = _refused(old) if r["neg"] else _right(old)
        good_a = _refused(r) if r["neg"] else _right(r)
        if good_a != good_b:
            tag = "better" if good_a else "WORSE"
            print(f"{tag} {i} {old['strength']:.3f}->{r['strength']:.3f} {r['answer'][:70]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--ids", action="store_true", help="with --compare: the moved ids")
    set_arguments(ap, workdir_required=False)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        if args.ids:
            moved(*args.compare)
        return
    args.parity = None
    qs, corpus = load_questions(args)
    touched = [q for q in qs if reachable(q["question"])]
    print(f"reachable {len(touched)} of {len(qs)}", flush=True)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, touched, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()
    rows = [answer_row(answerer, q, hits[q["question"]], args.k) for q in touched]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
