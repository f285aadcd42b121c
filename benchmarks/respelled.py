"""Which questions of a replay cache a misspelling respells (analysis/typos.py).

For each retrieval cache given (an ``answer_replay.py --workdir``: its ``hits-k5.pkl``),
respells every cached question over its five hits' headings and texts as the answer stage
does, and prints the questions that change and their count::

    PYTHONPATH=src .venv/bin/python benchmarks/respelled.py .bench/korquad .bench/xquad

(The searcher respells over its top 20, so a fresh search may respell a few more.)
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path

from notelens.analysis.registry import create_analyzer
from notelens.analysis.typos import note_spelling


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("workdirs", type=Path, nargs="+")
    args = ap.parse_args()
    analyzer = create_analyzer()
    for workdir in args.workdirs:
        hits = pickle.loads((workdir / "hits-k5.pkl").read_bytes())
        changed = 0
        for question, found in hits.items():
            shown = [f"{h.heading}\n{h.text}" for h in found]
            respelled = note_spelling(question, shown, analyzer.terms)
            if respelled != question:
                changed += 1
                print(f"  {workdir.name} | {question} -> {respelled}")
        print(f"{workdir.name}: {changed} of {len(hits)} questions respelled")


if __name__ == "__main__":
    main()
