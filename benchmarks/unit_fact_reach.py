"""Which questions of a set the twenty-fifth round's unit rule can reach (issue #15, "The
unit that holds the fact"), read off the cached searches without answering anything.

The rule changes a unit's score only where a definition question ("X이란", "What is X?":
``Asked.defined`` or a definition type with a subject) meets a unit under a numbered
heading ("… > 1. X": answer/heading_label.py). Every other question is scored exactly
as before, so a replay of the reached questions alone (or none) is the before/after of a
set::

    PYTHONPATH=src .venv/bin/python benchmarks/unit_fact_reach.py --set korquad \\
        --limit 1000 --workdir .bench/korquad
    PYTHONPATH=src .venv/bin/python benchmarks/unit_fact_reach.py --set notesqa \\
        --questions benchmarks/data/realq2_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq2 --counts-only

Prints the reached ids (``--counts-only``: counts alone, the form for the sealed
sets realq2, realq4, realq5). Needs the set's cached searches (``hits-k5.pkl``, written by
answer_replay.py). ``--out R.json`` writes the reached ids as rows for
``benchmarks/replay_touched.py --ids-of R.json``, which replays those questions alone
(``--compare`` against a full replay of the set then gives its before/after)::

    PYTHONPATH=src .venv/bin/python benchmarks/unit_fact_reach.py --set notesqa \\
        --questions benchmarks/data/realq2_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq2 --counts-only \\
        --out .bench/reach/realq2.json
    PYTHONPATH=src .venv/bin/python benchmarks/replay_touched.py --set notesqa \\
        --questions benchmarks/data/realq2_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq2 \\
        --ids-of .bench/reach/realq2.json --out .bench/touched/realq2.json
    python3 benchmarks/replay_touched.py --compare /work/lead/base25/realq2.json \\
        .bench/touched/realq2.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answer_bench import make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions, set_arguments  # noqa: E402
from notelens.answer.heading_label import inner_label  # noqa: E402
from notelens.answer.question import read_question  # noqa: E402
from notelens.answer.units import build_units  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    set_arguments(ap)
    ap.add_argument("--counts-only", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="the reached ids, as rows")
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / f"hits-k{args.k}.pkl", args.k)
    numbered: list[str] = []
    for row in qs:
        h = hits[row["question"]]
        q = read_question(row["question"], h, engine.analyzer)
        units = [u for hit in h for u in build_units(hit.text, hit.heading)]
        asks_term = bool(q.defined) or (q.atype.kind == "definition" and bool(q.subject))
        if asks_term and any(
            inner_label(u.context) != u.context.rsplit(" > ", 1)[-1] for u in units
        ):
            numbered.append(row["id"])
    print(f"questions {len(qs)}")
    print(
        f"numbered heading: {len(numbered)}"
        + ("" if args.counts_only else f" {' '.join(numbered)}")
    )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps([{"id": i} for i in numbered]), encoding="utf-8")


if __name__ == "__main__":
    main()
