"""Capture what the short-answer step sees, to study and re-score it without retrieval.

Runs ``answer_bench.run_qa`` (the same rows and summary as ``answer_bench.py``) and
records, per question, the arguments ``answer/span.short_answer`` got (question, answer
type, the chosen unit, the question terms) plus the answer and the retrieved passages.
``--rescore`` then re-runs only the short-answer step on a capture with the current
``answer/span.py`` and prints EM / F1 on the tuning part (first 300) and the held-out
rest, so a change to span extraction is measured in seconds::

    PYTHONPATH=src .venv/bin/python benchmarks/short_study.py --dataset korquad --limit 1000 \\
        --workdir .bench/korquad --capture .bench/cap-korquad.pkl
    PYTHONPATH=src .venv/bin/python benchmarks/short_study.py --rescore .bench/cap-korquad.pkl
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import answer_bench as ab  # noqa: E402

TUNE = 300


def capture(args: argparse.Namespace) -> None:
    import notelens.answer.span as span_mod
    from notelens.answer.grounding import strip_citations

    seen: dict[str, Any] = {}
    orig = span_mod.short_answer

    def recording(question: str, qtype: Any, unit: Any, q_terms: Any, analyzer: Any) -> Any:
        seen[question] = (qtype, unit, frozenset(q_terms))
        return orig(question, qtype, unit, q_terms, analyzer)

    span_mod.short_answer = recording  # type: ignore[assignment]
    answers: list[Any] = []
    orig_timed = ab.timed_ask

    def timed(engine: Any, question: str, k: int) -> Any:
        out = orig_timed(engine, question, k)
        answers.append(out[0])
        return out

    ab.timed_ask = timed  # type: ignore[assignment]
    ko = args.dataset == "korquad"
    path = (
        ab.SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json"
        if ko
        else ab.SHARED / "xquad-en" / "xquad.en.json"
    )
    docs, qs = ab.load_squad(path, args.limit)
    corpus = args.workdir / "corpus"
    if not corpus.exists():
        ab.write_corpus(docs, corpus)
    engine = ab.make_engine(args.workdir, corpus, "auto")
    rows = ab.run_qa(engine, qs, ko, 5)
    items = []
    for q, row, a in zip(qs, rows, answers, strict=True):
        qtype, unit, terms = seen.get(q["question"], (None, None, frozenset()))
        items.append(
            {
                **q,
                "row": row,
                "qtype": qtype,
                "unit": unit,
                "q_terms": terms,
                "answer": strip_citations(a.answer),
                "short": a.short_answer,
                "hits": [(Path(h.source).stem, h.text) for h in a.evidence[:5]],
            }
        )
    args.capture.parent.mkdir(parents=True, exist_ok=True)
    with args.capture.open("wb") as f:
        pickle.dump({"dataset": args.dataset, "items": items}, f)
    if args.out:
        args.out.write_text(json.dumps({"rows": rows}, ensure_ascii=False), encoding="utf-8")
    for name, part in (("first 300", rows[:TUNE]), ("rest", rows[TUNE:]), ("all", rows)):
        if part:
            m = ab.summarize_qa(part, args.threshold)
            print(name, ", ".join(f"{k} {v:.3f}" for k, v in m.items()))


def rescore(args: argparse.Namespace) -> None:
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.answer.grounding import strip_citations
    from notelens.answer.span import short_answer

    with args.rescore.open("rb") as f:
        data = pickle.load(f)
    ko = data["dataset"] == "korquad"
    f1 = ab.f1_ko if ko else ab.f1_en
    analyzer = KiwiAnalyzer()
    parts: dict[str, list[tuple[float, float]]] = {"first 300": [], "rest": []}
    dump = []
    for i, it in enumerate(data["items"]):
        refused = it["row"]["strength"] < args.threshold
        pred = ""
        if it["unit"] is not None and not refused:
            sp = short_answer(it["question"], it["qtype"], it["unit"], it["q_terms"], analyzer)
            pred = sp.text if sp is not None and sp.text else strip_citations(it["answer"])
        score = (
            (0.0, 0.0)
            if refused
            else (
                max(
                    float(ab._norm_ko(pred) == ab._norm_ko(g))
                    if ko
                    else float(ab._norm_en(pred) == ab._norm_en(g))
                    for g in it["answers"]
                ),
                max(f1(pred, g) for g in it["answers"]),
            )
        )
        parts["first 300" if i < TUNE else "rest"].append(score)
        dump.append(
            {
                "i": i,
                "q": it["question"],
                "kind": it["qtype"].kind if it["qtype"] else None,
                "gold": it["answers"],
                "pred": pred,
                "f1": score[1],
                "in_unit": it["unit"] is not None
                and any(ab.contains(it["unit"].text, g, ko) for g in it["answers"]),
                "unit": it["unit"].text if it["unit"] is not None else "",
            }
        )
    kinds: dict[str, list[float]] = {}
    for d in dump[:TUNE]:
        kinds.setdefault(str(d["kind"]), []).append(float(d["f1"]))
    print(
        "first 300 by kind: "
        + ", ".join(f"{k} {sum(v) / len(v):.2f} (n={len(v)})" for k, v in sorted(kinds.items()))
    )
    print(f"gold inside the chosen unit: {sum(bool(d['in_unit']) for d in dump) / len(dump):.3f}")
    for name, sc in parts.items():
        if sc:
            em = sum(s[0] for s in sc) / len(sc)
            ff = sum(s[1] for s in sc) / len(sc)
            print(f"{name}: n={len(sc)} EM {em:.3f} F1 {ff:.3f}")
    if args.dump:
        args.dump.write_text(
            "\n".join(json.dumps(d, ensure_ascii=False) for d in dump), encoding="utf-8"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", choices=["korquad", "xquad"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--capture", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="rows JSON (answer_bench --summarize)")
    ap.add_argument("--threshold", type=float, default=ab.AnswerConfig().refuse_below)
    ap.add_argument("--rescore", type=Path, default=None)
    ap.add_argument("--dump", type=Path, default=None, help="rescore: per-question JSONL")
    args = ap.parse_args()
    if args.rescore is not None:
        rescore(args)
    else:
        capture(args)


if __name__ == "__main__":
    main()
