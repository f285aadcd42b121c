"""Replay only the questions the twenty-seventh round's list work can reach, and compare
them with the same rows of a whole replay (issue #15).

The round's list changes touch a question that asks a place in a list
(``answer/ordinal_items.py`` ``asked_place``: the place read off it, its words kept out of
the refusal signal's names, qualifiers and members), or an item beside a named one, its
fellows or its number (``neighbour_items``, ``item_numbers``): those read the same lists,
which may now be named by their initials, lose a README folder's line of example names
or be a line of as many parts as the question counts; the twenty-ninth round's list
changes (``ordinal_items.list_rank``: the note the question names; ``passage_lists``: a
later chunk's plain list) are read by the same four rules. Every other question takes
the same path as before, so its row of a whole replay stands. Run once on this tree,
then compare with the whole replay of the tree before:

    PYTHONPATH=src .venv/bin/python benchmarks/place_touched.py --set notesqa \\
        --questions benchmarks/data/realq7_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq7 --out .bench/pt/realq7.json
    python3 benchmarks/place_touched.py --compare BEFORE/realq7.json .bench/pt/realq7.json --ids

``--compare`` prints the counts (``replay_touched.py``'s form, safe for sealed sets) and,
with ``--ids``, the ids of the rows that got better or worse (open sets only). KorQuAD /
XQuAD: ``--set korquad --limit 1000 --workdir .bench/korquad`` etc., as answer_replay.py.
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

    return (
        asked_place(question) is not None
        or asked_neighbour(question) is not None
        or asked_fellows(question) is not None
        or asked_number_of(question) is not None
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
