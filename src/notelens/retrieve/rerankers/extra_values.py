"""Candidate feature columns (issue #22, eleventh round; experimental)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import combinations

from notelens.analysis.sentences import split_sentences

_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
HANGUL_WORD = re.compile(r"[가-힣]+")


def _positions(tokens: Sequence[str], wanted: set[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t in wanted:
            out.setdefault(t, []).append(i)
    return out


def _min_gap(a: list[int], b: list[int]) -> int:
    i = j = 0
    best = 1 << 30
    while i < len(a) and j < len(b):
        best = min(best, abs(a[i] - b[j]))
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best


def pair_proximity(tokens: Sequence[str], terms: Sequence[str], idf: dict[str, float]) -> float:
    """BM25TP-style: sum over query term pairs of idf_a*idf_b / gap^2, over the same sum
    with every pair adjacent."""
    pairs = list(combinations(terms, 2))
    total = sum(idf[a] * idf[b] for a, b in pairs)
    if total <= 0:
        return 0.0
    pos = _positions(tokens, set(terms))
    got = 0.0
    for a, b in pairs:
        if a in pos and b in pos:
            gap = _min_gap(pos[a], pos[b])
            got += idf[a] * idf[b] / max(gap, 1) ** 2
    return min(1.0, got / total)


def _bigrams(text: str, word: re.Pattern[str] = _WORD) -> set[str]:
    out: set[str] = set()
    for w in word.findall(text.lower()):
        out.update(w[i : i + 2] for i in range(len(w) - 1))
    return out


def char_bigram_sentence(
    query: str, texts: Sequence[str], word: re.Pattern[str] = _WORD
) -> list[float]:
    """Per text: the best sentence's share of the query's character bigrams (within
    words), each weighed by a local IDF over the texts."""
    qb = _bigrams(query, word)
    if not qb:
        return [0.0] * len(texts)
    sents = [[_bigrams(s) for s in split_sentences(t)] for t in texts]
    whole = [set().union(*s) if s else set() for s in sents]
    n = len(texts)
    idf = {b: math.log((n + 1) / (sum(b in w for w in whole) + 0.5)) for b in qb}
    total = sum(idf.values())
    out = []
    for ss in sents:
        best = 0.0
        for s in ss:
            best = max(best, sum(idf[b] for b in qb & s))
        out.append(best / total if total > 0 else 0.0)
    return out


def translated_share(translated: Sequence[str], bags: Sequence[set[str]]) -> list[float]:
    """Per passage: the share of the translations' local-IDF weight its terms hold."""
    if not translated:
        return [0.0] * len(bags)
    n = len(bags)
    idf = {t: math.log((n + 1) / (sum(t in b for b in bags) + 0.5)) for t in translated}
    total = sum(idf.values())
    return [sum(idf[t] for t in translated if t in b) / total if total > 0 else 0.0 for b in bags]
