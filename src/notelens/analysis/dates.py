"""One term for a day of the year, however the note writes it.

Meeting notes and daily logs write the same day four ways in one archive: "2026.03.11",
"3월 11일", "3/11", "March 11th", "2026-03-11". The analyzer's terms for them share
nothing ("2026.03.11" is one token; "3월 11일" gives "3" and "11"; "2026-03-11" gives
"03" and "11"), so "3월 11일 미팅 참석자" never matched the heading "## 2026.03.11 (기록:
…)". :func:`date_terms` adds one canonical term per month-day a text writes, ``md0311``,
to the index and to the question alike (the year is left out: a question rarely writes
it, and a note's heading often does not either).

A bare "M/D" counts only with a month 1-12 and a day 1-31, not inside a longer number
or path ("1/2/3", "v1/4"), and not as a fraction written with spaces or decimals.
"""

from __future__ import annotations

import re

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_WORD = (
    r"(?P<mw>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    # 2026.03.11, 2026-03-11, 2026/3/11
    r"(?<![\d.])(?:19|20)\d{2}\s*[-./]\s*(?P<m1>\d{1,2})\s*[-./]\s*(?P<d1>\d{1,2})(?![\d])"
    # 3월 11일
    r"|(?<!\d)(?P<m2>\d{1,2})\s*월\s*(?P<d2>\d{1,2})\s*일"
    # 3/11 (not 1/2/3, v1/4, 3/11.5)
    r"|(?<![\w./])(?P<m3>\d{1,2})/(?P<d3>\d{1,2})(?![\w/]|\.\d)"
    # March 11th, Mar. 11
    rf"|\b{_MONTH_WORD}\s+(?P<d4>\d{{1,2}}){_DAY_SUFFIX}\b"
    # 11 March
    rf"|\b(?P<d5>\d{{1,2}}){_DAY_SUFFIX}\s+(?P<mw2>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?"
    r"|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?)\b",
    re.I,
)


def date_terms(text: str) -> list[str]:
    """``md<MM><DD>`` for every month and day ``text`` writes, in order, once each."""
    out: list[str] = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        word = g["mw"] or g["mw2"]
        month = _MONTHS[word[:3].lower()] if word else int(g["m1"] or g["m2"] or g["m3"])
        day = int(g["d1"] or g["d2"] or g["d3"] or g["d4"] or g["d5"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            term = f"md{month:02d}{day:02d}"
            if term not in out:
                out.append(term)
    return out


__all__ = ["date_terms"]
