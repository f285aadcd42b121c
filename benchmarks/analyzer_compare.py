"""Compare BM25 analyzers (issue #22 item 2) and document-level scoring (item 3).

Every analyzer named runs the real pipeline (`notelens eval`'s runner, each corpus indexed
into its own cached folder with that analyzer) on KorQuAD, AutoRAG-ko and the notes set
(examples/notes + ../shared/notes-samples, benchmarks/data/notes_qa.jsonl). The dense
leg does not depend on the analyzer, so passage vectors are computed once per text and
reused for every analyzer (a memo around the real embedder: the same vectors, fewer
model calls). Each run is saved as an `eval` result JSON, so `notelens eval compare A B`
gives the paired test.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/analyzer_compare.py \
        --analyzers kiwi,kiwi-nouns,kiwi-bigram,mecab --datasets korquad,notes \
        --limit 1000 --out .bench/ac

The notes index is a folder of `--cache` named for the analyzer and the exact note
folders (their resolved paths), built fresh the first time: an index holds every folder
any run ever gave it (a missing one removes nothing), so one shared by worktrees held a
copy of examples/notes per worktree, each embedded in other batches, and its figure
moved with how many had used it (docs/benchmarks.md, "Precision at the top, twelfth
round").

`autorag-own` is the AutoRAG-ko corpus with its 3 sample questions plus our own 64
(benchmarks/data/autorag_ko_questions.jsonl). `--by doc` also scores every corpus/notes
run with chunk scores aggregated per document.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from common import (
    DATASETS,
    ROOT,
    SHARED,
    add_translated_weight,
    autorag_ko_own,
    machine,
    require,
    with_translated_weight,
)

NOTES_QA = ROOT / "benchmarks" / "data" / "notes_qa.jsonl"
NOTES_DIRS = (ROOT / "examples" / "notes", SHARED / "notes-samples")


def notes_index_dir(cache: Path, analyzer: str, roots: Sequence[Path]) -> Path:
    """The notes index of ``analyzer`` over exactly ``roots`` (see the module docstring)."""
    key = "\n".join(str(Path(r).resolve()) for r in roots)
    return cache / f"notes-{analyzer}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


class MemoEmbedder:
    """The real embedder, each distinct text embedded once per process."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.id: str = inner.id  # type: ignore[attr-defined]
        self.dim: int = inner.dim  # type: ignore[attr-defined]
        self._memo: dict[tuple[str, str], np.ndarray] = {}

    def _embed(self, kind: str, texts: Sequence[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if (kind, t) not in self._memo))
        if todo:
            fn = getattr(self._inner, f"embed_{kind}")
            for t, v in zip(todo, fn(todo), strict=True):
                self._memo[(kind, t)] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memo[(kind, t)] for t in texts]).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed("passages", texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed("queries", texts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--analyzers", default="kiwi,kiwi-nouns,kiwi-bigram,mecab")
    ap.add_argument("--datasets", default="korquad,autorag-ko,notes")
    ap.add_argument("--modes", default="bm25,hybrid")
    ap.add_argument("--limit", type=int, default=None, help="first N questions per set")
    ap.add_argument("--by", default="chunk", choices=("chunk", "doc", "both"))
    ap.add_argument("--out", type=Path, default=ROOT / ".bench" / "ac")
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    ap.add_argument("--rerank", default=None, help="a reranker (default: NOTELENS_RERANK)")
    ap.add_argument("--rerank-candidates", type=int, default=None, help="its top N")
    add_translated_weight(ap)
    args = ap.parse_args(argv)

    from notelens.analysis.registry import create_analyzer
    from notelens.config import Settings
    from notelens.embed.registry import create as create_embedder
    from notelens.engine import Engine
    from notelens.evaluate.api import evaluate

    base = Settings.from_env()
    if args.rerank or args.rerank_candidates:
        rerank = replace(base.rerank, method=args.rerank or base.rerank.method)
        if args.rerank_candidates:
            rerank = replace(rerank, candidates=args.rerank_candidates)
        base = replace(base, rerank=rerank)
    base = with_translated_weight(base, args.translated_weight)
    embedder = MemoEmbedder(create_embedder(base.embedder))
    modes = [m for m in args.modes.split(",") if m]
    bys = ["chunk", "doc"] if args.by == "both" else [args.by]
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    for name in [a for a in args.analyzers.split(",") if a]:
        analyzer = create_analyzer(name)
        for ds in [d for d in args.datasets.split(",") if d]:
            if ds == "notes":
                spec, ks = f"notes:{require(NOTES_QA)}", [1, 5]
                roots = [require(p) for p in NOTES_DIRS]
                index_dir = notes_index_dir(args.cache, name, roots)
                engine = Engine(
                    settings=replace(base, index_dir=index_dir),
                    analyzer=analyzer,
                    embedder=embedder,  # type: ignore[arg-type]
                )
                engine.index(roots)
            elif ds == "autorag-own":  # the corpus with our own questions added
                spec, ks = autorag_ko_own(), [1, 5, 10]  # type: ignore[assignment]
                engine = Engine(
                    settings=replace(base, index_dir=args.cache / "unused"),
                    analyzer=analyzer,
                    embedder=embedder,  # type: ignore[arg-type]
                )
            else:
                fmt, path, _qrels, ks = DATASETS[ds]
                spec = f"{fmt}:{require(path)}"
                engine = Engine(
                    settings=replace(base, index_dir=args.cache / "unused"),
                    analyzer=analyzer,
                    embedder=embedder,  # type: ignore[arg-type]
                )
            for by in bys:
                result = evaluate(
                    engine,
                    spec,
                    qrels=DATASETS[ds][2] if ds in DATASETS else None,
                    modes=modes,
                    ks=sorted({1, 5, 10, *ks}),
                    limit=args.limit,
                    cache_dir=args.cache,
                    by=by,
                )
                tag = f"{ds}-{name}" + ("-doc" if by == "doc" else "")
                (args.out / f"{tag}.json").write_text(
                    json.dumps(result.to_dict(), ensure_ascii=False), encoding="utf-8"
                )
                for mode, mr in result.modes.items():
                    row = {
                        "dataset": ds,
                        "analyzer": name,
                        "by": by,
                        "mode": mode,
                        "n": len(mr.queries),
                        **{m: round(mr.metrics[m], 4) for m in ("Hit@1", "Recall@5", "nDCG@10")},
                        "p50_ms": round(mr.p50_ms or 0.0, 1),
                    }
                    rows.append(row)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
    (args.out / "summary.json").write_text(
        json.dumps({"machine": machine(), "rows": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
