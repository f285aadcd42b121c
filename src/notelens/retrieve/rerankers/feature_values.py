"""The cheap per-hit features the ``features`` reranker weighs (issue #22, seventh round).

Each describes something the fusion does not see: BM25 scores a bag of terms and e5 a
pooled vector, so neither knows whether the query's terms stand *together* (one sentence,
one window, in the query's order) in a passage. SQuAD-style questions paraphrase one
sentence of the answering paragraph, and the paragraph beside it in the same article
often holds the same words spread out; a note naming the same entity holds the name but
not the rest of the question.

Term weights are a *local* IDF over the N candidates (a term every candidate holds tells
them apart no better than none does), so no store statistics are needed. Passage terms
are the analyzed terms the store keeps (in text order), so the analyzer runs on the
query only; sentences are matched on the raw text (a term as a case-folded substring of
the sentence: Kiwi's terms are morphemes and stems, which stand in the text as written).

A query term may come with its *spellings* in the other language (``forms``: the
lexicon's translations the BM25 leg already searches, retrieve/translate.py): a passage
holding one of them holds the term. Notes mix the languages, and a Korean question
over an English paragraph ("토큰" / "tokens") otherwise scored 0 on every text feature
against a Korean passage that merely names the same paper (docs/benchmarks.md,
"Precision at the top, thirteenth round").

A question asking a year, a date or a count (asked_kind.py) also gets ``asked``: the best
sentence share among the sentences that hold a token of that kind, so of two paragraphs of
one article holding the question's words, the one whose matching sentence holds the asked
year or count is told apart (the fourteenth round).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from notelens.analysis.sentences import split_sentences
from notelens.retrieve.rerankers.asked_kind import asked_pattern, holds_asked
from notelens.retrieve.rerankers.query_names import name_share, query_names
from notelens.types import Hit

#: The feature names, in the order of a row (and of the weights).
NAMES = (
    "fused",  # fused score minus the list's best (z-score units)
    "fused_rank",  # -log of the fused rank
    "bm25",  # BM25 score / the list's best (0 when the BM25 leg did not find it)
    "dense",  # dense cosine minus the list's best (the list's worst when dense missed it)
    "coverage",  # share of the query's local-IDF weight the passage's terms hold
    "heading",  # the same share in the title and heading path (as substrings)
    "proximity",  # covered terms / the smallest window holding them all
    "bigrams",  # share of the query's adjacent term pairs adjacent in the passage
    "sentence",  # the best single sentence's share of the query's weight
    "length",  # log of the passage's term count
    "names",  # share of the query's names (query_names) in title, heading and text
    "asked",  # the best share among sentences holding the asked kind of token (asked_kind)
)


@dataclass(frozen=True, slots=True)
class Passage:
    """What the features read of one hit: its analyzed terms in order, and its text."""

    terms: Sequence[str]
    hit: Hit


def local_idf(query: Sequence[str], passages: Sequence[set[str]]) -> dict[str, float]:
    """IDF of each query term over the candidates themselves (smoothed, > 0)."""
    n = len(passages)
    return {t: math.log((n + 1) / (sum(t in p for p in passages) + 0.5)) for t in query}


def smallest_window(tokens: Sequence[str], wanted: set[str]) -> tuple[int, int]:
    """(distinct wanted terms present, length of the shortest token window holding all
    of them); (0, 0) when none is present. One pass, two pointers."""
    present = wanted.intersection(tokens)
    if not present:
        return 0, 0
    need = len(present)
    counts: dict[str, int] = {}
    have = 0
    best = len(tokens)
    left = 0
    for right, tok in enumerate(tokens):
        if tok not in present:
            continue
        counts[tok] = counts.get(tok, 0) + 1
        if counts[tok] == 1:
            have += 1
        while have == need:
            while tokens[left] not in present:
                left += 1
            best = min(best, right - left + 1)
            counts[tokens[left]] -= 1
            if counts[tokens[left]] == 0:
                have -= 1
            left += 1
    return need, best


def _share(found: set[str], idf: dict[str, float], total: float) -> float:
    return min(1.0, sum(idf[t] for t in found) / total) if total > 0 else 0.0


def needle(term: str) -> str:
    """What to look for in raw text: the term, less its last letter for a longer Latin
    stem (the stemmer rewrites endings: ``universiti`` for "university")."""
    return term[:-1] if len(term) > 4 and term.isascii() and term.isalpha() else term


def sentence_share(
    text: str,
    held: set[str],
    idf: dict[str, float],
    total: float,
    spellings: Mapping[str, Collection[str]] | None = None,
) -> float:
    """The best sentence's share of the query's weight: of the query terms the passage
    holds (``held``), those found in the sentence as case-folded substrings (split
    before folding, since a lowercase word after a period is no boundary);
    ``spellings``: the forms a held term stands in the passage as (default: itself)."""
    return sentence_shares(text, held, idf, total, spellings)[0]


def sentence_shares(
    text: str,
    held: set[str],
    idf: dict[str, float],
    total: float,
    spellings: Mapping[str, Collection[str]] | None = None,
    asked: re.Pattern[str] | None = None,
    question: str = "",
) -> tuple[float, float]:
    """(:func:`sentence_share`, the same best share among the sentences holding a token
    of the ``asked`` kind that ``question`` does not state itself: the ``asked``
    feature, 0 without a pattern); one pass, so the text is split once."""
    needles = {t: {needle(f) for f in (spellings or {}).get(t, (t,))} for t in held}
    best = best_asked = 0.0
    for sentence in split_sentences(text):
        folded = sentence.lower()
        found = {t for t, ns in needles.items() if any(n in folded for n in ns)}
        share = _share(found, idf, total)
        best = max(best, share)
        if asked is not None and share > best_asked and holds_asked(sentence, asked, question):
            best_asked = share
    return best, best_asked


def canonical(tokens: Sequence[str], alias: Mapping[str, str]) -> list[str]:
    """``tokens`` with each other-language form of a query term replaced by the term."""
    return [alias.get(t, t) for t in tokens] if alias else list(tokens)


def aliases(terms: Sequence[str], forms: Mapping[str, Collection[str]] | None) -> dict[str, str]:
    """form -> the query term it spells; a query term is never an alias (it stands for
    itself), and a form shared by two terms goes to the first."""
    own = set(terms)
    out: dict[str, str] = {}
    for t in terms:
        for f in sorted((forms or {}).get(t, ())):
            if f not in own:
                out.setdefault(f, t)
    return out


def spellings(held: set[str], raw: set[str], alias: Mapping[str, str]) -> dict[str, set[str]]:
    """How each held query term stands in a passage whose own terms are ``raw``: itself
    and the other-language forms of it that the passage holds."""
    out: dict[str, set[str]] = {t: {t} & raw for t in held}
    for form, term in alias.items():
        if term in out and form in raw:
            out[term].add(form)
    return out


def feature_rows(
    query: Sequence[str],
    passages: Sequence[Passage],
    query_text: str = "",
    forms: Mapping[str, Collection[str]] | None = None,
) -> list[list[float]]:
    """One row of :data:`NAMES` values per passage, in the order given; ``query_text``:
    the query as written (its names; without it ``names`` is 0); ``forms``: each query
    term's other-language spellings, which count as the term (module docstring)."""
    terms = list(dict.fromkeys(query))
    alias = aliases(terms, forms)
    tokens = [canonical(p.terms, alias) for p in passages]
    bags = [set(t) for t in tokens]
    idf = local_idf(terms, bags)
    total = sum(idf.values())
    pairs = set(pairwise(terms))
    fused = [p.hit.explanation.fused_score for p in passages]
    fused_vals = [p.hit.score if f is None else f for p, f in zip(passages, fused, strict=True)]
    top_fused = max(fused_vals, default=0.0)
    bm25 = [p.hit.explanation.bm25_score or 0.0 for p in passages]
    top_bm25 = max(bm25, default=0.0) or 1.0
    dense = [p.hit.explanation.dense_score for p in passages]
    seen = [d for d in dense if d is not None]
    top_dense, low_dense = (max(seen), min(seen)) if seen else (0.0, 0.0)
    names = name_share(
        query_names(query_text),
        [f"{p.hit.title} {p.hit.heading} {p.hit.text}" for p in passages],
    )
    asked = asked_pattern(query_text)
    rows: list[list[float]] = []
    for i, (p, toks, bag) in enumerate(zip(passages, tokens, bags, strict=True)):
        covered, window = smallest_window(toks, set(terms))
        adjacent = set(pairwise(toks))
        held = bag & set(terms)  # substrings locate held terms only (not "해" in "해례본")
        spelled = spellings(held, set(p.terms), alias)
        heading = f"{p.hit.title} {p.hit.heading}".lower()
        rank = p.hit.explanation.fused_rank or (i + 1)
        sentences = sentence_shares(p.hit.text, held, idf, total, spelled, asked, query_text)
        d = dense[i]
        rows.append(
            [
                fused_vals[i] - top_fused,
                -math.log(rank),
                bm25[i] / top_bm25,
                (low_dense if d is None else d) - top_dense,
                _share(held, idf, total),
                _share(
                    {t for t in held if any(needle(f) in heading for f in spelled[t])}, idf, total
                ),
                covered / window if covered > 1 else 0.0,
                len(pairs & adjacent) / len(pairs) if pairs else 0.0,
                sentences[0],
                math.log1p(len(p.terms)),
                names[i],
                sentences[1],
            ]
        )
    return rows
