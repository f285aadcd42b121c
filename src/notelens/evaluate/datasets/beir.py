"""BEIR folders: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/{test,dev,train}.tsv``.

Thakur et al., "BEIR: A Heterogeneous Benchmark for Zero-shot Evaluation of Information
Retrieval Models", NeurIPS 2021 datasets track. Only queries with a relevant document in
the chosen qrels are kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import Docs, EvalDataset, Qrels
from notelens.evaluate.datasets.trec import read_tsv_qrels


def load_beir(path: Path, qrels_file: Path | None = None) -> EvalDataset:
    corpus = path / "corpus.jsonl"
    queries_file = path / "queries.jsonl"
    for f in (corpus, queries_file):
        if not f.is_file():
            raise DatasetError("a BEIR folder needs corpus.jsonl and queries.jsonl", path=str(f))
    if qrels_file is None:
        for split in ("test", "dev", "train"):
            candidate = path / "qrels" / f"{split}.tsv"
            if candidate.is_file():
                qrels_file = candidate
                break
        else:
            raise DatasetError(
                "no qrels/test.tsv, dev.tsv or train.tsv", path=str(path), hint="pass --qrels FILE"
            )
    qrels: Qrels = read_tsv_qrels(qrels_file)
    docs: Docs = {}
    for n, line in enumerate(_lines(corpus), start=1):
        d = _json(line, corpus, n)
        docs[str(d["_id"])] = (str(d.get("title") or ""), str(d.get("text") or ""))
    queries: dict[str, str] = {}
    for n, line in enumerate(_lines(queries_file), start=1):
        q = _json(line, queries_file, n)
        qid = str(q["_id"])
        if any(r > 0 for r in qrels.get(qid, {}).values()):
            queries[qid] = str(q["text"])
    if not queries:
        raise DatasetError("no query has a relevant document in the qrels", path=str(qrels_file))
    return EvalDataset(
        name=f"{path.name} ({qrels_file.stem})",
        format="beir",
        path=path,
        queries=queries,
        qrels=qrels,
        docs=docs,
    )


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _json(line: str, path: Path, n: int) -> dict[str, object]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"line {n} is not JSON ({exc.msg})", path=str(path)) from exc
    if not isinstance(obj, dict) or "_id" not in obj:
        raise DatasetError(f"line {n} has no _id", path=str(path))
    return obj
