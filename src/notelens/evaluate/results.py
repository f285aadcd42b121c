"""Result objects of an evaluation run and their JSON form (``notelens eval --json``).

The JSON is also the input of ``notelens eval compare`` and of the HTML report, so
``EvalResult.from_dict(r.to_dict())`` round-trips.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from notelens.errors import DatasetError


@dataclass(slots=True)
class Passage:
    """One retrieved passage as shown in reports: its document, whether it is relevant."""

    doc: str
    relevant: bool
    text: str
    source: str = ""


@dataclass(slots=True)
class QueryResult:
    """One query under one mode: its metrics, the ranked document ids, the top passages."""

    qid: str
    query: str
    metrics: dict[str, float]
    retrieved: list[str]
    relevant: list[str]
    passages: list[Passage] = field(default_factory=list)
    latency_ms: float | None = None
    error: str = ""  # why the query returned nothing (e.g. refused by a guard policy)


@dataclass(slots=True)
class ModeResult:
    """All queries under one retrieval mode (or one system of a trec run)."""

    mode: str
    metrics: dict[str, float]
    queries: list[QueryResult]
    seconds: float = 0.0
    p50_ms: float | None = None
    p95_ms: float | None = None

    @property
    def qps(self) -> float | None:
        return len(self.queries) / self.seconds if self.seconds > 0 else None

    def per_query(self, metric: str) -> dict[str, float]:
        return {q.qid: q.metrics[metric] for q in self.queries if metric in q.metrics}


@dataclass(slots=True)
class AnswerRow:
    qid: str
    question: str
    answer: str
    gold: list[str]
    refused: bool
    exact_match: float
    token_f1: float
    contains_gold: float
    citation_precision: float | None
    cited: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # the question's class, lang
    # The cited passages' text (cut), for judges (``eval --judge``); older runs have none.
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AnswerResult:
    metrics: dict[str, float]
    rows: list[AnswerRow]
    seconds: float = 0.0
    # field -> value -> metrics (+ "n"): answers broken down by a question field
    by_field: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)


@dataclass(slots=True)
class EvalResult:
    """A whole ``notelens eval`` run."""

    dataset: dict[str, Any]
    ks: list[int]
    depth: int
    modes: dict[str, ModeResult]
    index: dict[str, Any] = field(default_factory=dict)
    answers: AnswerResult | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "ks": self.ks,
            "depth": self.depth,
            "index": self.index,
            "settings": self.settings,
            "created": self.created,
            "metrics": {m: r.metrics for m, r in self.modes.items()},
            "speed": {
                m: {"seconds": r.seconds, "qps": r.qps, "p50_ms": r.p50_ms, "p95_ms": r.p95_ms}
                for m, r in self.modes.items()
            },
            "per_query": {m: [asdict(q) for q in r.queries] for m, r in self.modes.items()},
            "answers": asdict(self.answers) if self.answers else None,
        }
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvalResult:
        modes: dict[str, ModeResult] = {}
        for mode, rows in data["per_query"].items():
            queries = [
                QueryResult(**{**q, "passages": [Passage(**p) for p in q.get("passages", [])]})
                for q in rows
            ]
            speed = data.get("speed", {}).get(mode, {})
            modes[mode] = ModeResult(
                mode=mode,
                metrics=data["metrics"][mode],
                queries=queries,
                seconds=speed.get("seconds") or 0.0,
                p50_ms=speed.get("p50_ms"),
                p95_ms=speed.get("p95_ms"),
            )
        answers = None
        if data.get("answers"):
            a = data["answers"]
            answers = AnswerResult(
                metrics=a["metrics"],
                rows=[AnswerRow(**r) for r in a["rows"]],
                seconds=a.get("seconds", 0.0),
                by_field=a.get("by_field", {}),
            )
        return cls(
            dataset=data["dataset"],
            ks=list(data["ks"]),
            depth=int(data["depth"]),
            modes=modes,
            index=data.get("index", {}),
            answers=answers,
            settings=data.get("settings", {}),
            created=data.get("created", ""),
        )

    @classmethod
    def load(cls, path: Path) -> EvalResult:
        """Read a result written by ``notelens eval --json`` (or ``--save``)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_dict(data)
        except FileNotFoundError:
            raise DatasetError("result file not found", path=str(path)) from None
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DatasetError(
                f"not a notelens eval result ({type(exc).__name__}: {exc})",
                path=str(path),
                hint="write one with `notelens eval ... --json > run.json`",
            ) from exc
