"""AutoRAG datasets: a corpus parquet (``doc_id``, ``contents``, ``metadata``) and a QA
parquet (``qid``, ``query``, ``retrieval_gt``, ``generation_gt``).

``PATH`` is a folder holding one ``*corpus*.parquet`` and one ``qa*.parquet`` (as in
../shared/eval/autorag-ko). ``retrieval_gt`` is a list of lists of doc ids (AutoRAG's
AND/OR groups); every id in it is counted relevant. Needs pyarrow (a core dependency).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import Docs, EvalDataset, Qrels


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise DatasetError(
            f"expected exactly one {pattern} file, found {len(found)}", path=str(folder)
        )
    return found[0]


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    out: list[str] = []
    for item in value:
        out.extend(_flatten(item))
    return out


def load_autorag(path: Path) -> EvalDataset:
    import pyarrow.parquet as pq

    if not path.is_dir():
        raise DatasetError(
            "an autorag dataset is a folder with corpus and qa parquet files", path=str(path)
        )
    corpus_file = _one(path, "*corpus*.parquet")
    qa_file = _one(path, "qa*.parquet")
    try:
        corpus = pq.read_table(corpus_file).to_pylist()
        qa = pq.read_table(qa_file).to_pylist()
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise DatasetError(f"cannot read parquet ({exc})", path=str(path)) from exc
    docs: Docs = {}
    for row in corpus:
        if "doc_id" not in row or "contents" not in row:
            raise DatasetError("corpus rows need doc_id and contents", path=str(corpus_file))
        docs[str(row["doc_id"])] = ("", str(row["contents"] or ""))
    queries: dict[str, str] = {}
    qrels: Qrels = {}
    answers: dict[str, list[str]] = {}
    for row in qa:
        if "query" not in row or "retrieval_gt" not in row:
            raise DatasetError("qa rows need query and retrieval_gt", path=str(qa_file))
        qid = str(row.get("qid", len(queries)))
        queries[qid] = str(row["query"])
        qrels[qid] = {d: 1.0 for d in _flatten(row["retrieval_gt"])}
        answers[qid] = _flatten(row.get("generation_gt"))
    return EvalDataset(
        name=path.name,
        format="autorag",
        path=path,
        queries=queries,
        qrels=qrels,
        docs=docs,
        answers=answers,
    )
