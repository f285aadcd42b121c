"""Replay only the questions the twenty-ninth round's list work can reach, and compare
them with the same rows of a whole replay (issue #15).

The round changes how a question's list is told apart (``ordinal_items.list_rank``: the
note the question names; ``passage_lists``: a later chunk's plain list, and no inline
names where bullets are counted), which only the rules that rank the passages' lists
read: an item by its place (``ordinal_items.asked_place``, with ``past_end``), by its
neighbour or fellows (``neighbour_items.asked_neighbour`` / ``asked_fellows``), or by its
written number (``item_numbers.asked_number_of``). Every other question takes the same
path as before, so its row of a whole replay stands. Run once on this tree, then compare
with the whole replay of the tree before:

    PYTHONPATH=src .venv/bin/python benchmarks/list31_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/l31/realq9.json
    python3 benchmarks/list31_touched.py --compare BEFORE/realq9.json .bench/l31/realq9.json --ids

``--compare`` prints the counts (``replay_touched.py``'s form, safe for sealed sets) and,
with ``--ids``, the ids of the rows that got better or worse (open sets only).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402


def reachable(question: str) -> bool:
    """Whether the round's list changes may touch ``question`` (a superset)."""
    from notelens.answer.item_numbers import asked_number_of
    from notelens.answer.neighbour_items import asked_fellows, asked_neighbour
    from notelens.answer.ordinal_items import asked_place

    return bool(
        asked_place(question) is not None
        or asked_neighbour(question) is not None
        or asked_fellows(question) is not None
        or asked_number_of(question) is not None
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
