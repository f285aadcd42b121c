"""The local LLM as a reranker (`--rerank llm`, issue #22) on a hard block of questions.

The block: from an earlier `eval` result of the same set (hybrid, chunk ranking), the
questions whose top 1 was wrong and as many whose top 1 was right (spread evenly over
the set), optionally only odd or even ids (`--parity`). Each question runs the real
hybrid search on the cached index (fused order, timed), then the `llm` reranker on its
first `--window` hits (timed: the added latency). One JSON line per question is written
as it finishes (a stopped run keeps what it did; `--resume` skips done questions); the
summary gives Hit@1 fused vs reranked, better/worse, the paired randomization test and
the added p50/p95.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/llm_rerank.py --set korquad \\
        --hard-from .bench/ac3/korquad-kiwi.json --per-side 8 --window 3 \\
        --out .bench/r5/llm-kq.jsonl
    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/llm_rerank.py --set notes \\
        --parity even --hard-from .bench/ac3/notes-kiwi.json --per-side 4 --window 3 \\
        --out .bench/r5/llm-notes.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from analyzer_compare import NOTES_DIRS, NOTES_QA
from common import DATASETS, ROOT, machine, percentile, require


def hard_block(result: Path, per_side: int, parity: str) -> list[str]:
    """Question ids: up to ``per_side`` hybrid top-1 misses and as many hits (evenly
    spread over the set), alternating."""
    rows = json.loads(result.read_text(encoding="utf-8"))["per_query"]["hybrid"]
    if parity != "all":
        want = 1 if parity == "odd" else 0
        rows = [r for i, r in enumerate(rows) if _number(r["qid"], i) % 2 == want]
    misses = [r["qid"] for r in rows if r["metrics"]["Hit@1"] < 1][:per_side]
    hits = [r["qid"] for r in rows if r["metrics"]["Hit@1"] >= 1]
    step = max(1, len(hits) // max(1, len(misses)))
    paired = zip(misses, hits[::step][: len(misses)], strict=False)
    # interleaved, so a run stopped early still holds as many hits as misses
    return [q for pair in paired for q in pair]


def _number(qid: str, position: int) -> int:
    """A notes id's number (``n017`` -> 17); other sets: the position in the set (1-based)."""
    digits = "".join(c for c in qid if c.isdigit())
    return int(digits) if qid[:1].isalpha() and digits else position + 1


def first_relevant(units: Sequence[str], qrels: dict[str, int]) -> int | None:
    """1-based rank of the first relevant unit in the deduplicated run."""
    seen: list[str] = []
    for u in units:
        if u not in seen:
            seen.append(u)
            if qrels.get(u, 0) > 0:
                return len(seen)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="korquad", choices=("korquad", "notes"))
    ap.add_argument("--hard-from", type=Path, required=True, help="an eval result JSON")
    ap.add_argument("--per-side", type=int, default=8)
    ap.add_argument("--parity", default="all", choices=("all", "odd", "even"))
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--model", default="", help="GGUF path (default: the reranker's own)")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="JSON lines, one per question")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument(
        "--summary-only", action="store_true", help="summarise --out's lines, run nothing"
    )
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    args = ap.parse_args(argv)

    if args.summary_only:
        rows = [json.loads(x) for x in args.out.read_text(encoding="utf-8").splitlines()]
        return summarize(rows, args)

    from notelens.analysis.registry import create_analyzer
    from notelens.config import RerankConfig, Settings
    from notelens.embed.registry import create as create_embedder
    from notelens.engine import Engine
    from notelens.evaluate.datasets import load_dataset
    from notelens.evaluate.runner import CorpusIndex, NotesMatcher
    from notelens.retrieve.rerankers.llm import LLMReranker
    from notelens.types import Hit

    base = Settings.from_env()
    analyzer = create_analyzer(base.analyzer)
    embedder = create_embedder(base.embedder)
    unit_of: Callable[[str, Hit], str]
    if args.set == "notes":
        ds = load_dataset(f"notes:{require(NOTES_QA)}")
        target = Engine(
            settings=replace(base, index_dir=args.cache / "notes-kiwi"),
            analyzer=analyzer,
            embedder=embedder,
        )
        target.index([require(p) for p in NOTES_DIRS])
        matchers = {q: NotesMatcher(s) for q, s in ds.relevant.items()}

        def unit_of(qid: str, hit: Hit) -> str:
            return matchers[qid].unit(hit.source, hit.text, hit.chunk_id)

    else:
        fmt, path, _qrels, _ks = DATASETS[args.set]
        ds = load_dataset(f"{fmt}:{require(path)}")
        engine = Engine(
            settings=replace(base, index_dir=args.cache / "unused"),
            analyzer=analyzer,
            embedder=embedder,
        )
        corpus = CorpusIndex(ds, engine, args.cache)
        corpus.prepare()
        target = corpus.engine

        def unit_of(qid: str, hit: Hit) -> str:
            return corpus.doc_of(hit)

    qids = hard_block(args.hard_from, args.per_side, args.parity)
    done: dict[str, dict[str, Any]] = {}
    if args.resume and args.out.is_file():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            done[row["qid"]] = row
    reranker = LLMReranker(
        RerankConfig("llm", candidates=args.window, model=args.model),
        window=args.window,
        threads=args.threads,
    )
    target.search(ds.queries[qids[0]], k=1, mode="hybrid")  # open the store, load e5
    reranker.load()  # the GGUF: not timed
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as out:
        for qid in qids:
            if qid in done:
                continue
            query = ds.queries[qid]
            t0 = time.perf_counter()
            hits = target.search(query, k=10, mode="hybrid")
            fused_ms = (time.perf_counter() - t0) * 1e3
            window = hits[: args.window]
            t1 = time.perf_counter()
            scores = list(reranker.rerank(query, window))
            added_ms = (time.perf_counter() - t1) * 1e3
            order = sorted(range(len(window)), key=lambda i: (-scores[i], i))
            reranked = [window[i] for i in order] + list(hits[args.window :])
            qrels = ds.qrels.get(qid, {})
            row = {
                "qid": qid,
                "fused_rank": first_relevant([unit_of(qid, h) for h in hits], qrels),
                "llm_rank": first_relevant([unit_of(qid, h) for h in reranked], qrels),
                "margins": [round(s, 3) for s in scores],
                "fused_ms": round(fused_ms, 1),
                "added_ms": round(added_ms, 1),
            }
            done[qid] = row
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return summarize([done[q] for q in qids if q in done], args)


def summarize(rows: list[dict[str, Any]], args: argparse.Namespace) -> int:
    """Hit@1 fused vs reranked, the paired test and the added latency; written beside --out."""
    from notelens.config import RerankConfig
    from notelens.evaluate.compare import randomization_test
    from notelens.retrieve.rerankers.llm import LLMReranker

    model = LLMReranker(RerankConfig("llm", model=args.model)).model_path()
    a = [1.0 if r["fused_rank"] == 1 else 0.0 for r in rows]
    b = [1.0 if r["llm_rank"] == 1 else 0.0 for r in rows]
    added = [r["added_ms"] for r in rows]
    misses = [r for r in rows if r["fused_rank"] != 1]
    summary = {
        "set": args.set,
        "questions": len(rows),
        "fused_misses": len(misses),
        "misses_within_window": sum(1 for r in misses if (r["fused_rank"] or 99) <= args.window),
        "window": args.window,
        "model": str(model),
        "hit1_fused": round(sum(a) / len(a), 4),
        "hit1_llm": round(sum(b) / len(b), 4),
        "better": sum(y > x for x, y in zip(a, b, strict=True)),
        "worse": sum(y < x for x, y in zip(a, b, strict=True)),
        "p": round(randomization_test(a, b), 4),
        "added_p50_ms": round(percentile(added, 50), 1),
        "added_p95_ms": round(percentile(added, 95), 1),
        "added_ms_per_passage_p50": round(percentile(added, 50) / args.window, 1),
        "machine": machine(),
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    args.out.with_suffix(".summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
