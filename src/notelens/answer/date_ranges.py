"""Date ranges and which end a "when does it start / end" question asks for.

Notes write a period as one range: "기간: 2025.03.08 ~ 2025.07.19", "Mar 8 – Jul 19",
"3월 8일부터 7월 19일까지", and a period still running as an open range, "2024 1/27 ~"
(its left end is the start; nothing is written after the tilde yet). The span rules
(``answer/span.py``) cut one date of the line, the longest or the nearest to the
question's words, which is no more often the start than the end. A question that asks
when something starts ("언제 시작해?", "When did it begin?") is answered by the left end,
one that asks when it ends ("언제 끝나?", "until when") by the right end; a question
that asks neither ("언제야?") keeps the span it had.
"""

from __future__ import annotations

import re

from notelens.answer.qtype import DATE_RE
from notelens.answer.span import Span

#: A question after the beginning of a period.
_ASKS_START_RE = re.compile(
    r"시작|개시|개강|출범|첫\s?(?:날|모임|주|세션)|언제부터"
    r"|\b(?:start|starts|started|starting|begin|begins|began|kick(?:s|ed)? off|commence\w*)\b"
    r"|\bfrom when\b|\bfirst (?:day|session|meeting)\b",
    re.I,
)
#: A question after the end of a period.
_ASKS_END_RE = re.compile(
    r"끝나|끝났|끝내|끝날|종료|마감|종강|마무리|마지막\s?(?:날|모임|주|세션)|언제까지"
    r"|\b(?:end|ends|ended|ending|finish\w*|until when|wrap(?:s|ped)? up|conclude\w*)\b"
    r"|\blast (?:day|session|meeting)\b",
    re.I,
)
# What joins the two ends: a tilde, a dash, "to", "부터" (with "까지" after the right end).
_JOIN_RE = re.compile(r"\s*(?:~|〜|–|—|-|\bto\b|\buntil\b|부터)\s*", re.I)
# An open range: the tilde or dash after the left end closes the line or its clause.
_OPEN_RE = re.compile(r"\s*(?:~|〜|–|—)\s*(?=$|[)\],;·|\n]|\s*\()")


def ranges(text: str) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """The (left, right) date offsets of every range ``text`` writes; right is None for
    an open range ("2024 1/27 ~")."""
    dates = [(m.start(), m.end()) for m in DATE_RE.finditer(text)]
    out: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    for k, (s, e) in enumerate(dates):
        nxt = dates[k + 1] if k + 1 < len(dates) else None
        if nxt is not None:
            join = _JOIN_RE.fullmatch(text, e, nxt[0])
            if join is not None:
                out.append(((s, e), nxt))
                continue
        if _OPEN_RE.match(text, e) and not any(r == (s, e) for _, r in out):
            out.append(((s, e), None))
    return out


def range_end(question: str, text: str, short: Span | None) -> Span | None:
    """The end of a range in ``text`` that ``question`` asks for, or ``short``.

    The range holding ``short`` when there is one, else the line's only range; a
    question asking both or neither end, or the end of an open range, keeps ``short``.
    """
    start, end = bool(_ASKS_START_RE.search(question)), bool(_ASKS_END_RE.search(question))
    if start == end:
        return short
    found = ranges(text)
    if short is not None and short.end > short.start:
        held = [
            r
            for r in found
            if r[0][0] <= short.start < (r[1] or r[0])[1] or short.start <= r[0][0] < short.end
        ]
        found = held or found
    if len(found) != 1:
        return short
    left, right = found[0]
    s, e = left if start else (right or (0, 0))
    if e <= s:
        return short
    return Span(text[s:e], s, e)
