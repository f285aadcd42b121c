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
    PYTHONPATH=src .venv/bin/python benchmarks/refusal_study.py --table .bench/rs-notesqa.json \\
        .bench/rs-korquad.json .bench/rs-xquad.json

``--table`` applies each candidate signal as a factor on the evidence strength (as
``answer/refusal.py`` applies its penalties) and a logistic combination of all of them
fitted on the tuning half, and prints both halves of every set at the configured
threshold.
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


# Candidate signals as factors on the strength (the penalty chosen per signal is the
# largest before the notes set's odd-id false refusals rise; see docs/benchmarks.md).
FACTORS: dict[str, Any] = {
    "key entity absent from the unit (x0.7)": lambda r: 1 - 0.3 * r["entities_unit"],
    "key entity absent from the passage (x0.5)": lambda r: 1 - 0.5 * r["entities_passage"],
    "every key entity absent from the passage (x0.5)": lambda r: (
        0.5 if r["entities"] and r["entities_passage"] >= 1 else 1.0
    ),
    "rare terms: unit holds < 30 % (x0.8 at 0)": lambda r: (
        1 - 0.2 * max(0.0, 0.3 - r["rare_unit"]) / 0.3
    ),
    "rare terms: passage holds none (x0.8)": lambda r: 0.8 if r["rare_passage"] <= 0 else 1.0,
    "BM25 and e5 tops differ (x0.9)": lambda r: 0.9 if not r["agree"] else 1.0,
}
_LOGIT = [
    "entities_unit",
    "entities_passage",
    "rare_unit",
    "rare_passage",
    "agree",
    "coverage",
    "dense",
    "missing",
    "unit_missing",
    "best_lexical",
]


def _fit(rows: list[dict[str, Any]], threshold: float) -> Any:
    """A logistic combination of log(strength) and the signals, fitted on the tuning
    half (unanswerable against answered right), returned as a strength factor."""
    import math

    import numpy as np

    def x(r: dict[str, Any]) -> list[float]:
        return [math.log(max(r["strength"], 1e-3))] + [float(r[f]) for f in _LOGIT]

    train = [r for r in rows if r["half"] == "odd" and "agree" in r and (r["neg"] or r["ok"])]
    xs = np.array([[*x(r), 1.0] for r in train])
    ys = np.array([0.0 if r["neg"] else 1.0 for r in train])
    # The notes set's few unanswerable questions weigh as much as its answerable ones.
    ws = np.array([3.0 if r["neg"] else (1.0 if r["set"] == "notesqa" else 0.5) for r in train])
    w = np.zeros(xs.shape[1])
    for _ in range(5000):
        p = 1 / (1 + np.exp(-xs @ w))
        w -= xs.T @ (ws * (p - ys)) / ws.sum() + 1e-3 * np.r_[w[:-1], 0]
    c, c0 = w[1:-1] / w[0], math.log(threshold) + w[-1] / w[0]
    return lambda r: math.exp(float(np.dot(c, x(r)[1:])) + c0)


def table(paths: list[Path]) -> None:
    from notelens.config import AnswerConfig

    threshold = AnswerConfig().refuse_below
    sets = {}
    for path in paths:
        rows = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem.removeprefix("rs-")
        for r in rows:
            r["set"] = name
        sets[name] = rows
    factors = dict(FACTORS)
    factors["logistic combination (fitted on the tuning halves)"] = _fit(
        [r for rows in sets.values() for r in rows], threshold
    )
    print(f"threshold {threshold:.2f}; tuning half | held-out half")
    for label, fn in [("strength alone", lambda r: 1.0), *factors.items()]:
        cells = []
        for name, rows in sets.items():
            for half in ("odd", "even"):
                sub = [r for r in rows if r["half"] == half]
                pos = [r for r in sub if not r["neg"]]
                neg = [r for r in sub if r["neg"]]

                def refused(r: dict[str, Any], fn: Any = fn) -> bool:
                    f = fn(r) if "agree" in r else 1.0
                    return bool(r["refused"] or r["strength"] * f < threshold)

                cont = sum(r["ok"] and not refused(r) for r in pos) / len(pos)
                fr = sum(refused(r) for r in pos) / len(pos)
                cell = f"{name} {half}: {cont:.3f}/{fr:.3f}"
                if neg:
                    cell += f"/{sum(refused(r) for r in neg) / len(neg):.3f}"
                cells.append(cell)
        print(f"{label}\n   " + " | ".join(cells))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        table([Path(p) for p in sys.argv[2:]])
        return
    import notelens.answer.extractive as ex_mod

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=["notesqa", "korquad", "xquad"], required=True)
    ap.add_argument("--questions", type=Path, default=ROOT / "benchmarks/data/notes_qa.jsonl")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--table", nargs="*", help="print the signal table of --out files")
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
