"""Replay only the questions the twenty-eighth round's fixes of refused right answers can
reach (issue #15), as ``fref_touched.py`` does for the twenty-sixth round's.

The fixes read: a capitalised word that opens a question's second sentence ("… instead of
a speaker name. Which one?": ``grounding.latin_names``), a question asking the title, name
or year of an entry the notes mark as unfinished (``asked_nowhere.unfinished``), and the
English words of a question with Hangul (``unwritten.unwritten``: an English question
quoting the Korean notes' names, a term the notes write by its sound), and a series' member
capitalised ("Week 9 of …": ``refusal.qualifiers``). Every other question
takes the same path as before. Run on the after tree, then compare with a whole replay of
the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/refused_right_touched.py --set notesqa \\
        --questions benchmarks/data/realq8_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq8 --out .bench/t/realq8.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq8.json .bench/t/realq8.json

(``--compare`` prints counts only, the form allowed for the sealed sets; ``--ids`` adds
the moved ids of an open set.) KorQuAD and XQuAD: ``--set korquad --limit 1000`` etc.; the
unfinished-entry marks the title fix reads occur in no XQuAD passage and in one KorQuAD
passage ("준비중"), so there it reaches the questions by their other tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched

# A capital right after a sentence's end (grounding._after_sentence reads which are one).
_SECOND_SENTENCE_RE = re.compile(r"[.!?。？！][\"'’”)]*\s+[A-Z]")
# A capitalised series counter and its number (unqualified.SERIES_COUNTERS).
_MEMBER_RE = re.compile(r"\b(?:Season|Week|Session|Chapter|Step|Phase|Day) \d")


def reachable(question: str, titles: bool = True) -> bool:
    """Whether the round's fixes may change ``question``'s answer or strength (a superset
    of where they do); ``titles``: with the questions asking an entry's title, name or
    year (``asked_nowhere.unfinished``)."""
    from notelens.answer.asked_nowhere import _TITLE_ASKED_RE
    from notelens.answer.unwritten import korean_terms

    return bool(
        _SECOND_SENTENCE_RE.search(question)
        or _MEMBER_RE.search(question)
        or (titles and _TITLE_ASKED_RE.search(question))
        or korean_terms(question)
    )


def _prose_set() -> bool:
    """Whether the command line replays KorQuAD or XQuAD."""
    args = sys.argv[1:]
    return "--set" in args and args[args.index("--set") + 1] in ("korquad", "xquad")


if __name__ == "__main__":
    # The title fix reads only quoted units that all carry an unfinished entry's mark
    # (asked_nowhere._UNFINISHED_RE: "작성중", "WIP", "TBD", …): no XQuAD passage writes
    # one and one KorQuAD passage does ("준비중이라는 사실을 보도", which no title question
    # quotes alone), so over those sets it reaches no question.
    replay_touched.main(lambda q: reachable(q, titles=not _prose_set()))
