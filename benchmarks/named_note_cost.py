"""What the named-note step costs a hybrid search, with and without its cheap text gate
(retrieve/named_notes.py ``may_name``, issue #22).

    PYTHONPATH=src .venv/bin/python benchmarks/named_note_cost.py \
        --index .bench/fresh-realq8/index --questions benchmarks/data/realq8_qa.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/named_note_cost.py \
        --index .bench/korquad/index -n 300 \
        --squad ../shared/eval/korquad/KorQuAD_v1.0_dev.part1.json

Each question is searched once with the gate and once with the gate forced open (the
step as before: the fused top ``named_note_depth`` records fetched for every question);
the two hit lists must be the same (the gate only skips questions the step cannot
touch). The timed runs follow, the two variants alternating per question and the query
vector already cached, so the difference is the step's own (store fetch and title
matching), not the embedding's. Last, the step alone (the fused head's records fetched
and the titles matched) and the text check alone are timed on each question's top 50.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import percentile
from notelens.analysis.lexicon import word_translations
from notelens.engine import Engine
from notelens.retrieve import named_notes


def load(args: argparse.Namespace) -> list[str]:
    if args.squad:
        data = json.loads(Path(args.squad).read_text(encoding="utf-8"))["data"]
        qs = [qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]]
    else:
        with open(args.questions, encoding="utf-8") as fh:
            qs = [json.loads(line)["question"] for line in fh if line.strip()]
    return qs[: args.n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", help="a *_qa.jsonl with a 'question' per line")
    ap.add_argument("--squad", help="take questions from a SQuAD JSON instead")
    ap.add_argument("-n", type=int, default=400)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    queries = load(args)
    engine = Engine(args.index)
    gate = named_notes.may_name

    def run(q: str, gated: bool) -> tuple[float, list[str]]:
        named_notes.may_name = gate if gated else (lambda *_a, **_k: True)  # type: ignore[assignment]
        t0 = time.perf_counter()
        hits = engine.search(q, k=args.k, mode="hybrid")
        return (time.perf_counter() - t0) * 1e3, [h.chunk_id for h in hits]

    engine.search("warm up", k=args.k)
    passed = sum(gate(q, word_translations) for q in queries)
    differ = [q for q in queries if run(q, True)[1] != run(q, False)[1]]
    lat: dict[bool, list[float]] = {True: [], False: []}
    for r in range(args.repeat):
        for i, q in enumerate(queries):
            for gated in (True, False) if (i + r) % 2 else (False, True):
                lat[gated].append(run(q, gated)[0])
    named_notes.may_name = gate
    # The step alone, on each question's fused head (its top 50 hits): the records fetched
    # and the titles matched, against the text check that now comes first.
    searcher = engine._get_searcher()
    step: list[float] = []
    check: list[float] = []
    for q in queries:
        ranked = [(h.chunk_id, h.score) for h in engine.search(q, k=50, mode="hybrid")]
        t0 = time.perf_counter()
        searcher._named_note_first(ranked, q, 50)
        t1 = time.perf_counter()
        gate(q, word_translations)
        t2 = time.perf_counter()
        step.append((t1 - t0) * 1e3)
        check.append((t2 - t1) * 1e3)
    print(f"index: {args.index}, {len(queries)} questions, {passed} pass the gate")
    print(f"hits differ on {len(differ)}: {differ[:5]}")
    print("| named-note step | p50 ms | p95 ms |\n|---|---|---|")
    for gated, name in ((False, "every question (before)"), (True, "gated (after)")):
        p50, p95 = percentile(lat[gated], 50), percentile(lat[gated], 95)
        print(f"| {name} | {p50:.2f} | {p95:.2f} |")
    for name, xs in (("the step alone (fetch + titles)", step), ("the text check alone", check)):
        print(f"| {name} | {percentile(xs, 50):.2f} | {percentile(xs, 95):.2f} |")


if __name__ == "__main__":
    main()
