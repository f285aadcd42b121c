"""Refusals of the twenty-fifth round (docs/benchmarks.md "Refusals on real notes,
twenty-fifth round"): a year asked with "몇년도" is no measure; a question of how far a
note's entry is written is answered by the note's "작성중" mark; the training dataset asked
by name must be written as data in the quoted unit. Korean, English and mixed questions
over notes written for the test, each rule with an answerable and an unanswerable twin.
"""

from __future__ import annotations

import pytest

from notelens.answer.asked_nowhere import measure_nowhere, unfinished
from notelens.answer.counted import count_stated
from notelens.answer.evidence import names_missing
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    MEASURE_PENALTY,
    asked_attribute,
    asked_measure,
    measure_factor,
)
from notelens.answer.strength import labelled_name
from notelens.answer.units import AnswerUnit

_GONE = 1.0 - ATTRIBUTE_PENALTY


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("Hanok-VL 논문 몇년도야?", None),
        ("Hanok-VL 몇 년도 논문이고 요약은 있어?", None),
        ("Gyeol retriever 몇년도고 정리 상태는?", None),
        ("Gyeol paper 몇년꺼야", None),
        ("What year is the Gyeol paper, 몇년도?", None),
        # A count of years is still one ("몇 년차", "몇 년간"), and other measures stay.
        ("팀장은 몇 년차야?", "년차"),
        ("Gyeol 학습에 몇 시간 걸렸어?", "시간"),
        ("Gyeol encoder는 몇 fps야?", "fps"),
    ],
)
def test_a_year_asked_is_no_measure(question: str, measure: str | None) -> None:
    assert asked_measure(question) == measure


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "factor"),
    [
        # The year is written bare in a paper list's title line: the line answers.
        (
            "Hanok-VL 논문 몇년도야?",
            "Hanok-VL: Visual Grounding for Korean Homes(2023, 작성중)",
            1.0,
        ),
        ("Gyeol paper 몇년꺼야", "Gyeol: Dense Retrieval over Scanned Books(2021)", 1.0),
        # A measure asked beside it still wants its number.
        ("Gyeol encoder는 몇 fps야?", "Gyeol encoder: 2021년 공개", 1.0 - MEASURE_PENALTY),
    ],
)
def test_a_year_line_is_not_weakened_as_a_measure(question: str, unit: str, factor: float) -> None:
    assert measure_factor(question, unit, "definition") == pytest.approx(factor)


_MARKED = ["Gyeol: Dense Retrieval over Scanned Books(2021, 작성중)"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "echo"),
    [
        # How far the entry is written: the mark answers (Korean, mixed, English).
        ("Gyeol 논문 몇년도고 정리 상태는?", False),
        ("Gyeol 몇년도 논문이고 정리 다 됐어?", False),
        ("Gyeol paper 작성 현황 알려줘", False),
        ("What is the status of the Gyeol notes?", False),
        ("Gyeol paper 정리 완료됐어?", False),
        # What the note says of it: the mark says nothing.
        ("Gyeol 논문 정리 내용은?", True),
        ("Gyeol paper 핵심 요약해줘", True),
        ("Summarise the Gyeol paper notes", True),
    ],
)
def test_a_state_asked_is_answered_by_the_unfinished_mark(question: str, echo: bool) -> None:
    assert unfinished(question, _MARKED) is echo


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Hanok-VL 학습에 쓴 데이터셋 이름?", "dataset"),
        # (The data asked as content, "학습 데이터는 뭐야?", may be described in any words:
        # test_answer_variants.py.)
        ("Hanok-VL 학습 데이터는 뭐야?", None),
        # A dataset's own name asks the entry, not what something was trained on.
        ("변리사 시험 기출로 만든 데이터셋 이름", None),
        ("What is the name of the dataset built from bar exam questions?", None),
        ("What data was Hanok-VL trained on?", None),
        ("어떤 데이터셋으로 Gyeol을 파인튜닝했어?", "dataset"),
        ("Which dataset was Hanok-VL trained on?", "dataset"),
        ("Which dataset was used for the fine-tuning in the Gyeol paper?", "dataset"),
        ("Gyeol retriever는 which corpus로 trained 됐어?", "dataset"),
        # Its size is the "data" attribute's; an evaluation set is written bare (its
        # score is the "metric" attribute's).
        ("Hanok-VL 학습 데이터 크기는?", "data"),
        ("Which dataset had the best score?", None),
        ("Gyeol 평가 데이터셋에서 점수는?", "metric"),
    ],
)
def test_the_training_dataset_is_asked_by_name(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "factor"),
    [
        # Answerable twins: the unit writes the data as such.
        ("Hanok-VL 학습에 쓴 데이터셋 이름?", "학습 데이터: 한옥 사진 12만 장 + 캡션", 1.0),
        ("Which dataset was Hanok-VL trained on?", "Hanok-VL: trained on HomeCap-40K", 1.0),
        ("어떤 데이터셋으로 Gyeol을 파인튜닝했어?", "Gyeol은 BookScan QA로 튜닝", 1.0),
        # Unanswerable twins: the paper's row or the model's bullet says something else.
        (
            "Hanok-VL 학습에 쓴 데이터셋 이름?",
            "3 주차 · Paper: Hanok-VL · Affiliation: Seoul Lab · Speaker: 김하늘",
            _GONE,
        ),
        ("Which dataset was Hanok-VL trained on?", "Hanok-VL: image encoder + 7B LM", _GONE),
        (
            "어떤 데이터셋으로 Gyeol을 파인튜닝했어?",
            "Gyeol retriever, Contrastive Loss 사용",
            _GONE,
        ),
    ],
)
def test_a_dataset_line_must_write_the_data(question: str, unit: str, factor: float) -> None:
    assert measure_factor(question, unit, "item") == pytest.approx(factor)


@pytest.mark.unit
def test_a_dataset_is_not_read_over_prose() -> None:
    sentence = "The authors collected photographs of old houses and paired each with a caption."
    assert measure_factor("Which dataset was Hanok-VL trained on?", sentence, "sentence") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("noun", "text", "stated"),
    [
        # Its own word, in English, Korean or mixed.
        ("epoch", "Hanok-VL은 3 epochs 튜닝", True),
        ("epoch", "Gyeol: 2 에폭만 학습", True),
        ("hour", "Sori 사전학습 음성 6만 시간", True),
        # Another counter counts something else.
        ("epoch", "Gyeol은 1,000개의 질문으로만 튜닝", False),
        ("hour", "Sori encoder: 12층, 문장 3만 개", False),
        # A noun with no Korean word of its own is still counted by any counter.
        ("gpu", "A100 64장으로 학습", True),
    ],
)
def test_a_measure_with_a_word_of_its_own_is_written_in_it(
    noun: str, text: str, stated: bool
) -> None:
    assert count_stated(noun, text) is stated


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "missing"),
    [
        # An acronym with a small word spelled out by the entry's title.
        ("480B MoE 논문 제목 뭐였지", "Tidal: Sparse Mixture-of-Experts to 480B", 0.0),
        ("Which CoT paper used 8 exemplars?", "Chain of Thought Prompting: 8 exemplars", 0.0),
        ("Hanok MoE 모델 expert 수는?", "Hanok: a Mixture of Experts model with 64 experts", 0.0),
        # Spelled with other words, it is still missing.
        ("480B MoE 논문 제목 뭐였지", "Tidal: a sparse model with shared experts at 480B", 0.5),
        ("Which CoT paper used 8 exemplars?", "Contrastive Tuning paper: 8 exemplars", 1.0),
    ],
)
def test_a_mixed_case_acronym_is_found_spelled_out(
    question: str, text: str, missing: float
) -> None:
    assert names_missing(question, text) == pytest.approx(missing)


def _definition(text: str, term: str) -> AnswerUnit:
    return AnswerUnit(kind="definition", text=text, context="", line=0, position=0, term=term)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "named"),
    [
        ("노트 레포 maintainer", _definition("Maintainer: Jiho Park.", "Maintainer"), True),
        (
            "Who is the contact for the Gyeol notes?",
            _definition("Contact: Mina Cho", "Contact"),
            True,
        ),
        ("Gyeol 스터디 발표자 누구야", _definition("발표자: 김하늘", "발표자"), True),
        # Another role's holder, or no name, is no answer to the asked role.
        ("노트 레포 maintainer", _definition("Reviewer: Jiho Park.", "Reviewer"), False),
        (
            "Who is the contact for the Gyeol notes?",
            _definition("Contact: 내부 슬랙 채널", "Contact"),
            False,
        ),
        ("Gyeol 스터디 발표자 누구야", _definition("발표자: 미정 (다음 주 공지)", "발표자"), False),
    ],
)
def test_a_labelled_line_names_the_asked_role(question: str, unit: AnswerUnit, named: bool) -> None:
    assert labelled_name(question, unit) is named


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "passages", "nowhere"),
    [
        # No passage writes the counted measure in either language.
        ("How many layers does Hanok-3B have?", "Hanok-3B base (step 120,000), lr 2e-5", True),
        ("How many epochs was Gyeol tuned for?", "Gyeol은 1,000개의 질문으로만 튜닝", True),
        # It is written somewhere (English, Korean, mixed).
        ("How many layers does Hanok-3B have?", "Hanok-3B: 24 layers, hidden 2048", False),
        ("How many layers does Hanok-3B have?", "Hanok-3B는 24층 decoder", False),
        ("How many epochs was Gyeol tuned for?", "Gyeol: 3 에폭 학습", False),
        # A noun without a word of its own is left to the unit's own check.
        ("How many GPUs did Gyeol use?", "Gyeol은 1,000개의 질문으로만 튜닝", False),
    ],
)
def test_an_english_count_of_a_measure_no_passage_writes(
    question: str, passages: str, nowhere: bool
) -> None:
    assert measure_nowhere(question, passages) is nowhere
