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
    python3 benchmarks/list_touched.py --compare BEFORE/realq6.json .bench/lt/realq6.json --ids

``--compare`` prints the counts (``replay_touched.py``'s form, safe for sealed sets) and,
with ``--ids``, the ids of the rows that got better or worse (open sets only).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402

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


if __name__ == "__main__":
    replay_touched.main(reachable)
