"""Which questions of a saved replay the nineteenth and twentieth rounds' refusal rules
can touch.

The rules read the question first (a series member "14주차", a setting with its value
"rank 32", a metric asked by name, a duration or a contact asked, a link asked for:
``answer/indexed.py``, ``answer/labelled.py``, ``answer/asked.py``,
``answer/note_attributes.py``, ``answer/asked_nowhere.py``); a question none of them
reads keeps its strength unless its best unit is a table row with no person, date or
week token (``strength.py``), or a date answered by a relative time. Prints, per rule,
how many questions of each ``answer_replay.py --out`` file it reads and (``--ids``)
their ids (never the questions: realq2 is held out whole). The twentieth round's rules
(docs/benchmarks.md "Refusals that transfer, twentieth round") read a release stage or a
code among the question's members, a hyphenated name (``answer/variants.py``), any
member at all (a member written as a relation's reference, ``answer/members.py``), the
amount of training data asked, a result asked (``answer/unsettled.py``) and a question
of a note's content (an entry marked unwritten, ``answer/asked_nowhere.py``):

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_triggers.py OUT/korquad.json \\
        OUT/xquad.json --ids
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from notelens.answer.asked import asks_metric
from notelens.answer.asked_nowhere import _LINK_ASKED_RE, CONTENT_ASKED
from notelens.answer.indexed import asked_indices
from notelens.answer.labelled import asked_settings
from notelens.answer.link_answers import asked_link
from notelens.answer.members import members
from notelens.answer.refusal import asked_attribute
from notelens.answer.unsettled import asks_result
from notelens.answer.variants import _NAME_RE

RULES: dict[str, Callable[[str], bool]] = {
    "index (answer/indexed.py)": lambda q: bool(asked_indices(q)),
    "setting (answer/labelled.py)": lambda q: bool(asked_settings(q)),
    "metric (asked.asks_metric)": asks_metric,
    "duration": lambda q: asked_attribute(q) == "duration",
    "contact": lambda q: asked_attribute(q) == "contact",
    "link (asked_nowhere.link_nowhere)": lambda q: (
        asked_link(q) == "url" and _LINK_ASKED_RE.search(q) is not None
    ),
    # (the twentieth round's)
    "stage (members.py)": lambda q: any(c == "stage" for _, c in members(q)),
    "code (members.py)": lambda q: any(c.startswith("code-") for _, c in members(q)),
    "any member (relation, members.py)": lambda q: bool(members(q)),
    "hyphenated name (variants.py)": lambda q: _NAME_RE.search(q) is not None,
    "training data": lambda q: asked_attribute(q) == "data",
    "result (unsettled.asks_result)": asks_result,
    "content (unfinished entry)": lambda q: CONTENT_ASKED.search(q) is not None,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("runs", type=Path, nargs="+")
    ap.add_argument("--ids", action="store_true", help="print the ids read by each rule")
    args = ap.parse_args()
    for path in args.runs:
        rows = json.loads(path.read_text(encoding="utf-8"))
        print(f"{path.name}: {len(rows)} questions")
        for name, reads in RULES.items():
            ids = [str(r["id"]) for r in rows if reads(r["question"])]
            line = f"  {name:36s} {len(ids):4d}"
            print(line + (f"  {' '.join(ids)}" if args.ids and ids else ""))


if __name__ == "__main__":
    main()
