"""A list of values asked without a count is answered by a sentence writing a run of
those values after the asked noun (answer/lists.py ``names_series``): "rank 4, 8, 16,
64" for "비교한 rank 값들", not a line naming one of them. Notes written for the test;
Korean, English and mixed; the last test runs the extractor with real Kiwi.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lists import lists_sentence, names_series


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("문가온이 비교한 rank 값들", "문가온이 rank 2, 4, 32를 비교했는데 4가 가장 좋았다."),
        ("Which batch sizes did we try?", "We tried batch 8 / 16 / 64 on one GPU."),
        ("실험한 epoch 값들은?", "epoch 1, 2, 3으로 돌렸고 2에서 멈췄다."),
        ("Which lr values were swept?", "The sweep covered lr 1e-5, 3e-5, 1e-4."),
    ],
)
def test_a_run_of_the_asked_nouns_values(question: str, text: str) -> None:
    assert names_series(question, text)
    assert lists_sentence(text, None, question)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("문가온이 비교한 rank 값들", "rank 32, alpha 64로 시작."),  # one value per noun
        ("문가온이 비교한 rank 값들", "alpha 16, 32, 64를 비교했다."),  # another noun's run
        ("Which batch sizes did we try?", "Scores were 61.2, 63.0, 64.8 across seeds."),
    ],
)
def test_no_run_of_the_asked_noun(question: str, text: str) -> None:
    assert not names_series(question, text)
    assert not lists_sentence(text, None, question)


@pytest.mark.unit
def test_without_a_question_a_countless_sentence_is_no_list() -> None:
    assert not lists_sentence("rank 2, 4, 32를 비교했다.", None)


MEETING = note_hit(
    0,
    "- 문가온: 어댑터 실험 시작. rank 32, alpha 64\n- 이하늘: 데이터 정제 끝\n",
    "주간 회의 > 4월 2일",
)
ESSAY = note_hit(
    1,
    "rank를 키운다고 좋아지지 않았다. 문가온이 rank 2, 4, 32, 128을 비교했는데 32에서 가장"
    " 좋았다. 128에서는 오히려 떨어졌다.\n",
    "어댑터 정리 > rank",
)


@pytest.mark.unit
def test_the_extractor_quotes_the_run(analyzer: Analyzer) -> None:
    ex = extract("문가온이 비교한 rank 값들", [MEETING, ESSAY], analyzer=analyzer, embedder=None)
    assert any("2, 4, 32, 128" in c.text for c in ex.sentences)
