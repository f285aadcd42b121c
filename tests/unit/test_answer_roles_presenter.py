"""Who presented (answer/roles.py) and what time (answer/heading_when.py).

A talk page labels its presenter ("발표자: …", "Speaker: …"); a club's session log names
the presenter at the end of each session's heading ("9주차 (5/17) Lumen — 발표 오하늘")
and its bullets say what the paper did. "What time does the group meet?" is a date
question to qtype: a line with an hour answers it, not a session row with a date.
Notes written for the test; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.heading_when import clock_typed
from notelens.answer.roles import asked_roles, asks_presenter, heading_presenter, unit_role
from notelens.answer.units import AnswerUnit, build_units


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "role", "asks"),
    [
        ("10월 사내 세미나에서 발표한 사람은?", True, True),
        ("3주차 발표자는 누구야?", True, True),
        ("Who presented at the spring workshop?", True, True),
        ("Who gave the talk on tokenizers?", True, True),
        ("Who was the speaker at the meetup?", True, True),
        # a paper named: a schedule's lookup, not the role line's
        ("Lumen 논문은 누가 발표했어?", False, True),
        ("Who presents the Lumen paper?", False, True),
        # the role named, its holder not asked
        ("발표자가 늦으면 어떻게 하기로 했어?", False, False),
        ("Who gave feedback on the draft?", False, False),
    ],
)
def test_the_presenter_asked(question: str, role: bool, asks: bool) -> None:
    assert ("presenter" in asked_roles(question)) is role
    assert asks_presenter(question) is asks


@pytest.mark.unit
def test_a_presenter_label() -> None:
    units = build_units(
        "- 발표자: 남궁별 (검색팀)\n- Speaker: Quinn Abara\n- 발표 자료: 공유 폴더\n", "t"
    )
    assert [unit_role(u) for u in units] == ["presenter", "presenter", None]


LOG = "봄 읽기 모임 — 회차별 메모 > {}"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("heading", "who"),
    [
        ("9주차 (2026.05.16) Lumen — 발표 오하늘", "오하늘"),
        ("6회차 기록: PagedAttention (발표 천지민)", "천지민"),
        ("Week 3 — presenter: Dana Holt", "Dana Holt"),
        ("발표 순서", None),  # no one: a noun after 발표
        ("발표 자료 모음", None),
    ],
)
def test_the_presenter_a_heading_names(heading: str, who: str | None) -> None:
    unit = AnswerUnit("item", "한국어 38% / 영어 55%", LOG.format(heading), 0, 0)
    span = heading_presenter("Lumen은 누가 발표했어?", unit)
    assert (span.text if span else None) == who


@pytest.mark.unit
def test_not_over_a_row_or_a_line_naming_its_presenter() -> None:
    ctx = LOG.format("9주차 Lumen — 발표 오하늘")
    assert (
        heading_presenter("누가 발표했어?", AnswerUnit("item", "발표자: 남궁별", ctx, 0, 0)) is None
    )
    row = AnswerUnit("row", "주차: 9 · 발표자: 남궁별", ctx, 0, 0, cells=(("주차", "9"),))
    assert heading_presenter("누가 발표했어?", row) is None
    assert heading_presenter("Lumen 결과는?", AnswerUnit("item", "MMLU 62", ctx, 0, 0)) is None


SESSION_LOG = note_hit(
    0,
    "- 한국어 38% / 영어 55% / 코드 7%\n- 토론: 한국어 비율을 더 올리면 영어가 얼마나 떨어지는가\n",
    LOG.format("9주차 (2026.05.16) Lumen — 발표 오하늘"),
)
TALK = note_hit(
    0,
    "사내 세미나, 2026년 10월 2일. 발표자: 남궁별 (검색팀)\n\n"
    "검색 오류 120건을 유형별로 나눠 봤다.\n",
    "노트 검색의 실패 사례",
)


@pytest.mark.unit
def test_the_heading_presenter_is_the_short_answer(analyzer: Analyzer) -> None:
    ex = extract("Lumen 논문은 누가 발표했어?", [SESSION_LOG], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == "오하늘"


@pytest.mark.unit
def test_the_presenter_line_answers(analyzer: Analyzer) -> None:
    ex = extract("10월 사내 세미나 발표자는 누구야?", [TALK], analyzer=analyzer, embedder=None)
    assert ex.sentences[ex.lead].text == "발표자: 남궁별 (검색팀)"


@pytest.mark.unit
def test_an_hour_is_the_type_of_a_time_question() -> None:
    line = AnswerUnit("sentence", "Thursdays, 15:00–16:30 KST, room C-3 or online.", "Circle", 0, 0)
    row = AnswerUnit("row", "Session: S4 · Date: March 5th", "Circle > Schedule", 1, 1)
    under = AnswerUnit("item", "slides in the shared folder", "Circle (Mondays 18:30 KST)", 2, 2)
    q = "What time does the reading circle meet?"
    assert [clock_typed(q, u) for u in (line, row, under)] == [2.0, 0.0, 1.0]
    assert clock_typed("독서 모임은 무슨 요일 몇 시에 모여?", row) == 0.0
    assert clock_typed("When does the circle meet?", row) is None  # a date may answer


SCHEDULE_EN = [
    note_hit(
        0,
        "| Session | Date | Paper | Lead |\n|---|---|---|---|\n"
        "| S4 | March 5th | Router Collapse | Quinn Abara |\n",
        "Reading circle > Schedule",
        lang="en",
    ),
    note_hit(
        1,
        "Mondays, 18:30–20:00 KST, room C-3 or online. Each session has a lead.\n",
        "Reading circle",
        lang="en",
    ),
]


@pytest.mark.unit
def test_the_hour_line_answers_a_time_question(analyzer: Analyzer) -> None:
    ex = extract(
        "What time does the reading circle meet?", SCHEDULE_EN, analyzer=analyzer, embedder=None
    )
    assert ex.short is not None and ex.short.text.startswith("18:30")
