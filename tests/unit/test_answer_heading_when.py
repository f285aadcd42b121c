"""The heading path as the answer to "when" (answer/heading_when.py): a yearly archive
files an entry under ``archive 2025 > 🎉 January > 1st week`` (the week a
``<details><summary>`` label) and its bullets never say when it was read. Korean, English
and mixed questions; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.heading_when import heading_when
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

WEEK = (
    "<details><summary>1st week</summary>\n\n"
    "- 📜 [Northgate Lab] [Lumen-3: A Small Multilingual Model](https://example.org/lumen)\n"
    "    - 3B 크기, 한국어 비중 25%로 학습\n"
    "    - MMLU 62.0\n"
    "\n</details>\n"
)
PATH = "archive 2025 > 🎉 January > 1st week"


def _unit(kind: str, text_part: str = "") -> AnswerUnit:
    return next(u for u in build_units(WEEK, PATH) if u.kind == kind and text_part in u.text)


@pytest.mark.unit
def test_the_path_segments_naming_a_month_or_week_are_the_answer() -> None:
    span = heading_when("date", _unit("title"))
    assert span is not None
    assert "January" in span.text and "1st week" in span.text
    assert "🎉" not in span.text
    assert span.start == span.end == 0  # not a substring of the quoted unit


@pytest.mark.unit
def test_a_korean_month_path_and_a_week_question() -> None:
    units = build_units("- 📜 [랩] [논문 A](url)\n    - 정확도 81%\n", "기록 2024 > 3월 > 2주차")
    span = heading_when("week", units[1])
    assert span is not None and "3월" in span.text and "2주차" in span.text


@pytest.mark.unit
def test_nothing_when_the_unit_says_when_or_the_question_is_no_when() -> None:
    units = build_units("- 2024년 5월에 공개, 13B\n", PATH)
    assert heading_when("date", units[0]) is None  # the unit has its own date
    assert heading_when("number", _unit("item", "MMLU")) is None
    # A path that names only a year (an archive's title) places nothing.
    lone = build_units("- 3B 크기\n", "archive 2025 > 모델")
    assert heading_when("date", lone[0]) is None


HITS = [
    note_hit(0, WEEK, PATH),
    note_hit(
        1,
        "- 📜 [Other Lab] [Quartz-7B](url)\n    - 7B, context 32K\n",
        "archive 2025 > ❄️ February > 2nd week",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Lumen-3는 몇 월 몇째 주 노트에 정리돼 있어?",
        "In which month's notes is Lumen-3?",
        "Lumen-3 paper는 언제 읽었어?",
    ],
)
def test_the_archive_week_leads_the_answer(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.short is not None
    assert "January" in ex.short.text


MINUTES_PATH = "5주차 기록: Speculative Decoding (발표 김하람) > 발표 요약"
MINUTES = (
    "김하람님이 Speculative Decoding 논문을 발표했다. 작은 draft 모델이 토큰 몇 개를 먼저 "
    "제안하고 큰 모델이 한 번에 검증한다.\n"
)


@pytest.mark.unit
def test_a_long_segment_gives_only_its_week() -> None:
    # A session note's title names its week: the week is the answer, not the title.
    unit = build_units(MINUTES, MINUTES_PATH)[0]
    span = heading_when("week", unit)
    assert span is not None and span.text == "5주차"


@pytest.mark.unit
def test_a_word_starting_like_a_month_is_no_month() -> None:
    # "Augmented", "Marginal", "Decoder": no August, March or December.
    unit = build_units("- 검색 호출 47% 감소\n", "링크 모음 > Retrieval-Augmented Decoder Notes")
    assert heading_when("date", unit[0]) is None


MINUTE_HITS = [note_hit(0, MINUTES, MINUTES_PATH)]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Speculative Decoding은 몇 주차에 발표해?", "Speculative Decoding paper는 몇 주차 발표야?"],
)
def test_a_span_that_is_no_week_gives_way_to_the_path(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, MINUTE_HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "5주차"
