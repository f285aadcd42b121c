"""``notes`` question sets over an already indexed notes folder (JSONL).

One object per line: ``{"question": str, "relevant": [str, ...], "answer": str}``
(``query`` is accepted for ``question``; ``answer`` may be a list; other keys are
kept out of scoring, and short string ones such as ``class`` and ``lang`` are kept
as the query's fields, by which the report breaks answer metrics down). Each
relevant entry is a *source path* (absolute, or relative and matched as a path
suffix: ``papers/lora.md``) or a *quote* that must appear in a relevant chunk
(whitespace and case are ignored). Each entry is one relevant unit: Recall@k is
the share of entries found in the top k.
"""

from __future__ import annotations

import json
from pathlib import Path

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import EvalDataset

_KNOWN = frozenset({"id", "question", "query", "relevant", "answer"})
_MAX_FIELD = 40  # a label (a class, a language), not a passage


def load_notes(path: Path) -> EvalDataset:
    if not path.is_file():
        raise DatasetError("question set not found", path=str(path))
    queries: dict[str, str] = {}
    relevant: dict[str, list[str]] = {}
    answers: dict[str, list[str]] = {}
    fields: dict[str, dict[str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"line {n} is not JSON ({exc.msg})", path=str(path)) from exc
        question = obj.get("question", obj.get("query")) if isinstance(obj, dict) else None
        rel = obj.get("relevant") if isinstance(obj, dict) else None
        if not isinstance(question, str) or not question.strip():
            raise DatasetError(f"line {n} has no question", path=str(path))
        if not isinstance(rel, list) or not rel or not all(isinstance(r, str) for r in rel):
            raise DatasetError(
                f"line {n}: 'relevant' must be a non-empty list of paths or quotes",
                path=str(path),
            )
        qid = str(obj.get("id", f"q{n}"))
        queries[qid] = question
        relevant[qid] = list(rel)
        ans = obj.get("answer")
        if isinstance(ans, str) and ans:
            answers[qid] = [ans]
        elif isinstance(ans, list):
            answers[qid] = [str(a) for a in ans if a]
        labels = {
            k: v
            for k, v in obj.items()
            if k not in _KNOWN and isinstance(v, str) and 0 < len(v) <= _MAX_FIELD
        }
        if labels:
            fields[qid] = labels
    if not queries:
        raise DatasetError("the question set is empty", path=str(path))
    qrels = {q: {f"rel:{i}": 1.0 for i in range(len(r))} for q, r in relevant.items()}
    return EvalDataset(
        name=path.stem,
        format="notes",
        path=path,
        queries=queries,
        qrels=qrels,
        answers=answers,
        relevant=relevant,
        fields=fields,
    )
