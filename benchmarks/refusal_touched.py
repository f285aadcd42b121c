"""Replay only the questions the twenty-fifth round's refusal rules can reach (issue #15),
as ``replay_touched.py`` does for the sibling work, with this round's reachability test.

The rules read: a year asked with "몇" ("몇년도", "몇년꺼": ``refusal.asked_measure``), a
question of how far a note is written (``asked_nowhere._STATE_ASKED_RE``), the training
dataset asked by name (``note_attributes.DATASET_ASKED``), an English "how many" of a
measure with a Korean word of its own (``counted.own_word``), a mixed-case acronym
("MoE": ``evidence.acronyms``, beyond the all-capital ones read before), and a "who"
question over a labelled line (``strength.labelled_name``: any question typed "person").
Every other question takes the same path as before. Run on the after tree, then compare
with a whole replay of the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_touched.py --set notesqa \\
        --questions benchmarks/data/realq_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq --out .bench/t/realq.json
    python3 benchmarks/replay_touched.py --compare /work/lead/base25/realq.json .bench/t/realq.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched

# The acronyms read before this round: all capitals.
_CAPITALS_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3,6}(?![A-Za-z0-9])")


def reachable(question: str) -> bool:
    """Whether the round's refusal rules may change ``question``'s answer or strength (a
    superset of where they do)."""
    from notelens.answer.asked_nowhere import _STATE_ASKED_RE
    from notelens.answer.counted import counted_noun, own_word
    from notelens.answer.evidence import acronyms
    from notelens.answer.note_attributes import DATASET_ASKED
    from notelens.answer.qtype import answer_type

    noun = counted_noun(question)
    old = {m.group().lower() for m in _CAPITALS_RE.finditer(question)}
    return bool(
        re.search(r"몇\s*년\s*(?:도|꺼|거)", question)
        or _STATE_ASKED_RE.search(question)
        or DATASET_ASKED.search(question)
        or (noun is not None and own_word(noun))
        or acronyms(question) != old
        or answer_type(question).kind == "person"
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
