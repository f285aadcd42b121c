"""Papers end to end (issue #18 item 2): the ARAGOG PDFs indexed by the real pipeline
(hybrid BM25 + e5), then each of the 30 dev questions searched and asked.

Reported per code version (run it once per checkout, e.g. before/after the PDF loader
change, with PYTHONPATH pointing at that checkout's src):

* hybrid hit@1 / hit@5 by paper (the gold PDF's first chunk in the top k);
* answers: first citation on the gold paper, answer-word recall (the share of the
  ground truth's content words found in the answer text), refusals;
* index time.

    PYTHONPATH=src .venv/bin/python benchmarks/aragog_answers.py --workdir .bench/aragog-after
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from common import SHARED, machine, require

ARAGOG = SHARED / "eval" / "aragog"
_STOP = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "are",
        "was",
        "were",
        "into",
        "which",
        "their",
        "there",
        "have",
        "has",
        "been",
        "also",
        "such",
        "than",
        "then",
        "they",
        "them",
        "these",
        "those",
        "when",
        "where",
        "what",
        "while",
        "more",
        "most",
        "other",
    }
)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _STOP}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    from notelens import Engine

    require(ARAGOG)
    questions = [
        json.loads(x) for x in (ARAGOG / "questions.dev.jsonl").read_text().splitlines() if x
    ]
    engine = Engine(args.workdir / "index")
    t0 = time.perf_counter()
    report = engine.index([ARAGOG / "papers"])
    index_s = time.perf_counter() - t0
    chunks = sum(f.chunks for f in report.files)
    hit1 = hit5 = cited = refused = 0
    recall = 0.0
    for q in questions:
        hits = engine.search(q["question"], k=10)
        papers = [Path(h.source).name for h in hits]
        rank = next((r for r, p in enumerate(papers, 1) if p == q["source"]), 0)
        hit1 += rank == 1
        hit5 += 0 < rank <= 5
        answer = engine.ask(q["question"], k=args.k)
        refused += answer.refused
        if answer.citations and Path(answer.citations[0].source).name == q["source"]:
            cited += 1
        gold = content_words(q["ground_truth"])
        recall += len(gold & content_words(answer.answer)) / max(len(gold), 1)
    n = len(questions)
    print(machine(), f"{chunks} chunks, indexed in {index_s:.0f} s")
    print("| hit@1 | hit@5 | first citation on gold paper | answer-word recall | refused |")
    print(
        f"| {hit1 / n:.3f} | {hit5 / n:.3f} | {cited / n:.3f} | {recall / n:.3f} | "
        f"{refused / n:.3f} |"
    )


if __name__ == "__main__":
    main()
