"""Replay only the questions the thirtieth round's focus reading can reach (issue #15), as
``replay_touched.py`` does, with this round's reachability test.

The round widened the *limitation* relation ("뭐가 문제였어?", "문제가 뭐래?", "What
problem does X cause?") and added the *prior* one ("ControlNet 이전엔 어떻게 했어야
했어?", "What did earlier alignment methods require?"), both read by
``focus.asked_focus``. A question asking neither takes the same path as before. Run on
the after tree, then compare with a whole replay of the set by the before tree::

    PYTHONPATH=src .venv/bin/python benchmarks/focus_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/f/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/f/realq9.json

(``--compare`` prints counts only, the form allowed for the sealed sets; ``--ids`` adds
the moved ids, for the open sets.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched


def reachable(question: str) -> bool:
    """Whether the widened limitation or the prior relation may change ``question``'s
    answer (a superset of where it does: every limitation question is replayed)."""
    from notelens.answer.focus import asked_focus

    return asked_focus(question) in ("limitation", "prior")


if __name__ == "__main__":
    replay_touched.main(reachable)
