"""Changed values: "from X to Y" lines and which side a question asks for.

Notes log a change as one line: "RoPE base를 10,000에서 1,000,000으로 늘렸다",
"raised from 4k to 32k", "cache hit rate 31% → 74%", "CER 6.8%, down from 7.9%",
"(28% to 32%)". The span rules (``answer/span.py``) cut the first value of the asked
type, which is the old one; a question asks for the new one ("얼마로 바꿨어", "what was it
raised to", "몇 %가 돼?") unless it asks where the change started ("원래", "처음",
"from what", "before"). :func:`changed_value` moves the short answer to that side.
"""

from __future__ import annotations

import re

from notelens.answer.span import Span

# A value: a number with an optional unit or counter ("1,000,000", "7.9%", "4k", "4개 팀").
_V = (
    r"\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:%p?|[kKMBx]\b|ms\b|개(?:\s?[가-힣]{1,2}?)?|명|배|시간|점|분|초|일|건))?"
)
_VU = r"\d[\d,]*(?:\.\d+)?\s?(?:%p?|[kKMBx]\b)"
# (pattern, group of the old value, group of the new value)
_CHANGES: tuple[tuple[re.Pattern[str], int, int], ...] = (
    # "10,000에서 1,000,000으로", "0.64에서 0.81로", "7.9%에서 11.2%로", "0.62에서 0.70이
    # 됐다" (what it became), "20분에서 45분이 되었다"
    (
        re.compile(
            rf"({_V})\s*(?:에서|부터)\s+({_V})\s*(?:으로|로|까지|(?:이|가)\s*(?:됐|되었|됨|된|되))"
        ),
        1,
        2,
    ),
    # "31% → 74%", "4개 팀 → 7개 팀"
    (re.compile(rf"({_V})\s*(?:→|->|⟶|=>)\s*({_V})"), 1, 2),
    # "from 4k to 32k"
    (re.compile(rf"\bfrom\s+({_V})\s+to\s+({_V})", re.I), 1, 2),
    # "6.8%, down from 7.9%"
    (re.compile(rf"({_V})\s*,?\s*\(?(?:down|up)\s+from\s+({_V})", re.I), 2, 1),
    # "(28% to 32%)": a bare pair in parentheses, both with a unit ("(1870 to 1939)"
    # is a range of years)
    (re.compile(rf"\(\s*({_VU})\s+to\s+({_VU})\s*\)", re.I), 1, 2),
)
# A question about where the change started.
_ASKS_OLD_RE = re.compile(
    r"원래|처음|이전|기존|바꾸기\s*전|전에는|에서\s*(?:얼마|몇)|\bfrom what\b|\bfrom which\b"
    r"|\boriginal(?:ly)?\b|\binitial(?:ly)?\b|\bprevious(?:ly)?\b|\bbefore\b|\bused to\b"
    r"|\b(?:changed|raised|increased|reduced|lowered|cut|dropped|went up|went down) from\b",
    re.I,
)


def changes(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (old, new) value offsets of every "from X to Y" change ``text`` writes."""
    out = []
    for pattern, old, new in _CHANGES:
        for m in pattern.finditer(text):
            out.append(((m.start(old), m.end(old)), (m.start(new), m.end(new))))
    return out


def asks_old(question: str) -> bool:
    """Whether ``question`` asks for the value before the change."""
    return _ASKS_OLD_RE.search(question) is not None


def changed_value(question: str, text: str, short: Span | None) -> Span | None:
    """``short`` moved to the side of a change the question asks for: the new value
    when ``short`` is the old one, the old value for a "from what" question when
    ``short`` is the new one. Otherwise ``short`` unchanged."""
    if short is None or short.start == short.end:
        return short
    old_side = asks_old(question)
    for old, new in changes(text):
        have, want = (new, old) if old_side else (old, new)
        # Only a span on one side moves: "415,000 to 587,000" answers a range.
        if (
            short.start < have[1]
            and short.end > have[0]
            and not (short.start < want[1] and short.end > want[0])
        ):
            s, e = want
            return Span(text[s:e].strip(), s, s + len(text[s:e].strip()))
    return short
