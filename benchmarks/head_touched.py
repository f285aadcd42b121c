"""Replay only the questions the twenty-seventh round's heading and unit rules can reach
(issue #15): a container question (answer/container.py ``asks_container``: its span now
leads over an echo or a list), an entry asked as a model / benchmark / dataset
(answer/entry_title.py ``asks_thing``), or an example asked for a named thing
(answer/examples.py ``asked_example``). Every other question takes the same path as
before, so ``--merge`` with a full replay of the set gives the whole set after the change.
Run with this tree's ``src`` first on the path; the before side is a full replay of main:

    PYTHONPATH=src .venv/bin/python benchmarks/head_touched.py --set notesqa \\
        --questions benchmarks/data/realq7_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq7 --out .bench/t/realq7.json
    python3 benchmarks/replay_touched.py --merge BEFORE/realq7.json .bench/t/realq7.json \\
        .bench/after/realq7.json
    PYTHONPATH=src .venv/bin/python benchmarks/replay_compare.py BEFORE/realq7.json \\
        .bench/after/realq7.json --threshold 0.36

(The reachability is a superset: a container question main also read as one is replayed.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def reachable(question: str) -> bool:
    """Whether the round's rules may change ``question``'s answer (a superset)."""
    from notelens.answer.container import asks_container
    from notelens.answer.entry_title import asks_thing
    from notelens.answer.examples import asked_example

    return bool(
        asks_container(question) is not None or asks_thing(question) or asked_example(question)
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
