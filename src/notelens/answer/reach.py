"""The question's terms that a unit written in the other language can hold at all.

A Korean question over an English bullet ("Tern-7B의 DPO 선호 데이터는 몇 쌍이야?" over
"DPO on 62k preference pairs") can share with it the terms that notes write the same way in
either language (names and numbers: Tern-7B, DPO, 62) and the Korean terms the lexicon
translates (선호/preference); a Korean term without a translation (쌍) it cannot hold in
any wording. Scored over all the question's terms, that bullet trails a Korean unit that
restates the question in its own words. The extractive scorer therefore ranks a unit in
the other language by its share of the *reachable* terms, the others counting
``unreachable`` of their weight (``answer/extractive.py`` ``W_UNREACHABLE``); the refusal
signal keeps the plain share, so an off-topic question is not made stronger by it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from notelens.analysis.lang import has_hangul


def reachable(term: str, alternatives: frozenset[str], korean: bool, names: str) -> bool:
    """Whether a unit in the other language than the question can hold ``term``.

    ``korean``: the question is Korean (its unit is English); ``names``: the question's
    Latin names, lowercased and joined. A term with a translation is reachable; in a
    Korean question so is every Latin or digit term (Korean notes write English words
    as they are); in an English question a term with a digit or that is part of a name
    (an English unit's plain words are not written in a Korean note: "memory" is 메모리).
    """
    if alternatives:
        return True
    if korean:
        return not has_hangul(term)
    if any(c.isdigit() for c in term):
        return True
    return re.search(rf"(?<![a-z0-9]){re.escape(term)}", names) is not None


def reachable_total(
    weights: Mapping[str, float],
    alternatives: Mapping[str, frozenset[str]],
    korean: bool,
    names: str,
    unreachable: float,
) -> float:
    """The question's term weight as an other-language unit sees it: the reachable
    terms in full, the others at ``unreachable`` of their weight (0 if no terms)."""
    return sum(
        w if reachable(t, alternatives.get(t, frozenset()), korean, names) else unreachable * w
        for t, w in weights.items()
    )
