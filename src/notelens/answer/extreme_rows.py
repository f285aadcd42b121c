"""Table rows read for a superlative: "응답 시간이 제일 오래 걸린 설정은?".

A results table ("설정 | recall@5 | 정확도 | 응답 시간") answers "which setting took the
longest?" with the row that holds the largest value of the column the question names
— no cell of that row is written in the question, so the selector lookups of
``answer/rows.py`` find no row, and the row whose words the question shares most (any
of them) was quoted with a cell of the wrong column. Here the question's superlative
("제일 오래", "가장 높은", "lowest", "fastest") picks the direction, its words pick the
numeric column by header, and the asked cells are the row's label (its first
non-numeric cell) or the column the question names besides the measured one
("설정은?").

"Best" and "fast" depend on the column: a time, a latency, a loss or an error rate is
best when lowest, and the fastest setting is the one with the least time; any other
number (accuracy, throughput, a score) is best when highest.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from notelens.answer.rows import RowLookup, filled
from notelens.answer.units import AnswerUnit

#: Words that ask for the largest value, for the smallest, for the best, for the worst.
_HIGH_RE = re.compile(
    r"(?:제일|가장)\s*(?:높|많|크|큰|길|긴|오래|느리|느린|무거)"
    r"|최고|최대|\b(?:highest|most|largest|biggest|longest|slowest|greatest|maximum|heaviest)\b",
    re.I,
)
_LOW_RE = re.compile(
    r"(?:제일|가장)\s*(?:낮|적|작|짧|가벼)|최저|최소"
    r"|\b(?:lowest|least|fewest|smallest|shortest|minimum|lightest)\b",
    re.I,
)
_FAST_RE = re.compile(r"(?:제일|가장)\s*(?:빠르|빠른|빨리)|\bfastest\b|\bquickest\b", re.I)
_SLOW_RE = re.compile(r"(?:제일|가장)\s*(?:느리|느린)|\bslowest\b", re.I)
_BEST_RE = re.compile(r"(?:제일|가장)\s*(?:좋|잘|나은|우수)|최고|\bbest\b|\btop\b", re.I)
_WORST_RE = re.compile(r"(?:제일|가장)\s*(?:나쁜|나빴|못)|최악|\bworst\b", re.I)
#: Columns whose lower value is the better (and the faster) one.
_LOWER_BETTER_RE = re.compile(
    r"시간|지연|latency|time|loss|error|오류|오차|perplexity|ppl|비용|cost|\bms\b|초\b", re.I
)
#: Columns a speed is read from when the question names none ("the fastest").
_SPEED_RE = re.compile(
    r"시간|지연|속도|처리량|latency|\btime\b|speed|throughput|tok(?:ens)?/s|\bms\b", re.I
)
_NUMBER_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _value(cell: str) -> float | None:
    """The first number a cell writes ("2.6s", "1,024", "0.89"), or None."""
    m = _NUMBER_RE.search(cell)
    if m is None:
        return None
    try:
        return float(m.group().replace(",", ""))
    except ValueError:
        return None


def direction(question: str, header: str) -> int:
    """+1 when ``question`` asks for the largest value of the column ``header``, -1 for
    the smallest, 0 when it asks no superlative of it."""
    lower_better = bool(_LOWER_BETTER_RE.search(header))
    if _FAST_RE.search(question):
        return -1 if lower_better else 1
    if _SLOW_RE.search(question):
        return 1 if lower_better else -1
    if _HIGH_RE.search(question):
        return 1
    if _LOW_RE.search(question):
        return -1
    if _BEST_RE.search(question):
        return -1 if lower_better else 1
    if _WORST_RE.search(question):
        return 1 if lower_better else -1
    return 0


def extreme_lookups(
    rows: Sequence[AnswerUnit],
    question: str,
    header_terms: Collection[str],
    terms: Mapping[str, frozenset[str]],
) -> dict[int, RowLookup]:
    """The row of one table (by index in ``rows``) holding the extreme value of the
    numeric column the question names, as a lookup: that column is its selector, the
    label cell or the other named column the asked cells. Empty when the question asks
    no superlative, names no numeric column, or two rows tie."""
    if len(rows) < 2 or not direction(question, ""):
        return {}
    headers = [h for h, _ in rows[0].cells]
    if any(tuple(h for h, _ in u.cells) != tuple(headers) for u in rows):
        return {}

    def named(h: str) -> bool:
        return bool(h) and not terms.get(h, frozenset()).isdisjoint(header_terms)

    numeric = [
        k
        for k, h in enumerate(headers)
        if named(h) and all(_value(u.cells[k][1]) is not None for u in rows)
    ]
    if not numeric and (_FAST_RE.search(question) or _SLOW_RE.search(question)):
        # "Which method was fastest?" names no column: the table's one time or speed
        # column is the one measured.
        numeric = [
            k
            for k, h in enumerate(headers)
            if _SPEED_RE.search(h) and all(_value(u.cells[k][1]) is not None for u in rows)
        ]
    if len(numeric) != 1:
        return {}
    col = numeric[0]
    sign = direction(question, headers[col])
    if not sign:
        return {}
    values = [sign * (_value(u.cells[col][1]) or 0.0) for u in rows]
    top = max(values)
    if values.count(top) > 1:
        return {}
    r = values.index(top)
    cells = rows[r].cells
    asked = tuple(
        k for k, (h, v) in enumerate(cells) if k != col and named(h) and filled(v)
    ) or tuple(
        k for k, (_, v) in enumerate(cells[:1]) if k != col and filled(v) and _value(v) is None
    )
    if not asked:
        return {}
    return {r: RowLookup((col,), asked)}
