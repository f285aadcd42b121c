"""Replay only the questions the thirtieth round's near-miss changes can reach (issue #15),
as ``replay_touched.py`` does: a Korean count of a thing named by "몇 개"
(``answer/counted_absent.py``), a question naming the repo or its README (a date asked of
it over README sentences: ``asked_nowhere.REPO_ASKED``), and a content question (an entry
that no quoted unit names: ``answer/content_subject.py``). Every other question takes the
same path as before (no retrieval change: the cached hits stand). Run on the after tree,
then compare with a whole replay of the set by the before tree::

    PYTHONPATH=src .venv/bin/python benchmarks/near32_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/t/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/t/realq9.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def main() -> None:
    from notelens.answer.asked_nowhere import CONTENT_ASKED, REPO_ASKED
    from notelens.answer.counted_absent import counted_thing

    replay_touched.main(
        lambda question: (
            counted_thing(question) is not None
            or REPO_ASKED.search(question) is not None
            or CONTENT_ASKED.search(question) is not None
        )
    )


if __name__ == "__main__":
    main()
