"""A whole-source BM25 score beside the chunk legs (issue #22 item 3), prototyped.

The finding behind it (docs/benchmarks.md, "Precision at the top, fifth round"):
whole-paragraph BM25 reaches KorQuAD R@5 0.995 against 0.986 for BM25 over chunks,
because a question's words spread over two chunks of one paragraph. Here every chunk of
a dataset's cached eval index (the real store, analyzer and embedder) belongs to a
*source* (its file); a source's terms are its chunks' analyzed terms joined, scored by
the product's own `notelens.store.bm25.Bm25Index`. Per query the BM25 and dense legs
are read once at the pipeline's pool depth (`fusion.candidates`), as `Searcher.search`
reads them, and every variant re-fuses them:

* ``base``: the two legs fused as the product does (z-score, the language's weights);
* ``leg:W``: a third z-score leg of weight W: the chunks of the best sources, best
  source first, each carrying its source's score, cut at the pool depth (it can bring
  chunks that neither chunk leg found);
* ``cand:W``: a third leg of weight W over the two legs' candidates only (each carries
  its source's score; no new candidates);
* ``rest:W``: as ``cand`` with, for each chunk, the BM25 score of the *rest* of its
  source (the file's other chunks joined; 0 for a one-chunk file);
* ``prior:W``: the fused score plus W x (source score / the query's best source score);
* ``bm25`` and ``source``: the chunk BM25 leg and the source leg alone, for reference.

Chunks map to documents as the eval does (first chunk wins; notes sets by the eval's
`NotesMatcher`). Parts: ``train`` and ``held`` as issue #22's briefs split them
(KorQuAD questions 1-1000 / 1001-2865, notes odd / even ids, SciFact train qrels first
/ second half; XQuAD-en and AutoRAG-ko are held out whole). Each variant is compared
with ``base`` on the same questions by the paired randomization test.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/source_leg.py --dataset korquad \\
        --part train --cache .bench/ac-cache --out .bench/r6/kq-train.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from common import DATASETS, ROOT, SHARED, autorag_ko_own, machine, require

NOTES_QA = ROOT / "benchmarks" / "data" / "notes_qa.jsonl"
NOTES_DIRS = (ROOT / "examples" / "notes", SHARED / "notes-samples")
KS = [1, 5, 10]


@dataclass
class Prepared:
    """One query's legs and its sources' scores, read once."""

    qid: str
    bm25: list[tuple[str, float]]
    dense: list[tuple[str, float]]
    weights: tuple[float, float]
    source_scores: np.ndarray
    rest_scores: np.ndarray


class SourceIndex:
    """BM25 over whole sources: each source's chunks' terms joined, in the store's rows."""

    def __init__(self, records: Sequence[object]) -> None:
        from notelens.store.bm25 import Bm25Index

        terms: dict[str, list[str]] = {}
        own = {rec.chunk_id: rec.terms for rec in records}  # type: ignore[attr-defined]
        self.source_of: dict[str, str] = {}
        for rec in records:
            terms.setdefault(rec.source, []).append(rec.terms)  # type: ignore[attr-defined]
            self.source_of[rec.chunk_id] = rec.source  # type: ignore[attr-defined]
        self.sources = list(terms)
        self.row = {s: i for i, s in enumerate(self.sources)}
        self.chunks: dict[str, list[str]] = {}
        for rec in sorted(records, key=lambda r: (r.source, r.ordinal)):  # type: ignore[attr-defined]
            self.chunks.setdefault(rec.source, []).append(rec.chunk_id)  # type: ignore[attr-defined]
        self.index = Bm25Index([" ".join(t) for t in terms.values()])
        # The rest of each chunk's source (its file's other chunks), one document per
        # chunk: what the file adds that the chunk lacks (empty for one-chunk files).
        self.rest_row: dict[str, int] = {}
        rest: list[str] = []
        for cids in self.chunks.values():
            for cid in cids:
                self.rest_row[cid] = len(rest)
                rest.append(" ".join(own[c] for c in cids if c != cid))
        self.rest = Bm25Index(rest)


def parts(name: str, qids: list[str]) -> dict[str, list[str]]:
    """The tuning (``train``) and held-out (``held``) questions of a set."""
    if name == "korquad":
        return {"train": qids[:1000], "held": qids[1000:]}
    if name == "scifact":
        half = len(qids) // 2
        return {"train": qids[:half], "held": qids[half:]}
    if name == "notes":

        def number(q: str) -> int:
            return int("".join(c for c in q if c.isdigit()) or 0)

        return {
            "train": [q for q in qids if number(q) % 2],
            "held": [q for q in qids if not number(q) % 2],
        }
    return {"train": [], "held": qids}


def open_set(
    name: str,
    cache: Path,
    questions: Path | None = None,
    folders: Sequence[Path] | None = None,
) -> tuple[object, object, Callable[[str, object], str]]:
    """(dataset, engine on its index, unit of a (qid, record)) for a set; ``notes`` with
    ``questions`` and ``folders``: another notes-style set (a blind archive), its index
    in ``cache`` (give each set its own)."""
    from notelens.config import Settings
    from notelens.engine import Engine
    from notelens.evaluate.datasets import load_dataset
    from notelens.evaluate.runner import CorpusIndex, NotesMatcher
    from notelens.progress import NullProgress

    base = Settings.from_env()
    if name == "notes":
        ds = load_dataset(f"notes:{require(questions or NOTES_QA)}")
        engine = Engine(settings=replace(base, index_dir=cache / "notes-kiwi"))
        engine.index([require(p) for p in (folders or NOTES_DIRS)])
        matchers = {q: NotesMatcher(s) for q, s in ds.relevant.items()}

        def unit(qid: str, rec: object) -> str:
            return matchers[qid].unit(rec.source, rec.text, rec.chunk_id)  # type: ignore[attr-defined]

        return ds, engine, unit
    if name == "autorag-ko":
        ds = autorag_ko_own()
    else:
        fmt, path, qrels, _ks = DATASETS[name]
        ds = load_dataset(f"{fmt}:{require(path)}", qrels)
    if name == "scifact":  # only the questions with train judgments
        ds.queries = {q: t for q, t in ds.queries.items() if ds.qrels.get(q)}
    corpus = CorpusIndex(ds, Engine(settings=replace(base, index_dir=cache / "unused")), cache)
    corpus.prepare(NullProgress())

    def doc_unit(qid: str, rec: object) -> str:
        return corpus.docmap.get(Path(rec.source).stem, rec.chunk_id)  # type: ignore[attr-defined]

    return ds, corpus.engine, doc_unit


def source_leg(src: SourceIndex, scores: np.ndarray, depth: int) -> list[tuple[str, float]]:
    """Chunks of the best sources, best source first, each with its source's score."""
    order = np.argsort(-scores, kind="stable")
    out: list[tuple[str, float]] = []
    for i in order:
        if scores[i] <= 0 or len(out) >= depth:
            break
        out.extend((cid, float(scores[i])) for cid in src.chunks[src.sources[i]])
    return out[:depth]


def variant_run(
    kind: str,
    w: float,
    p: Prepared,
    src: SourceIndex,
    fusion: object,
    depth: int,
) -> list[tuple[str, float]]:
    from notelens.retrieve.fusion import fuse

    method = fusion.method  # type: ignore[attr-defined]
    legs = [p.bm25, p.dense]
    if kind == "bm25":  # the chunk BM25 leg alone, for reference
        return p.bm25
    if kind == "source":  # the source leg alone (whole-file BM25), for reference
        return source_leg(src, p.source_scores, depth)
    if kind == "base" or w == 0:
        return fuse(method, legs, list(p.weights), fusion)  # type: ignore[arg-type]
    if kind == "leg":
        third = source_leg(src, p.source_scores, depth)
        return fuse(method, [*legs, third], [*p.weights, w], fusion)  # type: ignore[arg-type]
    if kind == "cand":
        ids = dict.fromkeys(c for c, _ in p.bm25 + p.dense)
        third = [(c, float(p.source_scores[src.row[src.source_of[c]]])) for c in ids]
        third.sort(key=lambda x: -x[1])
        return fuse(method, [*legs, third], [*p.weights, w], fusion)  # type: ignore[arg-type]
    if kind == "rest":
        ids = dict.fromkeys(c for c, _ in p.bm25 + p.dense)
        third = [(c, float(p.rest_scores[src.rest_row[c]])) for c in ids]
        third.sort(key=lambda x: -x[1])
        return fuse(method, [*legs, third], [*p.weights, w], fusion)  # type: ignore[arg-type]
    if kind == "prior":
        fused = fuse(method, legs, list(p.weights), fusion)  # type: ignore[arg-type]
        top = float(p.source_scores.max()) or 1.0
        out = [
            (c, s + w * float(p.source_scores[src.row[src.source_of[c]]]) / top) for c, s in fused
        ]
        return sorted(out, key=lambda x: -x[1])
    raise ValueError(kind)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--dataset", required=True, choices=["korquad", "xquad", "scifact", "autorag-ko", "notes"]
    )
    ap.add_argument("--part", default="all", choices=["train", "held", "all"])
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    ap.add_argument("--legs", default="0.05,0.1,0.2,0.3,0.5", help="leg: third-leg weights")
    ap.add_argument("--cands", default="0.05,0.1,0.2,0.3,0.5", help="cand: third-leg weights")
    ap.add_argument("--rests", default="", help="rest: third-leg weights")
    ap.add_argument("--priors", default="0.1,0.25,0.5,1.0", help="prior: weights")
    ap.add_argument("--metric", default=None, help="the paired metric (default per set)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    from notelens.evaluate.compare import randomization_test
    from notelens.evaluate.scoring import mean_metrics, score_query

    ds, engine, unit = open_set(args.dataset, args.cache)
    split = parts(args.dataset, list(ds.queries))  # type: ignore[attr-defined]
    qids = list(ds.queries) if args.part == "all" else split[args.part]  # type: ignore[attr-defined]
    searcher = engine._get_searcher()  # type: ignore[attr-defined]
    store = searcher.store
    fusion = searcher.fusion
    depth = fusion.candidates
    t0 = time.process_time()
    records = store.records()
    by_id = {r.chunk_id: r for r in records}
    src = SourceIndex(records)
    build_cpu = time.process_time() - t0
    prepared: list[Prepared] = []
    score_cpu: list[float] = []
    for qid in qids:
        q = ds.queries[qid]  # type: ignore[attr-defined]
        plan = searcher.plan(q)
        b = [(s.chunk_id, s.score) for s in store.search_terms(list(plan.terms), depth)]
        d = [(s.chunk_id, s.score) for s in store.search_vector(searcher.query_vector(q), depth)]
        t1 = time.process_time()
        scores = src.index.scores(list(plan.terms))
        score_cpu.append((time.process_time() - t1) * 1e3)
        rest = src.rest.scores(list(plan.terms))
        prepared.append(Prepared(qid, b, d, plan.weights, scores, rest))
    print(
        f"{args.dataset} {args.part}: {len(qids)} questions, {len(records)} chunks, "
        f"{len(src.sources)} sources; source index built in {build_cpu:.2f} s CPU",
        file=sys.stderr,
    )
    metric = args.metric or ("nDCG@10" if args.dataset == "scifact" else "Hit@1")
    variants: list[tuple[str, float]] = [("base", 0.0), ("bm25", 1.0), ("source", 1.0)]
    kinds = (("leg", args.legs), ("cand", args.cands), ("rest", args.rests), ("prior", args.priors))
    for kind, ws in kinds:
        variants += [(kind, float(x)) for x in ws.split(",") if x]
    per_variant: dict[str, list[dict[str, float]]] = {}
    for kind, w in variants:
        name = f"{kind}:{w:g}" if kind in ("leg", "cand", "rest", "prior") else kind
        per_variant[name] = []
        for p in prepared:
            fused = variant_run(kind, w, p, src, fusion, depth)
            run = list(dict.fromkeys(unit(p.qid, by_id[c]) for c, _ in fused[:100]))
            per_variant[name].append(score_query(run, ds.qrels.get(p.qid, {}), KS))  # type: ignore[attr-defined]
    position = {p.qid: i for i, p in enumerate(prepared)}
    shown_parts = {"all": qids} if args.part != "all" else {"all": qids, **split}
    rows = []
    for part, members in shown_parts.items():
        idx = [position[q] for q in members if q in position]
        if not idx:
            continue
        base_vals = [per_variant["base"][i][metric] for i in idx]
        for name, per_q in per_variant.items():
            sub = [per_q[i] for i in idx]
            vals = [m[metric] for m in sub]
            mean = mean_metrics(sub)
            row = {
                "part": part if args.part == "all" else args.part,
                "variant": name,
                "n": len(sub),
                **{m: round(mean[m], 4) for m in ("Hit@1", "Recall@5", "Recall@10", "nDCG@10")},
                "better": sum(v > b for v, b in zip(vals, base_vals, strict=True)),
                "worse": sum(v < b for v, b in zip(vals, base_vals, strict=True)),
                "p": 1.0 if name == "base" else round(randomization_test(base_vals, vals), 4),
            }
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    per_query = {
        name: {p.qid: m[metric] for p, m in zip(prepared, per_q, strict=True)}
        for name, per_q in per_variant.items()
    }
    cpu = sorted(score_cpu)
    timing = {
        "source_scores_cpu_ms_p50": round(cpu[len(cpu) // 2], 3) if cpu else None,
        "source_index_build_cpu_s": round(build_cpu, 3),
        "chunks": len(records),
        "sources": len(src.sources),
    }
    print(json.dumps(timing), flush=True)
    if args.out:
        payload = {
            "dataset": args.dataset,
            "part": args.part,
            "metric": metric,
            "machine": machine(),
            "timing": timing,
            "rows": rows,
            "per_query": per_query,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
