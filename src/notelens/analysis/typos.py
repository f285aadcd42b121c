"""A name the notes misspell, asked for in its right spelling.

Notes are typed fast and rarely proofread: the real samples write "Gmeini" for Gemini,
"Flaminog" for Flamingo, "Leartning" for Learning. The question spells the name right, so
BM25 matches nothing and the answer stage finds the question's name in no passage (and
refuses). :func:`note_spelling` respells such a word of the question as the candidate
passages write it, the way :func:`notelens.analysis.loanwords.latin_spelling` respells a
Hangul name, and the searcher and the answer stage use it alike. It mends the
question's own slips the same way: XQuAD asks about "Sentanta Sports" and "Bedigo" where
the passages write Setanta and Bendigo.

Only the slips of fast typing pair a word with the notes' spelling: two neighbouring
letters swapped (Gmeini, Flaminog), or one letter doubled or struck in the middle of a
word of six letters or more (Leartning). A letter replaced by another does not pair: in
these archives that is how real names differ (LLaMA / LLaVA, Mistral / Mixtral, and a
question about the one the notes lack must stay unanswered). The first letter is never a
slip, the last never struck or added (BLOOM / BLOOMZ are two models), and a word pairs
only when exactly one word of the passages is a slip away from it. Only words that look
like names are respelled: any Latin word of a Korean question, a capitalised word of an
English one past its first word (an English question's plain words — "trial", "trail" —
differ by such slips too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from notelens.analysis.lang import has_hangul

__all__ = ["note_spelling", "one_slip"]

# A Latin word worth respelling is five letters or more: shorter ones are a slip away
# from too many others.
_MIN_LEN = 5
# Struck or doubled letters pair longer words only.
_MIN_LEN_INDEL = 6
_WORD_RE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{{_MIN_LEN},}}(?![A-Za-z0-9])")
_TEXT_WORD_RE = re.compile(rf"[A-Za-z]{{{_MIN_LEN - 1},}}")


def one_slip(asked: str, written: str) -> bool:
    """Whether ``written`` is ``asked`` with one slip of typing (lowercase words): two
    neighbouring letters swapped, or one inner letter added or dropped."""
    if asked == written or asked[:1] != written[:1]:
        return False
    if len(asked) == len(written):
        diff = [i for i, (a, b) in enumerate(zip(asked, written, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and asked[diff[0]] == written[diff[1]]
            and asked[diff[1]] == written[diff[0]]
        )
    longer, shorter = (asked, written) if len(asked) > len(written) else (written, asked)
    if len(longer) - len(shorter) != 1 or len(shorter) < _MIN_LEN_INDEL:
        return False
    # The extra letter is an inner one: never the first (checked) nor the last.
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer) - 1))


def _name_like(question: str, match: re.Match[str]) -> bool:
    if has_hangul(question):
        return True
    word = match.group()
    first = question[: match.start()].strip() == ""
    return not first and word[0].isupper()


def note_spelling(
    question: str, texts: Iterable[str], terms: Callable[[str], Sequence[str]]
) -> str:
    """``question`` with each name-like Latin word that no text writes, but one text word
    is a slip of typing away from (:func:`one_slip`), spelled as the texts write it
    ("Gemini는 어떤 모델이야?" over "Gmeini : Google Deepmind의 …" -> "Gmeini는 어떤
    모델이야?"); ``question`` unchanged when none pairs. ``terms``: the analyzer's terms of
    a text: a word whose terms equal the written word's (an inflection the analyzer
    already folds) is left as asked."""
    corpus = list(texts)
    written: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for text in corpus:
        for w in _TEXT_WORD_RE.findall(text):
            low = w.lower()
            written[low] += 1
            forms.setdefault(low, w)
    if not written:
        return question
    out = question
    for m in reversed(list(_WORD_RE.finditer(question))):
        low = m.group().lower()
        if low in written or not _name_like(question, m):
            continue
        pairs = [w for w in written if one_slip(low, w)]
        if len(pairs) != 1 or set(terms(low)) == set(terms(pairs[0])):
            continue
        out = out[: m.start()] + forms[pairs[0]] + out[m.end() :]
    return out
