"""The answer units the extractive scorer ranked for some questions, best first, with
each unit's lexical share, scaled cosine, final score and language (a study aid for
"the right passage, the wrong unit": issue #15, cross_language).

Reads the same cached searches as ``answer_replay.py`` (same ``--set`` / ``--questions``
/ ``--folders`` / ``--workdir``), so the ranks are those of the replay's answers:

    PYTHONPATH=src .venv/bin/python benchmarks/unit_ranks.py --set notesqa \\
        --questions benchmarks/data/blind4_qa.jsonl --folders benchmarks/data/blind4-notes \\
        --workdir .bench/fresh-blind4 --ids e057,e097 --top 8

A unit holding a gold answer is starred. Read only the odd (tuning) ids' rows to design
a rule (docs/benchmarks.md, house rules of issue #15).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import notelens.answer.extractive as extractive  # noqa: E402
from answer_bench import _is_ko, contains, make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions, set_arguments  # noqa: E402
from notelens.answer.evidence import is_korean  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    set_arguments(ap)
    ap.add_argument("--ids", required=True, help="question ids, comma-separated")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    wanted = args.ids.split(",")
    qs = [q for q in qs if q["id"] in wanted]
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()
    made: list[Any] = []
    original = extractive.Candidate

    def recording(*a: Any, **kw: Any) -> Any:
        c = original(*a, **kw)
        made.append(c)
        return c

    extractive.Candidate = recording  # type: ignore[misc,assignment]
    for q in qs:
        made.clear()
        h = hits[q["question"]]
        a = answerer.ask(q["question"], k=args.k, search=lambda _q, _n, h=h: h)
        print(f"\n== {q['id']} {q['question']}  gold {q['answers']}")
        print(f"   answer: {a.answer[:160]!r}  short {a.short_answer!r}")
        # the first len(units) candidates are the scored ones (later ones: list sections)
        ranked = sorted(made, key=lambda c: -c.score)
        for c in ranked[: args.top]:
            gold = any(contains(c.text, g, _is_ko(g)) for g in q["answers"])
            lang = "ko" if is_korean(c.text) else "en"
            kind = c.unit.kind if c.unit is not None else "?"
            print(
                f" {'*' if gold else ' '} h{c.hit_index} {kind[:4]:4} {lang} "
                f"lex {c.lexical:.2f} dense {c.dense:.2f} score {c.score:.3f}  "
                f"{c.text[:110]!r}"
            )
        golds = [c for c in ranked if any(contains(c.text, g, _is_ko(g)) for g in q["answers"])]
        if golds and golds[0] not in ranked[: args.top]:
            c = golds[0]
            print(
                f" * gold unit at rank {ranked.index(c) + 1}: lex {c.lexical:.2f} "
                f"dense {c.dense:.2f} score {c.score:.3f} {c.text[:110]!r}"
            )


if __name__ == "__main__":
    main()
