"""Refusals of the twenty-second round (docs/benchmarks.md "Refusing what real notes
don't say, twenty-second round"): the quoted unit does not give what is asked — a metric
asked by its bare name over a line with no value of it, a day asked of a line dated to the
month, a size or a token count asked in B / T over a line without one. Korean, English
and mixed questions over notes written for the test, each rule with an answerable and an
unanswerable twin.
"""

from __future__ import annotations

import pytest

from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    MEASURE_PENALTY,
    asked_attribute,
    asked_measure,
    day_unstated,
    measure_factor,
    typed_floor,
)

_GONE = 1.0 - ATTRIBUTE_PENALTY


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Pinecone-QA에서 사람 정답률은?", "metric"),
        ("Hwarang-7B 통과율은?", "metric"),
        ("KoSumm 지표 사람 평가 켄달 상관은?", "metric"),
        ("데모 영상 조회수", "metric"),
        ("run r12 seed 2 점수", "metric"),
        # A metric asked with "얼마" / "몇" is ``asks_metric``'s, a rate's own form first.
        ("정확도는 얼마야?", None),
        ("학습률은?", "rate"),
        # Words in "…률/율" that are no metric.
        ("데이터 수집 관련 법률은?", None),
        ("메모리 효율은?", None),
    ],
)
def test_a_metric_is_asked_by_its_bare_name(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "factor"),
    [
        # Answerable twins: the value is written, as a share, a score or a decimal.
        (
            "Pinecone-QA에서 사람 정답률은?",
            "Pinecone-QA: 표 계산 문제 2,100개, 사람 정답률 91%",
            1.0,
        ),
        ("run r12 seed 2 점수", "r12 · seed 2 · KoEval 6.48", 1.0),
        ("KoSumm 지표 사람 평가 켄달 상관은?", "사람 평가와 켄달 상관 0.61로 가장 높음", 1.0),
        ("Hwarang-7B 통과율은?", "Hwarang-7B pass rate 47.5% on the internal suite", 1.0),
        # Unanswerable twins: counts, dates, sizes and digits of names are no value.
        ("Pinecone-QA에서 사람 정답률은?", "3월 공개된 Pinecone-QA, 표 계산 문제 2,100개", _GONE),
        ("run r12 seed 2 점수", "r12 seed 2 시작, 3 seeds 예정", _GONE),
        ("데모 영상 조회수", "[x] Hwarang-7B-Chat 데모 영상 공개", _GONE),
        ("Hwarang-7B 통과율은?", "Hwarang-7B 정식 release, 13B-A2B는 예고만", _GONE),
    ],
)
def test_a_metric_line_must_write_a_value(question: str, unit: str, factor: float) -> None:
    assert measure_factor(question, unit, "item") == pytest.approx(factor)


@pytest.mark.unit
def test_a_metric_is_not_read_over_prose() -> None:
    # Prose states a figure in words no pattern knows: its sentences are left alone.
    sentence = "사람 평가자들은 대부분의 문제를 맞혔지만 표가 긴 문제에서는 자주 틀렸다."
    assert measure_factor("Pinecone-QA에서 사람 정답률은?", sentence, "sentence") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "unstated"),
    [
        (
            "Toolformer 발표하는 4주차 모임은 몇월 며칠이야?",
            "4 주차 · 논문: Toolformer · 날짜: 2025-03-27",
            False,
        ),
        (
            "Toolformer 발표하는 4주차 모임은 몇월 며칠이야?",
            "4 주차 · 논문: Toolformer · 공개: 2023 Feb",
            True,
        ),
        ("On what date is the Toolformer session?", "Week 4 · Toolformer · Date: Mar 27", False),
        ("On what date is the Toolformer session?", "Week 4 · Toolformer · arXiv: Feb 2023", True),
        # A duration in days is the "duration" attribute's; a line with no date the
        # "date" answer type's.
        ("Toolformer 학습 며칠 걸렸어?", "학습은 2023년 2월에 끝남", False),
        ("On what date is the Toolformer session?", "Week 4 · Toolformer", False),
    ],
)
def test_a_day_asked_of_a_line_dated_to_the_month(question: str, unit: str, unstated: bool) -> None:
    assert day_unstated(question, unit) is unstated
    assert measure_factor(question, unit, "row") == pytest.approx(_GONE if unstated else 1.0)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("Hwarang-2 파라미터 몇 B야?", "B"),
        ("Hwarang-2 학습에 토큰 몇 T 썼어?", "T"),
        ("리랭커 크기는 몇 M 파라미터야?", "M"),
        # A lower-case letter after "몇" is no magnitude.
        ("몇 b야?", None),
    ],
)
def test_a_magnitude_after_myeot_is_a_measure(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "factor"),
    [
        ("Hwarang-2 파라미터 몇 B야?", "Hwarang-2는 1.3B, 7B 두 가지 크기로 공개", 1.0),
        (
            "Hwarang-2 파라미터 몇 B야?",
            "Hwarang 2: Open Korean Models(2025, 정리중)",
            1.0 - MEASURE_PENALTY,
        ),
        ("How big is the reranker, 몇 M?", "한국어 리랭커 330M", 1.0),
        ("How big is the reranker, 몇 M?", "한국어 리랭커, 추론 12ms", 1.0 - MEASURE_PENALTY),
        # A count of tokens in trillions is a training set's size: a line giving the
        # model's sizes gives none.
        ("Hwarang-2 학습에 토큰 몇 T 썼어?", "Hwarang-2 pretrained on 9.5T tokens", 1.0),
        (
            "Hwarang-2 학습에 토큰 몇 T 썼어?",
            "Hwarang-2는 1.3B, 7B 두 가지 크기로 공개",
            _GONE * (1.0 - MEASURE_PENALTY),
        ),
    ],
)
def test_a_magnitude_must_be_stated(question: str, unit: str, factor: float) -> None:
    assert measure_factor(question, unit, "item") == pytest.approx(factor)


@pytest.mark.unit
def test_a_month_is_no_date_for_the_typed_floor() -> None:
    # A row that names the paper and gives a speaker and a date holds all a "who and on
    # what day" question asks, unless its date is a month.
    question = "Toolformer 발표자는 누구고 몇월 며칠이야?"
    assert typed_floor(question, "4 주차 · Toolformer · 발표: 김하늘 · 날짜: 2025-03-27", "") > 0
    assert typed_floor(question, "4 주차 · Toolformer · 발표: 김하늘 · 공개: 2023 Feb", "") == 0.0
