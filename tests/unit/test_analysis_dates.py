"""One term for a day however a note writes it (analysis/dates.py): "2031.03.11",
"3월 11일", "3/11", "March 11th" and "2031-03-11" are the same day to BM25 and to the
answer stage. Korean, English and mixed text; the last test runs the real Kiwi analyzer.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.dates import date_terms


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "## 2031.03.11 (기록: 문가온)",
        "3월 11일 미팅 참석자",
        "3/11 (기록: 백서진)",
        "March 11th (notes: Dana Holt)",
        "2031-03-11 daily",
        "Mar. 11 review",
        "11 March 2031",
        "2031/3/11 회의",
    ],
)
def test_every_way_of_writing_a_day_is_one_term(text: str) -> None:
    assert date_terms(text) == ["md0311"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "1/2/3 split",  # a path or a list of numbers
        "v1/4 release",
        "ratio 3/11.5",
        "March 2031",  # a month and its year, no day
        "2031 Mar",
        "we may be 5 items short",
        "13월 40일",  # no such day
        "LoRA rank 16, lr 2e-4",
    ],
)
def test_no_day_is_read_into_other_numbers(text: str) -> None:
    assert date_terms(text) == []


@pytest.mark.unit
def test_each_day_once_in_order() -> None:
    assert date_terms("4/22 회의, 2031-05-06 발표, 다시 4월 22일") == ["md0422", "md0506"]


@pytest.mark.integration
def test_the_analyzer_gives_the_term_to_question_and_note(analyzer: Analyzer) -> None:
    question = analyzer.terms("3월 11일 미팅 참석자")
    heading = analyzer.terms("## 2031.03.11 (기록: 문가온)")
    english = analyzer.terms("March 11th meeting: attendees")
    assert "md0311" in question and "md0311" in heading and "md0311" in english
