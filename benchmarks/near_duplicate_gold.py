"""How many of a saved eval run's misses have a near-copy of the gold document on top.

The search folds near-duplicate passages into one hit (`notelens.retrieve.dedupe`: the
best-ranked copy stays, the others become its ``also_in``). A corpus that holds the
same paragraph twice (KorQuAD repeats some Wikipedia paragraphs, slightly edited, inside
one article) then shows only one copy, and a question judged on the other copy is a
miss at every depth. This reads the corpus files of the dataset's cached eval index,
finds the document pairs the search would fold (the product's own criterion, applied
to whole documents), and counts the run's misses at 1 and 5 whose gold document has
such a copy in the run's top 5.

    PYTHONPATH=src .venv/bin/python benchmarks/near_duplicate_gold.py \\
        .bench/r6/kq-eval/korquad-kiwi.json --mode hybrid
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("result", type=Path, help="a saved `notelens eval` result (corpus set)")
    ap.add_argument("--mode", default="hybrid")
    args = ap.parse_args(argv)

    from notelens.retrieve.dedupe import collapse
    from notelens.types import Explanation, Hit, Location

    result = json.loads(args.result.read_text(encoding="utf-8"))
    root = Path(result["index"]["dir"])
    docmap: dict[str, str] = json.loads((root / "docmap.json").read_text(encoding="utf-8"))
    texts = {
        did: (root / "corpus" / f"{stem}.txt").read_text(encoding="utf-8")
        for stem, did in docmap.items()
    }

    def hit(did: str) -> Hit:
        return Hit(
            rank=0,
            score=0.0,
            chunk_id=did,
            source=did,
            title="",
            heading="",
            text=texts[did],
            location=Location(),
            lang="ko",
            explanation=Explanation(),
        )

    # Every document folded against every other would be n^2 Jaccards; the fold only
    # joins documents with near-equal lengths, so compare neighbours in length order.
    by_len = sorted(texts, key=lambda d: len(texts[d]))
    copies: dict[str, set[str]] = {}
    for i, a in enumerate(by_len):
        for b in by_len[i + 1 :]:
            if len(texts[b]) * 0.9 > len(texts[a]):
                break
            if len(collapse([hit(a), hit(b)])) == 1:
                copies.setdefault(a, set()).add(b)
                copies.setdefault(b, set()).add(a)
    rows = result["per_query"][args.mode]
    miss1 = [q for q in rows if q["metrics"].get("Recall@1", q["metrics"]["Hit@1"]) < 1]
    miss5 = [q for q in rows if q["metrics"]["Recall@5"] < 1]

    def gold(q: dict[str, object]) -> list[str]:
        return [str(r).split(" = ")[0] for r in q["relevant"]]  # type: ignore[attr-defined]

    def copy_on_top(q: dict[str, object], depth: int) -> bool:
        top = q["retrieved"][:depth]  # type: ignore[index]
        return any(c in top for g in gold(q) for c in copies.get(g, ()))

    out = {
        "documents": len(texts),
        "documents_with_a_near_copy": len(copies),
        "questions": len(rows),
        "questions_on_such_documents": sum(any(g in copies for g in gold(q)) for q in rows),
        "misses_at_1": len(miss1),
        "misses_at_1_copy_ranked_first": sum(copy_on_top(q, 1) for q in miss1),
        "misses_at_5": len(miss5),
        "misses_at_5_copy_in_top_5": sum(copy_on_top(q, 5) for q in miss5),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
