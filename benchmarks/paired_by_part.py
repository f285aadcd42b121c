"""Two saved `notelens eval` results compared on the tuning and held-out parts (issue #22).

The house split of a corpus set is by position (KorQuAD: questions 1-1000 tune, the rest
held out; SciFact: first half / second half) or, for XQuAD, 1-300 plus the odd ones of
the rest tune and the even ones of the rest are held out. Per part: the metric of A
and B, questions better / worse, and the paired randomization p.

    PYTHONPATH=src .venv/bin/python benchmarks/paired_by_part.py \
        .bench/ev-ko/korquad-kiwi.json .bench/ev-parts/korquad-kiwi-parts.json --tune-first 1000
    PYTHONPATH=src .venv/bin/python benchmarks/paired_by_part.py A.json B.json \
        --tune-first 300 --odd-after    # XQuAD
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def parts(n: int, tune_first: int, odd_after: bool) -> list[str]:
    """The part of each question by its 1-based position in the run."""
    out: list[str] = []
    for pos in range(1, n + 1):
        if pos <= tune_first or (odd_after and pos % 2 == 1):
            out.append("tune")
        else:
            out.append("held-out")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--metric", default="Hit@1")
    ap.add_argument("--tune-first", type=int, default=1000, help="questions 1..N tune")
    ap.add_argument("--odd-after", action="store_true", help="odd positions after N tune too")
    args = ap.parse_args(argv)

    from notelens.evaluate.compare import randomization_test

    def scores(path: Path) -> list[tuple[str, float]]:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(q["qid"], q["metrics"][args.metric]) for q in data["per_query"][args.mode]]

    sa, sb = scores(args.a), scores(args.b)
    if [q for q, _ in sa] != [q for q, _ in sb]:
        print("the two runs do not hold the same questions in the same order", file=sys.stderr)
        return 2
    labels = parts(len(sa), args.tune_first, args.odd_after)
    for part in ("tune", "held-out", "all"):
        idx = [i for i, lab in enumerate(labels) if part in ("all", lab)]
        if not idx:
            continue
        xa = [sa[i][1] for i in idx]
        xb = [sb[i][1] for i in idx]
        row = {
            "part": part,
            "n": len(idx),
            "A": round(sum(xa) / len(xa), 4),
            "B": round(sum(xb) / len(xb), 4),
            "better": sum(y > x for x, y in zip(xa, xb, strict=True)),
            "worse": sum(y < x for x, y in zip(xa, xb, strict=True)),
            "p": round(randomization_test(xa, xb), 4),
        }
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
