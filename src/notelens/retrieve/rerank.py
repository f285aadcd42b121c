"""The rerank seam: after fusion, a :class:`Reranker` may rescore the fused top N.

The searcher hands the reranker the query and the best ``RerankConfig.candidates``
distinct fused hits (text, heading, score, ...; a fixed N, not k, so the top of a list
does not depend on how many results were asked for), sorts them by the scores it
returns (ties keep the fused order) and appends the rest in fused order. The default
is ``features`` (hybrid searches only); ``identity`` returns the fused scores unchanged,
so search behaves as if there were no seam.

A reranker decides the *order* of its top N; the hits' ``score`` stays on the fused
scale (the searcher gives the hit at rank r the r-th best fused score of the head, its
own score goes to ``explanation.rerank_score``): a reranker's scores are on its own
scale (logits, cosines, a feature sum) and cover the head only, and the consumers of
``Hit.score`` (per-note aggregation, ``eval --by doc``, thresholds) min-max or compare
scores across the whole list.

Optional parts of a reranker: ``languages`` (query languages it applies to, e.g.
``("en",)`` for an English cross-encoder; other queries keep the fused order),
``modes`` (search modes it applies to, e.g. ``("hybrid",)`` for weights fitted on the
fused score; the single-leg modes keep their leg's order) and
``rerank_explained`` (scores with token-level evidence for ``--explain``) and
``rerank_terms`` (for a reranker that reads the hits' stored analyzed terms: the
searcher hands over those of the rows it fetched, so the store is not read twice).

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
from notelens.types import Hit, TokenMatch

#: Names that turn reranking off for a call (``--no-rerank``, ``"rerank": "none"``).
NO_RERANK = frozenset({"identity", "none", "off"})


@runtime_checkable
class Reranker(Protocol):
    """Rescores fused hits for a query.

    Contract: returns exactly one finite score per hit, in the order given, higher is
    better; it must not drop or reorder hits itself (the searcher sorts) and must not
    keep references to them. Heavy models load lazily, on the first call.
    """

    name: str

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]: ...


@runtime_checkable
class ExplainingReranker(Protocol):
    """A reranker that also says why: per hit, its score and the token matches behind it."""

    name: str

    def rerank_explained(
        self, query: str, hits: Sequence[Hit]
    ) -> Sequence[tuple[float, Sequence[TokenMatch]]]: ...


@runtime_checkable
class TermsReranker(Protocol):
    """A reranker that reads each hit's stored analyzed terms (the index's ``terms``
    column, in text order): ``terms[i]`` is ``hits[i]``'s, as the searcher fetched the
    row; it returns the score and the evidence per hit."""

    name: str

    def rerank_terms(
        self, query: str, hits: Sequence[Hit], terms: Sequence[str]
    ) -> Sequence[tuple[float, Sequence[TokenMatch]]]: ...


def applies_to(reranker: Reranker, lang: str, mode: str = "hybrid") -> bool:
    """Whether ``reranker`` rescores queries of language ``lang`` searched in ``mode``
    (``languages`` / ``modes`` unset: every language / mode)."""

    def within(attr: str, value: str) -> bool:
        allowed: object = getattr(reranker, attr, None)
        return allowed is None or (
            isinstance(allowed, tuple | list | frozenset) and value in allowed
        )

    return within("languages", lang) and within("modes", mode)


def rerank_with_evidence(
    reranker: Reranker, query: str, hits: Sequence[Hit], terms: Sequence[str] | None = None
) -> list[tuple[float, tuple[TokenMatch, ...]]]:
    """The reranker's scores, with its evidence when it gives any; ``terms`` (the hits'
    stored terms, when the caller has the rows) go to a :class:`TermsReranker`."""
    if terms is not None and isinstance(reranker, TermsReranker):
        if len(terms) != len(hits):
            raise ValueError(f"{len(terms)} term strings for {len(hits)} hits")
        return [(s, tuple(m)) for s, m in reranker.rerank_terms(query, hits, terms)]
    if isinstance(reranker, ExplainingReranker):
        return [(s, tuple(m)) for s, m in reranker.rerank_explained(query, hits)]
    return [(s, ()) for s in reranker.rerank(query, hits)]


class IdentityReranker:
    """Keeps the fused scores (and so the fused order): the default."""

    name = "identity"

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return [h.score for h in hits]


RERANKERS: Registry[Reranker] = Registry("reranker")
RERANKERS.register("identity", lambda config: IdentityReranker())


def _minilm(config: RerankConfig) -> Reranker:
    from notelens.retrieve.rerankers import cross_encoder  # onnxruntime: on first use

    return cross_encoder.create(config)


def _maxsim(config: RerankConfig) -> Reranker:
    from notelens.retrieve.rerankers import maxsim  # torch e5: on first use

    return maxsim.create(config)


def _colbert(config: RerankConfig) -> Reranker:
    from notelens.retrieve.rerankers import colbert  # onnxruntime: on first use

    return colbert.create(config)


def _llm(config: RerankConfig) -> Reranker:
    from notelens.retrieve.rerankers import llm  # xllamacpp and the GGUF: on first query

    return llm.create(config)


def _features(config: RerankConfig) -> Reranker:
    from notelens.retrieve.rerankers import features  # no model; kept with its peers

    return features.create(config)


RERANKERS.register("minilm", _minilm)
RERANKERS.register("maxsim", _maxsim)
RERANKERS.register("colbert", _colbert)
RERANKERS.register("llm", _llm)
RERANKERS.register("features", _features)


def create_reranker(config: RerankConfig | None = None) -> Reranker:
    """The reranker the settings name; unknown names raise ``ConfigError``."""
    config = config or RerankConfig()
    return RERANKERS.create(config.method, config)


__all__ = [
    "NO_RERANK",
    "RERANKERS",
    "ExplainingReranker",
    "IdentityReranker",
    "Reranker",
    "TermsReranker",
    "applies_to",
    "create_reranker",
    "rerank_with_evidence",
]
