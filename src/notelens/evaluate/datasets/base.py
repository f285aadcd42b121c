"""The in-memory form every dataset loader returns, and the ``FORMAT:PATH`` parser."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

Docs = dict[str, tuple[str, str]]  # doc id -> (title, text)
Qrels = dict[str, dict[str, float]]  # query id -> doc id -> graded relevance (> 0 relevant)


@dataclass(slots=True)
class EvalDataset:
    """A question set with its judgments, and the corpus when notelens must index it.

    ``docs`` is None for ``notes`` (the user's own index is searched) and ``trec``
    (the runs are given). ``relevant`` holds a ``notes`` set's specs per query: a
    source path or a quote that must appear in a relevant chunk; ``runs`` holds a
    ``trec`` set's runs per system tag. ``fields`` holds a query's own labels (a
    ``notes`` set's ``class`` and ``lang``), by which answer metrics can be broken down.
    """

    name: str
    format: str
    path: Path
    queries: dict[str, str]
    qrels: Qrels
    docs: Docs | None = None
    answers: dict[str, list[str]] = field(default_factory=dict)
    relevant: dict[str, list[str]] = field(default_factory=dict)
    runs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)

    def limit(self, n: int | None) -> EvalDataset:
        """Keep the first ``n`` queries (the corpus stays whole, so scores stay comparable)."""
        if not n or n >= len(self.queries):
            return self
        keep = list(self.queries)[:n]
        self.queries = {q: self.queries[q] for q in keep}
        return self

    def content_hash(self) -> str:
        """SHA-256 of the corpus (ids, titles, texts): the key of its cached index."""
        h = hashlib.sha256()
        for did in sorted(self.docs or {}):
            title, text = (self.docs or {})[did]
            h.update(json.dumps([did, title, text], ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()

    def summary(self) -> dict[str, object]:
        return {
            "name": self.name,
            "format": self.format,
            "path": str(self.path),
            "docs": len(self.docs) if self.docs is not None else None,
            "queries": len(self.queries),
            "judged": sum(1 for q in self.queries if self.qrels.get(q)),
            "with_answers": sum(1 for q in self.queries if self.answers.get(q)),
        }
