"""A labelled field after a line's opening sentence is read under that sentence
(answer/units.py ``_prose``): "사내 세미나, 2025년 11월 14일. 발표자: 배준호" writes the
seminar first and its presenter after; "who presented at the November seminar?" is
answered by the field although only the opening sentence names the seminar. Korean and
English fixtures; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.units import build_units
from notelens.embed.base import Embedder


@pytest.mark.unit
def test_the_field_is_read_under_the_lead() -> None:
    units = build_units("사내 워크숍, 2024년 3월 8일. 발표자: 문가온 (평가팀)\n", "노트 검색 발표")
    field = next(u for u in units if u.kind == "definition")
    assert field.term == "발표자"
    assert "사내 워크숍, 2024년 3월 8일" in field.context
    assert field.context.startswith("노트 검색 발표")


@pytest.mark.unit
def test_a_line_opening_with_its_field_or_a_long_sentence_has_no_lead() -> None:
    units = build_units("Speaker: Dana Cole. Room 3.\n", "Talk")
    assert units[0].kind == "definition" and units[0].context == "Talk"
    long_lead = (
        "This quarter the search team kept a weekly log of what went wrong and why. "
        "Owner: Dana Cole\n"
    )
    field = next(u for u in build_units(long_lead, "Log") if u.kind == "definition")
    assert field.context == "Log"
    # An undated opening sentence is a remark, not the event its fields belong to.
    remark = build_units("신입용 메모. 형식: 용어 (English): 설명\n", "용어집")
    assert next(u for u in remark if u.kind == "definition").context == "용어집"


HITS = [
    note_hit(
        0, "사내 워크숍, 2024년 3월 8일. 발표자: 문가온 (평가팀)\n", "노트 검색, 어디가 약한가"
    ),
    note_hit(
        1,
        "- talk.html\n  - 3월 사내 워크숍 발표 자료를 HTML로 옮긴 것\n- log.txt\n  - 밋업 메모\n",
        "repo > 구조",
    ),
]
EN_HITS = [
    note_hit(
        0,
        "Internal workshop, March 8, 2024. Speaker: Dana Cole (eval team)\n",
        "Where search fails",
        lang="en",
    ),
    note_hit(
        1,
        "- talk.html\n  - slides of the March internal workshop talk, exported\n- log.txt\n",
        "repo > layout",
        lang="en",
    ),
]


@pytest.mark.integration
def test_the_presenter_of_the_named_event(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("3월 사내 워크숍에서 발표한 사람은?", HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "문가온"


@pytest.mark.integration
def test_the_speaker_in_english(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(
        "Who spoke at the March internal workshop?", EN_HITS, analyzer=analyzer, embedder=embedder
    )
    assert ex.short is not None and "Dana Cole" in ex.short.text
