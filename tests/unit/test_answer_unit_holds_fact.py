"""The unit that holds the asked fact, not one that repeats the question's words
(issue #15, twenty-fifth round): a definition under a numbered heading
(answer/heading_label.py).

Notes invented for the test: an overview whose sections are numbered ("1. …", one chunk
each) with the definition as the first line under each, beside a section about the data
of the same stage whose lines repeat the question's words. Real Kiwi; Korean, English
and mixed questions; headings whose leading number is no outline number left alone.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.heading_label import inner_label

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
