"""Replay only the questions the twenty-ninth round's false-refusal fixes can reach (issue
#15), as ``fref_touched.py`` does for the twenty-sixth round's.

The fixes read a name glued to a series number ("SSL4", "season4":
``evidence.series_present``), a series counter glued to its number ("season4":
``refusal.qualifier_stated``), a number asked ("how much", "얼마 만에": a share or a span
written as a word, ``qtype.KO_FRACTION_RE``; a count beside the noun's Korean word,
``counted.count_stated``) and a note called its repository's README
(``evidence.front_page``). Every other question takes the same path as before. Run on
the after tree, then
compare with a whole replay of the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/fref31_touched.py --set notesqa \\
        --questions benchmarks/data/realq9_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq9 --out .bench/t31/realq9.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq9.json .bench/t31/realq9.json

(``--compare`` prints counts only, the form allowed for the sealed sets; ``--ids`` adds
the moved ids, open sets only.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched

# A Latin word of the shapes the fixes read: a short plural or letters glued to a number.
_SHAPES_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{3,4}s|[A-Za-z]{2,}\d{1,2})(?![A-Za-z0-9])")

_COUNTER_RE = re.compile(r"(?:season|week|session|chapter|step|phase|day)\d", re.I)


def reachable(question: str) -> bool:
    """Whether a fix may fire on ``question`` (a superset of where it does)."""
    from notelens.answer.grounding import latin_names
    from notelens.answer.qtype import answer_type

    # (A number asked: a share or a span written as a word, strength._type.)
    if answer_type(question).kind == "number":
        return True
    # (A note called by its README: evidence.front_page.)
    if re.search("readme", question, re.I):
        return True
    # (The glued name is read of the question's Latin names, and of every
    # English word of a Korean question, answer/unwritten.py; a glued counter, "season4",
    # of any word.)
    names = question if re.search("[가-힣]", question) else " ".join(latin_names(question))
    return _SHAPES_RE.search(names) is not None or _COUNTER_RE.search(question) is not None


if __name__ == "__main__":
    replay_touched.main(reachable)
