"""Replay only the questions the twenty-ninth round's near-miss changes can reach (issue #15),
as ``replay_touched.py`` does, with this round's reachability test.

The changes read: a question asking a value of a typed kind (number, date, size, person,
organisation, week) that names something in Latin letters (``answer/other_subject.py``), a
setting's measure asked by its name ("threshold",
"해상도 몇": ``asked.asks_metric``), and a numbered series member asked (the typed floor
over a week past the schedule's end: ``indexed.asked_indices``). Every other question takes
the same path as before. No retrieval change: the cached hits stand. Run on the after tree,
then compare with a whole replay of the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/near31_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/t/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/t/realq9.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def main() -> None:
    from notelens.answer.asked import asks_metric
    from notelens.answer.grounding import latin_names
    from notelens.answer.indexed import asked_indices
    from notelens.answer.prose import PENALISED_KINDS
    from notelens.answer.qtype import answer_type

    def reach(question: str) -> bool:
        kind = answer_type(question).kind
        return bool(
            (kind in PENALISED_KINDS and latin_names(question))
            or asks_metric(question)
            or asked_indices(question)
        )

    replay_touched.main(reach)


if __name__ == "__main__":
    main()
