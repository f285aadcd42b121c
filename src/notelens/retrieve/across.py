"""The query's translations in the passages written in the other script (issue #15 / #22,
sixteenth round: retrieval across languages).

The hybrid's BM25 leg adds the query's lexicon translations (retrieve/translate.py) at a
weight per query language: full for an English query (its Korean terms can only match
Korean passages, where they are the passage's words for the query's), 0.3 for a Korean or
mixed one, because a Korean question's English terms (paper, model, data) also match the
English words of the many mixed notes, which already hold the question's Korean words.
In a passage written wholly in English that reason does not hold: the translations are
the only way a Korean question's words can match it, as for the English query in a Korean
passage. At 0.3 such a passage scores a third of what its Korean twin would, and the
Korean passages that merely share the question's topic words win the fusion (the
cross-language rows of the notes sets, docs/benchmarks.md "Retrieval across languages,
sixteenth round"). So the translations can count at
``FusionConfig.translated_weight_across`` (1.0 measured: an English query's weight) in the
passages stored in the other script: one more BM25 search of the translations, filtered to
that stored language (a store filter, no row reads), added at the difference. A mixed
passage keeps the reduced weight. Off by default: measured at 1.0, the retrieval gain did
not reach the answers (that section).
"""

from __future__ import annotations

from notelens.analysis.lang import hangul_share
from notelens.types import Lang


def other_script(query: str, lang: str) -> Lang:
    """The stored language of the passages in the other script than ``query``'s: English
    passages for a Korean question, Korean ones for an English question; a mixed
    question counts as written in the script most of its letters are in, a Latin letter
    weighing a third of a syllable as :func:`~notelens.analysis.lang.detect_lang` weighs
    it ("speculative decoding 세미나 손님은 어디서 왔어?" asks in Korean)."""
    if lang == "en":
        return "ko"
    if lang == "ko":
        return "en"
    return "en" if hangul_share(query) >= 0.5 else "ko"
