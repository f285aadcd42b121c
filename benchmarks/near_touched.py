"""Replay only the questions the twenty-sixth round's near-miss rules can reach (issue #15),
as ``replay_touched.py`` does, with this round's reachability test.

The rules read: a question of what the note says ("정리", "요약", "결론", "summarise",
"conclusion": ``asked_nowhere._CONTENT_RE``) over a list that only names the asked entry
(``asked_nowhere.listed_bare``), a note's writer asked (``note_attributes.WRITER_ASKED``,
now with the note's name between and as "만든 사람"), and a Korean count of a measure with
a word of its own ("레이어가 몇 개야?": ``counted_ko.korean_counted``). Every other question
takes the same path as before. Run on the after tree, then compare with a whole replay of
the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/near_touched.py --set notesqa \\
        --questions benchmarks/data/realq6_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq6 --out .bench/t/realq6.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq6.json .bench/t/realq6.json

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
    from notelens.answer.asked_nowhere import _CONTENT_RE
    from notelens.answer.counted_ko import korean_counted
    from notelens.answer.note_attributes import WRITER_ASKED

    return bool(
        _CONTENT_RE.search(question)
        or WRITER_ASKED.search(question)
        or korean_counted(question) is not None
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
