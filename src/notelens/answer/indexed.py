"""Refusal signal of a question about a member of a numbered series the notes do not reach.

Notes that follow a schedule number what they follow: a study's weeks ("3주차", "Week
3"), a show's or a reading group's seasons ("시즌 2", "Season 2"), sessions ("S12",
"5회차"), cohorts ("2기"), lectures ("4강"), parts and chapters. A question about one
member names its index with the series word ("봄 시즌 14주차 발표자", "What was read in
week 14?", "시즌5 주제"); when the notes stop at week 13 or season 4, every other word
of the question is in the neighbouring rows, so coverage and cosine stay near full and
the unit quoted answers for a sibling. The number alone is no evidence: "5/14" writes a
14 and no fourteenth week, so ``unwritten.py``'s bare-number check passes it.

:func:`missing_indices` lists the question's (series, index) pairs that no top passage
writes in any of the series' spellings, Korean or English ("14주차", "14 주차", "week
14", "W14", "14th week", a row's "주차: 14", a table cell "| 14 |" in a passage that
names the series); :func:`index_factor` scales the evidence strength by ``1 -
INDEX_PENALTY`` over a note unit when one is missing. Prose is left alone, as by
``unwritten_factor``: a paragraph writes "the fourteenth week" or "그 주" in words no
pattern knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A unit answering for a sibling member of the asked one: ``members.SIBLING_PENALTY``'s
#: rule, a strength near full must fall below the refusal threshold (0.36).
INDEX_PENALTY = 0.7


@dataclass(frozen=True, slots=True)
class Series:
    """One kind of numbered series: the words that name it before or after the index."""

    name: str
    # Words written before the index ("week 3", "시즌 2", "S12"), as a regex alternation.
    before: str
    # Counters written after it ("3주차", "2기"), as a regex alternation ("" for none).
    after: str


# (Case-insensitive. "S" alone reads a session only glued to its number, "S12"; "기" and
# "강" only after a number with no Hangul syllable following: "2기" a cohort, "2기가"
# nothing. Months' weeks, "12월 1주차", are weeks too: the index is the week's.)
_SERIES: tuple[Series, ...] = (
    Series("week", r"week|wk|주차|W(?=\d)", r"주차|(?:st|nd|rd|th)\s+week"),
    Series("season", r"season|시즌", r"(?:st|nd|rd|th)\s+season|번째\s*시즌"),
    Series("session", r"session|세션|회차|S(?=\d)", r"회차|(?:st|nd|rd|th)\s+session"),
    Series("cohort", r"cohort|기수", r"기(?![가-힣])|(?:st|nd|rd|th)\s+cohort"),
    Series("lecture", r"lecture|강의", r"강(?![가-힣])|(?:st|nd|rd|th)\s+lecture"),
    Series("episode", r"episode|ep\.?", r"화(?![가-힣])|(?:st|nd|rd|th)\s+episode"),
    Series("chapter", r"chapter|챕터", r"(?:st|nd|rd|th)\s+chapter"),
    Series("part", r"part|파트", r"부(?![가-힣])|(?:st|nd|rd|th)\s+part"),
)

# Every series' counter: a number followed by one is that series' index.
_COUNTERS = "|".join(s.after for s in _SERIES if s.after)

# The index: one to three digits, not part of a longer number, a date ("5/14") or a name
# ("GPT-4").
_NUM = r"(?<![\d/.,:\-])0*(\d{1,3})(?![\d/.,]|:\d)"


def _asked_re(series: Series) -> re.Pattern[str]:
    # ("week 14", "시즌5", "W18" / "14주차", "2기"; "시즌 14주차" is the season's week 14,
    # not season 14: a number with a counter after it is that counter's)
    after = rf"|{_NUM}\s*(?:{series.after})" if series.after else ""
    return re.compile(
        rf"(?<![A-Za-z])(?:{series.before})\s*[-#]?\s*{_NUM}(?!\s*(?:{_COUNTERS})){after}", re.I
    )


_ASKED = tuple((s, _asked_re(s)) for s in _SERIES)


def asked_indices(question: str) -> list[tuple[str, str]]:
    """The question's (series name, index) pairs: "봄 시즌 14주차" -> [("week", "14")]
    ("시즌" with no number names no member)."""
    out: list[tuple[str, str]] = []
    for series, pattern in _ASKED:
        for m in pattern.finditer(question):
            index = next(g for g in m.groups() if g is not None)
            if (series.name, index) not in out:
                out.append((series.name, index))
    return out


def index_written(series_name: str, index: str, evidence: str) -> bool:
    """Whether ``evidence`` writes member ``index`` of the series in any spelling: with
    the series word before or after it, or as a row's labelled cell ("주차: 14",
    "Week | 14"), or as a table cell of its own ("| 14 |") in evidence that names the
    series (a schedule's index column)."""
    series = next(s for s in _SERIES if s.name == series_name)
    num = rf"(?<![\d/.,:\-])0*{index}(?![\d/.,]|:\d)"
    after = rf"|{num}\s*(?:{series.after})" if series.after else ""
    # (up to three characters between a label and its value: "주차: ", "Week | ")
    labelled = rf"(?<![A-Za-z])(?:{series.before})\S{{0,3}}\s*[-#:|=]?\s*{num}{after}"
    if re.search(labelled, evidence, re.I) or _in_range(series, int(index), evidence):
        return True
    words = f"{series.before}|{series.after}" if series.after else series.before
    names_series = re.search(rf"(?<![A-Za-z])(?:{words})", evidence, re.I)
    return bool(names_series and re.search(rf"\|\s*{num}\s*\|", evidence))


def _in_range(series: Series, index: int, evidence: str) -> bool:
    """Whether ``evidence`` writes a range of the series that holds ``index`` ("1~4주차",
    "weeks 3-5", "시즌 1–3")."""
    span = r"0*(\d{1,3})\s*(?:~|～|-|–|—|to)\s*0*(\d{1,3})(?![\d/.,]|:\d)"
    after = rf"|(?<![\d/.,:\-]){span}\s*(?:{series.after})" if series.after else ""
    pattern = rf"(?<![A-Za-z])(?:{series.before})s?\S{{0,3}}\s*[:|=]?\s*{span}{after}"
    for m in re.finditer(pattern, evidence, re.I):
        low, high = (g for g in m.groups() if g is not None)
        if int(low) <= index <= int(high):
            return True
    return False


def missing_indices(question: str, evidence: str) -> list[tuple[str, str]]:
    """The question's :func:`asked_indices` that ``evidence`` (the top passages with
    their heading paths) does not write (:func:`index_written`)."""
    return [(s, i) for s, i in asked_indices(question) if not index_written(s, i, evidence)]


def index_factor(question: str, unit_kind: str, evidence: str) -> float:
    """``1 - INDEX_PENALTY`` when the best unit is a note unit (``unit_kind`` not
    "sentence") and the question names a series member no top passage writes, else 1."""
    if unit_kind == "sentence":
        return 1.0
    return 1.0 - INDEX_PENALTY if missing_indices(question, evidence) else 1.0


__all__ = ["INDEX_PENALTY", "asked_indices", "index_factor", "index_written", "missing_indices"]
