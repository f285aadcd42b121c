"""Replay only the questions the twenty-seventh round's near-miss rules can reach (issue
#15), as ``replay_touched.py`` does, with this round's reachability test.

The rules read: a value asked as a number ("What score …?", "몇 등", "몇 %":
``numberless.asks_value``) and a list's item asked by its place (``ordinal_items.
asked_place``: "다섯 번째", "the fifth paper under …"). Every other question takes the
same path as before. Run on the after tree, then compare with a whole replay of the set
by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/near29_touched.py --set notesqa \\
        --questions benchmarks/data/realq7_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq7 --out .bench/t/realq7.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq7.json .bench/t/realq7.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def reachable(question: str) -> bool:
    """Whether the round's near-miss rules may change ``question``'s answer or strength (a
    superset of where they do)."""
    from notelens.answer.numberless import asks_value
    from notelens.answer.ordinal_items import asked_place

    return asks_value(question) or asked_place(question) is not None


if __name__ == "__main__":
    replay_touched.main(reachable)
