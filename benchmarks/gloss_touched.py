"""Replay only the questions the twenty-ninth round's gloss rule can reach (issue #15), as
``replay_touched.py`` does, with this round's reachability test.

The rule (``answer/glossed.py``) reads only a question that names the language of a
term's wording ("한국어로 뭐라고", "영어로 풀어서", "Korean gloss", "in English":
``glossed.asked_gloss_language``). Every other question takes the same path as before.
Run on the after tree, then compare with a whole replay of the set by the before tree
(its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/gloss_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/g/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/g/realq9.json

(``--compare`` prints counts only, the form allowed for the sealed sets; ``--ids`` adds
the moved ids, for the open sets.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def reachable(question: str) -> bool:
    """Whether the gloss rule may change ``question``'s answer (a superset of where it
    does)."""
    from notelens.answer.glossed import asked_gloss_language

    return asked_gloss_language(question) is not None


if __name__ == "__main__":
    replay_touched.main(reachable)
