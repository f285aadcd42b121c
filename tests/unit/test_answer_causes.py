"""A reason question's answer says why, not what it presupposes (answer/causes.py).

Notes invented for the test: a lab's meeting minutes and a reading note, in Korean,
English and mixed, where the line sharing most of the question's words states the
premise and the line beside it gives the reason; real Kiwi, no e5."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.causes import cause_span, says_why
from notelens.answer.extractive import extract

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "검증은 rejection sampling 방식이라 target 분포가 보존된다.",
        "우리가 outlier channel을 2%로 더 남겼기 때문이다.",
        "데이터가 2천 건뿐이라서 rank 8로 시작함",
        "토큰을 얼마나 쓰는지 궁금해서 시작했다.",
        "Hanbit은 추론 메모리가 너무 큼",
        "We dropped it because the index doubled in size.",
        "The run was restarted due to a loss spike at step 2,400.",
        "too slow to serve on one GPU",
    ],
)
def test_lines_that_say_why(text: str, analyzer: Analyzer) -> None:
    assert says_why(text, analyzer.morphemes)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "베이스 모델은 Tern-7B로 확정.",
        "이런 현상을 attention sink라 부른다.",
        "서울에서 3월 8일에 만났다.",
        "Since 2023 the team has kept a weekly digest.",
        "The index holds 1.2M chunks.",
    ],
)
def test_lines_that_state_no_cause(text: str, analyzer: Analyzer) -> None:
    assert not says_why(text, analyzer.morphemes)  # type: ignore[attr-defined]


MINUTES_KO = (
    "- 베이스 모델은 Marlin-7B로 확정. Quokka-MoE는 비교 실험용으로만.\n"
    "- 평가셋의 표 질문 비중을 25%까지 올린다.\n"
    "- 베이스 모델 후보 비교: Quokka-MoE는 추론 메모리가 너무 큼(전체 14B 로딩).\n"
)
NOTE_MIXED = (
    "출력 분포는 target model과 같게 유지되고, 속도만 빨라진다. "
    "검증은 rejection sampling 방식이라 target 분포가 보존된다. "
    "핵심 변수는 acceptance rate다.\n"
)
NOTE_EN = (
    "- We replaced the dense-only retriever in March.\n"
    "- The dense-only retriever was replaced because it missed exact product codes.\n"
    "- The new hybrid retriever keeps BM25 beside the dense leg.\n"
)


@pytest.mark.parametrize(
    ("question", "text", "heading", "why"),
    [
        (
            "Quokka-MoE를 베이스 모델로 고르지 않은 이유는?",
            MINUTES_KO,
            "주간 회의 > 결정 사항",
            "너무 큼",
        ),
        (
            "speculative decoding이 target 분포를 유지할 수 있는 이유는?",
            NOTE_MIXED,
            "Speculative decoding > 요약",
            "rejection sampling",
        ),
        (
            "Why was the dense-only retriever replaced?",
            NOTE_EN,
            "Retrieval log",
            "exact product codes",
        ),
    ],
)
def test_the_reason_is_quoted_first(
    question: str, text: str, heading: str, why: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [note_hit(0, text, heading)], analyzer=analyzer, embedder=None)
    lead = ex.sentences[ex.lead].text
    assert why in lead, [s.text for s in ex.sentences]


def test_a_line_that_already_says_why_stays(analyzer: Analyzer) -> None:
    text = (
        "- rank 64는 데이터가 적어서 과적합이 빨리 왔다.\n"
        "- rank 16이 ROUGE-L 기준으로 가장 무난했다.\n"
        "- 학습 시간이 길어서 rank 128은 돌리지 않았다.\n"
    )
    ex = extract(
        "rank 64는 왜 별로였어?", [note_hit(0, text, "LoRA 메모")], analyzer=analyzer, embedder=None
    )
    assert "과적합" in ex.sentences[ex.lead].text


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "검증은 rejection sampling 방식이라 target 분포가 보존된다.",
            "rejection sampling 방식이라",
        ),
        (
            "논문보다 덜한 건 우리가 outlier channel을 2%로 남겼기 때문이다.",
            "우리가 outlier channel을 2%로 남겼기 때문",
        ),
        ("Quokka는 추론 메모리가 너무 큼(전체 14B 로딩).", "추론 메모리가 너무 큼"),
        (
            "The retriever was replaced because it missed exact product codes.",
            "because it missed exact product codes",
        ),
        ("데이터가 2천 건뿐이라서 rank 8로 시작함", "데이터가 2천 건뿐이라서"),
    ],
)
def test_the_clause_that_says_why(text: str, clause: str, analyzer: Analyzer) -> None:
    span = cause_span(text, analyzer.morphemes)  # type: ignore[attr-defined]
    assert span is not None
    assert text[span[0] : span[1]] == clause


@pytest.mark.parametrize(
    ("question", "text", "heading", "short"),
    [
        (
            "Quokka-MoE를 베이스 모델로 고르지 않은 이유는?",
            MINUTES_KO,
            "주간 회의 > 결정 사항",
            "추론 메모리가 너무 큼",
        ),
        (
            "speculative decoding이 target 분포를 유지할 수 있는 이유는?",
            NOTE_MIXED,
            "Speculative decoding > 요약",
            "rejection sampling 방식이라",
        ),
        (
            "Why was the dense-only retriever replaced?",
            NOTE_EN,
            "Retrieval log",
            "because it missed exact product codes",
        ),
    ],
)
def test_the_short_answer_is_the_reason(
    question: str, text: str, heading: str, short: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [note_hit(0, text, heading)], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == short


def test_the_premise_answers_when_no_line_says_why(analyzer: Analyzer) -> None:
    text = "- 3월에 dense-only retriever를 hybrid로 바꿈\n- hybrid는 BM25와 dense를 함께 씀\n"
    ex = extract(
        "dense-only retriever를 왜 바꿨어?",
        [note_hit(0, text, "검색 로그")],
        analyzer=analyzer,
        embedder=None,
    )
    assert "hybrid로 바꿈" in ex.sentences[ex.lead].text
    assert ex.short is None or "hybrid" in ex.short.text
