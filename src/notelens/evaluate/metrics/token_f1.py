"""Token F1 of a predicted answer against gold answers (max over golds).

    P = |common| / |pred tokens|,  R = |common| / |gold tokens|,  F1 = 2PR / (P + R)

``common`` is the multiset intersection. Tokens are SQuAD words for English gold
answers and KorQuAD characters for Korean ones (see
:mod:`notelens.evaluate.metrics.normalize`). Rajpurkar et al., EMNLP 2016; Lim et al.,
"KorQuAD1.0: Korean QA Dataset for Machine Reading Comprehension", 2019.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from notelens.evaluate.metrics.normalize import is_korean, tokens_korquad, tokens_squad


def _f1(pred: list[str], gold: list[str]) -> float:
    if not pred or not gold:
        return float(pred == gold)
    common = sum((Counter(pred) & Counter(gold)).values())
    if common == 0:
        return 0.0
    p = common / len(pred)
    r = common / len(gold)
    return 2 * p * r / (p + r)


def token_f1(
    prediction: str, golds: Sequence[str], *, scheme: Literal["auto", "squad", "korquad"] = "auto"
) -> float:
    """Best F1 over ``golds``. ``scheme``: ``auto`` picks KorQuAD's characters for a gold
    answer with Hangul and SQuAD's words otherwise (mixed note sets); ``korquad`` or
    ``squad`` scores every answer one way, as the official script of that dataset does
    (KorQuAD's "1989" against "1989년" is scored on characters, not as a word miss)."""
    best = 0.0
    for gold in golds:
        if scheme == "auto":
            tok = tokens_korquad if is_korean(gold) else tokens_squad
        else:
            tok = tokens_korquad if scheme == "korquad" else tokens_squad
        best = max(best, _f1(tok(prediction), tok(gold)))
    return best
