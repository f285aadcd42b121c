"""A short answer leads only where a phrase can answer (answer/short_worth.py).

Notes invented for the test: a study-group page that says whether it takes sign-ups, a
comparison of two tuning methods, a repository's opening lines, and English twins. Real
Kiwi; Korean, English and mixed questions; no e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.short_worth import asks_difference, asks_polar, worth_leading

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "스터디 신청 아직 받아?",
        "이 모델 오픈소스인가요?",
        "LoRA 써봤나요?",
        "GPT-3는 175B야?",
        "Gemini는 구글이 만들었어?",
        "Does in-context learning update gradients?",
        "Is the dataset public?",
        "Can LoRA adapters be merged into the base model?",
    ],
)
def test_yes_no_questions_are_told(question: str) -> None:
    assert asks_polar(question)


@pytest.mark.parametrize(
    "question",
    [
        "BLOOM의 강점은?",
        "강점은요?",
        "제일 큰 모델이 뭐야?",
        "논문 목록 알려줘",
        "스터디 몇 시에 해?",
        "LoRA는 왜 rank를 낮게 잡아?",
        "What is LoRA?",
        "Is it the 7B or the 13B model?",  # a choice: a phrase answers it
        "Which GPU did the run use?",
    ],
)
def test_other_questions_ask_for_something(question: str) -> None:
    assert not asks_polar(question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("In-Context Learning은 fine tuning과 뭐가 달라?", True),
        ("GQA와 MQA의 차이는?", True),
        ("How does GQA differ from MQA?", True),
        ("What is the difference between DPO and PPO?", True),
        ("GQA는 몇 개의 그룹을 써?", False),
        ("What does GQA share across heads?", False),
    ],
)
def test_difference_questions_are_told(question: str, expected: bool) -> None:
    assert asks_difference(question) is expected


def test_a_span_of_the_question_own_words_does_not_lead() -> None:
    q = "Scaling Law에서 성능은 각 요소와 어떤 관계를 가져?"
    assert not worth_leading(q, "other", "Scaling Law", {"scaling", "law", "성능", "요소"})
    assert worth_leading(q, "other", "power-law", {"scaling", "law", "성능", "요소"})


def test_a_typed_value_leads_even_in_a_yes_no_question() -> None:
    # "GPT-3는 175B야?" typed as a size: the size written in the notes still leads.
    assert worth_leading("GPT-3는 몇 B 모델이야?", "size", "175B", {"gpt-3", "모델"})
    assert not worth_leading("스터디 신청 아직 받아?", "other", "Google form", {"스터디", "신청"})


STUDY_KO = (
    "- 스터디 신청은 Google form으로 받았으며 지금은 신청이 마감되었습니다\n"
    "- 매주 토요일 오전 10시에 온라인으로 진행합니다\n"
)
METHODS_MIXED = (
    "Fine tuning은 대규모 코퍼스로 사전학습 후 작은 데이터셋으로 weight를 다시 학습한다.  \n"
    "하지만 In-Context Learning은 gradient를 업데이트하지 않고 prompt의 예시만 본다.  \n"
)
METHODS_EN = (
    "Fine-tuning updates the model's weights on a small labelled set after pre-training.\n"
    "In-context learning leaves the weights untouched and reads examples from the prompt.\n"
)


@pytest.mark.parametrize(
    ("question", "text", "fact"),
    [
        ("스터디 신청 아직 받아?", STUDY_KO, "신청이 마감"),
        ("Is the study still taking sign-ups?", STUDY_KO, "신청이 마감"),
        (
            "In-Context Learning은 fine tuning과 뭐가 달라?",
            METHODS_MIXED,
            "gradient를 업데이트하지",
        ),
        ("How does in-context learning differ from fine-tuning?", METHODS_EN, "untouched"),
        ("Does in-context learning update the weights?", METHODS_EN, "untouched"),
    ],
)
def test_the_cited_line_answers_without_a_fragment_before_it(
    question: str, text: str, fact: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "스터디 > 안내", lang="ko" if "하" in text else "en")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert any(fact in s.text for s in ex.sentences), (question, ex.sentences)
    assert ex.short is None, (question, ex.short)


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("스터디는 몇 시에 해?", "10시"),
        ("스터디 신청은 어떤 도구로 받았어?", "Google"),
    ],
)
def test_a_phrase_the_question_asks_for_still_leads(
    question: str, short: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, STUDY_KO, "스터디 > 안내")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.short is not None and short in ex.short.text, (question, ex.short)


def test_a_difference_counted_is_a_number_and_leads() -> None:
    q = "경선에서 두 후보의 표 차이는?"
    assert asks_difference(q)
    assert worth_leading(q, "other", "2,452표", {"경선", "후보", "차이"})
    assert not worth_leading(q, "other", "후보 토론", {"경선", "차이"})


def test_a_compound_of_the_question_words_is_new() -> None:
    # "가상" + "화폐" asked separately: "가상화폐" is the name asked for, not an echo.
    q = "가상 회원들 사이에서만 쓰는 화폐는 무엇인가?"
    assert worth_leading(q, "other", "가상화폐", {"가상", "회원", "화폐"})
    assert not worth_leading(q, "other", "화폐와", {"가상", "회원", "화폐"})


def test_a_name_joining_the_question_words_is_new() -> None:
    # "Quill Labs 첫 MoE 모델": the model is "Quill-MoE", a name of its own.
    q = "Quill Labs 첫 MoE 모델 이름"
    assert worth_leading(q, "name", "Quill-MoE", {"quill", "lab", "moe", "모델", "이름"})
    assert not worth_leading(q, "name", "Quill Labs", {"quill", "lab", "moe", "모델", "이름"})
