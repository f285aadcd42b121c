"""Where the gold passage sits when ask's hits miss it (issues #15 and #22, seventeenth round).

Reads a replay's rows (``answer_replay.py --out``) and the set's index (the replay's
``--workdir``), and for each answerable row whose ``gold_ranks`` is empty (no hit of
ask's top k holds a gold answer string) says where the passages that do hold one rank:

* ``bm25`` / ``dense``: in each leg at the fusion's pool depth (``-`` = not in the pool);
* ``ask``: in the order ask reads its evidence in (``AnswerConfig.rerank``: the fused
  order by default), to depth 50;
* ``reranked``: in the hybrid search's order (the configured reranker), to depth 50;

plus the gold chunk's length and heading, so a tiny or merged chunk shows. A row whose
gold string no chunk's text holds gets where it is instead (``where=``, twenty-third
round): ``heading`` (a chunk's heading path or title: kept there, not in the text),
``link`` (a link's target, in ``Hit.links``), ``file`` (in a note file's raw text but in
no chunk, heading or link: a loss in ingest or chunking) or ``none`` (not verbatim in the
notes: the set's wording). The closing line counts them. By default
only the tuning half (odd ids) is printed row by row; ``--all`` prints both halves
(use it for totals only: the held-out rows are not read to design a rule).

    PYTHONPATH=src .venv/bin/python benchmarks/gold_depth.py --rows BASE/blind7.json \\
        --questions benchmarks/data/blind7_qa.jsonl --folders benchmarks/data/blind7-notes \\
        --workdir .bench/fresh-blind7
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains, make_engine  # noqa: E402

DEPTH = 50


def _where(answers: list[str], every: list[Any], raw: list[str]) -> str:
    """Where a gold string that no chunk's text holds is (see the module's docstring)."""

    def held(text: str) -> bool:
        return any(contains(text, g, _is_ko(g)) for g in answers)

    if any(held(f"{rec.title} > {rec.heading}") for rec in every):
        return "heading"
    if any(held(f"{unquote(lk.url)} {lk.text}") for rec in every for lk in rec.links):
        return "link"
    return "file" if any(held(t) for t in raw) else "none"


def _raw_texts(folders: list[Path]) -> list[str]:
    """The note files' raw text (text formats only: a binary file reads as nothing)."""
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in {".md", ".txt", ".markdown", ".org"}:
                out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def _rank(ids: list[str], gold: set[str]) -> int | None:
    return next((i for i, c in enumerate(ids, 1) if c in gold), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=Path, required=True, help="a replay's --out JSON")
    ap.add_argument("--folders", type=Path, nargs="+", required=True)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--all", action="store_true", help="both halves, not only odd ids")
    ap.add_argument("--k", type=int, default=5, help="ask's k (the replay's)")
    args = ap.parse_args()
    rows: list[dict[str, Any]] = json.loads(args.rows.read_text(encoding="utf-8"))
    engine = make_engine(args.workdir, [f.resolve() for f in args.folders], "auto")
    searcher = engine._get_searcher()
    store = searcher.store
    every = store.records()
    counts = {"bm25": 0, "dense": 0, "nowhere": 0}
    raw = _raw_texts([f.resolve() for f in args.folders])
    places: dict[str, int] = {}
    deep: dict[str, list[int]] = {"ask": [], "reranked": []}
    ask_rerank = engine.settings.answer.rerank or None
    todo = [r for r in rows if not r["neg"] and not r["gold_ranks"]]
    todo = [r for r in todo if args.all or r["half"] == "odd"]
    for r in todo:
        gold = {
            rec.chunk_id
            for rec in every
            if any(contains(rec.text, g, _is_ko(g)) for g in r["answers"])
        }
        q = r["question"]
        plan = searcher.plan(q, "hybrid")
        pool = searcher.fusion.candidates
        bm25 = [s.chunk_id for s in store.search_terms(list(plan.terms), pool, None)]
        dense = [s.chunk_id for s in searcher._dense(q, pool, None)]
        # ask's evidence: the reranker AnswerConfig.rerank names (the fused order by default)
        hits = engine.search(q, k=DEPTH, mode="hybrid", rerank=ask_rerank)
        reranked = engine.search(q, k=DEPTH, mode="hybrid")
        ranks = {
            "bm25": _rank(bm25, gold),
            "dense": _rank(dense, gold),
            "ask": _rank([h.chunk_id for h in hits], gold),
            "reranked": _rank([h.chunk_id for h in reranked], gold),
        }
        for name in ("ask", "reranked"):
            depth = ranks[name]
            if depth is not None:
                deep[name].append(depth)
        for leg in ("bm25", "dense"):
            counts[leg] += ranks[leg] is not None and ranks[leg] <= args.k  # type: ignore[operator]
        where = ""
        if not gold:
            counts["nowhere"] += 1
            place = _where(r["answers"], every, raw)
            places[place] = places.get(place, 0) + 1
            where = f"  where={place}"
        chunk = next((rec for rec in every if rec.chunk_id in gold), None)
        shown = " ".join(f"{k}={v or '-'}" for k, v in ranks.items())
        print(f"{r['id']} {r['class']:<15} gold chunks {len(gold)}  {shown}{where}")
        print(f"   Q: {q}")
        print(f"   A: {r['answers'][:2]}  terms: {' '.join(plan.terms)}")
        if chunk is not None:
            text = chunk.text.replace("\n", " / ")
            print(f"   gold [{len(chunk.text)} chars] {chunk.heading!r}: {text[:160]}")
        top = hits[0] if hits else None
        if top is not None:
            print(f"   top1 {top.heading!r}: {top.text[:100].replace(chr(10), ' / ')}")
    for name, found in deep.items():
        within = {n: sum(d <= n for d in found) for n in (6, 8, 10, 15, 20)}
        print(f"{name}: gold within " + ", ".join(f"{n}: {c}" for n, c in within.items()))
    print(
        f"rows {len(todo)}: gold chunk in bm25 top {args.k} {counts['bm25']}, dense top"
        f" {args.k} {counts['dense']}, no chunk holds the answer {counts['nowhere']}"
        + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(places.items())) + ")" if places else "")
    )


if __name__ == "__main__":
    main()
