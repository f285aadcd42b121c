"""Replay only the questions the twenty-eighth round's list work can reach, and compare
them with the same rows of a whole replay (issue #15).

The round's list changes (docs/benchmarks.md, "List questions (twenty-eighth round)")
touch a question that asks a list's item beside a named one
(``neighbour_items.asked_neighbour``: its answer is now judged as the named item where that
reads better, and read off a run of things in a prose line too) or asks a place in one of
the forms the round added ("가운데 거", "마지막 번호 항목", "3번이 뭐였지", "the second
item", "The first?": ``ordinal_items.asked_place``). Every other question takes the same
path as before, so its row of a whole replay stands. Run once on this tree, then compare
with the whole replay of the tree before (``list_touched.py``'s and
``replay_touched.py``'s ``--compare``/``--merge``):

    PYTHONPATH=src .venv/bin/python benchmarks/list28_touched.py --set notesqa \\
        --questions benchmarks/data/realq8_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq8 --out .bench/l28/realq8.json
    python3 benchmarks/list28_touched.py --compare BEFORE/realq8.json .bench/l28/realq8.json --ids

KorQuAD / XQuAD: ``--set korquad --limit 1000 --workdir .bench/korquad`` etc.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402

# The words of the place forms the round added (a superset: any question asking a place
# and writing one of them).
_ROUND_RE = re.compile(
    r"가운데|중간|건|주제|번호|하위|bullet|불릿|\d\s*번|middle|\bones?\b|items?\b|topics?\b"
    r"|entr(?:y|ies)\b|steps?\b|tasks?\b|links?\b|examples?\b|points?\b|\bthe\s+\w+\s*\?\s*$",
    re.I,
)


def reachable(question: str) -> bool:
    """Whether the round's list changes may touch ``question`` (a superset)."""
    from notelens.answer.neighbour_items import asked_neighbour
    from notelens.answer.ordinal_items import asked_place

    return asked_neighbour(question) is not None or (
        asked_place(question) is not None and _ROUND_RE.search(question) is not None
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
