"""A span of time asked in one language and written in the other (``answer/numbers.py``,
``DURATION_CLASSES``): "얼마 동안 보관해?" over "Recordings: kept 45 days", "How long are
the logs kept?" over "로그는 2주 보관". Every line is written for these tests; the whole
extractor runs with the real Kiwi analyzer (session fixture) and no embedder.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.extractive import extract
from notelens.answer.numbers import DURATION_CLASSES, asked_classes, asked_unit, number_span

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "실험 로그는 얼마 동안 보관해?",
        "체크포인트를 얼마나 오래 남겨 둬?",
        "녹화 파일 보관 기간은?",
        "대기 기간이 얼마야?",
        "How long are the session recordings kept?",
        "For how long is the raw audio stored?",
        "How long did the annotation take?",
        # mixed
        "raw audio는 얼마 동안 보관해?",
    ],
)
def test_a_duration_question_asks_time_units(question: str) -> None:
    assert asked_classes(question) >= DURATION_CLASSES


@pytest.mark.parametrize(
    "question",
    [
        # a length, not a span of time
        "How long is the context window?",
        "How long are the prompts on average?",
        "입력 길이는 얼마야?",
        # a date ("기간" named without asking how long)
        "모집 기간에 몇 명이 지원했어?",
    ],
)
def test_a_length_or_a_date_question_does_not(question: str) -> None:
    assert not asked_classes(question) & DURATION_CLASSES


def test_a_line_in_a_time_unit_fits_and_one_in_another_unit_does_not() -> None:
    unit = asked_unit("세미나 녹화본은 얼마 동안 보관해?")
    assert unit is not None
    assert unit.fit("Recordings: kept 45 days, then deleted") == 1
    assert unit.fit("체크포인트는 6개월 뒤 삭제") == 1
    assert unit.fit("The spring cohort has 8 sessions, the autumn one 10") == -1


def test_the_number_in_a_time_unit_is_cut_from_a_line() -> None:
    q = "How long are the session recordings kept?"
    text = "8 sessions recorded; recordings kept 45 days"
    found = number_span(q, text, ["session", "record"])
    # (a unit word after a space is not cut with it: "45", as "4.1 points" gives "4.1")
    assert found is not None and text[found[0] : found[1]] == "45"


_EN_GROUP = (
    "## Reading group (English cohort)\n"
    "- The English cohort has 8 sessions, the Korean one 10\n"
    "- Recordings: kept 45 days, then deleted\n"
    "- Slides go to the shared drive\n"
)
_KO_GROUP = (
    "## 리딩 그룹 운영\n"
    "- 한국어 코호트는 10회, 영어 코호트는 8회 진행\n"
    "- 녹화본은 2주 보관 후 삭제\n"
    "- 발표 자료는 공유 드라이브에\n"
)


def test_the_line_in_a_time_unit_leads_across_languages(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Korean question, English notes: the line counting sessions holds the question's
    # cohort words; the one in days answers.
    question = "영어 코호트 녹화본은 얼마 동안 보관해?"
    hits = [note_hit(0, _EN_GROUP, "Reading group", "en")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert "45 days" in ex.sentences[ex.lead].text
    assert ex.short is not None and ex.short.text == "45"
    monkeypatch.setattr(extractive, "W_UNIT_FIT", 0.0)
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert "45 days" not in ex.sentences[ex.lead].text


def test_an_english_duration_question_over_korean_notes(analyzer: Analyzer) -> None:
    hits = [note_hit(0, _KO_GROUP, "리딩 그룹")]
    ex = extract(
        "How long are the reading group recordings kept?", hits, analyzer=analyzer, embedder=None
    )
    assert "2주" in ex.sentences[ex.lead].text
    assert ex.short is not None and ex.short.text == "2주"
