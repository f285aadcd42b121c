"""Re-run XQuAD's English span step on a capture with the current code, in seconds.

Reads ``span_rank_capture.py``'s capture. For every question whose short answer the
English aligner cut, the sentence choice (``quoted.best_quoted`` over the captured
quoted sentences) and the span (``align_en.en_span``, ``span._span``'s trimming) run
again as the code now stands, the shipped ranker on, as the answer stage runs them;
other questions keep their captured F1. Prints short F1 per part (1-300, 301-1190 odd,
301-1190 even) and, with ``--rows``, writes one JSON line per question, so two runs
(before and after a change) compare row by row with ``--against``::

    PYTHONPATH=src .venv/bin/python benchmarks/span_rescore.py .bench/span-cap.pkl \\
        --workdir .bench/xquad --rows .bench/rescore-base.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/span_rescore.py .bench/span-cap.pkl \\
        --workdir .bench/xquad --against .bench/rescore-base.jsonl

``--against`` lists the moved questions of the tuning parts (1-300 and 301-1190 odd)
with their question, gold and both answers; of the held-out half (301-1190 even) it
prints the counts only.
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

from answer_bench import SHARED, load_squad, make_engine  # noqa: E402
from answer_replay import short_scores  # noqa: E402


def part(n: int) -> str:
    """The split a question number belongs to (tuning: 1-300 and 301+ odd)."""
    if n <= 300:
        return "1-300"
    return "301+ odd" if n % 2 else "301+ even"


def rescored(r: dict[str, Any], analyzer: object) -> tuple[str, float]:
    """One captured question's short answer and F1 with the current span step."""
    from notelens.answer.align import en_span
    from notelens.answer.quoted import best_quoted
    from notelens.answer.span import _span

    spans = [c for c in r["calls"] if c[0] == "span"]
    if r["refused"] or not spans:
        return r["short"] or "", r["f1"]
    kind, q_terms, text, _cands, _got = spans[-1][1]
    quoted = [c for c in r["calls"] if c[0] == "quoted"]
    if quoted:
        qkind, qterms, sents, _pick = quoted[-1][1]
        texts = [t for t, _ in sents]
        if text in texts:
            text = texts[best_quoted(r["question"], qkind, texts, qterms, analyzer)]
    found = en_span(r["question"], kind, text, q_terms, analyzer)
    if found is None:
        return r["short"] or "", r["f1"]
    short = _span(text, *found).text
    return short, short_scores(short, r["golds"])[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--workdir", type=Path, required=True, help="the XQuAD cache (analyzer)")
    ap.add_argument("--rows", type=Path, default=None, help="write one JSON line per question")
    ap.add_argument("--against", type=Path, default=None, help="an earlier --rows file")
    args = ap.parse_args()
    rows = pickle.loads(args.capture.read_bytes())
    load_squad(SHARED / "xquad-en" / "xquad.en.json", 1)
    analyzer = make_engine(args.workdir, args.workdir / "corpus", "auto")._get_answerer().analyzer
    out = []
    for r in rows:
        short, f1 = rescored(r, analyzer)
        out.append({"n": r["n"], "short": short, "f1": f1})
    for name in ("1-300", "301+ odd", "301+ even"):
        sel = [o["f1"] for o in out if part(o["n"]) == name]
        print(f"{name}: n {len(sel)} short F1 {sum(sel) / len(sel):.4f}")
    if args.rows:
        args.rows.write_text("\n".join(json.dumps(o) for o in out) + "\n", encoding="utf-8")
    if args.against:
        before = {
            o["n"]: o
            for o in map(json.loads, args.against.read_text(encoding="utf-8").splitlines())
        }
        info = {r["n"]: r for r in rows}
        moved: dict[str, list[int]] = {"1-300": [0, 0], "301+ odd": [0, 0], "301+ even": [0, 0]}
        for o in out:
            b = before[o["n"]]
            if abs(o["f1"] - b["f1"]) < 1e-9:
                continue
            p = part(o["n"])
            moved[p][0 if o["f1"] > b["f1"] else 1] += 1
            if p != "301+ even":
                r = info[o["n"]]
                print(
                    f"  {o['n']} {b['f1']:.2f}->{o['f1']:.2f} {r['question']!r} "
                    f"gold {r['golds'][0]!r}: {b['short']!r} -> {o['short']!r}"
                )
        for name, (up, down) in moved.items():
            print(f"{name}: +{up} / -{down}")


if __name__ == "__main__":
    main()
