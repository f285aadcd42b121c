"""Questions that ask a rank, answered by an ordinal (issue #15, sixteenth round).

"Where is Brazil ranked globally in soybean production?", "What ranking … is the
airport?", "Where does the region stand in population nationwide?": the answer is the
ordinal the sentence writes ("the second-largest global producer", "the third most
populated", "third by international passenger volume"), a word the noun-phrase chunks
skip ("first" and "second" break them) or score as a plain adjective.
"""

from __future__ import annotations

import re

_RANK_Q = re.compile(
    r"\b(?:rank|ranks|ranked|ranking|rankings|place|placed|position)\b"
    r"|\bwhere\s+(?:does|do|did|is|was)\b.*\bstand\b",
    re.I,
)
_WH_RANK = re.compile(r"^\s*(?:where|what|which|how)\b", re.I)
_ORDINAL = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d+(?:st|nd|rd|th))(?:-[a-z]+)?",
    re.I,
)


def asks_rank(question: str) -> bool:
    """Whether a wh-question asks a rank ("Where is X ranked …?", "What ranking …?")."""
    return bool(_WH_RANK.search(question)) and bool(_RANK_Q.search(question))


def is_ordinal(word: str) -> bool:
    """An ordinal, or one joined to its superlative ("third", "12th", "second-largest")."""
    return _ORDINAL.fullmatch(word) is not None


__all__ = ["asks_rank", "is_ordinal"]
