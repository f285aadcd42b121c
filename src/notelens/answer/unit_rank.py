"""A learned correction of the unit ranking (issue #15, twenty-second round).

``answer/candidates.py`` :func:`score_units` sums hand-weighted signals into one score per
unit (lexical share, passage prior, the ``UNIT_RULES`` chain, e5's cosine, a neighbour's
share). Twenty rounds of hand rules fitted the sets they were read from; what stays the
largest miss on unread sets is "the wrong unit of the right section". This module weighs
the same signals from data instead: each of the hand order's :attr:`UnitRanker.top` best
units gets a feature vector (:func:`features`: the signals, the rules' contributions, the
unit's kind, its rank and gap to the best; never a word of the question or the note),
and a linear model fitted listwise on the captured sets (``benchmarks/unit_rank_capture.py``
then ``benchmarks/unit_rank_fit.py``) re-orders them. The hand scores of those units are
handed out again in the learned order, so every later stage (CHOICE_STEPS, the refusal
signal) reads the same score values it always read.

A missing or unreadable weights file is no user's error: :func:`shipped_ranker` logs it
and returns ``None``, and the hand order stands.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from notelens.errors import AnswerError

logger = logging.getLogger(__name__)

#: The shipped weights (``benchmarks/unit_rank_fit.py --write`` writes them).
WEIGHTS_PATH = Path(__file__).with_name("unit_rank.json")

#: The unit kinds one-hot (``answer/units.py`` UnitKind less "summary", never quoted).
KINDS: tuple[str, ...] = ("item", "title", "row", "definition", "sentence")

#: The ``UNIT_RULES`` names, in their order (``tests/unit/test_answer_stages.py`` pins
#: that order; a rule added there needs a refit, :func:`read_ranker` says so).
RULES: tuple[str, ...] = (
    "asked_type",
    "row_lookup",
    "end_row",
    "verdict",
    "role_or_label",
    "attribute",
    "type_miss",
    "unit_fit",
    "restates_question",
    "title",
    "anchors",
    "other_member",
    "paths",
    "definition",
    "list_item",
    "announced_list",
    "names",
    "asked_column",
    "focus",
)

#: The feature names, in the order :func:`features` writes them.
FEATURES: tuple[str, ...] = (
    "hand",
    "gap",
    "rank",
    "lexical",
    "lexical_gap",
    "lexical_rank",
    "prior",
    "first_passage",
    "same_passage_as_best",
    "dense",
    "dense_gap",
    "other_language",
    "cross_bonus",
    "neighbour",
    "turns",
    "log_chars",
    *(f"kind:{k}" for k in KINDS),
    *(f"rule:{r}" for r in RULES),
)


class UnitRankerError(AnswerError):
    """The unit ranker's weights file cannot be used (bad JSON, wrong features)."""


@dataclass(frozen=True, slots=True)
class UnitSignals:
    """What :func:`score_units` summed for each unit, by unit index (the recording
    seam's record and the ranker's input)."""

    #: Each unit's passage index.
    passage: tuple[int, ...]
    kind: tuple[str, ...]
    chars: tuple[int, ...]
    lexical: tuple[float, ...]
    #: The share the score used (a unit in the other language: of what it can hold).
    lexical_rank: tuple[float, ...]
    dense: tuple[float, ...]
    other: tuple[bool, ...]
    #: Each ``UNIT_RULES`` rule's contribution (score after minus before), per unit.
    rules: tuple[tuple[float, ...], ...]
    #: The cross-language bonus (W_CROSS's term), the neighbours' lift, and what the
    #: transcript turns (answer/transcript.py) added.
    cross: tuple[float, ...]
    neighbour: tuple[float, ...]
    turns: tuple[float, ...]
    #: The hand score, as ``Scored.cands`` hold it.
    hand: tuple[float, ...]

    def order(self) -> list[int]:
        """The hand order (best first), as ``Scored.order`` is built."""
        return sorted(range(len(self.hand)), key=lambda i: -self.hand[i])


def features(sig: UnitSignals, top: Sequence[int]) -> list[list[float]]:
    """One row of :data:`FEATURES` for each unit of ``top`` (indices, hand order)."""
    if not top:
        return []
    best = top[0]
    best_hand = sig.hand[best]
    best_lex = max(sig.lexical[i] for i in top)
    best_dense = max(sig.dense[i] for i in top)
    rows = []
    for rank, i in enumerate(top):
        hi = sig.passage[i]
        row = [
            sig.hand[i],
            sig.hand[i] - best_hand,
            float(rank),
            sig.lexical[i],
            sig.lexical[i] - best_lex,
            sig.lexical_rank[i],
            1.0 / (1.0 + 0.5 * hi),
            float(hi == 0),
            float(hi == sig.passage[best]),
            sig.dense[i],
            sig.dense[i] - best_dense,
            float(sig.other[i]),
            sig.cross[i],
            sig.neighbour[i],
            sig.turns[i],
            math.log1p(sig.chars[i]),
        ]
        row += [float(sig.kind[i] == k) for k in KINDS]
        rules = sig.rules[i]
        row += list(rules) if len(rules) == len(RULES) else [0.0] * len(RULES)
        rows.append(row)
    return rows


@dataclass(frozen=True, slots=True)
class UnitRanker:
    """A linear model over standardised features; it re-orders the hand order's ``top``
    best units (the rest keep their place below them)."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    top: int

    def score_rows(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [
            sum(
                w * (x - m) / s
                for w, x, m, s in zip(self.weights, r, self.mean, self.std, strict=True)
            )
            for r in rows
        ]

    def reorder(self, sig: UnitSignals) -> list[float]:
        """The hand scores with the ``top`` best units' values handed out again in the
        learned order (the best learned unit gets the best hand score, and so on): the
        score values every later stage reads stay those of the hand order."""
        scores = list(sig.hand)
        order = sig.order()
        top = order[: self.top]
        if len(top) < 2:
            return scores
        learned = self.score_rows(features(sig, top))
        # Ties keep the hand order (a stable sort over the hand-ranked list).
        new = sorted(range(len(top)), key=lambda k: -learned[k])
        values = [sig.hand[i] for i in top]
        for value, k in zip(values, new, strict=True):
            scores[top[k]] = value
        return scores


def read_ranker(path: Path) -> UnitRanker:
    """The ranker a weights file holds; :class:`UnitRankerError` says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnitRankerError(f"unit ranker weights {path}: cannot read ({exc})") from exc
    except ValueError as exc:
        raise UnitRankerError(f"unit ranker weights {path}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("features") != list(FEATURES):
        raise UnitRankerError(
            f"unit ranker weights {path}: its feature list is not this version's"
            " (refit with benchmarks/unit_rank_fit.py)"
        )
    try:
        weights, mean, std = (tuple(float(x) for x in data[k]) for k in ("weights", "mean", "std"))
        top = int(data["top"])
    except (KeyError, TypeError, ValueError) as exc:
        raise UnitRankerError(f"unit ranker weights {path}: bad field ({exc})") from exc
    if not len(weights) == len(mean) == len(std) == len(FEATURES) or min(std) <= 0 or top < 2:
        raise UnitRankerError(f"unit ranker weights {path}: lengths, scales or top do not fit")
    return UnitRanker(weights, mean, std, top)


@lru_cache(maxsize=1)
def shipped_ranker() -> UnitRanker | None:
    """The shipped ranker, read once; ``None`` (the hand order stands) when its file is
    missing or unusable (logged: a packaging fault, not the user's)."""
    try:
        return read_ranker(WEIGHTS_PATH)
    except UnitRankerError as exc:
        logger.warning("%s; answers use the hand unit order", exc)
        return None


__all__ = [
    "FEATURES",
    "KINDS",
    "RULES",
    "WEIGHTS_PATH",
    "UnitRanker",
    "UnitRankerError",
    "UnitSignals",
    "features",
    "read_ranker",
    "shipped_ranker",
]
