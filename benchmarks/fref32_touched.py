"""Replay only the questions the thirtieth round's false-refusal fixes can reach (issue
#15): a question joining two names with a conjunction (``answer/paired.py``
``joined_names``), a question asking a count in a measure (``refusal.asked_measure``: a
series counter stated before its number, "비트" / "bit"), or the end of a series
(``series_end.series_counter``). Every other question takes the same path as before. Run
on the after tree, then compare with a whole replay of the set by the before tree (its
rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/fref32_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/t32/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/t32/realq9.json

(``--compare`` prints counts only, the form allowed for the sealed sets; ``--ids`` adds
the moved ids, open sets only.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def reachable(question: str) -> bool:
    """Whether the rule may fire on ``question`` (a superset of where it does)."""
    from notelens.answer.paired import joined_names
    from notelens.answer.refusal import asked_measure
    from notelens.answer.series_end import series_counter

    return (
        bool(joined_names(question))
        or asked_measure(question) is not None
        or series_counter(question) is not None
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
