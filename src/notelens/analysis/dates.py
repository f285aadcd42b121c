"""Dates as notes and questions write them: the one reader of months and days.

Three modules read dates for different ends — ``meeting_dates`` the (month, day) a
meeting question names, ``heading_when`` the day a heading path files an entry under,
``qtype`` whether a span holds a date at all — and each kept its own month names and day
forms, which drifted ("Sept" was a month in one and not in another). The forms live here
once; each reader composes the ones it needs. It sits in ``analysis`` (round 21) because
retrieval reads the same dates: a question's date against the dates headings file
entries under (:mod:`notelens.retrieve.dated_entries`).
"""

from __future__ import annotations

import re

#: English month names and their abbreviations ("Sep", "Sept", "September"), as a regex
#: alternation to be wrapped in word boundaries by its user.
MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUM = r"1[0-2]|0?[1-9]"
_DAY_NUM = r"[12]\d|3[01]|0?[1-9]"


def _named(name: str) -> str:
    return rf"\b(?P<{name}>{MONTH_NAMES})\b\.?"


# The forms of a month and day: "2026-09-15" (or 2026.09.15, 2026/09/15), "9월 15일",
# "Sep 15", "15 September"; and "9/15", which is not a fraction's or a date's tail
# ("1/2/3", "2026/09/15") but is too loose for a heading's day (a week label writes
# "2nd week (10/9)").
_ISO = rf"(?<![\d-])(?:19|20)\d{{2}}[-./](?P<im>{_MONTH_NUM})[-./](?P<id>{_DAY_NUM})(?!\d)"
_KO = rf"(?<![\d.])(?P<km>{_MONTH_NUM})\s?월\s?(?P<kd>{_DAY_NUM})\s?일"
_SLASH = rf"(?<![\d/.])(?P<sm>{_MONTH_NUM})/(?P<sd>{_DAY_NUM})(?![\d/])"
_EN_MD = rf"{_named('em')}\s(?P<ed>{_DAY_NUM})(?!\d)"
_EN_DM = rf"(?<!\d)(?P<fd>{_DAY_NUM})\s{_named('fm')}"

#: A month and day in every form a note or a question writes.
DATE_RE = re.compile("|".join((_ISO, _KO, _SLASH, _EN_MD, _EN_DM)), re.I)
#: A date down to its day as a heading writes one ("2026-07-11 · …", "3월 14일 세미나",
#: "March 14 · …"): not "10/9", which a week label holds.
DAY_RE = re.compile("|".join((_ISO, _KO, _EN_MD)), re.I)


def month_number(name: str) -> int:
    """The month an English month name or its abbreviation names ("Sep", "October")."""
    return _MONTHS.index(name[:3].lower()) + 1


def month_days(text: str) -> set[tuple[int, int]]:
    """The (month, day) pairs ``text`` writes."""
    out = set()
    for m in DATE_RE.finditer(text):
        month = m.group("im") or m.group("km") or m.group("sm")
        day = m.group("id") or m.group("kd") or m.group("sd") or m.group("ed") or m.group("fd")
        if month is None:
            month = str(month_number(m.group("em") or m.group("fm")))
        out.add((int(month), int(day)))
    return out
