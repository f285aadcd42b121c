"""A value per something (answer/rates.py, twentieth round): a question that asks a rate
("초당 몇 토큰", "each instruction", "per token") is answered by the number a note writes
as a rate ("초당 21 토큰", "한 건당 1,500원꼴", "40 tokens/s"), not by the total beside it
("학습 토큰 2.4T", "총 9천만 원"). Every line is written for these tests: Korean,
English and mixed; the last tests run the extractor with the real Kiwi analyzer.
"""

from __future__ import annotations

import re

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.numbers import asked_unit, number_span
from notelens.answer.rates import asks_rate, rate_written

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "rate"),
    [
        ("Mori-2를 노트북에서 돌리면 초당 몇 토큰이야?", True),
        ("라벨링 비용은 한 건당 얼마였어?", True),
        ("1인당 GPU 몇 장 받았어?", True),
        ("GPU당 배치 크기는?", True),
        ("How much did each label cost?", True),
        ("What is the latency per token?", True),
        ("Decode throughput in tokens/s?", True),
        ("Mori-2는 토큰 몇 개로 학습했어?", False),
        ("해당 실험 담당자는 몇 명이야?", False),  # 해당, 담당: no rate
        ("GPU 할당은 몇 장이었어?", False),
        ("발표 당시 참석자는 몇 명?", False),
        ("레이어당 KV cache는 몇 bytes?", True),
        ("How many encoder/decoder layers does it have?", False),
        ("How much did the whole dataset cost?", False),
    ],
)
def test_asks_rate(question: str, rate: bool) -> None:
    assert asks_rate(question) is rate


def _rates(text: str) -> list[tuple[str, bool]]:
    return [
        (m.group(), rate_written(text, m.start(), m.end()))
        for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", text)
    ]


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("학습 토큰 2.4T, 노트북에서 초당 21 토큰", [("2.4", False), ("21", True)]),
        ("총 9천만 원 → 한 건당 1,500원꼴", [("9", False), ("1,500", True)]),
        ("전체 파라미터 60B 중 토큰당 활성 파라미터는 9B", [("60", False), ("9", True)]),
        ("decode 40 tokens/s, trained on 3T tokens", [("40", True), ("3", False)]),
        ("24 ms per token vs 2T tokens seen", [("24", True), ("2", False)]),
        ("labels cost $4 each, $48,000 in all", [("4", True), ("48,000", False)]),
        ("정확도 0.61 / EM 0.58", [("0.61", False), ("0.58", False)]),
    ],
)
def test_rate_written(text: str, marks: list[tuple[str, bool]]) -> None:
    assert _rates(text) == marks


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        (
            "라벨링 비용은 한 건당 얼마였어?",
            "라벨링 비용 총 9천만 원 → 한 건당 1,500원꼴",
            "1,500원",
        ),
        ("How much did each label cost?", "labels: $48,000 in all, $4 each", "$4"),
        # No rate asked: the total, labelled by the question's words, as before.
        ("How much did the labels cost in total?", "labels: $48,000 in total, $4 each", "$48,000"),
    ],
)
def test_number_span_prefers_the_rate_a_rate_question_asks(
    question: str, text: str, value: str
) -> None:
    found = number_span(question, text, re.findall(r"[\w가-힣]+", question))
    assert found is not None and text[found[0] : found[1]].startswith(value)


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        ("배포 후 응답 지연은 몇 ms가 됐어?", "배포 후 응답 지연 44 ms로 목표 50 ms 달성", "44 ms"),
        ("응답 지연 목표는 몇 ms야?", "배포 후 응답 지연 44 ms로 목표 50 ms 달성", "50 ms"),
        (
            "What accuracy did the probe reach?",
            "probe accuracy: target 90%, reached 87.5%",
            "87.5%",
        ),
        ("What was the accuracy target?", "probe accuracy: target 90%, reached 87.5%", "90%"),
    ],
)
def test_a_target_answers_only_a_question_about_the_target(
    question: str, text: str, value: str
) -> None:
    terms = ["배포", "응답", "지연", "목표", "ms", "accuracy", "probe", "target", "reach"]
    found = number_span(question, text, [t for t in terms if t in question])
    assert found is not None and text[found[0] : found[1]] == value


def test_a_rate_question_fits_only_the_rate_line() -> None:
    unit = asked_unit("Mori-2를 노트북에서 돌리면 초당 몇 토큰이야?")
    assert unit is not None and unit.rate
    assert unit.fit("노트북에서 4-bit로 초당 21 토큰") == 1
    # A value of the asked unit that is not the asked one: as a number of another unit.
    assert unit.fit("Mori-7B를 teacher로 증류, 학습 토큰 2.4T") == -1
    # Without the rate, the total fits as before.
    plain = asked_unit("Mori-2는 몇 토큰으로 학습했어?")
    assert plain is not None and not plain.rate
    assert plain.fit("Mori-7B를 teacher로 증류, 학습 토큰 2.4T") == 1


_DIGEST_EN = (
    "- Crowd labels for the Mori-2 eval set\n"
    "    - 32,000 labels written by hand, $48,000 in total\n"
    "    - works out at $1.50 per label\n"
)


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("How much did each label of the Mori-2 eval set cost?", _DIGEST_EN, "$1.50"),
    ],
)
def test_extract_answers_a_rate_question_with_the_rate_line(
    question: str, text: str, short: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [note_hit(0, text, "digest")], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == short
