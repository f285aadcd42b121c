"""Replay only the questions the twenty-eighth round's unit work can reach (issue #15).

Its steps fire only on a question asking for the lines under a named line
(``answer/under_named.py`` ``asked_under``) or for where a thing sits
(``answer/container.py`` ``asks_container``): every other question is answered as before.
The command is ``benchmarks/replay_touched.py``'s with this reachability test::

    PYTHONPATH=src .venv/bin/python benchmarks/unit_touched.py --set notesqa \\
        --questions benchmarks/data/realq8_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq8 --out .bench/u/realq8.json
    PYTHONPATH=src .venv/bin/python benchmarks/replay_touched.py \\
        --merge /path/to/before/realq8.json .bench/u/realq8.json .bench/u-full/realq8.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from notelens.answer.container import asks_container
from notelens.answer.under_named import asked_under
from replay_touched import main


def reachable(question: str) -> bool:
    """Whether one of the round's steps can change ``question``'s answer."""
    return asked_under(question) is not None or asks_container(question) is not None


if __name__ == "__main__":
    main(reachable)
