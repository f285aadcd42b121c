"""Replay only the questions the twenty-seventh round's false-refusal fix can reach (issue
#15), as ``refusal_touched.py`` does for the twenty-fifth round's rules.

The fix reads the English words of a question with Hangul (``unwritten.korean_terms``):
a word citing where the notes say a fact (``unwritten.CITING_WORDS``: "per", "listed",
…; "stand" of "stand for"), and a word whose Korean translation (analysis/lexicon.py)
the passages write where the analyzer drops it ("week" as "11 주차"). Every other
question takes the same path as before. Run on the after tree, then compare with a
whole replay of the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/citing_touched.py --set notesqa \\
        --questions benchmarks/data/realq7_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq7 --out .bench/t/realq7.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq7.json .bench/t/realq7.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched
from notelens.analysis.base import Analyzer


@cache
def _analyzer() -> Analyzer:
    from notelens.analysis.registry import create_analyzer

    return create_analyzer()


def reachable(question: str) -> bool:
    """Whether the round's fix may change ``question``'s answer or strength (a superset
    of where it does): an English word of it cites, or has a Korean translation."""
    from notelens.analysis.lang import has_hangul
    from notelens.answer.extractive import translations
    from notelens.answer.unwritten import CITING_WORDS, korean_terms

    words = korean_terms(question)
    if any(w in CITING_WORDS or w.startswith("stand") for w in words):
        return True
    analyzer = _analyzer()
    terms = [t for w in words for t in analyzer.terms(w)]
    alts = translations(terms, analyzer)
    return any(has_hangul(a) for t in terms for a in alts[t])


if __name__ == "__main__":
    replay_touched.main(reachable)
