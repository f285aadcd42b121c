"""Replay only the questions that name a note by its title (retrieve/named_notes.py,
twenty-seventh round), and compare them with the same rows of a whole replay (issue #15).

The search puts a named note's passages first only when the question names the title of
a note of the fused head (``named_notes.named_note``); every other question is searched and
answered as before, so its row of a whole replay stands. The reachability test here is a
superset: the question against every title of the set's index, without the test that
drops a part of a title other notes write. The searches are made anew (``--workdir`` must
hold no ``hits-k5.pkl`` of the tree before: copy the set's ``index`` into a fresh folder).
Run once on this tree, then compare with the whole replay of the tree before:

    mkdir -p .bench/nt-realq && cp -r .bench/fresh-realq/index .bench/nt-realq/
    PYTHONPATH=src .venv/bin/python benchmarks/note_touched.py --set notesqa \\
        --questions benchmarks/data/realq_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/nt-realq --out .bench/nt/realq.json
    python3 benchmarks/note_touched.py --compare BEFORE/realq.json .bench/nt/realq.json --ids

``--compare`` prints the counts (``replay_touched.py``'s form, safe for sealed sets) and,
with ``--ids``, the ids of the rows that got better or worse (open sets only);
``--merge FULL REPLAYED OUT`` writes the whole set after the change.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402


@cache
def _titles() -> tuple[str, ...]:
    """The titles of the index ``--workdir`` names (read once)."""
    from answer_bench import make_engine

    work = Path(sys.argv[sys.argv.index("--workdir") + 1])
    store = make_engine(work, [], "auto")._get_searcher().store
    return tuple(sorted({r.title for r in store.records() if r.title}))


def reachable(question: str) -> bool:
    """Whether ``question`` may name a note of the index (a superset of where it does)."""
    from notelens.analysis.lexicon import word_translations
    from notelens.retrieve.named_notes import match_length

    return any(match_length(question, t, word_translations) for t in _titles())


if __name__ == "__main__":
    replay_touched.main(reachable)
