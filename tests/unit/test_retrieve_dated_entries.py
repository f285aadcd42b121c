"""The day a question names, and the entry notes file under it (retrieve/dated_entries.py,
``FusionConfig.dated_entry_depth``; issues #15 / #22, twenty-first round)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.dated_entries import asked_days, dated_entry
from notelens.retrieve.named_sections import MAX_PARTS, Part
from notelens.retrieve.searcher import check_retrieval


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("4월 2일 모임 발표자 누구였지?", {(4, 2)}),
        ("7/14 회의록에서 정한 것", {(7, 14)}),
        ("2025.11.03 데일리에 남은 일", {(11, 3)}),
        ("Who chaired the meeting on June 5th?", {(6, 5)}),
        ("What did we decide on 12 October?", {(10, 12)}),
        ("Sept 9 standup: what was blocked?", {(9, 9)}),
        ("Mina가 8월 21일 sync에서 말한 risk", {(8, 21)}),
        ("compare the 3/4 and 3/11 meetings", {(3, 4), (3, 11)}),
    ],
)
def test_the_day_a_question_names(question: str, days: set[tuple[int, int]]) -> None:
    assert asked_days(question) == days


@pytest.mark.parametrize(
    "question",
    [
        "Who is on leave until August 30th?",
        "What is due by 5/2?",
        "What changed since March 3?",
        "9월 30일까지 끝낼 일은?",
        "6/1부터 바뀐 규칙",
        "2월 14일 이후 추가된 실험",
        "몇 주차에 중간고사가 있어?",  # no day at all
        "3월에 읽은 논문",  # a month, no day
    ],
)
def test_a_bound_or_no_date_names_no_day(question: str) -> None:
    assert asked_days(question) == set()


def _part(cid: str, heading: str, line: int, source: str = "minutes.md") -> Part:
    return Part(cid, source, heading, (line, line + 5))


MINUTES = [
    _part("top", "Lab minutes", 1),
    _part("a1", "Lab minutes > 2026.02.03 (notes: Jun)", 5),
    _part("b1", "Lab minutes > 2월 10일 미팅", 20),
    _part("c1", "Lab minutes > Feb 17th", 40),
    _part("c2", "Lab minutes > Feb 17th > Action items", 50),
    _part("d1", "Lab minutes > 2/24 (기록: 서윤)", 60),
]


@pytest.mark.parametrize(
    ("day", "entry"),
    [((2, 3), ["a1"]), ((2, 10), ["b1"]), ((2, 24), ["d1"])],
)
def test_an_entry_is_found_whichever_way_its_heading_writes_the_day(
    day: tuple[int, int], entry: list[str]
) -> None:
    assert dated_entry({day}, MINUTES, ["top", "c1"]) == entry


def test_the_entry_parts_come_in_their_fused_order() -> None:
    # the action items part is what the question's other words found: it goes first
    assert dated_entry({(2, 17)}, MINUTES, ["c2", "x", "c1"]) == ["c2", "c1"]
    # parts the fused list lacks follow in file order
    assert dated_entry({(2, 17)}, MINUTES, ["x"]) == ["c1", "c2"]


def test_a_whole_note_under_one_date_gives_at_most_the_places_ask_reads() -> None:
    note = [_part(f"p{i}", "회의록 — 2026-05-12 (화) > " + f"{i}. 안건", i * 10) for i in range(8)]
    found = dated_entry({(5, 12)}, note, ["p7", "p3"])
    assert found[:2] == ["p7", "p3"] and len(found) == MAX_PARTS


def test_the_best_ranked_of_several_dated_entries_wins() -> None:
    log = [_part("log", "Daily log > 2026-02-10", 3, source="daily.md")]
    assert dated_entry({(2, 10)}, MINUTES + log, ["q", "log", "b1"]) == ["log"]
    assert dated_entry({(2, 10)}, MINUTES + log, ["b1", "log"]) == ["b1"]


def test_no_heading_files_the_day() -> None:
    assert dated_entry({(3, 1)}, MINUTES, ["a1"]) == []
    assert dated_entry(set(), MINUTES, ["a1"]) == []
    # a week's range names its ends, not the days inside it
    week = [_part("w", "Weekly digest (9/8 ~ 9/14)", 1)]
    assert dated_entry({(9, 10)}, week, ["w"]) == []
    assert dated_entry({(9, 8)}, week, ["w"]) == ["w"]


def test_the_depth_is_checked() -> None:
    check_retrieval(FusionConfig(dated_entry_depth=0), RerankConfig())
    with pytest.raises(ConfigError, match="dated_entry_depth"):
        check_retrieval(FusionConfig(dated_entry_depth=101), RerankConfig())
