"""Hangul character bigrams: an analyzer-independent second leg inside the BM25 field.

A morphological analyzer can split an unknown compound differently in a query and in a
document (``파인튜닝`` vs 파인 + 튜닝); overlapping character bigrams of each Hangul run
match whatever the split. They are emitted with a ``~`` prefix so that BM25 keeps their
document frequencies apart from the morpheme terms (``~학습`` is not the noun 학습).
"""

from __future__ import annotations

import re

_HANGUL_RUN_RE = re.compile(r"[\uac00-\ud7a3]+")

#: Prefix of a bigram term; never produced by the morpheme rules (no symbols kept).
BIGRAM_PREFIX = "~"


def hangul_bigrams(text: str) -> list[str]:
    """``~``-prefixed character bigrams of every Hangul run of ``text``, in text order.

    A run of one syllable gives no bigram (a single syllable is mostly a particle or a
    dependent noun); a run of two gives itself.
    """
    out: list[str] = []
    for m in _HANGUL_RUN_RE.finditer(text):
        run = m.group()
        out.extend(BIGRAM_PREFIX + run[i : i + 2] for i in range(len(run) - 1))
    return out


__all__ = ["BIGRAM_PREFIX", "hangul_bigrams"]
