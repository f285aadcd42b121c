"""A table's row asked by its place among the rows of one category
(answer/category_rows.py).

Notes invented for the test: a Korean study schedule cut into two chunks (the chunker
repeats the header, so both chunks start at the same line and the later one ends
later), whose "분야" column repeats a value, and whose paper titles mention another
category's name; an English reading-group table; a mixed one. Twins where nothing fires:
no place asked, a value no row holds as its cell, a value every row holds.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.category_rows import asked_row_place, category_row
from notelens.answer.extractive import extract
from notelens.answer.ordinal_items import LAST
from notelens.answer.units import build_units
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit

_HEAD = "| 주차 | 분야 | 논문 | 발표자 |\n|---|---|---|---|\n"
# The later chunk of the table first: retrieval ranks it higher (its title mentions
# "보상 모델" too), and the table's order is the chunks' end lines, not their rank.
LATER = replace(
    note_hit(
        0,
        _HEAD + "| 6주차 | 직접 선호 학습 | 보상 모델 없이 선호를 맞추는 법 | 윤하람 |\n"
        "| 7주차 | 직접 선호 학습 | 순위 기반 정렬 | 서지우 |\n",
        "봄 읽기 모임 > 일정",
    ),
    source="/notes/spring.md",
    location=Location(3, 12),
)
EARLIER = replace(
    note_hit(
        1,
        _HEAD + "| 3주차 | 사전학습 | 데이터 혼합 비율 | 김도현 |\n"
        "| 4주차 | 보상 모델 | 보상 과최적화의 규모 법칙 | 박소은 |\n"
        "| 5주차 | 보상 모델 | 세밀한 사람 피드백 | 이태오 |\n",
        "봄 읽기 모임 > 일정",
    ),
    source="/notes/spring.md",
    location=Location(3, 9),
)
EN = replace(
    note_hit(
        2,
        "| Week | Track | Paper | Speaker |\n|---|---|---|---|\n"
        "| 1 | retrieval | Sparse Index Tricks | Mina |\n"
        "| 2 | agents | Planner Loops | Joon |\n"
        "| 3 | retrieval | Dense Recall at Scale | Sora |\n"
        "| 4 | agents | Tool Traces | Ari |\n",
        "Reading group > Schedule",
        lang="en",
    ),
    location=Location(1, 7),
)


def _row(question: str, hits: list[Hit]) -> str | None:
    """The first cell of the row found ("주차: 4주차" -> "4주차"), or None."""
    found = category_row(
        question,
        [h.heading for h in hits],
        [(h.location.line_end or 0, h.location.line_start or 0) for h in hits],
        [build_units(h.text, h.heading) for h in hits],
    )
    return None if found is None else found[1].cells[0][1]


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("보상 모델 분야는 몇 주차부터야?", 1),
        ("보상 모델 분야는 언제까지 했어?", LAST),
        ("보상 모델 주제 두 번째 논문은?", 2),
        ("Which week does the retrieval track start?", 1),
        ("Who presented the last agents paper?", LAST),
        ("보상 모델 분야 발표자는?", None),
    ],
)
def test_the_place_asked(question: str, place: int | None) -> None:
    assert asked_row_place(question) == place


@pytest.mark.parametrize(
    ("question", "week"),
    [
        ("보상 모델 분야는 몇 주차부터야?", "4주차"),
        ("보상 모델 분야 마지막 발표자는?", "5주차"),
        ("직접 선호 학습 분야 첫 논문은?", "6주차"),
        ("직접 선호 학습 분야는 몇 주차에 시작해?", "6주차"),
    ],
)
def test_a_korean_category_across_two_chunks(question: str, week: str) -> None:
    assert _row(question, [LATER, EARLIER]) == week


@pytest.mark.parametrize(
    ("question", "week"),
    [
        ("Which week does the retrieval track start?", "1"),
        ("Who presented the second agents paper?", "4"),
        ("What was the last retrieval paper?", "3"),
        ("retrieval 트랙 두번째 논문 발표자는?", "3"),
        ("agents 분야는 몇 주차부터야?", "2"),
    ],
)
def test_an_english_and_a_mixed_question(question: str, week: str) -> None:
    assert _row(question, [EN]) == week


@pytest.mark.parametrize(
    "question",
    [
        # No place asked.
        "보상 모델 분야 발표자는?",
        "Who presented on the retrieval track?",
        # A place, but the value is only a word of a title, not a category cell.
        "보상 과최적화 첫 논문은?",
        # A place of a value no row holds.
        "강화학습 분야 첫 논문은?",
        # A value the question names without asking rows by it ("retrieval에서").
        "retrieval에서 처음 쓴 방법은?",
    ],
)
def test_nothing_fires(question: str) -> None:
    assert _row(question, [LATER, EARLIER, EN]) is None


def test_a_value_every_row_holds_selects_nothing() -> None:
    same = replace(
        note_hit(
            3,
            "| Week | Track | Paper |\n|---|---|---|\n| 1 | survey | A |\n| 2 | survey | B |\n",
            "Other group",
            lang="en",
        ),
        location=Location(1, 4),
    )
    assert _row("What was the first survey paper?", [same]) is None


def test_extract_leads_with_the_category_row(analyzer: Analyzer) -> None:
    # The later chunk's first row mentions "보상 모델" in its title and ranks first; the
    # first row whose 분야 is 보상 모델 leads, and its week is the short answer.
    ex = extract(
        "보상 모델 분야는 몇 주차부터야?", [LATER, EARLIER], analyzer=analyzer, embedder=None
    )
    lead = ex.sentences[ex.lead]
    assert lead.unit is not None and lead.unit.cells[0][1] == "4주차", lead.text
    assert ex.short is not None and ex.short.text == "4주차"


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Who is the first author of the reward hacking paper?",
        "리워드 해킹 논문의 제1저자는 누구야?",
        "reward hacking 논문의 first author가 누구야?",
    ],
)
def test_a_first_author_asks_no_place_among_the_rows(question: str) -> None:
    # "first author" is a role: reading "first" as the first row of a category quoted
    # another paper's presenter (blind4 e009 on the merged tree).
    assert asked_row_place(question) is None
