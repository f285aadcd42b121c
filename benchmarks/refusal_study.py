"""Refusal signals, side by side: per question, the evidence strength and the signals
``answer/refusal.py`` may combine with it, on cached retrieval (``answer_replay.py``).

Replays every question of a set through the answerer (as ``answer_replay.py`` does),
records what :func:`notelens.answer.extractive.extract` chose and the candidate signals
of the chosen unit, and prints how each signal splits the answerable questions from the
unanswerable ones on the tuning half (notes: odd ids; KorQuAD / XQuAD: questions
1-300) and on the held-out half. ``--out`` writes the rows as JSON to try combinations
in seconds::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_study.py --set notesqa \\
        --workdir .bench/notesqa --out .bench/rs-notes.json
    PYTHONPATH=src .venv/bin/python benchmarks/refusal_study.py --set xquad --limit 1190 \\
        --workdir .bench/xquad --out .bench/rs-xquad.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains, make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions, parity  # noqa: E402
from notelens.answer.grounding import strip_citations  # noqa: E402

TUNE = 300


def main() -> None:
    import notelens.answer.extractive as ex_mod

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=["notesqa", "korquad", "xquad"], required=True)
    ap.add_argument("--questions", type=Path, default=ROOT / "benchmarks/data/notes_qa.jsonl")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()
    seen: dict[str, Any] = {}
    orig = ex_mod.extract

    def recording(question: str, hs: Any, **kw: Any) -> Any:
        out = orig(question, hs, **kw, diagnose=True)
        seen[question] = out
        return out

    ex_mod.extract = recording
    rows = []
    for i, q in enumerate(qs):
        h = hits[q["question"]]
        a = answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
        ok = any(contains(strip_citations(a.answer), g, _is_ko(g)) for g in q["answers"])
        ex = seen.get(q["question"])
        signals = dataclasses.asdict(ex.signals) if ex is not None and ex.signals else {}
        half = parity(q["id"]) if args.set == "notesqa" else ("odd" if i < TUNE else "even")
        rows.append(
            {
                "id": q["id"],
                "question": q["question"],
                "class": q["class"],
                "neg": q["neg"],
                "half": half,
                "refused": a.refused,
                "strength": a.strength,
                "ok": ok,
                "answer": a.answer[:300],
                **signals,
                **(
                    {
                        "coverage": ex.coverage,
                        "dense": ex.dense,
                        "missing": ex.missing,
                        "unit_missing": ex.unit_missing,
                        "best_lexical": ex.best_lexical,
                        "kind": ex.atype.kind,
                    }
                    if ex is not None
                    else {}
                ),
            }
        )
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(rows)} rows -> {args.out}")


if __name__ == "__main__":
    main()
