"""Near misses of the second blind archive (docs/benchmarks.md "Refusals on the second
blind archive, tenth round"): a season, a week, a month, a precision, a split or a
Greek-letter setting the notes give only for a sibling (answer/members.py), and a dropout rate, a
training-token count, a headcount, a fee or a model's name that no unit writes next to
the subject (answer/refusal.py). Korean, English and mixed questions; the last tests run
the extractor with real Kiwi and e5 over invented notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.members import members, sibling_only
from notelens.answer.refusal import asked_attribute, attribute_stated
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("스터디 시즌3 1 주차 발표자는?", [("3", "시즌"), ("1", "주차")]),
        ("Who presents week 12 of the reading group?", [("12", "주차")]),
        ("Week: 9 · Date: Oct 30 · Presenter: Aiko", [("9", "주차")]),
        ("the spring season 2 kickoff", [("spring", "계절"), ("2", "시즌")]),
        ("KV cache를 int4로 저장", [("4", "int")]),
        ("fp16 weights, 3-bit GridQuant", [("16", "fp"), ("3", "bit")]),
        ("4비트 양자화", [("4", "bit")]),
        ("Lumen에서 β를 0.01로 두면?", [("0.01", "β")]),
        ("λ=0.1로 고정", [("0.1", "λ")]),
        ("WER on LibriSpeech test-clean", [("clean", "test")]),
        # A month, in Korean or as a heading's English name; a date's month is no member.
        ("archive 2024 9월에 정리한 논문은?", [("9", "월")]),
        ("archive 2024 > 🍁 October > 2nd week", [("10", "월")]),
        ("10월 21일 회의에서 정한 것", []),
        ("May 3 release, 매월 정산", []),
        # No counter: a plain count, an ordinal week, a word that only starts like one.
        ("2nd week에 읽은 논문", []),
        ("weekly sync, seasonal data, interval 3", []),
        ("print(x) and point 2", []),
    ],
)
def test_the_new_members(text: str, found: list[tuple[str, str]]) -> None:
    assert members(text) == found


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "sibling"),
    [
        # Korean, English and mixed; a sibling value of the same kind vs the asked one.
        (
            "시즌3 1 주차 발표자는 누구야?",
            "1 주차 · 시즌1 복습과 시즌2 소개 · 발표자: 서다은",
            True,
        ),
        (
            "시즌2 1 주차 발표자는 누구야?",
            "1 주차 · 시즌1 복습과 시즌2 소개 · 발표자: 서다은",
            False,
        ),
        ("Who presents week 12?", "Week: 9 · Date: Oct 30 · Presenter: Aiko Mori", True),
        ("Who presents week 9?", "Week: 9 · Date: Oct 30 · Presenter: Aiko Mori", False),
        # A Korean table answers an English week question (one counter in both languages).
        ("Who presents in week 4?", "주차: 4 주차 · 발표자: 장우성", False),
        (
            "Quantized KV Cache를 int2로 저장하면 손실은?",
            "KV cache를 int4로 저장, 손실 0.3점",
            True,
        ),
        (
            "Quantized KV Cache를 int4로 저장하면 손실은?",
            "KV cache를 int4로 저장, 손실 0.3점",
            False,
        ),
        ("GridQuant를 3-bit로 쓰면 perplexity는?", "2-bit에서도 perplexity 증가가 0.4 이내", True),
        ("Margin-DPO에서 β를 0.01로 두면 어때?", "Margin-DPO는 β 0.05가 더 안정적", True),
        ("Margin-DPO에서 β 0.05면 어때?", "Margin-DPO는 β 0.05가 더 안정적", False),
        ("What is Echo's WER on test-clean?", "LibriSpeech test-other WER 4.1%", True),
        ("2024 9월에 정리한 논문은 뭐야?", "archive 2024 > 🍁 October > 2nd week", True),
        ("2024 10월에 정리한 논문은 뭐야?", "archive 2024 > 🍁 October > 2nd week", False),
        ("Which paper did I log in 2024 9월?", "9월 3일에 읽은 논문: Lumen-3", False),
        # The unit writes no value of that kind: nothing to compare.
        ("Margin-DPO에서 β를 0.01로 두면 어때?", "Margin-DPO는 margin을 더함", False),
    ],
)
def test_a_sibling_setting(question: str, unit: str, sibling: bool) -> None:
    assert sibling_only(question, unit) is sibling


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What dropout rate was used to train Lumen-7B?", "dropout"),
        ("Lumen-7B 학습 때 dropout은 얼마야?", "dropout"),
        ("Lumen-7B 드롭아웃 비율은?", "dropout"),
        ("How many training tokens did Lumen-MoE use?", "tokens"),
        ("Lumen-MoE는 몇 토큰으로 학습했어?", "tokens"),
        ("Lumen-MoE 학습 토큰은?", "tokens"),
        ("번역 검수 인원은 몇 명이야?", "headcount"),
        ("스터디 참가비는 얼마야?", "fee"),
        ("What is the registration fee of the workshop?", "fee"),
        ("화자 분리에 쓴 모델 이름은?", "model"),
        ("RAG 도우미에 쓴 reranker 모델명은?", "model"),
        ("Which model was used in the Lumen experiments?", "model"),
        # A count of people in prose, a model's size, a token count in general.
        ("How many people died in the war?", None),
        ("전쟁으로 몇 명이 사망했어?", None),
        ("Which model size was used in the Lumen experiments?", None),
        ("Lumen 문서는 몇 토큰이야?", None),
    ],
)
def test_the_new_attributes(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("dropout", "dropout 0.1, AdamW", True),
        ("dropout", "attention dropout을 10%로", True),
        ("dropout", "0.1 dropout on the residual", True),
        # A decimal away from the word is another setting's.
        ("dropout", "Lumen-7B와 Lumen-34B 공개, 라이선스는 Apache-2.0", False),
        ("tokens", "15T tokens 학습, context 8K", True),
        ("tokens", "학습 토큰 2.2T", True),
        ("tokens", "코드 60B tokens로 처음부터 학습", True),
        ("tokens", "32 experts, 2 active, total 47B / active 6B parameters", False),
        ("headcount", "검수 인원 3명 배정", True),
        ("headcount", "두 명이 검수", True),
        ("headcount", "상위 200개 매뉴얼 번역 검수 인원 배정 — 오민재", False),
        ("fee", "참가비 2만 원", True),
        ("fee", "Registration is free", True),
        ("fee", "장소: 3층 세미나실", False),
        ("model", "FILM-7B 공개", True),
        ("model", "reranker는 bge-reranker-v2", True),
        ("model", "화자 분리(diarization)는 별도 모델을 썼다", False),
        ("model", "상위 50개를 cross-encoder reranker로 다시 정렬했다. hit@1이 0.58", False),
    ],
)
def test_the_new_attribute_values(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


HITS = [
    note_hit(
        0,
        "| 주차 | 날짜 | 논문 | 발표자 |\n|---|---|---|---|\n"
        "| 1 주차 | 3/8 | 시즌1 복습과 시즌2 소개 | 서다은 |\n"
        "| 2 주차 | 3/15 | Margin-DPO | 장우성 |\n",
        "선호 학습 스터디 시즌2 > 발표 순서",
    ),
    note_hit(
        1,
        "- 📜 [Lantern] Quantized KV Cache\n"
        "    - KV cache를 int4로 저장, 메모리 4배 절약에 정확도 손실 0.3점\n"
        "    - Margin-DPO 재현: β 0.05가 더 안정적\n",
        "archive 2025 > March > 2nd week",
    ),
    note_hit(
        2,
        "- 📜 [Orchard Labs] Lumen-7B\n"
        "    - Lumen-7B와 Lumen-34B 두 크기로 공개, 라이선스는 Apache-2.0\n"
        "    - dropout 0.1로 학습, 학습 토큰 2.2T\n",
        "digest > Lumen",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Quantized KV Cache 논문에서 int2로 저장하면 정확도 손실은?",
        "What is the accuracy loss of the Quantized KV Cache at int2?",
        "선호 학습 스터디 시즌3 1 주차 발표자는 누구야?",
        "Who presents week 3 of the 선호 학습 스터디 시즌2?",
    ],
)
def test_a_sibling_setting_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Quantized KV Cache 논문에서 int4로 저장하면 정확도 손실은?", "0.3"),
        ("What is the accuracy loss of the Quantized KV Cache at int4?", "0.3"),
        ("선호 학습 스터디 시즌2 2 주차 발표자는 누구야?", "장우성"),
        ("What dropout rate was used to train Lumen-7B?", "0.1"),
        ("Lumen-7B 학습 토큰은 얼마야?", "2.2T"),
    ],
)
def test_the_member_the_notes_give_is_answered(
    question: str, value: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert value in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "What dropout rate was used in the Quantized KV Cache paper?",
        "Quantized KV Cache 논문의 dropout은 얼마야?",
        "Quantized KV Cache 논문은 몇 토큰으로 학습했어?",
    ],
)
def test_an_attribute_beside_another_value_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    # (The entry's bullets give a precision, a memory saving and a loss: no such value.)
    ex = extract(question, HITS[1:2], analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below
