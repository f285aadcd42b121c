"""Answer normalisation of the official SQuAD and KorQuAD evaluation scripts.

SQuAD v1.1 (``evaluate-v1.1.py``, Rajpurkar et al., EMNLP 2016): lower-case, drop
punctuation, drop the articles a/an/the, collapse whitespace; tokens are the
whitespace-separated words.

KorQuAD v1.0 (``evaluate-v1.0.py``, Lim et al., 2019): the same without article
removal, and token F1 over *characters* of the whitespace-stripped tokens, because
Korean words carry particles (조사) that make word-level F1 too harsh ("서울에서" vs
"서울"). We pick KorQuAD's scheme when the gold answer contains Hangul.
"""

from __future__ import annotations

import re
import string
import unicodedata

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_PUNCT = set(string.punctuation) | {"‘", "’", "´", "`", "“", "”", "·", "「", "」", "《", "》"}


def _strip_punct(text: str) -> str:
    # Unicode punctuation too (。、), which the original scripts' string.punctuation misses.
    return "".join(
        ch for ch in text if ch not in _PUNCT and not unicodedata.category(ch).startswith("P")
    )


def normalize_squad(text: str) -> str:
    """SQuAD: lower, no punctuation, no articles, single spaces."""
    text = _strip_punct(text.lower())
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def normalize_korquad(text: str) -> str:
    """KorQuAD: lower, no punctuation, single spaces (articles are English-only)."""
    return " ".join(_strip_punct(text.lower()).split())


def is_korean(text: str) -> bool:
    return bool(_HANGUL.search(text))


def tokens_squad(text: str) -> list[str]:
    return normalize_squad(text).split()


def tokens_korquad(text: str) -> list[str]:
    """Characters of the normalised text without spaces (KorQuAD's F1 unit)."""
    return list(normalize_korquad(text).replace(" ", ""))
