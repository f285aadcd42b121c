"""The end of a numbered table as the answer: "마지막 주차엔 뭐해?", "총 몇 주차까지 있어?".

A schedule or syllabus numbers its rows ("1 주차", "2 주차", …, "Week 21"), and a
question about its end names no cell of the last row: it asks for the row at the end
of the sequence ("마지막 주차", "the final week") or for how far the sequence goes,
which is the last row's number ("총 몇 주차까지 있어?", "how many weeks are there?").
The selector lookups of ``answer/rows.py`` find no row (the question writes no week),
so the row sharing the question's words best, or the first row of the part that
retrieval read first, was quoted. Here the cue of ``retrieve/sections.py`` (``END_RE``,
the words that make retrieval read a split table's last part first; and "how many weeks
are there", which retrieval leaves alone) picks the row with the highest number in the
table's numbered column, over every part of the table among the hits: a long table is
split into passages (parts) that share its heading and header.

The numbered column must be the one the question names: its counter ("주차", "week",
"회") or its header is among the question's terms, so "the final accuracy" over a
results table numbered by run, or "마지막으로 …" in prose, reads no row. A count
question asks the numbered cell itself; any other asks the cells whose header the
question names or that hold the asked kind (a speaker for "누가"), else every other
filled cell of the row.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Mapping, Sequence

from notelens.analysis.lang import has_hangul
from notelens.answer.qtype import Kind
from notelens.answer.rows import NUMBERED_CHARS, RowLookup, filled, is_column
from notelens.answer.units import AnswerUnit
from notelens.retrieve.sections import END_RE

#: The question asks how far the sequence goes (a count read off the last row's number).
_COUNT_RE = re.compile(r"총\s*몇|몇\s*\S{0,4}까지|\bhow\s+many\b|\bin\s+total\b", re.I)
#: "How many weeks are there?": how far a sequence goes, in English words retrieval's
#: cue does not read (a count of anything else names no counter of a numbered column).
_THERE_ARE_RE = re.compile(r"\bhow\s+many\s+\w+\s+(?:are|were)\s+there\b", re.I)
#: A numbered cell: one number and at most a short counter around it ("21 주차",
#: "Week 3", "3회", "12").
_NUMBERED_RE = re.compile(r"^\D{0,8}?(\d+)\D{0,8}$")
_DIGITS_SPACE_RE = re.compile(r"[\d\s]+")


def _number(cell: str) -> int | None:
    """The number of a numbered cell ("21 주차" -> 21), or None."""
    cell = cell.strip()
    if not cell or len(cell) > NUMBERED_CHARS:
        return None
    m = _NUMBERED_RE.match(cell)
    return int(m.group(1)) if m else None


def end_cue(question: str) -> str:
    """The words of ``question`` that ask for the end of a sequence ("마지막", "총 몇",
    "last"; retrieve/sections.py's cue), or "" when it asks none."""
    m = END_RE.search(question) or _THERE_ARE_RE.search(question)
    return m.group() if m else ""


def asks_count(question: str) -> bool:
    """Whether ``question`` asks how far a sequence goes ("총 몇 주차", "how many")."""
    return _COUNT_RE.search(question) is not None


Keyed = tuple[Hashable, AnswerUnit]


def end_lookups(
    rows: Sequence[Keyed],
    question: str,
    header_terms: Collection[str],
    terms: Mapping[str, frozenset[str]],
    kinds: Sequence[Kind] = (),
) -> tuple[dict[int, RowLookup], set[int], frozenset[str]]:
    """For a question about the end of a table: the last row (by its number) of each
    numbered table among ``rows`` (``(table key, unit)``; the rows of one table share
    its key and header, whichever part holds them), as a lookup by index in ``rows``,
    and the indices of every row of the tables read (no other lookup of theirs counts).
    Empty when the question asks no end or no table is numbered by what it names.

    The third value is the question's words the last row answers by its position (the
    end cue, "마지막", and the counter, "주차"): the row cannot write them, so its
    lexical share misses them (see :func:`position_share`)."""
    cue = end_cue(question)
    if not cue:
        return {}, set(), frozenset()
    tables: dict[Hashable, list[int]] = {}
    for i, (key, _) in enumerate(rows):
        tables.setdefault(key, []).append(i)
    count = asks_count(question)
    out: dict[int, RowLookup] = {}
    read: set[int] = set()
    words = {cue.lower()}
    for members in tables.values():
        if len(members) < 2:
            continue
        table = [rows[i][1] for i in members]
        found = _last_row(table, question, count, header_terms, terms, kinds)
        if found is None:
            continue
        r, lookup, counter = found
        out[members[r]] = lookup
        read.update(members)
        words.add(counter)
    return out, read, frozenset(w for w in words if w)


def position_share(
    words: Collection[str], q_weights: Mapping[str, float], unit_terms: Collection[str]
) -> float:
    """The weight of the question's terms that ``words`` (the end cue and counter)
    write and the unit does not: what a last row holds by its position."""
    return sum(
        w for t, w in q_weights.items() if t not in unit_terms and any(t in x for x in words)
    )


def _writes(question: str, counter: str) -> bool:
    """Whether ``question`` writes the counter: a Korean one anywhere ("주차엔"), a
    Latin one as a word's start ("weeks"; the "v" of "v3" is in every English word)."""
    if has_hangul(counter):
        return counter in question
    return re.search(rf"\b{re.escape(counter)}", question, re.I) is not None


def _names(header_terms: Collection[str], words: frozenset[str]) -> bool:
    return not words.isdisjoint(header_terms)


def _last_row(
    table: Sequence[AnswerUnit],
    question: str,
    count: bool,
    header_terms: Collection[str],
    terms: Mapping[str, frozenset[str]],
    kinds: Sequence[Kind],
) -> tuple[int, RowLookup, str] | None:
    """The last row of ``table`` by its numbered column, and what the question asks of
    it. Columns are read by header: a row leaves its empty cells out. The numbered
    column is the rows' label, their first cell ("8 주차", "Week 6"): a number in another
    column is a measure ("GPU-hours: 50"), and "in total" over it asks a sum."""
    if not table[0].cells:
        return None
    header = table[0].cells[0][0]
    if any(not u.cells or u.cells[0][0] != header for u in table):
        return None
    cells = [u.cells[0][1] for u in table]
    numbers = [_number(c) for c in cells]
    if any(n is None for n in numbers):
        return None
    values = [n or 0 for n in numbers]
    # The counter around the number ("주차" of "21 주차", "week" of "Week 3"), read
    # from the cell's text: the analyzer keeps the number alone of "21 주차".
    counters = {_DIGITS_SPACE_RE.sub("", c).lower() for c in cells}
    counter = counters.pop() if len(counters) == 1 else ""
    if not (
        (counter and (_writes(question, counter) or counter in header_terms))
        or _names(header_terms, terms.get(header, frozenset()))
    ):
        return None
    top = max(values)
    if values.count(top) > 1:
        return None
    r = values.index(top)
    row = table[r].cells
    col = 0
    if count:
        return r, RowLookup((col,), (col,)), counter
    others = [k for k, (_, v) in enumerate(row) if k != col and filled(v)]
    # As a selector lookup asks (answer/rows.py): the columns the question names or
    # that hold the asked kind ("누가" -> the speaker).
    named = tuple(
        k
        for k in others
        if _names(header_terms, terms.get(row[k][0], frozenset()))
        or any(is_column(kind, *row[k]) for kind in kinds)
    )
    asked = named or tuple(others)
    return (r, RowLookup((col,), asked), counter) if asked else None


__all__ = ["asks_count", "end_cue", "end_lookups", "position_share"]
