"""Refusal signal of a question that asks a number whose answer's passage writes none.

"What score did X get in …?", "AlphaCode 대회 몇 등 했어?", "정확도 몇 %야?" ask a value
that is a number. ``strength._type`` weakens a note unit without one (``NUMBER_PENALTY``)
and leaves prose alone, since a paragraph's number may sit in the sentence beside the
quoted one; ``asked_nowhere.measure_nowhere`` reads the top passages for a measure's unit
("몇 분") but leaves scores and shares out, as notes write them bare ("KoSTS 86.7"). A near
miss over a note's entry on the asked thing keeps most of its strength either way: every
word of the question is in the entry, which describes the thing and rates it nowhere.

What tells it apart is that the *whole passage* of the best unit (its heading path and
text, with the quoted units) holds no digit and no number word at all: the value can be
neither the quoted line nor its neighbour. :func:`numberless_factor` then scales the
evidence strength by ``1 - ECHO_PENALTY`` (the units answer nothing asked), over prose too:
a passage with no number in any form cannot hold a score.

A count ("몇 개", "몇 가지", "how many") is left out: a list answers it by its items,
written with no number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelens.answer.asked import asks_metric
from notelens.answer.asked_nowhere import ECHO_PENALTY
from notelens.answer.qtype import KO_NUMERAL_COUNT_RE, NUM_WORDS

if TYPE_CHECKING:
    from notelens.answer.strength import Judged

# A count asked: a list's items answer it ("몇 개", "몇 가지", "몇 명", "how many").
_COUNT_RE = re.compile(
    r"몇\s*(?:개|가지|명|편|권|곳|종류|번|회|줄|단계)|\bhow\s+many\b|(?:개수|갯수)", re.I
)
# A number asked by "몇" with a counter of a value, not of things: a rank, a score, a share,
# a ratio, a size ("몇 등", "몇 위", "몇 점", "몇 %", "몇 배", "몇 B").
_KO_VALUE_RE = re.compile(r"몇\s*(?:등|위|점|%|퍼센트|프로|배|B\b|M\b|K\b|GB|MB|TB|x\b)", re.I)
# Any number, in digits or in words (Korean or English: "두 단계", "three").
_DIGIT_RE = re.compile(r"\d")
# (With the English words beyond ten a prose passage spells values in: "one hundred",
# "twice", "half".)
_EN_WORDS = (*(w for w in NUM_WORDS if w.isascii()), "one", "hundred", "thousand", "million")
_WORDS_RE = re.compile(
    r"\b(?:" + "|".join((*_EN_WORDS, "billion", "dozen", "twice", "half", "percent")) + r")\b",
    re.I,
)


def asks_value(question: str) -> bool:
    """Whether ``question`` asks a number that is a value (a score, a rank, a share), not a
    count of things a list could answer by its items."""
    if _COUNT_RE.search(question):
        return False
    return asks_metric(question) or _KO_VALUE_RE.search(question) is not None


# A list's or a heading's own number ("1. Task 특화 사전 학습", "개요 > 2. 형태소 분석"):
# the item's place, no value of anything.
_MARKER_RE = re.compile(r"(?:^|(?<=\n)|(?<=> ))\s*\d{1,2}[.)](?=\s)")


def writes_number(text: str) -> bool:
    """Whether ``text`` writes a number in any form: digits, or a number word in Korean
    ("두 단계") or English ("three"); a list's or a heading's numbering is none."""
    text = _MARKER_RE.sub(" ", text)
    return bool(
        _DIGIT_RE.search(text) or KO_NUMERAL_COUNT_RE.search(text) or _WORDS_RE.search(text)
    )


def numberless_factor(question: str, passage: str) -> float:
    """``1 - ECHO_PENALTY`` when ``question`` asks a value (:func:`asks_value`) and
    ``passage`` (the best unit's passage with the quoted units) writes no number; else 1."""
    if asks_value(question) and not writes_number(passage):
        return 1.0 - ECHO_PENALTY
    return 1.0


def numberless(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`numberless_factor` over the best unit's
    passage (heading path and text) and the quoted units."""
    hit = j.hits[j.best.hit_index]
    quoted = "\n".join(c.text for c in j.choice.chosen)
    return numberless_factor(j.q.text, f"{hit.heading}\n{hit.text}\n{quoted}")
