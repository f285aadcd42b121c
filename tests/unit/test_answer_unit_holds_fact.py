"""The unit that holds the asked fact, not one that repeats the question's words
(issue #15, twenty-fifth round): a definition under a numbered heading
(answer/heading_label.py) and the definition line of a "how" question's topic
(answer/defined.py ``topic_defined``).

Notes invented for the test: an overview whose sections are numbered ("### 1. …") with
the definition as the first line under each, beside a section about the data of the
same stage; a glossary defining a method next to a digest whose bullets repeat the
question's condition words. Real Kiwi; Korean, English and mixed questions, and
questions of other shapes left alone.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.defined import topic_defined
from notelens.answer.extractive import extract
from notelens.answer.heading_label import inner_label
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("context", "label"),
    [
        ("개요 > 학습 단계 > 1. Preference Tuning", "Preference Tuning"),
        ("overview > 2) Reward shaping", "Reward shaping"),
        ("overview > (3) Data filtering", "Data filtering"),
        ("paper > 3.2 Training data", "Training data"),
        ("정리 > ① 데이터 수집", "데이터 수집"),
        ("정리 > 1.2. 평가 방법", "평가 방법"),
        # Not outline numbers: a count, a size glued to its word, a year.
        ("paper > 3 LINE SUMMARY", "3 LINE SUMMARY"),
        ("models > 7B models", "7B models"),
        ("plans > 2025 계획", "2025 계획"),
        ("", ""),
    ],
)
def test_the_outline_number_is_no_part_of_the_label(context: str, label: str) -> None:
    assert inner_label(context) == label


STAGES_DATA = (
    "사전 학습을 마친 모델을 목적에 맞게 다시 조정하는 데 쓰는 데이터.\n"
    "이 단계의 데이터로 모델이 지시에 맞게 조정됨.\n"
)
# A chunk per numbered section, as the chunker cuts them: the heading path carries
# the number.
STAGE_TUNING = "모델 출력이 사람이 고른 쪽에 가까워지도록 조정하는 과정.\n"
STAGE_INSTRUCTION = "지시문과 그 응답을 쌍으로 모은 데이터.\n"
PATH = "개요 > 학습 데이터 > Tuning data (Preference)"


@pytest.mark.parametrize(
    "question",
    [
        "Preference Tuning이란",  # mixed: a Korean question about an English term
        "preference tuning이 뭐야?",
        "What is preference tuning?",
    ],
)
def test_the_line_under_a_numbered_heading_defines_it(question: str, analyzer: Analyzer) -> None:
    # The data section ranks first and repeats "조정" and the stage's words; the first
    # line under "1. Preference Tuning" is what the term is.
    hits = [
        note_hit(0, STAGES_DATA, PATH),
        note_hit(1, STAGE_TUNING, f"{PATH} > 1. Preference Tuning"),
        note_hit(2, STAGE_INSTRUCTION, f"{PATH} > 2. Instruction data"),
    ]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert ex.sentences[0].text.startswith("모델 출력이 사람이 고른 쪽에"), question


GLOSSARY = (
    "- **KTO (Kahneman-Tversky Optimization)**: 쌍이 아닌 좋음/나쁨 표시 하나씩으로 "
    "바로 정책을 학습, reward 없이\n"
    "- **Reward model**: 사람의 선호 쌍으로 응답의 점수를 매기도록 학습한 모델\n"
)
DIGEST = (
    "- 📜 [Lab] Margin-Weighted KTO\n"
    "    - reward model 점수 차이를 가중치로 넣어 학습 신호가 큰 예시를 더 강하게 학습\n"
    "    - KTO보다 win-rate 2.8포인트 높음\n"
)


def test_the_topic_definition_is_told_from_longer_terms() -> None:
    units = [u for u in build_units(GLOSSARY, "용어집") if u.kind == "definition"]
    kto, reward = units
    assert topic_defined(kto, "kto")
    assert not topic_defined(reward, "kto")
    assert not topic_defined(kto, "")
    # "Margin-Weighted KTO" is a longer term: no definition line of "kto".
    longer = build_units("- **Margin-Weighted KTO**: KTO에 가중치를 더한 변형\n", "용어집")
    assert not topic_defined(longer[0], "kto")


@pytest.mark.parametrize(
    "question",
    [
        "KTO는 reward model 없이 어떻게 학습해?",  # mixed
        "KTO는 reward model 없이 어떻게 학습돼?",
        "How does KTO learn without a reward model?",
    ],
)
def test_a_how_question_is_answered_by_its_topic_definition(
    question: str, analyzer: Analyzer
) -> None:
    # The digest ranks first and its bullet repeats "reward model … 학습"; the glossary
    # line defining KTO itself says how it learns.
    hits = [note_hit(0, DIGEST, "archive > 1주차"), note_hit(1, GLOSSARY, "용어집")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert "좋음/나쁨 표시 하나씩으로" in ex.sentences[0].text, question


def test_other_questions_about_the_topic_keep_their_unit(analyzer: Analyzer) -> None:
    # "How much higher …" asks a number of the digest: the topic's definition gets nothing.
    hits = [note_hit(0, DIGEST, "archive > 1주차"), note_hit(1, GLOSSARY, "용어집")]
    for question in ("Margin-Weighted KTO는 KTO보다 win-rate가 몇 포인트 높아?",):
        ex = extract(question, hits, analyzer=analyzer, embedder=None)
        assert ex.sentences and "2.8포인트" in ex.sentences[0].text, question


RING_KO = (
    "- 📜 [Lab] RingCache: Streaming with a Fixed Cache\n"
    "    - 앞쪽 몇 token과 최근 window만 cache에 남겨 메모리를 일정하게 유지\n"
    "    - 100만 token까지 perplexity가 튀지 않음\n"
    "    - 단, window 밖의 내용을 다시 꺼내 쓰는 건 아님 (검색 기능 없음)\n"
)
RING_EN = (
    "- 📜 [Lab] RingCache: Streaming with a Fixed Cache\n"
    "    - keeps the first tokens and a recent window in the cache at a fixed size\n"
    "    - perplexity stays flat up to 1M tokens\n"
    "    - However, text outside the window is never brought back\n"
)


@pytest.mark.parametrize(
    ("question", "note", "caveat"),
    [
        ("RingCache의 한계가 뭐야?", RING_KO, "window 밖의 내용을"),  # mixed
        ("링캐시 방식의 단점은?", RING_KO.replace("RingCache", "링캐시"), "window 밖의 내용을"),
        ("What is a limitation of RingCache?", RING_EN, "never brought back"),
    ],
)
def test_a_caveat_line_states_the_limitation(
    question: str, note: str, caveat: str, analyzer: Analyzer
) -> None:
    # Every bullet shares the entry's topic; the one opening with a caveat ("단,",
    # "However,") is the limit, not the bullet whose negation is a strength.
    hits = [note_hit(0, note, "archive > 2주차")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert caveat in ex.sentences[0].text, question


def test_a_caveat_is_no_limitation_for_other_questions(analyzer: Analyzer) -> None:
    # "How long …" asks the length the entry reached: the caveat line gets nothing.
    hits = [note_hit(0, RING_EN, "archive > 2nd week")]
    ex = extract(
        "Up to how many tokens does RingCache keep perplexity flat?",
        hits,
        analyzer=analyzer,
        embedder=None,
    )
    assert ex.sentences and "1M tokens" in ex.sentences[0].text
