"""Refusals of the twenty-first round (docs/benchmarks.md "Refusals calibrated on every
archive, twenty-first round"): penalties that misread an answerable question (the copula
after "몇" read as a measure, a Korean magnitude between a number and its measure, an
asked measure the attribute's own form overrode, word overlap read across languages) and attributes no line gives (a
loss weight named by its Greek letter, a vocabulary's size, a speed-up, a figure given in a sibling language). Korean, English and mixed questions over notes
written for the test, each rule with an answerable and an unanswerable twin.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from notelens.answer import extractive as ex
from notelens.answer.languages_asked import other_language_only
from notelens.answer.members import member_factor, sibling_only
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    MEASURE_PENALTY,
    asked_attribute,
    asked_measure,
    attribute_stated,
    measure_factor,
)
from notelens.answer.strength import Judged, _lexical


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "measure"),
    [
        # The copula's endings after "몇" are no measure.
        ("검색만 쓴 설정의 정확도 몇이었지?", None),
        ("최적 계수가 몇이었어?", None),
        ("정답률 몇이에요?", None),
        ("그때 점수가 몇였더라", None),
        # A measure written before the ending still is one.
        ("디코딩 속도가 몇 fps였지?", "fps"),
        ("몇 배였어?", "배"),
        ("몇 %였지?", "%"),
    ],
)
def test_the_copula_after_myeot_is_no_measure(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


@pytest.mark.unit
def test_a_copula_question_is_answered_by_its_value_and_a_measure_one_is_not() -> None:
    row = "구성: 혼합 검색 · 재현율: 0.81 · 정확도: 0.64"
    assert measure_factor("혼합 검색 정확도 몇이었지?", row, "row") == 1.0
    assert measure_factor("혼합 검색 속도는 몇 fps였지?", row, "row") == pytest.approx(
        1.0 - MEASURE_PENALTY
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        # A Korean magnitude between the number and its measure.
        ("tokens", "총 3조 토큰으로 사전학습", True),
        ("length", "문서 평균 길이 1.8만 자", True),
        ("length", "평균 길이 4천 단어", True),
        ("tokens", "학습 데이터 4.5T tokens", True),
        # A number with a magnitude but in another measure is still not the attribute's.
        ("length", "문서 2만 개, 질문 300개", False),
        ("tokens", "참가자 1만 명", False),
    ],
)
def test_a_korean_magnitude_keeps_the_measure(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_magnitude_twins() -> None:
    answered = measure_factor("Hanul-2 총 학습 토큰 몇개야", "총 3조 토큰 학습, 한국어 비율 40%")
    refused = measure_factor("Hanul-2 총 학습 토큰 몇개야", "한국어 비율 40%, 영어 45%")
    assert answered == 1.0
    assert refused == pytest.approx(1.0 - ATTRIBUTE_PENALTY)


@pytest.mark.unit
def test_an_asked_measure_the_unit_states_overrides_the_attribute_form() -> None:
    # "학습률을 몇 배로?" asks a ratio of the rate: "16배" is its value, not a decimal.
    question = "Flux-LoRA는 B 행렬 학습률을 몇 배로 키워?"
    assert asked_attribute(question) == "rate"
    assert measure_factor(question, "B 행렬 쪽 학습률을 8배 크게 둔다") == 1.0
    # Neither the ratio nor the rate written: both penalties.
    assert measure_factor(question, "A 행렬은 0으로 초기화한다") < 1.0 - MEASURE_PENALTY
    english = "By what percentage did the warmup change the learning rate?"
    assert measure_factor(english, "the learning rate rose 20% during warmup") == 1.0
    assert measure_factor(english, "warmup lasts 500 steps") < 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "sibling"),
    [
        # An entry about the sibling: the unit answers for it.
        (
            "Morai-20B 학습 토큰은?",
            "Morai-9B 이전 세대, 4T tokens",
            "digest > 📜 Morai-9B",
            True,
        ),
        # An entry naming both: the unit is read first.
        (
            "Gemma-ish 2B의 MMLU 점수는?",
            "9B의 MMLU 71.9",
            "digest > 📜 Gemma-ish at 2B and 9B",
            True,
        ),
        ("시즌3 마지막 모임 날짜", "시즌4 투표 진행", "클럽 > 시즌2 메모", True),
    ],
)
def test_sibling_entries_answer_for_the_sibling(
    question: str, unit: str, context: str, sibling: bool
) -> None:
    assert sibling_only(question, unit, context) is sibling


def _judged(question: str, unit: str, lexical: float, kind: str = "definition") -> Judged:
    """The fields ``_lexical`` reads, as a stand-in for a full :class:`Judged`."""
    best = SimpleNamespace(text=unit, lexical=lexical, unit=SimpleNamespace(kind=kind))
    return cast(Judged, SimpleNamespace(q=SimpleNamespace(text=question), best=best))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "kind", "penalised"),
    [
        # A note line in the other language: overlap says nothing, no penalty.
        (
            "영어 반 녹화본은 며칠 보관해?",
            "Recordings: kept 45 days, then removed.",
            "definition",
            False,
        ),
        (
            "Who attended the March 3 meeting?",
            "참석자: 오세린, 문태경, 한가을",
            "definition",
            False,
        ),
        ("v2에서 v3로 갈 때 학습률은?", "lr 2e-4 → 5e-5 (v2 diverged at step 900)", "item", False),
        # Within one language, a mixed line, a line of digits, or a prose sentence:
        # a low overlap still weighs.
        ("영어 반 녹화본은 며칠 보관해?", "다음 모임 주제는 장문 평가", "item", True),
        ("Who attended the March 3 meeting?", "Next topic: long-context evaluation", "item", True),
        ("How many votes did agents get?", "reasoning 모델과 RL (7표)", "item", True),
        ("손흥민 이번 시즌 골 몇 개야?", "2024 1/27 ~", "item", True),
        ("What changed in toolkit 2.1?", "현재 버전은 2.0.4입니다.", "sentence", True),
        (
            "How much memory does the index need?",
            "KV cache는 고정 크기 block으로 나누어 필요할 때 하나씩 할당한다.",
            "sentence",
            True,
        ),
    ],
)
def test_lexical_overlap_is_not_read_across_languages(
    question: str, unit: str, kind: str, penalised: bool
) -> None:
    factor = _lexical(_judged(question, unit, 0.05, kind))
    assert (factor < 1.0) is penalised
    if penalised:
        assert factor == pytest.approx(1.0 - ex.LEXICAL_PENALTY * 0.25 / ex.LEXICAL_FLOOR)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What DPO beta did Morai-Chat use?", "rate"),
        ("Morai-Chat의 KL β는?", "rate"),
        ("What is the Morai tokenizer's vocabulary size?", "vocab"),
        ("Morai 토크나이저 어휘 크기는 얼마야", "vocab"),
        ("draft 모델로 썼을 때 속도 향상은?", "speedup"),
        ("What speed-up does the fused kernel give?", "speedup"),
        # No value asked: a beta release.
        ("When is the beta release?", None),
    ],
)
def test_attributes_of_this_round_are_read(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "answers", "misses"),
    [
        ("What DPO beta did Morai-Chat use?", "DPO with β=0.05, 2 epochs", "DPO 1라운드 후 KTO"),
        ("What is the Morai tokenizer's vocabulary size?", "vocab 96k, byte fallback", "4T tokens"),
        ("draft 모델로 썼을 때 속도 향상은?", "대화에서 1.9배 빨라짐", "Wren-1.3B ARC-e 61.7"),
    ],
)
def test_attribute_twins(question: str, answers: str, misses: str) -> None:
    assert measure_factor(question, answers, "item") == 1.0
    assert measure_factor(question, misses, "item") == pytest.approx(1.0 - ATTRIBUTE_PENALTY)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "other"),
    [
        # A figure given in a sibling language only.
        (
            "Kite-TTS 학습에 영어 음성은 몇 시간 썼어?",
            "학습 데이터 900시간 한국어 방송 음성",
            "",
            True,
        ),
        ("Orca heads 일본어 acceptance rate", "acceptance rate 영어 0.68, 한국어 0.61", "", True),
        (
            "What nDCG@10 does Reed-Rerank get on English MIRACL?",
            "MIRACL-ko nDCG@10 70.2",
            "",
            True,
        ),
        # The asked language written in the unit or its entry: answered.
        ("Orca heads 한국어 acceptance rate", "acceptance rate 영어 0.68, 한국어 0.61", "", False),
        ("What is the Korean acceptance rate of Orca heads?", "영어 0.68, 한국어 0.61", "", False),
        (
            "Kite-TTS 학습에 한국어 음성은 몇 시간 썼어?",
            "학습 데이터 900시간 방송 음성, 영어 자막",
            "Kite-TTS: Korean Speech",
            False,
        ),
        ("KoBEST에서 한국어 점수는?", "KoBEST 72.4, 영어 MMLU 65.0", "", False),
        # No language asked, or none written: the rule has nothing to read.
        ("Orca heads acceptance rate", "acceptance rate 영어 0.68", "", False),
        ("Wren 한국어 WER은?", "WER 상대 증가 6%만", "", False),
        # A code glued to the question's name is the name's, not an asked language.
        ("What does Reed-Rerank-ko score on MIRACL?", "MIRACL-ko nDCG@10 70.2", "", False),
    ],
)
def test_a_figure_in_another_language(question: str, unit: str, context: str, other: bool) -> None:
    assert other_language_only(question, unit, context) is other
    assert (member_factor(question, unit, context) < 1.0) is other
