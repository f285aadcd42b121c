"""A number the question conditions on that the quoted note units never write.

"head를 8개 쓰면 speed-up은?" over "Halla-13B-Chat에서 speed-up 2.0배": the unit states a
figure of the entry, for another setting. ``unwritten.unstated_condition`` reads the
question's condition numbers (not a date, a year, an ordinal, a bound, a name's or a
counter's number) and asks the quoted units, their contexts and heading paths for them,
with the question's measure or as a numeral word; ``members.member_factor`` counts a
miss as a sibling's answer. Prose is left alone.

Korean, English and mixed questions; the last tests run the extractor with real Kiwi and
e5 over invented notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.members import SIBLING_PENALTY, member_factor
from notelens.answer.unwritten import condition_numbers, condition_unwritten, unstated_condition
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("Medusa Heads for Korean에서 head를 8개 쓰면 speed-up은?", ["8"]),
        ("세미나에서 chunk를 1024 토큰으로 했을 때 결과는 어땠어?", ["1024"]),
        ("chunk를 1,024 토큰으로 했을 때 결과는?", ["1024"]),
        ("What speed-up do 8 draft heads give?", ["8"]),
        ("Hydra에서 draft head 8개면 speed-up이 몇 배야?", ["8"]),
        ("β를 0.01로 두면 결과가 어때?", ["0.01"]),
        # dates, times, years, ordinals, ranks, bounds: no condition on the fact
        ("2025년 10월 21일 회의에 누가 왔어?", []),
        ("9/22 회의록은 누가 작성했어?", []),
        ("회의는 14:00에 시작해?", []),
        ("실패 원인 1위가 뭐야?", []),
        ("2번째 저자는 누구야?", []),
        ("정확도가 30% 이상인 모델은?", []),
        ("Which models score over 30 on KMMLU?", []),
        ("Which papers did I read in 2024?", []),
        ("What happened on May 12?", []),
        # a name's or a counter's number: the member rules read those
        ("Llama 3는 몇 토큰으로 pretraining 했어?", []),
        ("시즌3 평균 출석률은 얼마였어?", []),
        ("What topic is week 4 of the study about?", []),
        ("GPT-4 judge와 일치율은?", []),
        ("SFT v2의 점수는?", []),
        ("32k context에서 정확도는?", []),
    ],
)
def test_condition_numbers(question: str, numbers: list[str]) -> None:
    assert condition_numbers(question) == numbers


@pytest.mark.parametrize(
    ("question", "quoted", "missing"),
    [
        ("head를 8개 쓰면 speed-up은?", "Halla-13B-Chat에서 speed-up 2.0배", ["8"]),
        ("head를 8개 쓰면 speed-up은?", "head 8개로 speed-up 2.6배", []),
        ("head를 8개 쓰면 speed-up은?", "8 heads give a 2.6x speed-up", []),
        ("head를 8개 쓰면 speed-up은?", "head 여덟 개로 speed-up 2.6배", []),
        ("What speed-up do 8 draft heads give?", "eight draft heads: 2.6x", []),
        ("What speed-up do 8 draft heads give?", "4 draft heads: 2.1x", ["8"]),
        ("reranker는 왜 2단계로만 써?", "used as a second stage", []),
        # the question's measure: another entry's dimension is no chunk size
        ("chunk를 1024 토큰으로 했을 때 결과는?", "출력 1,024차원", ["1024"]),
        ("chunk를 1024 토큰으로 했을 때 결과는?", "chunk 1,024토큰: recall 0.81", []),
        # a thousands part is no one-digit number ("3,200개" writes no 3)
        ("3분할로 나누면?", "3,200개 프롬프트", ["3"]),
    ],
)
def test_condition_unwritten(question: str, quoted: str, missing: list[str]) -> None:
    assert condition_unwritten(question, quoted) == missing


def test_the_heading_path_writes_the_condition() -> None:
    question = "head를 8개 쓰면 speed-up은?"
    assert unstated_condition(question, "speed-up 2.6배", "Hydra > 3 LINE SUMMARY")
    assert not unstated_condition(question, "speed-up 2.6배", "Hydra > head 8개 설정")


def test_prose_is_left_alone() -> None:
    # A paragraph states its conditions in the sentences around the quoted one.
    question = "223계는 모터를 1량당 몇 개를 탑재해야 하는가?"
    sentence = "이 차량은 본래 1량당 모터 4개를 탑재하도록 설계되었다."
    assert condition_unwritten(question, sentence) == ["223"]
    assert not unstated_condition(question, sentence, "")


def test_member_factor_counts_an_unstated_condition_as_a_sibling() -> None:
    question = "Medusa Heads for Korean에서 head를 8개 쓰면 speed-up은?"
    assert member_factor(question, "Halla-13B-Chat에서 speed-up 2.0배") == pytest.approx(
        1 - SIBLING_PENALTY
    )
    assert member_factor(question, "head 8개로 speed-up 2.6배") == 1.0


HITS = [
    note_hit(
        0,
        "- 📜 [Lab] Hydra Drafts: Multi-Head Drafting for Korean\n"
        "    - draft head 4개로 speed-up 2.1배\n"
        "    - 한국어 acceptance 길이 평균 2.4\n",
        "archive 2026 > March > 2주차",
    ),
    note_hit(
        1,
        "- 📜 [Lab] Hydra Drafts in English notes\n"
        "    - 4 draft heads give a 2.1x speed-up\n"
        "    - training the heads takes 3 GPU hours\n",
        "Reading log > March",
        lang="en",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Hydra Drafts에서 draft head를 8개 쓰면 speed-up은 몇 배야?",
        "What speed-up do 8 draft heads give in Hydra Drafts?",
        "Hydra Drafts에서 draft head 8개면 speed-up이 몇 배야?",
    ],
)
def test_another_setting_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "2.1" in ex.sentences[0].text
    assert ex.strength < AnswerConfig().refuse_below
    monkeypatch.setattr("notelens.answer.members.SIBLING_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert without.strength >= AnswerConfig().refuse_below
    assert ex.strength == pytest.approx((1 - SIBLING_PENALTY) * without.strength)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Hydra Drafts에서 draft head를 4개 쓰면 speed-up은 몇 배야?",
        "What speed-up do 4 draft heads give in Hydra Drafts?",
        "Hydra Drafts에서 draft head 4개면 speed-up이 몇 배야?",
    ],
)
def test_the_stated_setting_is_answered(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "2.1" in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
