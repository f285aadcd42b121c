"""Refusal signals of answer/refusal.py and the statement test of answer/units.py (pure
functions: no model, no store). Korean and English questions."""

from __future__ import annotations

import pytest

from notelens.answer.refusal import (
    MEASURE_PENALTY,
    TYPED_FLOOR,
    asked_measure,
    measure_factor,
    measure_stated,
    typed_floor,
)
from notelens.answer.units import build_units, reads_as_sentence

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("MimicMotion은 몇 fps 비디오를 생성해?", "fps"),
        ("AdvPrompter 공격 성공률은 몇 %야?", "%"),
        ("LLaVA-1.5 학습에 A100 GPU를 몇 장 썼어?", "장"),
        ("Llama 3는 몇 토큰으로 pretraining 했어?", "토큰"),
        ("바이올린 현은 몇 개월마다 교체해?", "개월"),
        ("How much faster is FlashAttention-2 than FlashAttention?", "배"),
        ("What percentage of the parameters is trained?", "%"),
        # Generic counters, weeks and a bare "몇" ask for no measure.
        ("Alignment Tuning에 포함되는 방법은 몇 개야?", None),
        ("SSL 시즌4 발표 순서는 몇 주차까지 있어?", None),
        ("KURE-v1 임베딩 차원은 몇이야?", None),
        ("Who presented LoRA?", None),
        # A condition or a share ends the measure word as a particle does.
        ("LoRA fine-tuning은 A100 몇 시간쯤 걸려?", "시간"),
        ("KoBEST 문항은 몇 개면 충분해?", None),
        ("리뷰어는 논문당 몇 명씩 붙어?", None),
        ("context는 몇 토큰이면 돼?", "토큰"),
    ],
)
def test_asked_measure(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


@pytest.mark.parametrize(
    ("measure", "text", "stated"),
    [
        ("배", "4-token 모델은 inference가 최대 3배 정도 빨라진다고 함", True),
        ("배", "speculative decoding gives a 2-3x speed-up", True),
        ("배", "OpenELM은 0.27B, 0.45B 모델을 공개", False),
        ("토큰", "8B / 70B 공개, 15T+ tokens로 pretraining", True),
        ("단계", "두 단계 PEFT 프레임워크를 제안", True),
        ("%", "Guanaco는 ChatGPT 성능의 99.3%에 도달", True),
        ("%", "성공률이 높다고 보고함 (2024)", False),
        ("fps", "MimicMotion: High-Quality Human Motion Video Generation (2024)", False),
    ],
)
def test_measure_stated(measure: str, text: str, stated: bool) -> None:
    assert measure_stated(measure, text) is stated


def test_measure_factor_penalises_only_a_missing_measure() -> None:
    q = "KAN은 MLP보다 파라미터가 몇 배 적어?"
    assert measure_factor(q, "MLP가 node에 고정 activation을 두는 대신 spline을 두는 구조") == (
        pytest.approx(1.0 - MEASURE_PENALTY)
    )
    assert measure_factor(q, "같은 정확도에서 파라미터가 10배 적음") == 1.0
    assert measure_factor("KAN은 누가 제안했어?", "아무 내용") == 1.0


def test_typed_floor_needs_the_names_and_every_asked_kind() -> None:
    q = "In the 2024 first-half study group, who presented LoRA and on what date?"
    row = (
        "주차: 7 · 주제: PEFT · 논문: LoRA: Low-Rank Adaptation · 발표자: 오예린 · 날짜: 2024-04-24"
    )
    assert typed_floor(q, row, "스터디 일정") == TYPED_FLOOR
    # Another paper's row: the question's name is absent.
    other = "주차: 8 · 논문: QLoRA · 발표자: 한도윤 · 날짜: 2024-05-01"
    assert typed_floor("Who presented GaLore, and when?", other, "스터디 일정") == 0.0
    # A row with the person but no date holds only one of the two kinds asked.
    no_date = "논문: LoRA · 발표자: 오예린"
    assert typed_floor(q, no_date, "스터디 일정") == 0.0
    # One kind asked: no floor (the evidence score decides).
    assert typed_floor("Who presented LoRA?", row, "스터디 일정") == 0.0


def test_a_parent_bullet_that_states_something_reads_as_a_sentence() -> None:
    text = (
        "- Alignment Tuning에는 SFT와 RLHF가 포함됨.\n"
        "  - SFT (지도 학습 기반 미세 조정)\n"
        "  - RLHF (인간 피드백 기반 강화 학습)\n"
        "- 📜 [Meta] Better & Faster Large Language Models via Multi-token Prediction\n"
        "  - 4-token 모델은 inference가 최대 3배 빨라짐\n"
    )
    titles = [u for u in build_units(text) if u.kind == "title"]
    assert [reads_as_sentence(u.text) for u in titles] == [True, False]
    assert reads_as_sentence("Llama Guard is a Llama 2-7B model tuned to classify prompts.")
    assert not reads_as_sentence("LoRA (Hu et al., 2021)")


def test_how_many_times_counts_occurrences_not_a_ratio() -> None:
    assert asked_measure("How many times has Polonia won the cup?") is None
    assert measure_stated("배", "inference became twice as fast") is True


def test_measure_stated_by_a_series_member() -> None:
    # "몇 시즌" over "… 시즌3", "몇 주차" over "Week 3": the counter written before its
    # number, or in the other language, states the measure
    from notelens.answer.refusal import counter_stated, measure_factor

    assert measure_factor("스터디 재생목록 몇 시즌까지 있어?", "리딩 모임 시즌3", "item") == 1.0
    assert measure_factor("발표는 몇 주차야?", "Week 3: Kim", "item") == 1.0
    assert measure_factor("몇 시즌이야?", "3 주차 발표", "item") < 1.0
    assert not counter_stated("fps", "시즌3")


def test_bits_in_either_language() -> None:
    from notelens.answer.refusal import measure_factor

    assert measure_factor("양자화는 몇 비트야?", "4-bit NormalFloat", "item") == 1.0
    assert measure_factor("How many bit does it use? 몇 bit야", "4비트 양자화", "item") == 1.0
    assert measure_factor("양자화는 몇 비트야?", "NF4 양자화", "item") < 1.0
