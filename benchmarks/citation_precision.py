"""Citation precision on the hand-labelled sample in benchmarks/data/citation_labels.jsonl.

Two parts:

* ``extractive``: the answers `Engine.ask` gives to examples/queries.jsonl over
  examples/notes. Each current answer sentence is matched to its labelled row
  (question + sentence); citation precision = share of labelled citations whose cited
  passage supports the sentence; answer precision = share that answer the question.
  Sentences with no label (the answer changed since labelling) are counted and listed.
* ``verifier``: LLM-style sentences (paraphrases, wrong numbers, wrong names, wrong
  facts) against a few lines of our own notes; the labels say whether the line supports
  the sentence. Reports how `guard.grounding.support` agrees: precision of its
  "supported" verdicts (the share of citations it lets through that are really
  supported) and recall, with and without the e5 embedder.

    .venv/bin/python benchmarks/citation_precision.py --workdir .bench/notes-answer
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import ROOT
from notelens.answer.grounding import answer_sentences, strip_citations, support
from notelens.engine import Engine


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workdir", type=Path, required=True, help="index of examples/notes")
    args = ap.parse_args()
    rows = [
        json.loads(x)
        for x in (ROOT / "benchmarks" / "data" / "citation_labels.jsonl").read_text().splitlines()
    ]
    engine = Engine(args.workdir / "index")
    if engine.layout.read_meta() is None:
        engine.index([ROOT / "examples" / "notes"])

    labels = {(r["question"], r["sentence"]): r for r in rows if r["kind"] == "extractive"}
    questions = list(dict.fromkeys(r["question"] for r in labels.values()))
    matched: list[dict] = []  # type: ignore[type-arg]
    unlabelled: list[str] = []
    for q in questions:
        a = engine.ask(q)
        if a.refused:
            unlabelled.append(f"{q}: refused")
            continue
        for s, e in answer_sentences(a.answer):
            sent = strip_citations(a.answer[s:e])
            row = labels.get((q, sent))
            if row is None:
                unlabelled.append(f"{q}: {sent[:60]}")
            else:
                matched.append(row)
    n = len(matched)
    print(f"extractive: {n} labelled citations over {len(questions)} questions")
    if n:
        sup = sum(r["supports"] for r in matched) / n
        ans = sum(r["answers"] for r in matched) / n
        print(f"  citation precision (passage supports sentence): {sup:.3f}")
        print(f"  answer precision (sentence answers the question): {ans:.3f}")
    print(f"  unlabelled sentences now: {len(unlabelled)}")
    for u in unlabelled:
        print(f"    - {u}")

    ver = [r for r in rows if r["kind"] == "verifier"]
    for name, embedder in (("lexical only", None), ("lexical + e5", engine.embedder)):
        tp = fp = fn = tn = 0
        for r in ver:
            lines = (ROOT / r["source"]).read_text(encoding="utf-8").splitlines()
            a, b = r["lines"]
            passage = "\n".join(lines[a - 1 : b])
            got = support(r["sentence"], passage, analyzer=engine.analyzer, embedder=embedder)
            if got.supported and r["supports"]:
                tp += 1
            elif got.supported:
                fp += 1
                print(f"    let through (label: unsupported): {r['sentence']}")
            elif r["supports"]:
                fn += 1
                print(f"    rejected (label: supported): {r['sentence']}")
            else:
                tn += 1
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        print(
            f"verifier ({name}): {len(ver)} labelled sentences; precision {prec:.3f} "
            f"(citations let through that are really supported), recall {rec:.3f}; "
            f"tp {tp} fp {fp} fn {fn} tn {tn}"
        )


if __name__ == "__main__":
    main()
