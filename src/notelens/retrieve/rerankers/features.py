"""A learned linear reranker over cheap features (issue #22, seventh round).

Score of a hit = the weights . its :mod:`feature_values` row: the fused score and the
legs' scores, plus what the fusion does not see (local-IDF term coverage, the smallest
window holding the query's terms, query bigrams kept adjacent, the best sentence's
coverage, length). The weights were fitted offline by pairwise logistic regression on
the tuning parts of issue #22's sets only (``benchmarks/feature_rerank_fit.py``;
docs/benchmarks.md, "Precision at the top, seventh round" has the fit and the held-out
check) and are shipped as the constants below, one row for English queries and one for
Korean and mixed ones. The default reranker of hybrid searches since the eighth round
(config.DEFAULT_RERANK).

No model: the searcher binds the index's analyzer (the query's terms) and store (the
hits' stored terms, so no passage is analyzed again at query time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from notelens.analysis.base import Analyzer
from notelens.analysis.lang import detect_lang
from notelens.config import RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.rerankers.feature_values import NAMES, Passage, feature_rows
from notelens.retrieve.translate import translated_terms
from notelens.types import Hit, TokenMatch


class TermRecords(Protocol):
    """What the reranker reads of a store: rows by chunk id, each with its ``terms``."""

    def get(self, chunk_ids: Sequence[str]) -> Sequence[object]: ...


@dataclass(frozen=True, slots=True)
class FeatureWeights:
    """One weight per :data:`~feature_values.NAMES` entry, for each query language."""

    en: tuple[float, ...]
    ko: tuple[float, ...]  # Korean and mixed Korean/English queries

    def __post_init__(self) -> None:
        if len(self.en) != len(NAMES) or len(self.ko) != len(NAMES):
            raise ValueError(f"feature weights need {len(NAMES)} values per language")

    def for_lang(self, lang: str) -> tuple[float, ...]:
        return self.en if lang == "en" else self.ko


# Fitted by benchmarks/feature_rerank_fit.py (pairwise logistic, L2 0.03, both picked by
# 5-fold cross-validation on the tuning parts): the fused score plus the text features;
# the legs' own scores and the fused rank were left at 0 (re-weighting the fusion
# cross-validated worse). docs/benchmarks.md, "Precision at the top, seventh round";
# ``names`` added and all refitted in the ninth round (same protocol). ``asked`` added in
# the fourteenth round with the others kept: the smallest weight at which KorQuAD 1-1000
# reached its best on the replay (1.0; "Precision at the top, fourteenth round"); 0 for
# English queries, for which no tuning set asks a year or a count. ``sentence`` for
# Korean and mixed queries 0.4505 -> 0.7 in the fifteenth round, with the kiwi-parts
# analyzer as the default (a compound's parts are terms of the question and the
# passage now): the smallest weight at which KorQuAD 1-1000 reached its best on the
# replay of kiwi-parts' searches ("Precision at the top, fifteenth round").
WEIGHTS = FeatureWeights(
    en=(1.0, 0.0, 0.0, 0.0, 0.3629, 0.6655, 0.2766, -0.7369, 0.9028, 0.0012, 0.3496, 0.0),
    ko=(1.0, 0.0, 0.0, 0.0, 0.5171, 0.9996, 0.2075, 0.5971, 0.7, -0.2563, 0.2113, 1.0),
)


class FeatureReranker:
    """Weighted sum of cheap per-hit features; ``--explain`` lists the feature values."""

    name = "features"
    languages = None  # weights for English and for Korean/mixed queries
    # Fitted on the hybrid's fused score (z-score units): a single leg's raw BM25 or
    # cosine scores are on other scales, so `--mode bm25/dense` keep their leg's order.
    modes = ("hybrid",)

    def __init__(self, weights: FeatureWeights = WEIGHTS) -> None:
        self.weights = weights
        self._analyzer: Analyzer | None = None
        self._store: TermRecords | None = None

    def bind_analyzer(self, analyzer: object) -> None:
        """The index's analyzer: query terms are compared with the stored ones."""
        self._analyzer = cast(Analyzer, analyzer)

    def bind_store(self, store: object) -> None:
        """The index's store: a hit's analyzed terms are read from its row."""
        self._store = cast(TermRecords, store)

    def _passages(
        self, hits: Sequence[Hit], analyzer: Analyzer, terms: Sequence[str] | None = None
    ) -> list[Passage]:
        stored: dict[str, str] = {}
        if terms is not None:  # the searcher's rows (rerank_terms): no second store read
            stored = {h.chunk_id: t for h, t in zip(hits, terms, strict=True) if t}
        elif self._store is not None:
            for rec in self._store.get([h.chunk_id for h in hits]):
                stored[getattr(rec, "chunk_id", "")] = str(getattr(rec, "terms", ""))
        missing = [h for h in hits if h.chunk_id not in stored]
        if missing:  # no store bound (or a row gone since the search): analyze the text
            for h, terms in zip(
                missing, analyzer.terms_batch([h.text for h in missing]), strict=True
            ):
                stored[h.chunk_id] = " ".join(terms)
        return [Passage(stored[h.chunk_id].split(), h) for h in hits]

    def rows(
        self, query: str, hits: Sequence[Hit], terms: Sequence[str] | None = None
    ) -> list[list[float]]:
        """The feature rows of ``hits`` for ``query`` (what the fit script dumps);
        ``terms``: the hits' stored terms when the caller has the rows (else read)."""
        if self._analyzer is None:
            raise ConfigError(
                "the 'features' reranker needs the index's analyzer",
                hint="use it through a Searcher (it binds the analyzer and store)",
            )
        query_terms = self._analyzer.terms(query)
        return feature_rows(
            query_terms,
            self._passages(hits, self._analyzer, terms),
            query,
            other_forms(self._analyzer, query_terms),
        )

    def _scored(
        self, query: str, hits: Sequence[Hit], terms: Sequence[str] | None = None
    ) -> list[tuple[float, list[float]]]:
        """(score, feature row) per hit; no hits, no analysis."""
        if not hits:
            return []
        weights = self.weights.for_lang(detect_lang(query))
        rows = self.rows(query, hits, terms)
        return [(sum(w * x for w, x in zip(weights, r, strict=True)), r) for r in rows]

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return [score for score, _ in self._scored(query, hits)]

    def rerank_explained(
        self, query: str, hits: Sequence[Hit]
    ) -> list[tuple[float, tuple[TokenMatch, ...]]]:
        return self.rerank_terms(query, hits, None)

    def rerank_terms(
        self, query: str, hits: Sequence[Hit], terms: Sequence[str] | None
    ) -> list[tuple[float, tuple[TokenMatch, ...]]]:
        # The evidence is each feature's value (``passage`` names the feature, ``sim`` its
        # value): cheap, and it says which feature moved the hit.
        return [
            (
                score,
                tuple(
                    TokenMatch("feature", n, round(x, 4)) for n, x in zip(NAMES, row, strict=True)
                ),
            )
            for score, row in self._scored(query, hits, terms)
        ]


def other_forms(analyzer: Analyzer, query_terms: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each query term's other-language spellings (the lexicon's translations the
    hybrid's BM25 leg searches, one term at a time so each keeps its own): a passage
    holding one of them holds the term (feature_values' module docstring)."""
    found = {t: translated_terms(analyzer, [t]) for t in dict.fromkeys(query_terms)}
    return {t: alts for t, alts in found.items() if alts}


def create(config: RerankConfig) -> FeatureReranker:
    return FeatureReranker()
