"""The query's terms in the other language, for the hybrid's BM25 leg (issue #22, tenth round).

Research notes mix the two languages: an English question over a Korean bullet or
table ("who presents …" over a 발표자 column), a Korean question over an English note.
BM25 finds none of the question's words in such a passage, and its fused score sits
0.7-1.8 z-units below a same-language passage that holds them (docs/benchmarks.md,
"Precision at the top, ninth round"). The general English-Korean lexicon of
:mod:`notelens.analysis.lexicon` (performance/성능, presenter/발표자, date/날짜 …, general
vocabulary only) gives each query term its spellings in the other script; the BM25 leg
scores them as a second query and adds that score at a weight per query language
(``FusionConfig.translated_weight_en`` / ``_ko``), which is BM25 of the query with the
translations appended at that weight.

A translation is kept only when it is in the other script than the term it translates
(Hangul against Latin): same-script entries of the lexicon ("two"/"2") are the answer
stage's, and a same-language query's own words already stand in it. One-syllable and
two-letter terms are left out on both sides (pieces of many words).
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.analysis.base import Analyzer
from notelens.analysis.lang import script_counts
from notelens.analysis.lexicon import general_lexicon
from notelens.store.base import Scored


def _hangul(term: str) -> bool:
    return script_counts(term)[0] > 0


def _word(term: str) -> bool:
    """Long enough to stand for one word: a one-syllable Kiwi term (해, 답, 많) or a
    Latin term of two letters is a piece of many words (해 of 해로운 is also the year
    of 해는), so it neither translates nor is a translation."""
    return len(term) >= (2 if _hangul(term) else 3)


def translated_terms(analyzer: Analyzer, terms: Sequence[str]) -> tuple[str, ...]:
    """The other-script translations of ``terms`` (analyzer terms), less the terms
    themselves, first occurrence order."""
    lexicon = general_lexicon(analyzer)
    own = set(terms)
    out: dict[str, None] = {}
    for term in filter(_word, terms):
        korean = _hangul(term)
        for alt in sorted(lexicon.alternatives(term)):
            if alt not in own and _hangul(alt) != korean and _word(alt):
                out[alt] = None
    return tuple(out)


def add_translated(
    own: Sequence[Scored], translated: Sequence[Scored], weight: float, n: int
) -> list[Scored]:
    """BM25 of the query plus ``weight`` times BM25 of its translations, best ``n``.

    Both lists are a leg's top ``n`` of its own query; a passage absent from one list
    scored below that list's last (taken as 0: BM25 sums per-term parts, so a passage
    outside the translations' top ``n`` holds little of them)."""
    total: dict[str, float] = {s.chunk_id: s.score for s in own}
    for s in translated:
        total[s.chunk_id] = total.get(s.chunk_id, 0.0) + weight * s.score
    # Stable on equal scores: the query's own order first, then the translations'.
    ranked = sorted(total.items(), key=lambda kv: -kv[1])
    return [Scored(cid, score) for cid, score in ranked[:n]]
