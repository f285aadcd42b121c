"""The unit scorer's signals per unit, as the recording seam hands them out (issue #15,
twenty-second round).

``answer/candidates.py`` :func:`score_units` sums hand-weighted signals into one score per
unit (lexical share, passage prior, the ``UNIT_RULES`` chain, e5's cosine, a neighbour's
share). ``benchmarks/unit_rank_capture.py`` records them through the scorer's
``recording`` seam (:class:`UnitSignals`), and ``benchmarks/unit_rank_fit.py`` fits a
linear correction of the hand order's top units over :func:`features` (the signals, the
rules' contributions, the unit's kind, its rank and gap to the best; never a word of the
question or the note) and judges it leave-one-set-out. The correction did not transfer
to the sets it was not fitted on (docs/benchmarks.md, "A learned correction to the unit
ranking, twenty-second round"), so no learned model is shipped: this module is the
capture's contract, kept so the study can be rerun when the signals change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The unit kinds one-hot (``answer/units.py`` UnitKind less "summary", never quoted).
KINDS: tuple[str, ...] = ("item", "title", "row", "definition", "sentence")

#: The ``UNIT_RULES`` names, in their order (``tests/unit/test_answer_stages.py`` pins
#: that order; ``tests/unit/test_answer_unit_signals.py`` checks the two agree).
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
    "asked_language",
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


@dataclass(frozen=True, slots=True)
class UnitSignals:
    """What :func:`score_units` summed for each unit, by unit index (the recording
    seam's record)."""

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


__all__ = ["FEATURES", "KINDS", "RULES", "UnitSignals", "features"]
