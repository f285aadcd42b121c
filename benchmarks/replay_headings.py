"""Replay only the questions the twenty-sixth round's heading and title rules can reach,
and compare them with a full replay of the set (issue #15).

The rules fire only on a question that asks where a thing is kept (``container.
asks_container``), a section by its place (``section_asks.asked_section``), a title
(``note_titles.asks_title``), a spelling (``misspelled.asks_spelling``), the lines
under a named one (``under_named.asked_under``) or an entry by what it says
(``entry_title.asks_entry``, ``heading_entries.asks_study``), or on a Korean question writing an
English word for a note's part ("section", "bullet", "item": ``layout_words.names_layout``,
``unwritten`` no longer reads them). Every other question takes the same path as before, so a full
replay answers it identically: answering only the reachable ones is what makes a
before / after of every set affordable on a shared 2-core machine. ``reachable`` is
this worktree's (a superset of where the rules fire):

    PYTHONPATH=src .venv/bin/python benchmarks/replay_headings.py --set notesqa \\
        --questions benchmarks/data/realq6_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq6 --out .bench/hd/realq6.json
    python3 benchmarks/replay_headings.py --compare BEFORE/realq6.json .bench/hd/realq6.json

(BEFORE: a full ``replay_sets.sh`` replay of main; ``--compare`` reads its rows of the
replayed ids and prints counts only, the form allowed for the sealed sets.) KorQuAD /
XQuAD: ``--set korquad --limit 1000 --workdir .bench/korquad``, as answer_replay.py.

The whole set after the change is the full replay with the replayed rows put in (the
others answer identically), for ``replay_compare.py`` and the per-set totals:

    python3 benchmarks/replay_touched.py --merge BEFORE/realq6.json .bench/hd/realq6.json \
        .bench/hd-full/realq6.json
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402

# The English words for a note's parts a Korean question may write (unwritten.py).
_PART_RE = re.compile(
    r"\b(?:sub-?)?(?:sections?|headings?|chapters?|category|folder|directory|bullets?|items?"
    r"|sub|subitems?)\b",
    re.I,
)


def reachable(question: str) -> bool:
    """Whether the round's rules may fire on ``question``."""
    from notelens.answer.container import asks_container
    from notelens.answer.entry_title import asks_entry
    from notelens.answer.heading_entries import asks_study
    from notelens.answer.misspelled import asks_spelling
    from notelens.answer.note_titles import asks_title
    from notelens.answer.qtype import answer_type
    from notelens.answer.section_asks import asked_section
    from notelens.answer.under_named import asked_under

    return bool(
        asks_container(question) is not None
        or asked_section(question) is not None
        or asks_title(question)
        or asks_spelling(question)
        or asked_under(question) is not None
        or asks_entry(question, answer_type(question))
        or asks_study(question)
        or _PART_RE.search(question)
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
