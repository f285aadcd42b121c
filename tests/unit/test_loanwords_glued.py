"""A Hangul half glued to Latin letters or digits ("웹GPT", "애니메이트LCM", "라마2"): the
tail anchors the pairing of the half with a name of the texts (analysis/loanwords.py)."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.loanwords import latin_spelling

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "respelled"),
    [
        # One consonant class (웹 / Web): enough when the name ends on the glued tail.
        (
            "웹GPT 논문 부제가 뭐야?",
            "WebGPT: question answering in a text browser, with human feedback.",
            "WebGPT 논문 부제가 뭐야?",
        ),
        # Korean writes the "a" of "-ate" as 에이 (애니메이트 / Animate): alike enough with the tail.
        (
            "애니메이트LCM은 어떤 학습으로 빨라졌어?",
            "AnimateLCM: faster video generation by consistency learning.",
            "AnimateLCM은 어떤 학습으로 빨라졌어?",
        ),
        # English question, the same glued name.
        (
            "What does 웹GPT add to a language model?",
            "WebGPT lets the model browse the web.",
            "What does WebGPT add to a language model?",
        ),
    ],
)
def test_a_short_or_loosely_spelled_half_pairs_through_its_tail(
    analyzer: Analyzer, question: str, text: str, respelled: str
) -> None:
    assert latin_spelling(question, [text], analyzer.terms) == respelled


def test_digits_glued_to_a_respelled_name_are_set_apart(analyzer: Analyzer) -> None:
    # "라마2": the notes write the version apart ("Llama 2"), so the name is a term by itself.
    texts = ["Llama 2: open chat models from Meta, 2023."]
    assert (
        latin_spelling("라마2 논문 부제 뭐였지", texts, analyzer.terms)
        == "Llama 2 논문 부제 뭐였지"
    )


def test_a_one_class_word_without_a_tail_is_no_name(analyzer: Analyzer) -> None:
    # 웹 alone is the common word (web), not the name it would sound like.
    q = "웹 검색 결과는 어떻게 평가해?"
    assert latin_spelling(q, ["WebGPT and Webster were compared."], analyzer.terms) == q


def test_a_half_the_texts_write_glued_is_left_alone(analyzer: Analyzer) -> None:
    q = "웹GPT 논문 부제가 뭐야?"
    texts = ["웹GPT는 WebGPT의 한국어 표기다."]
    assert latin_spelling(q, texts, analyzer.terms) == q


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("밥GPT 결과는?", "WebGPT was compared with InstructGPT."),  # unlike sounds
        ("카메라LCM 결과는?", "AnimateLCM and LCM were compared."),  # other classes
        (
            "애니메이트GPT 결과는?",
            "AnimateLCM was compared with WebGPT.",
        ),  # no name ends on GPT alike
    ],
)
def test_a_tailed_half_unlike_every_name_on_its_tail_pairs_nothing(
    analyzer: Analyzer, question: str, text: str
) -> None:
    assert latin_spelling(question, [text], analyzer.terms) == question


def test_english_text_is_never_respelled(analyzer: Analyzer) -> None:
    q = "What does WebGPT2 add to Llama2?"
    assert latin_spelling(q, ["WebGPT and Llama 2 were compared."], analyzer.terms) == q
