"""The question's words that tell a section's lines apart.

Under one heading every line shares the heading's subject: the bullets of an entry, the
rows of a table, the bullets under a numbered step ("2. 중복 제거 (Deduplication)" over
"- Orca-9에서는 MinHash 기법으로 … 제거함" and "- Paragraph level(문단 단위)에서 수행되어
…"). A question names that subject ("At what level does Orca-9 run deduplication?") and
adds one or two words only the answering line holds ("level"). The lexical share weighs a
term by how rare it is among *all* candidate units and counts a term found only in a
unit's heading path at ``W_CONTEXT_TERMS`` of its weight, so a line that repeats the
subject in its own text (a hyphenated name alone is four terms: "orca-9", "orca9",
"orca", "9") outscores the sibling that holds the distinguishing word. Within a section
the subject's words tell nothing apart; the words few siblings hold do.

:func:`sibling_shortfalls` weighs each question term inside a section by how few of its
units hold it (an IDF over the section's units, in [0, 1]: 1 for a term one unit holds, 0
for a term all hold, through their text, their heading path or their numbered head), and
returns how far each unit's share of that weight falls below the best share of its
section, squared. The scorer takes ``W_SIBLING`` times that from the unit
(``answer/candidates.py``): the section's best-placed line keeps its score, its siblings
drop, so the rule reorders a section's lines and leaves the comparison between sections
to the other signals.

A section is the note units (bullets, rows, definition lines; not prose sentences) of one
passage under one context (heading path and parent bullets). Notes also head a few
unindented bullets with a numbered line, as above: the bullets after a numbered line, up
to the next one, are that head's section (the head with them), and its words are their
subject.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from notelens.answer.units import AnswerUnit

#: A section needs this many units for the rule to read it (two lines share too little
#: to tell a subject from a distinguishing word).
MIN_SIBLINGS = 3


def sections(raw: Sequence[tuple[int, AnswerUnit]]) -> tuple[list[list[int]], list[int | None]]:
    """The sections of ``raw`` (indices of (passage index, unit) pairs), and for each
    unit the index of the numbered line heading it, if any (see the module docstring).
    A numbered line that heads lines is also in their section: its words are their
    subject, so it tells nothing apart there (as a heading, it is no answer)."""
    heads: list[int | None] = [None] * len(raw)
    keyed: dict[tuple[int, str, int], list[int]] = {}
    last: dict[tuple[int, str], int] = {}
    # A list of numbered lines only is a list, not heads: a numbered line heads only the
    # unnumbered lines that follow it before the next one.
    for i, (hi, u) in enumerate(raw):
        if u.kind == "sentence":
            # Prose is left to its own neighbour rules (answer/prose.py): the sentence
            # stating a detail shares few of the question's words by design, as the one
            # before named them (KorQuAD 1-300 lost two answers read that way).
            continue
        where = (hi, u.context)
        if u.numbered:
            last[where] = i
            keyed.setdefault((hi, u.context, -1), []).append(i)
            continue
        head = last.get(where)
        if head is not None:
            heads[i] = head
            keyed.setdefault((hi, u.context, head), [head]).append(i)
        else:
            keyed.setdefault((hi, u.context, -1), []).append(i)
    return list(keyed.values()), heads


def _held(term: str, alts: frozenset[str], terms: frozenset[str]) -> bool:
    return term in terms or not alts.isdisjoint(terms)


def sibling_shortfalls(
    raw: Sequence[tuple[int, AnswerUnit]],
    weights: Mapping[str, float],
    alts: Mapping[str, frozenset[str]],
    term_sets: Sequence[frozenset[str]],
    ctx_sets: Sequence[frozenset[str]],
    translated: float,
) -> list[float]:
    """For each unit of ``raw``: how far its share of its section's distinguishing
    question weight falls below the best share in the section (0 for the best and for
    units of sections too small or without a distinguishing term). ``weights`` are the
    question terms' weights, ``alts`` their translations (a term held only as one counts
    ``translated`` of its weight), ``term_sets`` / ``ctx_sets`` the units' text and
    context terms."""
    out = [0.0] * len(raw)
    groups, heads = sections(raw)
    for group in groups:
        n = len(group)
        if n < MIN_SIBLINGS:
            continue
        # The subject: what a unit holds through its heading path or numbered head.
        topic = {
            i: ctx_sets[i] | (term_sets[h] if (h := heads[i]) is not None else frozenset())
            for i in group
        }
        if heads[group[-1]] is not None:
            # The head itself, first in its section: its own words are the subject.
            topic[group[0]] = ctx_sets[group[0]] | term_sets[group[0]]
        distinct: dict[str, float] = {}
        # A term a unit writes as the question does is read as written; only a term no
        # unit of the section writes is read through its translations (a note's
        # "Document level(문서 단위)" pairs "level" with every "문서" of its siblings).
        held: dict[str, frozenset[str]] = {}
        for t, w in weights.items():
            a = frozenset() if any(t in term_sets[i] for i in group) else alts.get(t, frozenset())
            df = sum(1 for i in group if _held(t, a, term_sets[i]) or _held(t, a, topic[i]))
            if 0 < df < n:
                distinct[t] = w * math.log(n / df) / math.log(n)
                held[t] = a
        total = sum(distinct.values())
        if total <= 0:
            continue
        shares = {
            i: sum(
                d * (1.0 if t in term_sets[i] else translated)
                for t, d in distinct.items()
                if _held(t, held[t], term_sets[i])
            )
            / total
            for i in group
        }
        top = max(shares.values())
        for i, s in shares.items():
            # Squared: a sibling lacking a little of the distinguishing weight (a rare
            # verb one line happens to write: "맡은") is noise; one lacking most of it
            # is not the line asked for.
            out[i] = max(out[i], (top - s) ** 2)
    return out
