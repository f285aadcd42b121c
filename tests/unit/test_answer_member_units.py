"""Units about a sibling of the member the question names (answer/member_units.py): the
season-1 schedule kept in the season-2 study's note, the week beside the asked one. Notes
written for the test; the units come from the real unit reader, the last tests run the
extractor with real Kiwi and e5 on Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.extractive import extract
from notelens.answer.member_units import member_reading, other_members
from notelens.answer.members import members
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

TITLE = "[스터디] 검색 모델 읽기 시즌2"
SEASON2 = (
    "| 주차 | 날짜 | 논문 | 발표자 |\n"
    "| -- | -- | -- | -- |\n"
    "| 1 주차 | 3/7 | ColBERTv2 | 하은솔 |\n"
    "| 2 주차 | 3/14 | SPLADE v2 | 문재윤 |\n"
)
SEASON1 = (
    "| 주차 | 날짜 | 논문 | 발표자 |\n"
    "| -- | -- | -- | -- |\n"
    "| 1 주차 | 9/6 | Dense Passage Retrieval | 길도현 |\n"
    "| 2 주차 | 9/13 | ANCE | 표서린 |\n"
)
PERIOD = "- 2026년 3월 7일 ~ 5월 30일, 매주 토요일\n"


def _rows(text: str, heading: str) -> list[AnswerUnit]:
    return [u for u in build_units(text, heading) if u.kind == "row"]


def test_the_innermost_segment_naming_the_counter_decides() -> None:
    asked = members("시즌2 1주차 발표자는 누구야?")
    old = _rows(SEASON1, f"{TITLE} > 시즌1 기록 (2025 가을)")
    new = _rows(SEASON2, f"{TITLE} > 일정")
    # "시즌1 기록" under the season-2 title: the section speaks for season 1; the row's
    # own "1 주차" is the asked week.
    assert member_reading(members("시즌2 발표자는 누구야?"), old[0]) is False
    assert member_reading(members("시즌2 발표자는 누구야?"), new[0]) is True
    # Both counters: the row's week cell and the heading's season are read each.
    assert member_reading(asked, new[0]) is True
    assert member_reading(asked, new[1]) is False  # the 2 주차 row
    period = build_units(PERIOD, f"{TITLE} > 기간")[0]
    assert member_reading(members("3기 스터디는 언제 시작해?"), period) is None


def test_an_english_counter_reads_the_korean_cell() -> None:
    row = _rows(SEASON2, f"{TITLE} > 일정")
    assert member_reading(members("Who presents week 2?"), row[1]) is True
    assert member_reading(members("Who presents week 2?"), row[0]) is False


def test_nothing_is_marked_when_no_unit_is_framed_by_the_asked_member() -> None:
    # Season 3 is nowhere: every row is a sibling and none is marked, so the refusal
    # check still sees the sibling the scorer picks.
    units = _rows(SEASON1, f"{TITLE} > 시즌1 기록") + _rows(SEASON2, f"{TITLE} > 일정")
    assert other_members(members("시즌3 1주차 발표자는?"), units) == [False] * len(units)
    # A bullet naming the member in passing frames nothing.
    aside = build_units("- 결석 2회면 시즌3 우선 신청에서 빠짐\n", f"{TITLE} > 규칙")
    assert other_members(members("시즌3 1주차 발표자는?"), units + aside) == [False] * 5
    marked = other_members(members("시즌2 1주차 발표자는?"), units)
    assert marked == [True, True, False, True]


HITS = [
    note_hit(0, SEASON1, f"{TITLE} > 시즌1 기록 (2025 가을)"),
    note_hit(1, SEASON2, f"{TITLE} > 일정"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("검색 모델 읽기 시즌2 2주차 발표자는 누구야?", "문재윤"),
        ("시즌2 2주차 날짜는 언제야?", "3/14"),
        ("Who presented week 2 of season 2 of the retrieval reading study?", "문재윤"),
        ("검색 모델 읽기 season 2의 week 2 presenter는 누구야?", "문재윤"),
    ],
)
def test_the_asked_season_row_beats_the_siblings_schedule(
    question: str,
    gold: str,
    analyzer: Analyzer,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == gold
    # Without the penalty the season-1 row (first hit, same words) answers.
    monkeypatch.setattr(extractive, "W_OTHER_MEMBER", 0.0)
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is None or ex.short.text != gold


def test_an_entry_naming_the_member_beside_its_siblings_frames_nothing() -> None:
    # "Quartz: Open Models at 3B and 8B": the 8B bullet may be all the notes say of the
    # family; it is not marked, so the refusal check sees it.
    units = build_units(
        "- Quartz: Open Models at 3B and 8B\n    - 8B 모델의 MMLU 68.2\n    - 3B는 증류로 학습\n",
        "archive > March",
    )
    asked = members("Quartz 3B의 MMLU 점수는?")
    assert member_reading(asked, units[1], alone=True) is False
    assert other_members(asked, units) == [False] * len(units)
