"""SQuAD / KorQuAD JSON (``{"data": [{"title", "paragraphs": [{"context", "qas"}]}]}``).

Each paragraph is one document (id ``a{article}p{paragraph}``), titled with its
article's title; a question's one relevant document is its paragraph and its gold
answers are the answer spans. Rajpurkar et al., EMNLP 2016; Lim et al., 2019.
"""

from __future__ import annotations

import json
from pathlib import Path

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import Docs, EvalDataset, Qrels


def load_squad(path: Path) -> EvalDataset:
    if not path.is_file():
        raise DatasetError("SQuAD JSON file not found", path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DatasetError(
            "not SQuAD JSON (expected a top-level 'data' list)", path=str(path)
        ) from exc
    docs: Docs = {}
    queries: dict[str, str] = {}
    qrels: Qrels = {}
    answers: dict[str, list[str]] = {}
    try:
        for a, article in enumerate(data):
            for p, para in enumerate(article["paragraphs"]):
                did = f"a{a:03d}p{p:03d}"
                docs[did] = (str(article.get("title", "")), str(para["context"]))
                for qa in para["qas"]:
                    if qa.get("is_impossible"):
                        continue
                    qid = str(qa["id"])
                    queries[qid] = str(qa["question"])
                    qrels[qid] = {did: 1.0}
                    golds = [str(x["text"]) for x in qa.get("answers", [])]
                    answers[qid] = list(dict.fromkeys(golds))
    except (KeyError, TypeError) as exc:
        raise DatasetError(f"malformed SQuAD entry (missing {exc})", path=str(path)) from exc
    if not queries:
        raise DatasetError("no answerable questions", path=str(path))
    return EvalDataset(
        name=path.stem,
        format="squad",
        path=path,
        queries=queries,
        qrels=qrels,
        docs=docs,
        answers=answers,
    )
