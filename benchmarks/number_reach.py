"""The questions of a set that the number work of r26/r27-number can reach, as ids for
``replay_touched.py --ids-of`` (issue #15, twenty-fifth round).

A superset of where that work acts: a question typed ``number`` or ``size`` (the counts,
sizes and factors of ``answer/numbers.py``, ``refusal.measure_stated``, the numeral
count of ``strength._type``), one asking a series' end (``series_end.series_counter``),
one naming a model size (the rounded size of ``refusal.qualifier_stated``) or a context
length. Every other question takes main's path. Run with the branch's ``src``:

    PYTHONPATH=src .venv/bin/python benchmarks/number_reach.py \\
        benchmarks/data/blind6_qa.jsonl --out /tmp/reach/blind6.json
    PYTHONPATH=src .venv/bin/python benchmarks/replay_touched.py --set notesqa \\
        --questions benchmarks/data/blind6_qa.jsonl --folders benchmarks/data/blind6-notes \\
        --workdir .bench/fresh-blind6 --ids-of /tmp/reach/blind6.json --out .bench/t/blind6.json

The X_unanswerable.jsonl beside the questions is read too.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from notelens.answer.members import members
from notelens.answer.qtype import answer_type
from notelens.answer.series_end import series_counter

_CONTEXT_RE = re.compile(r"context|컨텍스트|문맥|길이", re.I)


def reached(question: str) -> bool:
    """Whether the number work may act on ``question``."""
    return bool(
        answer_type(question).kind in ("number", "size")
        or series_counter(question) is not None
        or any(c in ("B", "M", "K", "T") for _, c in members(question))
        or _CONTEXT_RE.search(question)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    paths = [
        args.questions,
        args.questions.with_name(args.questions.name.replace("_qa", "_unanswerable")),
    ]
    ids = []
    for path in paths:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    o = json.loads(line)
                    if reached(o["question"]):
                        ids.append(o["id"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([{"id": i} for i in ids]), encoding="utf-8")
    print(f"{len(ids)} questions reached")


if __name__ == "__main__":
    main()
