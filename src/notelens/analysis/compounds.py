"""The parts of a long proper noun that Kiwi keeps whole (issue #22, twelfth round).

Kiwi knows many school, organisation and place names as one proper noun (``전남고등학교``,
``정암초등학교``, ``국립중앙박물관``), so a question that names only the kind
("어느 고등학교를 나왔나") shares no term with the passage that names the instance. The
parts come from Kiwi itself: the noun is analysed again, alone, with its whole reading
blocked, and that second-best reading is kept only when it is made of nouns of two or
more syllables that spell the noun exactly (``전남`` + ``고등학교``). A reading with a
particle, a suffix, an ending or a one-syllable piece (a person's name read as 김 + 이수,
반 + 기 + 문) is not a split of a compound, and then nothing is added.

Documents and queries go through the same rule, so the whole noun still matches itself
and the parts match a text that writes them apart.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: Whole nouns shorter than this (syllables) are never split: two parts of two syllables
#: each is the least a compound can have, and shorter nouns are mostly names.
MIN_COMPOUND_SYLLABLES = 4
#: Distinct nouns remembered per splitter (one Kiwi call per distinct noun otherwise).
SPLIT_CACHE_SIZE = 65536

_HANGUL_WORD_RE = re.compile(r"[\uac00-\ud7a3]+")
_NOUN_TAGS = frozenset({"NNG", "NNP"})


class CompoundSplitter:
    """``parts(noun)``: Kiwi's next reading of a long proper noun, or ``()``.

    ``kiwi`` is the analyzer's own loaded ``Kiwi`` (so a user dictionary registered on it
    is seen here too); ``options`` the keyword arguments the analyzer tokenizes with.
    Safe to share between threads (the cache is functools' and Kiwi's calls are)."""

    def __init__(self, kiwi: Any, options: dict[str, Any]) -> None:
        self._kiwi = kiwi
        self._options = options
        self.parts = functools.lru_cache(maxsize=SPLIT_CACHE_SIZE)(self._parts)

    def _parts(self, noun: str) -> tuple[str, ...]:
        if len(noun) < MIN_COMPOUND_SYLLABLES or not _HANGUL_WORD_RE.fullmatch(noun):
            return ()
        from kiwipiepy import MorphemeSet

        blocked = MorphemeSet(self._kiwi, [f"{noun}/NNP", f"{noun}/NNG"])
        try:
            tokens = self._kiwi.tokenize(noun, blocklist=blocked, **self._options)
        except Exception:  # a failed second look is no split, never an error
            return ()
        forms = tuple(str(t.form) for t in tokens)
        tags = [str(t.tag).partition("-")[0] for t in tokens]
        if (
            len(forms) < 2
            or "".join(forms) != noun
            or any(tag not in _NOUN_TAGS for tag in tags)
            or any(len(form) < 2 for form in forms)
        ):
            return ()
        return forms


__all__ = ["MIN_COMPOUND_SYLLABLES", "CompoundSplitter"]
