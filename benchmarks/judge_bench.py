"""Judged answers (``notelens eval --judge``, issue #19 item 8): how weak each judge is.

examples/notes and ../shared/notes-samples are indexed once; a seeded sample of the notes
question set (benchmarks/data/notes_qa.jsonl, gold answers) is answered twice,
extractively (no LLM in the answers, so the judge is not judging itself): run A with the
5 best passages, run B with only the best one. Then each judge LLM given by ``--llm``

* answers the CheckEval checklist (4 yes/no questions per answer) over run A; its
  "key fact present" is compared with gold containment and its "claims supported" with
  a citation on a gold passage (% agreement, Cohen's kappa);
* judges A against B pairwise, each pair twice with the positions swapped; its
  verdicts are compared with containment's (A better / B better / tie).

The prompts were written once, before any run, and not tuned on these figures.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/judge_bench.py --llm smollm2 \\
        --llm local:0.5b --n 12 --out .bench/judge.json
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import ROOT, SHARED, machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llm", action="append", default=[], help="judge LLM spec (repeatable)")
    parser.add_argument("--n", type=int, default=12, help="questions (seeded sample)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--index", type=Path, help="index folder (kept; default: a new one)")
    parser.add_argument("--out", type=Path, help="write the reports here (JSON)")
    args = parser.parse_args()

    from notelens import Engine
    from notelens.config import LLMConfig
    from notelens.evaluate.datasets import load_dataset
    from notelens.evaluate.judge import (
        generator_ask,
        judge_checklist,
        judge_generator,
        judge_pairs,
    )
    from notelens.evaluate.runner import evaluate

    folders = [ROOT / "examples" / "notes"]
    if (SHARED / "notes-samples").exists():
        folders.append(SHARED / "notes-samples")
    index = args.index or Path(tempfile.mkdtemp(prefix="judge-bench-")) / "index"
    engine = Engine(index)
    engine.index(folders)  # incremental: nothing to do when --index is up to date
    ds = load_dataset(f"notes:{ROOT / 'benchmarks' / 'data' / 'notes_qa.jsonl'}")
    picked = sorted(random.Random(args.seed).sample(sorted(ds.answers), args.n))
    ds = replace(ds, queries={q: ds.queries[q] for q in picked})
    runs = {}
    for label, k in (("A", 5), ("B", 1)):
        t0 = time.perf_counter()
        result = evaluate(engine, ds, modes=["hybrid"], ks=[5], answers=True, answers_k=k)
        assert result.answers is not None
        runs[label] = result.answers.rows
        contained = sum(r.contains_gold for r in result.answers.rows)
        print(
            f"run {label} (extractive, k={k}): {len(result.answers.rows)} answers, "
            f"{contained:.0f} contain the gold answer, {time.perf_counter() - t0:.0f} s"
        )
    print(machine())
    reports: dict[str, Any] = {}
    for spec in args.llm:
        t0 = time.perf_counter()
        generator = judge_generator(spec, LLMConfig.from_env())
        load = time.perf_counter() - t0
        ask = generator_ask(generator)
        checklist = judge_checklist(runs["A"], ask, name=generator.name).to_dict()
        pairs = judge_pairs(runs["A"], runs["B"], ask, name=generator.name).to_dict()
        generator.close()
        reports[spec] = {"load_s": round(load, 1), "checklist": checklist, "pairwise": pairs}
        calls = len(runs["A"]) * 4
        print(f"\n{spec} ({generator.name}), loaded in {load:.1f} s")
        print(
            f"  checklist: rates {checklist['rates']}, unreadable {checklist['unreadable']}/"
            f"{calls}, {checklist['seconds'] / max(calls, 1):.2f} s per question"
        )
        for a in checklist["agreement"] + pairs["agreement"]:
            print(f"  {a['judge']} ~ {a['metric']}: agreement {a['agreement']}, kappa {a['kappa']}")
        print(
            f"  pairwise A(k=5) vs B(k=1): {pairs['wins']}, position flips "
            f"{pairs['position_flips']}/{pairs['n']}, unreadable {pairs['unreadable']}"
        )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
