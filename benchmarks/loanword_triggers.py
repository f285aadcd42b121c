"""How often a search respells a Hangul name in the candidates' Latin spelling
(analysis/loanwords.py), and with what: the questions of an answer_replay.py set over its
cached index (the workdir's index; nothing is rebuilt when it exists).

    PYTHONPATH=src .venv/bin/python benchmarks/loanword_triggers.py --set korquad --limit 2000 \\
        --workdir .bench/korquad2k
    PYTHONPATH=src .venv/bin/python benchmarks/loanword_triggers.py --set notesqa \\
        --workdir .bench/fresh-notesqa

A respelling happens inside ``Searcher.search`` (its first candidates, before the
reranker); this repeats that step on the final candidates of each question's search
(the respelled search still holds the name, an unchanged one holds none) and prints every
question it changes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import make_engine  # noqa: E402
from answer_replay import load_questions, set_arguments  # noqa: E402
from notelens.analysis.loanwords import latin_spelling  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    set_arguments(ap, set_required=True)
    ap.add_argument("--candidates", type=int, default=20, help="the searcher's candidate depth")
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    terms = engine.analyzer.terms
    changed = 0
    costs: list[float] = []
    for q in qs:
        hits = engine.search(q["question"], k=args.candidates)
        texts = [h.text for h in hits]
        t0 = time.process_time()
        respelled = latin_spelling(q["question"], texts, terms)
        costs.append(1000 * (time.process_time() - t0))
        if respelled != q["question"]:
            changed += 1
            print(f"{q['id']}: {q['question']} -> {respelled}")
    print(f"{changed} of {len(qs)} questions respelled")
    costs.sort()
    print(
        f"respelling step, CPU ms per search: p50 {statistics.median(costs):.2f}"
        f" p95 {costs[int(0.95 * (len(costs) - 1))]:.2f} max {costs[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
