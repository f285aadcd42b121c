"""The one date reader (analysis/dates.py) that meeting_dates, heading_when and qtype share.

Strings written for the test: the forms notes and questions write a month and day in,
Korean, English and mixed, and the look-alikes that are no date (a fraction, a date's
tail, "Augmented", a week label's "10/9" as a heading's day).
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.dates import DAY_RE, month_days, month_number
from notelens.answer.heading_when import heading_when
from notelens.answer.qtype import has_evidence
from notelens.answer.units import AnswerUnit


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("## 2026-09-15 (월) 회의", {(9, 15)}),
        ("2026.09.15 세미나", {(9, 15)}),
        ("9월 15일 회의에서 뭘 정했어?", {(9, 15)}),
        ("9/29 회의는 추석으로 쉼", {(9, 29)}),
        ("the Sep 15 meeting", {(9, 15)}),
        ("the Sept 15 meeting", {(9, 15)}),
        ("on 15 September", {(9, 15)}),
        ("October 20 lab meeting 참석자", {(10, 20)}),
        ("12월 회의는 격주(12/1, 12/15)로", {(12, 1), (12, 15)}),
    ],
)
def test_month_and_day_in_every_form(text: str, days: set[tuple[int, int]]) -> None:
    assert month_days(text) == days


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "1/2/3 정도의 비율",  # a fraction chain
        "2026/09/15의 꼬리 09/15가 아니라",  # read once, as the whole date
        "Augmented 15 models",  # no August
        "13월 40일",  # no such month or day
        "marching 5 times",
    ],
)
def test_look_alikes_are_no_extra_dates(text: str) -> None:
    days = month_days(text)
    assert days <= {(9, 15)}


@pytest.mark.unit
def test_month_numbers() -> None:
    assert [month_number(m) for m in ("Jan", "sept", "October", "dec")] == [1, 9, 10, 12]


@pytest.mark.unit
def test_a_heading_day_is_not_a_week_label() -> None:
    assert [m.group(0) for m in DAY_RE.finditer("2026-07-11 · Tern-7B tech report")] == [
        "2026-07-11"
    ]
    assert [m.group(0) for m in DAY_RE.finditer("3월 14일 세미나")] == ["3월 14일"]
    assert [m.group(0) for m in DAY_RE.finditer("March 14 · talk")] == ["March 14"]
    assert DAY_RE.search("2nd week (10/9)") is None


@pytest.mark.unit
def test_the_readers_agree_on_sept() -> None:
    # qtype's date evidence and heading_when's months read the same names.
    assert has_evidence("date", "Sept 5")
    unit = AnswerUnit("item", "Tern-7B 정리", "archive 2026 > 🍂 Sept > 2nd week", 0, 0)
    span = heading_when("week", unit)
    assert span is not None and "Sept" in span.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tern 논문 년도", "date"),  # the spelling most people type for 연도
        ("Tern-7B 발표 년도 알려줘", "date"),
        ("Tern 논문 연도는?", "date"),
        ("2023년도 논문 뭐 있어?", "other"),  # names a year, asks for papers
        ("2023 년도 정리 노트 보여줘", "other"),
    ],
)
def test_a_year_asked_by_its_noun(question: str, kind: str) -> None:
    from notelens.answer.qtype import answer_type

    assert answer_type(question).kind == kind


def test_a_year_noun_question_gets_the_year(analyzer: Analyzer) -> None:
    from note_hits import note_hit
    from notelens.answer.extractive import extract

    hit = note_hit(
        0,
        "- Tern 논문 핵심: teacher logit을 temperature 2로 부드럽게 만들어 학습\n"
        "- Tern 논문 후속 작업: 요약 품질 평가를 GPT-4 judge로 교체\n"
        "- Tern 공개: 2024년, 코드와 체크포인트 포함",
        "논문 메모 > distillation",
    )
    ex = extract("Tern 논문 년도", [hit], analyzer=analyzer, embedder=None)
    assert ex.short is not None and "2024" in ex.short.text
