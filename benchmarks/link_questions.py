"""Which cached questions ask for a link (answer/link_answers.py), and whether their
evidence holds any link at all: a cheap check that the link stage can touch only those
rows (the replay itself, ``replay_sets.sh``, gives the verdicts).

Reads the hits ``answer_replay.py`` pickled per question (``WORKDIR/hits-k5.pkl``); never
searches. Prints, per cache, the questions read as a link question, how many of them
have a hit with links, and how many rows the stage could change at all (a link question
whose hits hold a link); question texts only with ``--show`` (tuning sets only: never on
a held-out set).

    PYTHONPATH=src .venv/bin/python benchmarks/link_questions.py .bench/korquad \\
        .bench/korquad2k .bench/xquad
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

from notelens.answer.link_answers import asked_link


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("workdirs", type=Path, nargs="+")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print the link questions")
    args = ap.parse_args()
    for work in args.workdirs:
        hits: dict[str, Any] = pickle.loads((work / f"hits-k{args.k}.pkl").read_bytes())
        asks: Counter[str] = Counter()
        reachable = 0
        with_links = sum(any(h.links for h in hs) for hs in hits.values())
        for question, hs in hits.items():
            ask = asked_link(question)
            if ask is None:
                continue
            asks[ask] += 1
            if any(h.links for h in hs):
                reachable += 1
            if args.show:
                print(f"  {ask:8} links={sum(len(h.links) for h in hs):3} {question}")
        print(
            f"{work}: {len(hits)} questions, {with_links} with a linked hit;"
            f" link questions {sum(asks.values())} {dict(asks)}, of them with a linked hit"
            f" {reachable}"
        )


if __name__ == "__main__":
    main()
