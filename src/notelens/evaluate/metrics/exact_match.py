"""Exact match (EM) of a predicted answer against gold answers.

    EM = max over gold g of [ normalise(prediction) == normalise(g) ]

Normalisation is SQuAD's for English and KorQuAD's for Korean gold answers (see
:mod:`notelens.evaluate.metrics.normalize`). Rajpurkar et al., "SQuAD: 100,000+
Questions for Machine Comprehension of Text", EMNLP 2016.
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.evaluate.metrics.normalize import is_korean, normalize_korquad, normalize_squad


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    best = 0.0
    for gold in golds:
        norm = normalize_korquad if is_korean(gold) else normalize_squad
        if norm(prediction) == norm(gold):
            best = 1.0
    return best
