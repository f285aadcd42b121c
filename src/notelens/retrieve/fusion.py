"""Fusion of the BM25 and dense result lists: z-score convex combination, or RRF.

**Z-score convex combination** (the default): each list's scores are standardised
over that list (``z = (s - mean) / std``, Montague & Aslam, "Relevance Score
Normalization for Metasearch", CIKM 2001) and combined as ``sum_m w_m * z_m``. An id
missing from a list gets that list's lowest z (it ranked below everything the list
returned). Bruch, Gai & Ingber, "An Analysis of Fusion Functions for Hybrid Retrieval"
(ACM TOIS 2023) show that a convex combination of normalised scores beats RRF once its
one weight is set; here it does on both languages (docs/benchmarks.md): RRF throws the
score gaps away, and a confident BM25 match (Korean) or a clearly closer passage
(English) is exactly what fusion should keep.

**Weighted reciprocal rank fusion**:
Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
individual Rank Learning Methods", SIGIR 2009::

    score(d) = sum_m  w_m / (k + rank_m(d))        rank_m 1-based; absent lists add 0

With all ``w_m = 1`` and ``k = 60`` this is the original RRF. Weights let a weaker
retriever (e5-small on Korean) vote without dragging a stronger one (Kiwi BM25) down.

Fusion lives here, not in a store, so every backend fuses identically. Methods are
looked up by name in :data:`FUSION_METHODS` (``FusionConfig.method``,
``NOTELENS_FUSION``); other packages add methods through the entry point group
``notelens.fusion``. A method is a function ``(legs, weights, config) -> ranked`` where
``legs`` are the retrievers' ``(id, score)`` lists, best first.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any, Protocol, TypeVar, cast

from notelens.config import FusionConfig
from notelens.registry import Registry

K = TypeVar("K", bound=Hashable)

Ranked = list[tuple[Any, float]]


class FusionMethod(Protocol):
    """Fuses scored legs (one ``(id, score)`` list per retriever, best first, higher
    score better) with one weight per leg into one ``(id, score)`` list, best first."""

    def __call__(
        self,
        legs: Sequence[Sequence[tuple[Any, float]]],
        weights: Sequence[float],
        config: FusionConfig,
    ) -> Ranked: ...


FUSION_METHODS: Registry[Ranked] = Registry("fusion", label="fusion method")


def fuse(
    method: str,
    legs: Sequence[Sequence[tuple[K, float]]],
    weights: Sequence[float],
    config: FusionConfig | None = None,
) -> list[tuple[K, float]]:
    """Fuse ``legs`` by the method registered as ``method`` (``zscore``, ``rrf``);
    ``config`` carries the method's parameters (RRF's ``k``)."""
    fused = FUSION_METHODS.create(method, legs, weights, config or FusionConfig(method=method))
    return cast(list[tuple[K, float]], fused)


#: The id that stands for "every passage this leg does not hold" (:func:`floored`); the
#: searcher drops it from the fused list.
ABSENT = "\x00absent"

FLOORS = ("off", "one", "pool", "single")


def floored(
    leg: Sequence[tuple[K, float]], others: Sequence[tuple[K, float]], how: str
) -> list[tuple[Any, float]]:
    """An *exhaustive* BM25 leg (shorter than the pool asked for: it holds every passage
    that shares a term with the query) with the score the passages it lacks really have
    there, 0, so that fusion normalises it against them.

    Without it z-score fusion gives a missing passage the leg's lowest z, which is that
    of the leg's own last passage: in a two-passage leg (an acronym written in two notes,
    "PRM이 뭐야?") the second passage, holding the asked term, counts no more than any
    passage without it, and a dense near-miss passes it. ``how``: ``one`` appends one
    :data:`ABSENT` entry at 0 (the missing passages as one point: a short leg's passages
    rise well above them, a long leg's scale barely moves); ``pool`` appends every
    passage of ``others`` the leg lacks at 0 (each counted: many missing passages pull
    the mean down, and the leg's passages further up); ``single``: as ``one``, for a
    leg of one passage only (the one passage that holds a query term at all, which
    z-score fusion otherwise ignores: a one-score list has no spread, z = 0; a longer
    leg is left as it is); ``off``: the leg unchanged.
    An empty leg stays empty (no term matched anywhere: it orders nothing)."""
    if how not in FLOORS:
        raise ValueError(f"unknown absent floor {how!r} (one of {', '.join(FLOORS)})")
    out: list[tuple[Any, float]] = list(leg)
    if how == "off" or not out:
        return out
    if how == "one" or (how == "single" and len(out) == 1):
        return [*out, (ABSENT, 0.0)]
    if how == "single":
        return out
    have = {item for item, _ in out}
    return out + [(item, 0.0) for item, _ in others if item not in have]


def weighted_rrf(
    rankings: Sequence[Sequence[K]], weights: Sequence[float], k: int = 60
) -> list[tuple[K, float]]:
    """Fuse ranked lists of ids; returns ``(id, score)`` best first.

    Ties are broken by the best single rank an id reached, then by first appearance,
    so the output is deterministic for deterministic inputs.
    """
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking is required")
    if k <= 0:
        raise ValueError("k must be positive")
    scores: dict[K, float] = {}
    best: dict[K, int] = {}
    order: dict[K, int] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        seen: set[K] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:  # a list may not vote twice for one id
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
            best[item] = min(best.get(item, rank), rank)
            order.setdefault(item, len(order))
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], order[kv[0]]))


def zscore_fusion(
    results: Sequence[Sequence[tuple[K, float]]], weights: Sequence[float]
) -> list[tuple[K, float]]:
    """Fuse scored lists (``(id, score)``, higher is better); returns ``(id, score)`` best first.

    A list with one entry, or whose scores are all equal, contributes z = 0 to its ids
    (it says nothing about their order). Ties are broken as in :func:`weighted_rrf`.
    """
    if len(results) != len(weights):
        raise ValueError("one weight per result list is required")
    base = 0.0  # what every id gets from the lists it is absent from, at their floor
    adds: list[tuple[dict[K, float], float]] = []
    best: dict[K, int] = {}
    order: dict[K, int] = {}
    for result, w in zip(results, weights, strict=True):
        first: dict[K, float] = {}
        for rank, (item, score) in enumerate(result, start=1):
            if item in first or not math.isfinite(score):
                continue  # a list may not vote twice for one id
            first[item] = score
            if item not in order:
                order[item] = len(order)
                best[item] = rank
            elif rank < best[item]:
                best[item] = rank
        if not first:
            continue
        values = list(first.values())
        mean = math.fsum(values) / len(values)
        std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
        if std <= 1e-12:
            continue  # all z = 0: adds nothing to any id
        lo = min(values)
        base += w * (lo - mean) / std  # w * (the list's lowest z)
        # z - lowest z = (score - lo) / std: what a present id adds above the floor.
        adds.append(({item: v - lo for item, v in first.items()}, w / std))
    scores = dict.fromkeys(order, base)
    for diffs, scale in adds:
        for item, d in diffs.items():
            scores[item] += scale * d
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], order[kv[0]]))


def dbsf_fusion(
    results: Sequence[Sequence[tuple[K, float]]], weights: Sequence[float]
) -> list[tuple[K, float]]:
    """Distribution-based score fusion (Qdrant's DBSF): each list's scores mapped to
    [0, 1] over ``mean +- 3 std`` (clipped), weighted and summed; absent ids add 0.
    Ties are broken as in :func:`weighted_rrf`."""
    if len(results) != len(weights):
        raise ValueError("one weight per result list is required")
    scores: dict[K, float] = {}
    best: dict[K, int] = {}
    order: dict[K, int] = {}
    for result, w in zip(results, weights, strict=True):
        first: dict[K, float] = {}
        for rank, (item, score) in enumerate(result, start=1):
            if item in first or not math.isfinite(score):
                continue
            first[item] = score
            order.setdefault(item, len(order))
            best[item] = min(best.get(item, rank), rank)
            scores.setdefault(item, 0.0)
        if not first:
            continue
        values = list(first.values())
        mean = math.fsum(values) / len(values)
        std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
        lo, span = mean - 3 * std, 6 * std
        for item, v in first.items():
            norm = 0.5 if span <= 1e-12 else min(1.0, max(0.0, (v - lo) / span))
            scores[item] += w * norm
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], order[kv[0]]))


@FUSION_METHODS.register("dbsf")
def _dbsf(
    legs: Sequence[Sequence[tuple[K, float]]], weights: Sequence[float], config: FusionConfig
) -> list[tuple[K, float]]:
    return dbsf_fusion(legs, weights)


@FUSION_METHODS.register("zscore")
def _zscore(
    legs: Sequence[Sequence[tuple[K, float]]], weights: Sequence[float], config: FusionConfig
) -> list[tuple[K, float]]:
    return zscore_fusion(legs, weights)


@FUSION_METHODS.register("rrf")
def _rrf(
    legs: Sequence[Sequence[tuple[K, float]]], weights: Sequence[float], config: FusionConfig
) -> list[tuple[K, float]]:
    return weighted_rrf([[item for item, _ in leg] for leg in legs], weights, k=config.k)
