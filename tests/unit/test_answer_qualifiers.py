"""The qualified-name refusal signal (answer/refusal.py): a version, size or season the
question names that no top passage writes ("Llama Guard 2" over notes on Llama Guard)."""

from __future__ import annotations

import pytest

from notelens.answer.refusal import (
    QUALIFIER_PENALTY,
    qualifier_factor,
    qualifier_stated,
    qualifiers,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Llama Guard 2는 몇 개의 위험 카테고리를 분류해?", [("Guard", "2")]),
        ("거꾸로 읽는 SSL 시즌5는 언제 시작해?", [("시즌", "5")]),
        ("Llama 3 405B의 context length는?", [("", "405B")]),
        ("What is the context window of Mixtral 8x7B?", [("", "8x7B")]),
        ("How does GPT-4 compare with Qwen2.5?", [("GPT", "4"), ("Qwen", "2.5")]),
        ("Is Flash Attention 3 faster?", [("Attention", "3")]),
    ],
)
def test_qualified_names_are_read_in_korean_and_english(
    question: str, expected: list[tuple[str, str]]
) -> None:
    assert qualifiers(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        # A lowercase word and a count, a label, ordinals, decades, years: no version.
        "In the SSL season 4 schedule, which week covers RLHF?",
        "LoRA 3 LINE SUMMARY에서 무엇을 주입해?",
        "Who was a French reformer of the 15th century?",
        "How many Huguenots fled France by the 1700s?",
        "2024 상반기 스터디 9주차 논문 주제는?",
    ],
)
def test_counts_labels_and_dates_are_no_qualified_names(question: str) -> None:
    assert qualifiers(question) == []


def test_a_name_may_be_spelled_with_a_space_or_hyphen() -> None:
    assert qualifier_stated("Superbowl", "50", "the halftime show of Super Bowl 50")
    assert qualifier_stated("GPT", "4", "GPT-4 and Claude")
    assert qualifier_stated("시즌", "4", "거꾸로 읽는 SSL 시즌 4")
    # ... but the number must end there: "GPT-4o" does not state GPT-4's sibling "GPT-40".
    assert not qualifier_stated("GPT", "40", "GPT-4o")
    assert not qualifier_stated("Guard", "2", "Llama Guard (Inan et al., 2023)")


def test_an_absent_qualifier_weakens_the_evidence() -> None:
    notes = "- Llama Guard: a Llama 2-7B model instruction-tuned for safety (Inan et al., 2023)"
    assert qualifier_factor("Llama Guard 2는 몇 개의 카테고리를 분류해?", notes) == pytest.approx(
        1.0 - QUALIFIER_PENALTY
    )
    assert qualifier_factor("What is Llama Guard based on?", notes) == 1.0
    # One of two absent is enough: the question is about the one the notes lack.
    fa = "FlashAttention-2는 FA1보다 약 2배 빠름"
    assert qualifier_factor("Is Flash Attention 3 faster than FlashAttention-2?", fa) < 1.0
    assert qualifier_factor("FlashAttention-2는 얼마나 빨라?", fa) == 1.0
