"""Table rows read as lookups: the question names a row by one cell and asks another.

A syllabus or schedule table answers "AWQ 논문 발표자가 누구야?", "Who presents the
QLoRA paper, and in which week?", "한도현이 발표하는 논문은 뭐야?" with one row: the
question writes the value of one cell (the paper, the presenter, the week) — the
*selector* — and names the column it wants by its header ("논문", "발표자") or by the
answer type that column holds (a person for 발표자 / Speaker, a week for 주차). Such a
row is the answer, more surely than a prose line elsewhere that mentions the same
entity, and its short answer is the asked cell(s), not whatever token of the asked type
the row happens to hold (a paper title "Scaling Laws" reads as a person's name).

:func:`table_lookups` finds the selector and asked cells of a table's rows; :func:`asked_filled`
says whether the column of the asked type holds a value (an empty cell or "-" does not:
the row has no answer there); :func:`lookup_span` is the short answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from notelens.answer.evidence import acronyms, named
from notelens.answer.members import members
from notelens.answer.qtype import Kind
from notelens.answer.span import Span, column_for
from notelens.answer.units import AnswerUnit

#: Cell values that say "nothing here" (a skipped week, an unknown affiliation).
PLACEHOLDERS = frozenset({"-", "–", "—", "?", "x", "n/a", "na", "tbd", "tba", "미정", "없음"})


def filled(value: str) -> bool:
    """Whether a cell holds a value, not a placeholder."""
    return bool(value.strip()) and value.strip().lower() not in PLACEHOLDERS


_DIGIT_RE = re.compile(r"\d")
_SPACE_RE = re.compile(r"\s+")


def is_column(kind: Kind, header: str, value: str) -> bool:
    """Whether ``header`` is the column of ``kind`` (``span.column_for``); a blank header
    over numbered cells ("| | Type | …" over "| 4 주차 | SFT | …") is the week column."""
    if header:
        return column_for(kind, [(header, value)])
    return kind == "week" and _DIGIT_RE.search(value) is not None


def _names_number(
    question: str, q_members: frozenset[tuple[str, str]], header: str, value: str
) -> bool:
    """Whether ``question`` writes a numbered cell as the row's own: "9주차" or "9 주차"
    for the cell "9 주차" (or "9" under the header 주차), "week 9" for either (the
    counter in the other language: ``q_members`` are the question's (number, counter)
    pairs as ``members.py`` reads them), not the "4" of "시즌4" or "season 4", nor
    "GPT-4" inside "GPT-4o"."""
    cell = {*members(value), *members(f"{value}{header}"), *members(f"{header} {value}")}
    if not q_members.isdisjoint(cell):
        return True
    forms = {_SPACE_RE.sub("", value.lower())}
    if header:
        forms |= {_SPACE_RE.sub("", f"{value}{header}".lower()), f"{header}{value}".lower()}
    q = question.lower()
    for form in forms:
        if form.isdigit():
            continue
        spaced = r"\s*".join(re.escape(c) for c in _SPACE_RE.sub("", form))
        if re.search(rf"(?<![\w.]){spaced}(?![\dA-Za-z.])", q):
            return True
    return False


@dataclass(frozen=True, slots=True)
class RowLookup:
    """Indices into a row's ``cells``: those the question names, those it asks for."""

    selectors: tuple[int, ...]
    asked: tuple[int, ...]


#: A cell with a digit up to this long is a number, a week or a date, not a title
#: ("GPT-3 175B: …" is a title, "4 주차" and "2024-03-27" are numbered cells).
NUMBERED_CHARS = 12


def _match(
    question: str,
    q_members: frozenset[tuple[str, str]],
    header: str,
    value: str,
    q_terms: Collection[str],
    names: Collection[str],
    spelled: frozenset[str],
    terms: Mapping[str, frozenset[str]],
) -> int:
    """How strongly the question names a cell: the number of the cell's terms when the
    question holds them all (a short value: "한도현"), else the number of the question's
    names the cell names ("QLoRA" in "QLoRA: Efficient …", "DPO" as "Direct Preference
    Optimization"); a numbered cell counts only as the question writes it with its
    counter ("9주차"). 0 for a cell the question does not name."""
    if not filled(value):
        return 0
    if _DIGIT_RE.search(value) and len(value) <= NUMBERED_CHARS:
        return int(_names_number(question, q_members, header, value))
    vt = terms.get(value, frozenset())
    if vt and vt.issubset(q_terms):
        return len(vt)
    low = value.lower()
    return sum(named(n, low, spelled) for n in names)


def table_lookups(
    rows: Sequence[AnswerUnit],
    question: str,
    q_terms: Collection[str],
    header_terms: Collection[str],
    names: Collection[str],
    kinds: Sequence[Kind],
    terms: Mapping[str, frozenset[str]],
) -> dict[int, RowLookup]:
    """The rows of one table (by index in ``rows``) that the question reads as lookups.

    ``q_terms`` are the question's terms, ``header_terms`` the same with their
    translations (a header is often in the other language: "week" over 주차),
    ``names`` its Latin names (lowercased), ``kinds`` the asked answer kinds, ``terms``
    the analyzer's terms of every cell value and header. A cell is a *selector* when
    the question names it (:func:`_match`) more strongly than any other row's cell of
    that column: a value several rows share ("alignment learning" in a Type column, a
    word every title has) is a category, not the row asked about. A cell is *asked*
    when it is no selector, holds a value, and its header shares a term with the
    question or is the column of an asked kind. A row with both is a lookup.
    """
    spelled = acronyms(question)
    q_members = frozenset(members(question))
    scores = [
        [_match(question, q_members, h, v, q_terms, names, spelled, terms) for h, v in u.cells]
        for u in rows
    ]
    best: dict[str, list[tuple[int, int]]] = {}
    for r, u in enumerate(rows):
        for k, (h, _) in enumerate(u.cells):
            if scores[r][k]:
                best.setdefault(h, []).append((scores[r][k], r))
    out: dict[int, RowLookup] = {}
    for r, u in enumerate(rows):
        selectors = tuple(
            k
            for k, (h, _) in enumerate(u.cells)
            if scores[r][k]
            and sum(sc >= scores[r][k] for sc, _ in best[h]) == 1  # the column's one best
        )
        if not selectors:
            continue
        asked = tuple(
            k
            for k, (header, value) in enumerate(u.cells)
            if k not in selectors
            and not scores[r][k]
            and filled(value)
            and (
                not terms.get(header, frozenset()).isdisjoint(header_terms)
                or any(is_column(kind, header, value) for kind in kinds)
            )
        )
        # A lookup must ask something besides what it names.
        if asked:
            out[r] = RowLookup(selectors, asked)
    return out


def asked_filled(kind: Kind, unit: AnswerUnit) -> bool | None:
    """For a row with a column of the asked ``kind``: whether that column holds a value;
    ``None`` when the row has no such column (the unit's text is read instead)."""
    cols = [v for h, v in unit.cells if is_column(kind, h, v)]
    if not cols:
        return None
    return any(filled(v) for v in cols)


#: Kinds whose column alone says whether a row holds the answer: their tokens are hard
#: to tell in a row's text (a title "Scaling Laws" reads as a person's name, "정민서"
#: as no name at all). A title or name column is not one: every row has a title, and
#: a "which paper" question is not answered by any row for having one.
COLUMN_KINDS: frozenset[Kind] = frozenset({"person", "org", "week", "date"})


def row_type_bonus(kinds: Sequence[Kind], unit: AnswerUnit, typed: bool) -> float | None:
    """The answer-type bonus (in ``W_TYPE``, as ``prose.type_bonus`` counts it) of a row
    with a column of the asked kind, read from that column alone: one for a filled cell,
    one more for a ``typed`` kind, one per further asked kind whose column is filled;
    ``None`` for a row without such a column."""
    if not kinds or kinds[0] not in COLUMN_KINDS:
        return None
    first = asked_filled(kinds[0], unit)
    if first is None:
        return None
    if not first:
        return 0.0
    if not typed:
        return 1.0
    return 2.0 + sum(bool(asked_filled(k, unit)) for k in kinds[1:])


def lookup_span(unit: AnswerUnit, lookup: RowLookup) -> Span | None:
    """The asked cells of ``unit`` as the short answer (first to last, as
    ``span.py`` joins several cells), or ``None`` when the row's text lacks them."""
    found: list[Span] = []
    for k in lookup.asked:
        header, value = unit.cells[k]
        label = f"{header}: {value}" if header else value
        at = unit.text.find(label)
        if at < 0:
            continue
        off = at + len(label) - len(value)
        found.append(Span(value, off, off + len(value)))
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    found.sort(key=lambda sp: sp.start)
    return Span(", ".join(sp.text for sp in found), found[0].start, found[-1].end)
