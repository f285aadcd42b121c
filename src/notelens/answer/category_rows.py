"""A table's row asked by its place among the rows of one category: "Reward Model 주제는
몇 주차부터야?", "두 번째 alignment learning 논문 발표자는?", "Which week does the RAG topic
start?", "the last RAG paper" (issue #15, twenty-fourth round).

A syllabus table gives each row a category cell ("Type: Reward Model" on weeks 13 and
14). A question that asks for the first, n-th or last row *of a category* names the
category, not the row: every row of that category shares the question's words, and so
does any row whose other cells merely mention them ("DPO: … Secretly a Reward Model" in
a "non RL approach" row), which the scorer may well rank first. The answer is the row
at the asked place among the rows whose category cell *is* the named value, in the
table's own order (``answer/owned_lists.py`` reads those rows for a list question; this
module reads a place among them).

The place is the ordinal a question writes (``answer/ordinal_items.py``'s
:func:`~notelens.answer.ordinal_items.asked_place`), or a start or an end asked of the
category ("몇 주차부터", "언제 시작", "start", "begin"; "몇 주차까지", "끝나", "end"): the first
and the last of its rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.ordinal_items import EN_NOT_PLACE, EN_PLACES, LAST, asked_place, at_place
from notelens.answer.owned_lists import value_rows
from notelens.answer.units import AnswerUnit

# A start or an end asked of a category: "몇 주차부터", "언제부터", "시작해", "start",
# "begin"; "몇 주차까지", "언제까지", "끝나", "end". (Not a bare "부터" / "까지": "pretraining
# 부터 alignment까지" is a title's range.) A first or last place written before any noun:
# "첫 발표", "마지막 발표자" (``asked_place`` reads them before an item's noun only).
_KO_START_RE = re.compile(
    r"(?:몇\s*[가-힣]{0,3}|언제)\s*부터|시작(?:해|하|했|된|되|이)|(?<![가-힣])첫(?![가-힣]{2})"
)
_KO_END_RE = re.compile(r"(?:몇\s*[가-힣]{0,3}|언제)\s*까지|끝나|끝났|끝난|마지막")
_EN_START_RE = re.compile(r"\b(?:starts?|started|begins?|began)\b", re.I)
_EN_END_RE = re.compile(r"\b(?:ends?|ended|finish(?:es|ed)?)\b", re.I)
# "the second agents paper": an ordinal before the category (``asked_place`` reads one
# before "in / of / under" only). "the first author of the X paper" asks a role, no
# place (blind4 e009 turned wrong on the merged tree: the first X row's presenter);
# Latin letters end the noun ("first author가": Hangul is a word character).
_EN_ORDINAL_RE = re.compile(
    rf"\b(?:{'|'.join(EN_PLACES)})\b(?!\s+{EN_NOT_PLACE}(?![A-Za-z]))", re.I
)


def asked_row_place(question: str) -> int | None:
    """The place among a category's rows ``question`` asks (1-based, :data:`LAST` for
    the last), or ``None``."""
    place = asked_place(question)
    if place is not None:
        return place
    if _KO_START_RE.search(question) or _EN_START_RE.search(question):
        return 1
    if _KO_END_RE.search(question) or _EN_END_RE.search(question):
        return LAST
    m = _EN_ORDINAL_RE.search(question)
    return EN_PLACES[m.group(0).lower()] if m else None


def category_row(
    question: str,
    headings: Sequence[str],
    spans: Sequence[tuple[int, int]],
    units: Sequence[Sequence[AnswerUnit]],
) -> tuple[int, AnswerUnit] | None:
    """The row (its passage index and unit) at the asked place among the rows whose
    category cell is the value the question asks rows by (the longest such value, in a
    column holding another value too), in table order, or ``None``. ``spans[i]`` is
    passage i's (last, first) line in its note: a long table's chunks all start at its
    header (the chunker repeats it), so the one that ends earlier holds the earlier
    rows."""
    place = asked_row_place(question)
    if place is None:
        return None
    groups = [g for g in value_rows(question, headings, units) if g.column_values >= 2]
    if not groups:
        return None
    group = max(groups, key=lambda g: len(g.value))
    rows = sorted(group.rows, key=lambda p: (spans[p[0]], p[1].line))
    return at_place(rows, place)


__all__ = ["asked_row_place", "category_row"]
