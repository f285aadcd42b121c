"""The rerank seam: after fusion, a :class:`Reranker` may rescore the fused top N.

The searcher hands the reranker the query and the best ``max(k, RerankConfig.candidates)``
fused hits (text, heading, score, ...) and sorts them by the scores it returns; ties
keep the fused order. The default, ``identity``, returns the fused scores unchanged, so
search behaves as if there were no seam.

Adding a reranker (a cross-encoder, an LLM judge): a module with a class that satisfies
:class:`Reranker`, one ``RERANKERS.register("name", factory)`` line (or an entry point in
the group ``notelens.reranker`` of another package), and its tests; select it with
``Settings(rerank=RerankConfig(method="name", candidates=50))`` or ``NOTELENS_RERANK``.
Factories take the :class:`~notelens.config.RerankConfig`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from notelens.config import RerankConfig
from notelens.registry import Registry
from notelens.types import Hit


@runtime_checkable
class Reranker(Protocol):
    """Rescores fused hits for a query.

    Contract: returns exactly one finite score per hit, in the order given, higher is
    better; it must not drop or reorder hits itself (the searcher sorts) and must not
    keep references to them. Heavy models load lazily, on the first call.
    """

    name: str

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]: ...


class IdentityReranker:
    """Keeps the fused scores (and so the fused order): the default."""

    name = "identity"

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return [h.score for h in hits]


RERANKERS: Registry[Reranker] = Registry("reranker")
RERANKERS.register("identity", lambda config: IdentityReranker())


def create_reranker(config: RerankConfig | None = None) -> Reranker:
    """The reranker the settings name; unknown names raise ``ConfigError``."""
    config = config or RerankConfig()
    return RERANKERS.create(config.method, config)


__all__ = ["RERANKERS", "IdentityReranker", "Reranker", "create_reranker"]
