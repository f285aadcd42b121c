"""The refusal factors of single questions, on cached retrieval (``answer_replay.py``).

For each asked id, replays the question through the answerer over its cached hits and
prints the base evidence strength, every factor of ``answer/strength.py`` ``FACTORS``
that is not 1, the final strength, and the best unit with its kind and context: why a
near miss was answered, or a right answer refused::

    PYTHONPATH=src .venv/bin/python benchmarks/factor_trace.py --set notesqa \\
        --questions benchmarks/data/realq_qa.jsonl \\
        --folders examples/notes ../shared/notes-samples \\
        --workdir .bench/fresh-realq ru09 ru13 r015

Read odd ids to design a rule; even ids only to explain a row that got worse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions, set_arguments  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    set_arguments(ap)
    ap.add_argument("ids", nargs="+")
    args = ap.parse_args()
    args.parity = None
    qs, corpus = load_questions(args)
    wanted = [q for q in qs if q["id"] in set(args.ids)]
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()

    from notelens.answer import strength as st

    trace: list[str] = []
    original = st.FACTORS

    def wrap(f: Any) -> Any:
        def traced(j: Any) -> float:
            v = float(f(j))
            if v != 1.0:
                trace.append(f"{f.__name__}={v:.3f}")
            return v

        return traced

    st.FACTORS = tuple(wrap(f) for f in original)
    real_judge = st.judge

    def judge(q: Any, scored: Any, choice: Any, hits_: Any, analyzer: Any, diagnose: bool = False):  # type: ignore[no-untyped-def]
        trace.clear()
        out = real_judge(q, scored, choice, hits_, analyzer, diagnose)
        # (The named item of a neighbour answer where one was read: Choice.anchor.)
        best = choice.for_refusal().anchor or scored.cands[scored.order[0]]
        unit = best.unit
        print(
            f"  base cov {out.coverage:.3f} dense {out.dense:.3f} missing {out.missing:.2f}"
            f" unit_missing {out.unit_missing:.2f}"
        )
        print(f"  factors: {' '.join(trace) or '-'} -> {out.strength:.3f}")
        kind = unit.kind if unit else "-"
        ctx = unit.context if unit else ""
        print(f"  best [{kind}] hit {best.hit_index} ctx {ctx[:120]!r}")
        print(f"    {best.text[:300]!r}")
        print(f"    heading {hits_[best.hit_index].heading[:160]!r}")
        return out

    st.judge = judge
    for q in wanted:
        print(f"{q['id']} neg={q['neg']} {q['question']}  gold={q['answers']}")
        h = hits[q["question"]]
        for i, x in enumerate(h):
            print(f"  hit {i} {x.heading[:100]!r}")
        a = answerer.ask(q["question"], k=args.k, search=lambda _q, _n, h=h: h)
        print(f"  answer: {a.answer[:200]!r}")


if __name__ == "__main__":
    main()
