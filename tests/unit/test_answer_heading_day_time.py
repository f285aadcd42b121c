"""The heading path's day and hour (answer/heading_when.py): a log files its entry under
``2026-07-11 · report`` and a cohort's heading states its hour (``(Thursday, 09:00 KST)``)
while the units under them hold neither. Also the question types that ask them ("쓴 사람",
"몇째 주"). Korean, English and mixed; the last tests run the extractor with real Kiwi and
e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.heading_when import asked_day_noun, heading_time, heading_when, states_when
from notelens.answer.qtype import answer_type
from notelens.answer.span import Span
from notelens.answer.units import build_units
from notelens.embed.base import Embedder

LOG = "- org: Quill Labs\n- dense, 9.1B, RoPE base 1M\n"
LOG_PATH = "reading log — 2031 H1 > 2031-03-14 · Quill-9B tech report"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("path", "day"),
    [
        (LOG_PATH, "2031-03-14"),
        ("연구 일지 2031 > 3월 > 3월 14일 세미나", "3월 14일"),
        ("notes 2031 > March 14 · Quill 발표", "March 14"),
    ],
)
def test_a_day_in_the_path_is_the_date_not_the_archive_year(path: str, day: str) -> None:
    unit = build_units(LOG, path)[1]
    span = heading_when("date", unit)
    assert span is not None and span.text == day
    assert states_when("date", unit)


@pytest.mark.unit
def test_a_month_alone_answers_no_week_question() -> None:
    # "Quantisation check (Nov, …)": a month, no week.
    unit = build_units(
        "| a | b |\n|---|---|\n| 1 | 2 |\n", "changelog > check (Nov, after deploy)"
    )[0]
    assert heading_when("week", unit) is None
    assert not states_when("week", unit)
    assert heading_when("date", unit) is not None  # a month does answer "when"


@pytest.mark.unit
def test_the_year_only_title_is_left_out_of_a_week() -> None:
    unit = build_units(
        "- 🧪 [Lab] [Paper](url)\n", "📬 주간 다이제스트 — 2031 Q2 > 🍂 April > 2nd week (4/9)"
    )[0]
    span = heading_when("week", unit)
    assert span is not None and span.text == "April > 2nd week (4/9)"


ROWS = "| Session | Date | Reading |\n|---|---|---|\n| E1 | Apr 3 | Switch |\n"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "path", "hour"),
    [
        (
            "At what time does the English cohort meet?",
            "모임 > English cohort (Thursday, 09:00 KST)",
            "09:00 KST",
        ),
        (
            "한국어 코호트는 무슨 요일 몇 시에 모여?",
            "모임 > 한국어 코호트 (수요일 오전 10시)",
            "수요일 오전 10시",
        ),
        (
            "Korean cohort는 몇 시에 meet해?",
            "모임 > Korean cohort (Wed 19:30–21:00)",
            "19:30–21:00",
        ),
    ],
)
def test_the_heading_hour_answers_a_time_question(question: str, path: str, hour: str) -> None:
    unit = build_units(ROWS, path)[0]
    span = heading_time(question, unit, Span("Apr 3", 0, 5))
    assert span is not None and span.text == hour


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "short", "hour"),
    [
        (
            "MoE 모임은 무슨 요일 몇 시에 모여?",
            "- 장소: 온라인, 매주 수요일 19:30–21:00\n",
            "19",
            "매주 수요일 19:30–21:00",
        ),
        (
            "What time does the group meet?",
            "We meet on Thursdays at 17:00 KST (08:00 UTC).\n",
            "Oct 2",
            "17:00 KST",
        ),
        (
            "reading group은 몇 시에 meet해?",
            "- 매주 토요일 오전 10시, 온라인 (Zoom)\n",
            "10시",
            "오전 10시",
        ),
    ],
)
def test_the_units_own_hour_comes_first_its_weekday_when_asked(
    question: str, text: str, short: str, hour: str
) -> None:
    unit = build_units(text, "모임 > 운영 (Friday, 08:00 KST)")[0]
    span = heading_time(question, unit, Span(short, 0, len(short)))
    assert span is not None and span.text == hour
    assert unit.text[span.start : span.end] == hour  # a substring of the quoted unit


@pytest.mark.unit
def test_an_english_weekday_when_the_day_is_asked() -> None:
    unit = build_units(ROWS, "group > English cohort (Thursday, 09:00 KST)")[0]
    span = heading_time("On what day and at what time do they meet?", unit, None)
    assert span is not None and span.text == "Thursday, 09:00 KST"


@pytest.mark.unit
def test_no_hour_when_not_asked_or_already_answered() -> None:
    unit = build_units(ROWS, "모임 > English cohort (Thursday, 09:00 KST)")[0]
    assert heading_time("When does the English cohort meet?", unit, None) is None
    assert heading_time("모임은 몇 시간 해?", unit, None) is None  # a duration
    assert heading_time("What time is it?", unit, Span("08:30", 0, 5)) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("KV cache 줄이는 에세이를 쓴 사람은?", "person"),
        ("회고 노트 작성자는?", "person"),
        ("이 스크립트를 만든 이유는?", "reason"),
        ("Whisperless 논문은 1월 몇째 주에 정리했어?", "week"),
        ("Quill-9B report는 몇 째 주 digest에 있어?", "week"),
    ],
)
def test_who_wrote_and_which_week_are_typed(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


HITS = [
    note_hit(0, LOG, LOG_PATH, lang="en"),
    note_hit(
        1,
        "- Quill-9B: 사내 재현은 12월에 예정\n",
        "연구 일지 > 할 일",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["On what date did I log the Quill-9B tech report?", "Quill-9B tech report는 며칠에 기록했어?"],
)
def test_the_logged_day_leads_the_answer(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.short is not None and ex.short.text == "2031-03-14"


COHORT = [note_hit(0, ROWS, "모임 > English cohort (Thursday, 09:00 KST)", lang="en")]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["At what time does the English cohort meet?", "English cohort는 몇 시에 모여?"]
)
def test_the_cohort_hour_leads_the_answer(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, COHORT, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "09:00 KST"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "cut", "hour"),
    [
        ("- 매주 목요일 저녁 8시 30분, 2층 세미나실\n", "8시", "저녁 8시 30분"),
        ("- 모임은 6시 반부터, 끝나면 회식\n", "6시", "6시 반"),
        ("- 정기 모임: 9시에 시작 (온라인)\n", None, "9시"),
    ],
)
def test_a_korean_hour_without_am_pm_is_a_clock_time(text: str, cut: str | None, hour: str) -> None:
    # The notes write the hour plainly ("저녁 8시 30분", "6시 반"); the number span cuts
    # the hour alone ("8시"), which the unit's fuller reading replaces.
    unit = build_units(text, "모임 > 운영")[0]
    short = None if cut is None else Span(cut, 0, len(cut))
    span = heading_time("모임은 몇 시에 해?", unit, short)
    assert span is not None and span.text == hour
    # A short answer that is the whole hour already stays.
    assert heading_time("모임은 몇 시에 해?", unit, Span(hour, 0, len(hour))) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "text", ["- 회의는 3시간 걸림\n", "- 시즌4 시작은 3월\n", "- 4시즌째 운영 중\n"]
)
def test_durations_and_seasons_are_no_hour(text: str) -> None:
    unit = build_units(text, "모임 > 운영")[0]
    assert heading_time("모임은 몇 시에 해?", unit, None) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("스터디 무슨 요일 몇 시에 모여?", "요일"),
        ("세미나는 어느 요일에 해?", "요일"),
        ("What day does the reading group meet?", "day"),
        ("스터디는 몇 시에 해?", None),
        ("수요일 발표자는 누구야?", None),  # a weekday named, not asked
    ],
)
def test_the_asked_day_noun(question: str, noun: str | None) -> None:
    assert asked_day_noun(question) == noun


MEETING = [
    note_hit(
        0,
        "- 매주 목요일 저녁 8시 30분, 2층 세미나실 + Zoom\n- 발표 30분 + 질의 15분\n",
        "[독서 모임] 2031 봄 시즌",
    )
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("독서 모임은 몇 시에 해?", "저녁 8시 30분"),
        ("독서 모임 무슨 요일 몇 시에 모여?", "매주 목요일 저녁 8시 30분"),
    ],
)
def test_the_meeting_hour_and_day_answer(
    question: str, short: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, MEETING, analyzer=analyzer, embedder=embedder)
    assert ex.strength >= 0.36
    assert ex.short is not None and ex.short.text == short
