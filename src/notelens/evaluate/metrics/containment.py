"""Gold-answer containment: does the (long, generative) answer contain a gold answer?

    Containment = max over gold g of [ normalise(g) is a substring of normalise(answer) ]

EM and token F1 punish a correct answer wrapped in a sentence; containment is the usual
lenient check for generated answers (the "answer recall" / "has_answer" test of DPR,
Karpukhin et al., EMNLP 2020). Normalisation as in exact match.
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.evaluate.metrics.normalize import is_korean, normalize_korquad, normalize_squad


def contains_gold(answer: str, golds: Sequence[str]) -> float:
    for gold in golds:
        norm = normalize_korquad if is_korean(gold) else normalize_squad
        g = norm(gold)
        if g and g in norm(answer):
            return 1.0
    return 0.0
