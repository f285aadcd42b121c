"""Stopword lists of the analyzer: compact and conservative.

BM25's IDF already discounts frequent words, so these lists only remove words that are
pure function words (English) or morphemes Kiwi tags as content but that carry no topic
(Korean). Changing either list changes index terms: bump ``RULES_VERSION`` in
:mod:`notelens.analysis.korean`.
"""

from __future__ import annotations

# Lowercased surface forms, matched *before* stemming. Close to the usual
# NLTK/Lucene English lists, plus the fragments that apostrophes leave behind
# ("it's" -> it + s, "don't" -> don + t) and "e.g"/"i.e"/"etc".
_EN_WORDS = """
    a about above after again against all am an and any are as at
    be because been before being below between both but by
    can could did do does doing down during each etc few for from further
    had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself
    no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very
    was we were what when where which while who whom why will with would
    you your yours yourself yourselves
    s t d ll m re ve
    don doesn didn isn aren wasn weren hasn haven hadn wouldn shouldn couldn
    e.g i.e
"""
EN_STOPWORDS: frozenset[str] = frozenset(_EN_WORDS.split())

# (form, base tag) pairs from Kiwi. Dependent nouns (NNB: 것, 수, 등, 때문 ...),
# pronouns (NP: 이, 그, 저, 이것 ...), determiners (MM) and auxiliaries (VX) are
# already dropped by tag; this list catches the few such words Kiwi tags as content:
# light verbs, 'existence' verbs and demonstrative roots.
KO_STOPWORDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("것", "NNG"),
        ("등", "NNG"),
        ("때", "NNG"),
        ("하", "VV"),
        ("되", "VV"),
        ("있", "VV"),
        ("있", "VA"),
        ("않", "VV"),
        ("이러", "XR"),
        ("그러", "XR"),
        ("저러", "XR"),
    }
)

__all__ = ["EN_STOPWORDS", "KO_STOPWORDS"]
