"""Document-level evidence inside a chunk list: a chunk gains a share of its note's other
chunks' scores (``--rerank siblings``).

A note that answers a question in two or three places outranks one that mentions its
words once, the way ``search --by note`` and ``eval --by doc`` rank notes, while the result
stays one row per chunk. No model: the fused scores of the reranker's top N are
min-max normalised and summed per :func:`notelens.retrieve.aggregate.sibling_scores`
(the measured :class:`~notelens.retrieve.aggregate.DocScoring` default: best + 0.1 x the
next two). Measured in docs/benchmarks.md, "Precision at the top, fifth round".
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.config import RerankConfig
from notelens.retrieve.aggregate import DocScoring, sibling_scores
from notelens.types import Hit


class SiblingReranker:
    """The fused score plus a share of the same note's other chunks (within the top N)."""

    name = "siblings"

    def __init__(self, scoring: DocScoring = DocScoring()) -> None:
        self.scoring = scoring

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return sibling_scores([(h.source, h.score) for h in hits], self.scoring)


def create(config: RerankConfig) -> SiblingReranker:
    return SiblingReranker()
