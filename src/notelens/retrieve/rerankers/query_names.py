"""The query's *names*: what a passage in the other language still spells the same way
(issue #22, ninth round).

Research notes mix the two languages: a Korean summary under an English paper title,
an English question over Korean bullets. Across languages the term features of
:mod:`feature_values` see none of the question's words, and BM25 none either, so the
passage written in the question's language wins on words alone. What a passage in the
other language still spells the same way are the question's *names*: model and paper
names, acronyms, numbers ("LIMA", "LLaMa", "65B", "DPO"), which the notes keep in Latin
letters inside Korean text. A name here is a pattern of the query's surface, not a list:

* a token holding a digit, or a capital letter after its first character (``GPT-4``,
  ``LLaMa``, ``RLHF``, ``2024``);
* a capitalised token that does not open the query (``Mixtral`` in "On what date is
  Mixtral ..."; not ``How``);
* in a Hangul query, every Latin token (``lost in the middle 현상``: the English a Korean
  writer keeps is the part an English note shares).

Names are matched as case-folded substrings of the hit's title, heading and text, and
weighed by a local IDF over the candidates, like the term features.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from notelens.analysis.lang import hangul_share
from notelens.analysis.stopwords import EN_STOPWORDS

# Latin letters and digits, with the joiners names use inside them (GPT-4, 8x7B, v1.5).
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?")


def _is_name(tok: str, opens: bool, korean: bool) -> bool:
    """``tok`` (a Latin/digit token of the query) is a name: see the module docstring."""
    if len(tok) < 2 and tok.isalpha():  # "r", "A": in every passage's text
        return False
    marked = any(c.isdigit() for c in tok) or any(c.isupper() for c in tok[1:])
    capitalised = tok[0].isupper() and (korean or not opens)  # not "How", "What"
    # in a Korean query the Latin phrase is the part an English note shares, less the
    # English function words it carries ("lost in the middle")
    latin_in_korean = korean and tok.isalpha() and tok.lower() not in EN_STOPWORDS
    return marked or capitalised or latin_in_korean


def query_names(query: str) -> list[str]:
    """The query's names (case-folded, first occurrence order, no repeats)."""
    korean = hangul_share(query) >= 0.5
    names = [
        m.group().lower()
        for i, m in enumerate(_TOKEN.finditer(query))
        if _is_name(m.group(), i == 0, korean)
    ]
    return list(dict.fromkeys(names))


def name_share(names: Sequence[str], texts: Sequence[str]) -> list[float]:
    """Per text: the share of the names' local-IDF weight it holds (0.0 for every text
    when the query has no names, so the feature does not move the order)."""
    if not names:
        return [0.0] * len(texts)
    folded = [t.lower() for t in texts]
    held = [{n for n in names if n in t} for t in folded]
    n = len(texts)
    idf = {name: math.log((n + 1) / (sum(name in h for h in held) + 0.5)) for name in names}
    total = sum(idf.values())
    return [sum(idf[x] for x in h) / total if total > 0 else 0.0 for h in held]
