"""How the notes spell a name: "Gemini 철자 어떻게 잘못 써있어?", "How is Stanford spelled in
the DPO row?", "Under which heading does the Flamingo architecture appear (as the note
spells it)?" (issue #15, twenty-sixth round).

Notes written fast misspell names ("Flaminog", "Plane LM", "Standford Univ"), and people
ask for the spelling as written. The question writes the name spelled right, so the
scorer matches it nowhere, and the unit that holds the misspelling shares little else
with the question: the answer quotes another line, or the right one refused. This rule
finds, in the retrieved passages' text and heading paths, the word one or two edits
away from a name the question writes (a swap of two letters is one edit), never the
name itself, and answers with it (with the words around it that the question writes
around the name: "Plane LM" for "Plain LM"), quoting the unit that holds it.

Only a question that asks how a thing is spelled fires, and only a near miss found
answers: a name the notes spell right, or do not write, leaves the answer as it was. The
unit then holds all that is asked (the name, as written), as a link's target does for a
linked title: the refusal signal is at least answer/link_answers.py's floor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from notelens.answer.candidates import Scored, every_unit
from notelens.answer.choose import Choice
from notelens.answer.extractive import Candidate
from notelens.answer.link_answers import LINK_FLOOR, LinkAnswer
from notelens.answer.span import Span
from notelens.types import Hit

__all__ = ["asks_spelling", "misspelled_answer", "near_miss"]

# ("spells" alone is a noun as often, "longer growth spells": only "spells it" asks.)
_ASK_RE = re.compile(
    r"철자|스펠링|오타|잘못\s*(?:써|적|쓰|쓴|적힌)|\bmis-?spel+(?:ed|t|ing)?\b|\bspel+(?:ed|t|ing)\b"
    r"|\bspel+s\s+it\b",
    re.I,
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Words of a spelling question that are no name to look for.
_STOP = frozenset(
    {
        *("how", "what", "which", "under", "does", "the", "note", "notes", "spelled", "spell"),
        *("spells", "spelt", "misspelled", "misspelt", "written", "heading", "section", "row"),
        *("table", "entry", "title", "summary", "paper", "list", "appear", "appears", "with"),
    }
)
#: The shortest name read (a shorter one is one edit from too many words).
_MIN_NAME = 4


def asks_spelling(question: str) -> bool:
    """Whether ``question`` asks how the notes spell something."""
    return _ASK_RE.search(question) is not None


def _edits(a: str, b: str) -> int:
    """The edit distance of ``a`` and ``b`` with a swap of neighbours as one edit."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _close(name: str, word: str) -> int | None:
    """The edits from ``name`` to ``word`` when ``word`` is a misspelling of it (one
    edit, two for a name of six letters or more, the first letter kept), else ``None``."""
    a, b = name.lower(), word.lower()
    if a == b or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return None
    n = _edits(a, b)
    return (
        n
        if 0 < n <= (2 if len(a) >= 6 else 1) or (n == 2 and len(a) == 5 and len(b) == 5)
        else None
    )


def near_miss(question: str, text: str) -> str | None:
    """The misspelling in ``text`` of a name ``question`` writes, with the words
    around it that the question writes around the name; ``None`` if there is none."""
    q_words = _WORD_RE.findall(question)
    # A name opens with a capital ("Stanford", "Plain LM"): a lowercase word is one of
    # the question's own ("longer" is two edits from "lower").
    names = [
        (k, w)
        for k, w in enumerate(q_words)
        if len(w) >= _MIN_NAME and w[0].isupper() and w.lower() not in _STOP
    ]
    t_words = list(_WORD_RE.finditer(text))
    best: tuple[int, int, int, int] | None = None  # edits, name index, word index
    for k, name in names:
        for j, m in enumerate(t_words):
            n = _close(name, m.group())
            if n is not None and (best is None or n < best[0]):
                best = (n, k, j, 0)
    if best is None:
        return None
    _, k, j, _ = best
    lo, hi = j, j
    # The words the question writes right before and after the name, written there too.
    while lo > 0 and k - (j - lo) > 0 and _same(q_words[k - (j - lo) - 1], t_words[lo - 1].group()):
        lo -= 1
    while (
        hi + 1 < len(t_words)
        and k + (hi - j) + 1 < len(q_words)
        and _same(q_words[k + (hi - j) + 1], t_words[hi + 1].group())
    ):
        hi += 1
    return text[t_words[lo].start() : t_words[hi].end()]


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def misspelled_answer(
    question: str, scored: Scored, hits: Sequence[Hit], choice: Choice
) -> LinkAnswer | None:
    """The choice led by the unit holding the misspelling of the name the question asks
    the spelling of, the misspelling as the short answer; ``None`` when the question asks
    no spelling or no retrieved passage misspells a name it writes."""
    if not asks_spelling(question):
        return None
    # The units by score (the lead first), then every retrieved unit, then the headings.
    for cand in every_unit(choice.source, scored, hits):
        found = near_miss(question, cand.text)
        if found is None and cand.unit is not None:
            found = near_miss(question, cand.unit.context)
        if found is not None:
            return _led(choice, cand, found)
    return None


def _led(choice: Choice, lead: Candidate, found: str) -> LinkAnswer:
    chosen = [lead, *(c for c in choice.chosen if c is not lead)][: max(1, len(choice.chosen))]
    chosen.sort(key=lambda c: (c.hit_index, c.position))
    led = replace(choice, chosen=chosen, source=lead, lead=chosen.index(lead))
    return LinkAnswer(led, Span(found, 0, 0), LINK_FLOOR)
