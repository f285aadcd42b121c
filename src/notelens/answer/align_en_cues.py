"""English cues that point at one constituent of the answering sentence, beyond nearness
(``answer/align_en.py`` adds them to its candidates' scores).

SQuAD-style answers are short phrases the sentence marks by its grammar:

* the **agent of a passive** answers a "who / what VERB …?" question whose verb the
  sentence writes in the passive ("Who held the record?" → "… was held by John Elway");
* the **counted noun** of "how many N …?" stands beside its number ("interceptions with
  24", "374 companies"), which tells it from the other numbers of the sentence;
* a **duration** ("how long …?", "how much time …?") is a number with a unit of time or
  a clock reading ("17 seconds", "3:08");
* a **range** ("from 1870 to 1939", "between 2005 and 2010") is one answer, both ends;
* "besides / aside from X, what …?" asks for the **sibling** written beside X in a list
  ("automobiles and highways", "… firebox, combustion chamber");
* the **question's verb** of "who VERB …?" / "the N who VERB …" tells the subject asked
  for from the subject of another verb in the same sentence;
* a single lowercase word that reads as a **verb** ("focuses", "can receive") is no
  noun phrase, whatever its nearness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.align_base import words as _words

_HOW_MANY = re.compile(
    r"\b(?:how\s+(?:many|much)|the\s+(?:number|amount|quantity)\s+of)\s+((?:[A-Za-z'’-]+\s*){1,3})",
    re.I,
)
#: Words that end the counted noun's phrase in the question ("how many teams *did* …").
_COUNT_STOP = frozenset(
    _words("""did does do is are was were has have had can could will would should may
    might of in on at for by with from to that the a an and or""")
)
#: Words that link a counted noun to the number after it ("interceptions with 24").
_COUNT_LINKS = frozenset(_words("with of at"))
_DURATION_Q = re.compile(r"\bhow\s+long\b|\bhow\s+much\s+time\b|\bfor\s+how\s+long\b", re.I)
_TIME_UNITS = frozenset(
    _words("""second seconds minute minutes hour hours day days week weeks month months
    year years decade decades century centuries""")
)
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_NUM = r"(?:[£$€¥]?\d+(?:[.,:]\d+)*|(?:1\d|20)\d0s)"
#: "from 1870 to 1939", "between 2005 and 2010": the two ends (the preposition outside).
_RANGE = re.compile(rf"\b(?:from|between)\s+({_NUM}\s+(?:to|and|until|through)\s+{_NUM})\b", re.I)


def counted_noun(question: str) -> str | None:
    """The noun "how many / how much" or "the number / amount of" counts ("How many
    career sacks did …" → "sacks", "the amount of tree species in …" → "species")."""
    m = _HOW_MANY.search(question)
    if m is None:
        return None
    kept: list[str] = []
    for w in m.group(1).split():
        low = w.lower()
        if low in _COUNT_STOP or (low.endswith("ed") and len(low) > 4):
            break  # "how many teams did …", "how much time remained …"
        kept.append(re.sub(r"['’]s$", "", w))
    return kept[-1] if kept else None


def counts_noun(words: Sequence[str], stems: Sequence[str], i: int, j: int, noun_stem: str) -> bool:
    """Whether the counted noun stands beside the number ``[i, j)``: right after it
    ("374 companies", "five formerly government-owned lines") or before it, linked by
    "with / of / at" ("interceptions with 24", "sack leader with 136"), not across a
    verb ("70B parameters trained on 1.4T tokens": 1.4T counts tokens)."""
    if noun_stem in stems[j : j + 3]:
        return True
    for k in range(i - 1, max(-1, i - 4), -1):
        if stems[k] == noun_stem:
            return any(w.lower() in _COUNT_LINKS for w in words[k + 1 : i])
    return False


def asks_duration(question: str) -> bool:
    return bool(_DURATION_Q.search(question))


def is_duration(words: Sequence[str], i: int, j: int) -> bool:
    """A number with a unit of time ("17 seconds") or a clock reading ("3:08")."""
    span = [w.lower() for w in words[i:j]]
    if len(span) == 1 and _CLOCK.match(span[0]):
        return True
    nxt = words[j].lower() if j < len(words) else ""
    return any(w in _TIME_UNITS for w in span[1:]) or nxt in _TIME_UNITS


def passive_agent(words: Sequence[str], i: int, anchors: Sequence[int]) -> bool:
    """Whether the phrase at ``i`` is the agent after "by" of a question word a few
    tokens before ("was recovered by Ward", "woodcuts by Lucas Cranach")."""
    if i > 1 and words[i - 1].lower() in ("the", "a", "an"):
        i -= 1  # "kidnapped by the Merkits"
    return i > 0 and words[i - 1].lower() == "by" and any(i - 4 <= a <= i - 2 for a in anchors)


_BESIDES = re.compile(
    r"\b(?:besides|aside from|apart from|other than|outside of|along with|in addition to"
    r"|together with|as well as)\b",
    re.I,
)
_JOINERS = frozenset({"and", "or", ",", "&"})


def asks_sibling(question: str) -> bool:
    """ "Besides X, what …?": the answer is listed with X, not X itself."""
    return bool(_BESIDES.search(question))


def sibling_of(words: Sequence[str], i: int, j: int, anchors: Sequence[int]) -> bool:
    """Whether ``[i, j)`` is joined to a question word by "and / or / ," ("automobiles
    and highways", "phowa and siddhi")."""
    at = set(anchors)
    before = i >= 2 and words[i - 1].lower() in _JOINERS and (i - 2) in at
    after = j + 1 < len(words) and words[j].lower() in _JOINERS and (j + 1) in at
    return before or after


#: "30 to 50 thousand", "7 to 10 percent": a range without "from", with its multiplier.
_TO_RANGE = re.compile(
    rf"\b{_NUM}\s+to\s+{_NUM}(?:\s+(?:thousand|million|billion|percent|per cent))?\b", re.I
)


def ranges(text: str) -> list[tuple[int, int]]:
    """Character spans of number ranges ("1870 to 1939", "2005 and 2010", "30 to 50
    thousand")."""
    found = {(m.start(1), m.end(1)) for m in _RANGE.finditer(text)}
    found |= {(m.start(), m.end()) for m in _TO_RANGE.finditer(text)}
    return sorted(found)


_MODALS = frozenset(
    _words("can could will would shall should may might must did does do to not never")
)
#: Words a verb in the present tense is followed by ("focuses on", "consists of").
_VERB_NEXT = frozenset(
    _words("""on of in to with as for that the a an their its his her them it into from
    upon about""")
)
_SUBJECT_BEFORE = frozenset(_words("that which who one it he she they"))


def verb_like(words: Sequence[str], i: int, j: int) -> bool:
    """Whether the single lowercase word at ``[i, j)`` reads as a verb, not a noun, by its
    neighbours (no tagger ships): after a modal, "do" or "to" ("can receive", "would
    betray"), or an -s form between a subject word (a relative pronoun, a pronoun, a
    capitalised name) and a preposition or article ("that focuses on", "California
    consists of"). A plural noun after an article or adjective ("the members of") is
    not one."""
    if j - i != 1 or not words[i].isalpha() or not words[i].islower() or i == 0:
        return False
    prev = words[i - 1]
    if prev.lower() in _MODALS:
        return True
    nxt = words[j].lower() if j < len(words) else ""
    return (
        words[i].endswith("s")
        and not words[i].endswith("ss")
        and nxt in _VERB_NEXT
        and (prev.lower() in _SUBJECT_BEFORE or prev[:1].isupper())
    )


#: "who VERB" / "… that VERB": a subject question's verb (lowercase: not "Which Super Bowl").
_WH_SUBJECT = re.compile(
    r"\b(?:[Ww]ho|that)\s+(?!(?:is|are|was|were|did|does|do|has|have|had)\b)([a-z][a-z'-]+)"
)


def question_predicate(question: str) -> str | None:
    """The verb of a subject question's clause: the word after "who" ("Who recovered
    the ball?", "… the player who scored …"), or ``None``."""
    m = _WH_SUBJECT.search(question)
    return m.group(1).lower() if m else None


__all__ = [
    "asks_duration",
    "asks_sibling",
    "counted_noun",
    "counts_noun",
    "is_duration",
    "passive_agent",
    "question_predicate",
    "ranges",
    "sibling_of",
    "verb_like",
]
