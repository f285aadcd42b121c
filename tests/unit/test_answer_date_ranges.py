"""The end of a date range a "when does it start / end" question asks for
(answer/date_ranges.py): an open range "2025 3/8 ~" starts at its left end; a closed
one "2025.03.08 ~ 2025.07.19" starts at its left and ends at its right. Korean, English
and mixed fixtures; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.date_ranges import range_end, ranges
from notelens.answer.extractive import extract
from notelens.answer.qtype import DATE_RE
from notelens.answer.span import Span
from notelens.embed.base import Embedder


@pytest.mark.unit
def test_a_year_and_a_month_day_are_one_date() -> None:
    assert [m.group() for m in DATE_RE.finditer("기간: 2025 3/8 ~")] == ["2025 3/8"]


@pytest.mark.unit
def test_open_and_closed_ranges() -> None:
    text = "기간: 2025 3/8 ~"
    ((left, right),) = ranges(text)
    assert text[left[0] : left[1]] == "2025 3/8" and right is None
    text = "Period: Mar 8 – Jul 19, 2025 (online)"
    ((left, right),) = ranges(text)
    assert text[left[0] : left[1]] == "Mar 8"
    assert right is not None and text[right[0] : right[1]].startswith("Jul 19")
    # Two dates in a list are no range; a date followed by words is no open range.
    assert ranges("발표: 3/8, 발표: 4/12") == []
    assert ranges("2025 3/8 ~ 으로 잡음") == []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("시즌2는 언제 시작했어?", "2025.03.08"),
        ("시즌2 언제 끝나?", "2025.07.19"),
        ("When did season 2 start?", "2025.03.08"),
        ("Until when does season 2 run?", "2025.07.19"),
        ("season 2 마지막 날은 언제야?", "2025.07.19"),
    ],
)
def test_the_end_asked_for(question: str, want: str) -> None:
    text = "기간: 2025.03.08 ~ 2025.07.19"
    first = Span("2025.03.08", 4, 14)
    got = range_end(question, text, first)
    assert got is not None and got.text == want


@pytest.mark.unit
def test_neither_end_asked_or_an_open_end_keeps_the_span() -> None:
    short = Span("2025", 4, 8)
    assert range_end("시즌2는 언제야?", "기간: 2025 3/8 ~", short) is short
    # The end of a period still running is not written: nothing to move to.
    assert range_end("시즌4는 언제 끝나?", "기간: 2025 3/8 ~", short) is short
    # Two ranges on the line and the span in neither: no guess.
    two = "1기: 1/4 ~ 2/22, 2기: 3/8 ~ 5/31"
    assert range_end("언제 시작해?", two, None) is None
    got = range_end("2기는 언제 시작해?", two, Span("5/31", 28, 32))
    assert got is not None and got.text == "3/8"


HITS = [
    note_hit(
        0,
        "- 기간: 2025 3/8 ~\n- 장소: 온라인 (Zoom)\n- 매주 토요일 오전 10시\n",
        "추론 스터디 시즌4",
    ),
]
EN_HITS = [
    note_hit(
        0,
        "- Period: 2025.03.08 ~ 2025.07.19\n- Where: online\n- Every Saturday 10am\n",
        "Reasoning study season 2",
        lang="en",
    ),
]


@pytest.mark.integration
def test_an_open_range_answers_when_it_starts(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("추론 스터디 시즌4는 언제 시작해?", HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "2025 3/8"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("When did season 2 of the reasoning study start?", "2025.03.08"),
        ("When does season 2 of the reasoning study end?", "2025.07.19"),
    ],
)
def test_a_closed_range_in_english(
    question: str, want: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, EN_HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == want
