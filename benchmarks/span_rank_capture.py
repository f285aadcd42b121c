"""Capture the English span step's choices on XQuAD, to fit the learned span ranker.

Replays the answer stage on cached retrieval (``answer_replay.py``'s loop) and records,
per question, every call the English aligner gets: the sentences ``best_quoted`` weighs
(the best one first) and the sentence ``en_span`` cuts from, each with the rules'
candidates and the sentence as the ranker reads it (``align_en.rule_scored``).
``span_rank_fit.py`` fits and checks the ranker on this capture in seconds::

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/span_rank_capture.py \\
        --workdir .bench/xquad --out .bench/span-cap.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import SHARED, load_squad, make_engine, write_corpus  # noqa: E402
from answer_replay import cached_hits, short_scores  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=1190)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    import notelens.answer.align as align_mod
    import notelens.answer.align_en as align_en
    import notelens.answer.quoted as quoted_mod

    docs, raw = load_squad(SHARED / "xquad-en" / "xquad.en.json", args.limit)
    corpus = args.workdir / "corpus"
    if not corpus.exists():
        write_corpus(docs, corpus)
    engine = make_engine(args.workdir, corpus, "auto")
    qs = [{"question": q["question"], "answers": q["answers"]} for q in raw]
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()

    calls: list[tuple[str, Any]] = []

    def rule_cands(question: str, kind: Any, text: str, q_terms: Any, analyzer: Any) -> Any:
        return align_en.rule_scored(question, kind, text, q_terms, analyzer)

    orig_bq, orig_span = quoted_mod.best_quoted, align_mod.en_span

    def bq(question: str, kind: Any, texts: Any, q_terms: Any, analyzer: Any, bonus: Any = None):
        pick = orig_bq(question, kind, texts, q_terms, analyzer, bonus)
        if not any("\uac00" <= ch <= "\ud7a3" for ch in question):
            sents = [(t, rule_cands(question, kind, t, q_terms, analyzer)) for t in texts]
            calls.append(("quoted", (kind, frozenset(q_terms), sents, pick)))
        return pick

    def span(question: str, kind: Any, text: str, q_terms: Any, analyzer: Any) -> Any:
        out = orig_span(question, kind, text, q_terms, analyzer)
        cands = rule_cands(question, kind, text, q_terms, analyzer)
        calls.append(("span", (kind, frozenset(q_terms), text, cands, out)))
        return out

    # The rules' own answers: the fit is made against them, so the shipped ranker is off.
    align_en.shipped_ranker = lambda: None  # type: ignore[assignment]
    quoted_mod.best_quoted = bq  # type: ignore[assignment]
    align_mod.en_span = span  # type: ignore[assignment]
    rows = []
    for n, q in enumerate(raw, 1):
        calls.clear()
        h = hits[q["question"]]
        a = answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
        _em, f1 = short_scores(a.short_answer or a.answer, q["answers"])
        refused = bool(a.refused or a.strength < 0.36)
        rows.append(
            {
                "n": n,
                "question": q["question"],
                "golds": q["answers"],
                "short": a.short_answer,
                "f1": 0.0 if refused else f1,
                "refused": refused,
                "calls": list(calls),
            }
        )
        if n % 100 == 0:
            print(f"  {n}/{len(raw)}", flush=True)
    args.out.write_bytes(pickle.dumps(rows))
    for name, part in (
        ("1-300", [r for r in rows if r["n"] <= 300]),
        ("301+ odd", [r for r in rows if r["n"] > 300 and r["n"] % 2]),
        ("301+ even", [r for r in rows if r["n"] > 300 and not r["n"] % 2]),
    ):
        if part:
            print(f"{name}: n {len(part)} short F1 {sum(r['f1'] for r in part) / len(part):.4f}")


if __name__ == "__main__":
    main()
