"""The guard seam: what a check returns and what a policy does with it.

A :class:`Guard` looks at a piece of text and returns :class:`Finding` s with spans
into *that* text; it never changes it. What happens next (nothing, a flag, a
redacted copy, a refusal) is decided by a :class:`Policy` in
:mod:`notelens.guard.pipeline`, per checkpoint and per category.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, Protocol, runtime_checkable

Category = Literal["pii", "injection"]
Checkpoint = Literal["ingest", "query", "answer"]
CHECKPOINTS: tuple[Checkpoint, ...] = ("ingest", "query", "answer")

#: Bump when rules or thresholds change what is flagged; stored per index so that an
#: index flagged by another guard version is re-flagged on the next ``notelens index``.
GUARD_VERSION = "g2"  # g2: titles and headings flagged, full-width digits


class Policy(StrEnum):
    """What a checkpoint does with findings of one category."""

    OFF = "off"  # do not even look
    FLAG = "flag"  # report (chunk flags, JSON findings), change nothing
    REDACT = "redact"  # flag, and mask high-risk spans in what is shown (never in storage)
    BLOCK = "block"  # refuse: a query raises GuardError, an answer is withheld


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a guard noticed.

    ``kind`` is ``category:name`` (``pii:rrn``, ``injection:override``); ``span`` is a
    half-open ``(start, end)`` range of characters in the checked text; ``score`` is in
    [0, 1]; ``source`` names the rule id or model that fired; ``high_risk`` marks PII
    that the default policy redacts.
    """

    kind: str
    category: Category
    span: tuple[int, int]
    score: float
    source: str
    text: str
    high_risk: bool = False
    detail: str = ""

    @property
    def name(self) -> str:
        return self.kind.split(":", 1)[1] if ":" in self.kind else self.kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "category": self.category,
            "span": [self.span[0], self.span[1]],
            "score": round(self.score, 4),
            "source": self.source,
            "text": self.text,
            "high_risk": self.high_risk,
            "detail": self.detail,
        }


@runtime_checkable
class Guard(Protocol):
    """A detector. ``check`` must be pure (same text, same findings) and thread-safe."""

    name: str
    category: Category

    def check(self, text: str) -> list[Finding]: ...


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Sorted by span, keeping the best-scoring finding per (kind, span) and dropping
    a finding whose span lies inside a higher-scoring one of the same category."""
    best: dict[tuple[str, int, int], Finding] = {}
    for f in findings:
        key = (f.kind, f.span[0], f.span[1])
        if key not in best or f.score > best[key].score:
            best[key] = f
    ordered = sorted(best.values(), key=lambda f: (f.span[0], -(f.span[1] - f.span[0]), -f.score))
    out: list[Finding] = []
    for f in ordered:
        if any(
            o.category == f.category
            and o.category == "pii"
            and o.span[0] <= f.span[0]
            and f.span[1] <= o.span[1]
            and o.score >= f.score
            for o in out
        ):
            continue
        out.append(f)
    return out
