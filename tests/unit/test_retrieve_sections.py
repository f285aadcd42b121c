"""A question about the end of a split table or list reads its last part first
(retrieve/sections.py, issue #15, eighteenth round)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.searcher import check_retrieval
from notelens.retrieve.sections import Part, asks_for_end, last_parts_first

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "워크숍 일정 마지막 날엔 뭐 해?",
        "독서 모임 총 몇 회차까지 있어?",
        "강의 계획 몇 주차까지 있어?",
        "실험 로그 맨 끝 항목이 뭐야",
        "최종 검증 손실은?",
        "What happens in the last session?",
        "What was the final learning rate?",
        "How many chapters are there in total?",
        "reading group 마지막 발표자 누구야?",
        "What is read in the last week of the course?",  # with an article: the end
        "Who presents last?",
    ],
)
def test_questions_about_the_end(question: str) -> None:
    assert asks_for_end(question)


@pytest.mark.parametrize(
    "question",
    [
        "배치 크기를 얼마까지 줄였어?",  # an amount, not a position
        "3주차에는 뭐 해?",
        "모임 몇 시에 시작해?",
        "Who presents in week 3?",
        "How many GPUs does the lab have?",
        "첫 번째 발표 주제는?",
        # "last" before a time word, bare, is the time before now (nineteenth round)
        "What did we decide last week?",
        "지난번 회의 last meeting 결론은?",
        "Which baseline did we drop since last Monday?",
    ],
)
def test_other_questions(question: str) -> None:
    assert not asks_for_end(question)


SYLLABUS = ("plan.md", "Plan > Schedule")
PARTS: dict[str, Part | None] = {
    "rows-1-8": (SYLLABUS, (19, 12)),
    "rows-9-15": (SYLLABUS, (26, 12)),
    "rows-16-20": (SYLLABUS, (31, 12)),
    "intro": (("plan.md", "Plan"), (9, 3)),
    "other-note": (("log.md", "Log > Week 2"), (40, 30)),
    "no-section": None,
}


def test_the_parts_of_one_section_swap_places_last_first() -> None:
    ranked = [
        ("intro", 3.0),
        ("rows-1-8", 2.0),
        ("other-note", 1.9),
        ("rows-9-15", 1.8),
        ("no-section", 1.7),
        ("rows-16-20", 1.5),
    ]
    out = last_parts_first(ranked, PARTS)
    assert [cid for cid, _ in out] == [
        "intro",
        "rows-16-20",  # the last part takes the first part's place ...
        "other-note",  # ... other sections and passages without one keep theirs
        "rows-9-15",
        "no-section",
        "rows-1-8",
    ]
    # each place keeps its score: the list stays monotone
    assert [score for _, score in out] == [score for _, score in ranked]


def test_a_section_with_one_part_in_the_head_is_left_alone() -> None:
    ranked = [("rows-1-8", 2.0), ("intro", 1.5), ("other-note", 1.0)]
    assert last_parts_first(ranked, PARTS) == ranked
    assert last_parts_first([], PARTS) == []


def test_the_depth_is_checked_with_the_other_settings() -> None:
    check_retrieval(FusionConfig(end_parts_depth=0), RerankConfig())
    check_retrieval(FusionConfig(end_parts_depth=20), RerankConfig())
    with pytest.raises(ConfigError, match="end_parts_depth"):
        check_retrieval(FusionConfig(end_parts_depth=-1), RerankConfig())
    with pytest.raises(ConfigError, match="end_parts_depth"):
        check_retrieval(FusionConfig(end_parts_depth=101, candidates=100), RerankConfig())
