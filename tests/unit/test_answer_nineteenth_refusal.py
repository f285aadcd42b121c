"""Refusals of the nineteenth round (docs/benchmarks.md "Refusals that transfer,
nineteenth round"): what an unanswerable question looks like whatever its words. A
series member the notes do not reach ("14주차" when the weeks stop at 13:
answer/indexed.py), a slot whose value has one form (how long something took, how to
reach someone: answer/note_attributes.py; a link asked for and none kept:
answer/asked_nowhere.py), a setting named with a value no passage pairs ("rank 32":
answer/labelled.py), a metric asked by name over a unit with no number and a table row
with no token of the asked type (answer/strength.py), and a relative time that answers "when" (asked_nowhere's date
check). Korean, English and mixed questions over notes written for the test, each rule
with an answerable twin.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.answer.asked import asks_metric, metric_stated
from notelens.answer.asked_nowhere import date_nowhere, link_nowhere
from notelens.answer.indexed import (
    INDEX_PENALTY,
    asked_indices,
    index_factor,
    index_written,
    missing_indices,
)
from notelens.answer.labelled import asked_settings, setting_factor, unpaired_settings
from notelens.answer.refusal import asked_attribute, attribute_stated, measure_factor
from notelens.answer.strength import row_names_someone
from notelens.answer.unwritten import UNWRITTEN_PENALTY
from notelens.types import Hit, Link

_SYLLABUS = (
    "봄 독서 모임 > 일정\n"
    "| 주차 | 주제 | 발표자 |\n| --- | --- | --- |\n"
    "| 12주차 | 장문 평가 | 오하린 |\n| 13주차 | 시즌 회고 | 문태경 |\n"
    "날짜: 6/14 모임 장소 변경"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "indices"),
    [
        ("봄 시즌 14주차 발표자", [("week", "14")]),
        ("What was read in week 14?", [("week", "14")]),
        ("Who led the 3rd week?", [("week", "3")]),
        ("시즌5 주제가 뭐야", [("season", "5")]),
        ("Season 2 playlist link", [("season", "2")]),
        ("Who was the discussant at S12?", [("session", "12")]),
        ("5회차 모임 장소", [("session", "5")]),
        ("스터디 2기 모집 인원", [("cohort", "2")]),
        # A date, a name's number, a count are no member of a series.
        ("GPT-4 발표가 5/14였어?", []),
        ("3개 모델 중 가장 빠른 것은?", []),
        ("Llama 3 8B context length", []),
    ],
)
def test_series_indices_are_read(question: str, indices: list[tuple[str, str]]) -> None:
    assert asked_indices(question) == indices


@pytest.mark.unit
@pytest.mark.parametrize(
    ("series", "index", "evidence", "written"),
    [
        # The date's 14 writes no fourteenth week.
        ("week", "14", _SYLLABUS, False),
        ("week", "13", _SYLLABUS, True),
        # English and Korean spellings of one member, a row's labelled cell, a table
        # cell under a header that names the series, a range that holds it.
        ("week", "13", "Week 13: retrospective", True),
        ("week", "2", "2nd week (10/9): RAG", True),
        ("week", "10", "주차: 10 주차 · 주제: long context", True),
        ("week", "10", "| 주차 | 주제 |\n| 10 | long context |", True),
        ("week", "3", "1~4주차: 기초 논문", True),
        ("week", "4", "Weeks 3-5: retrieval", True),
        ("week", "6", "Weeks 3-5: retrieval", False),
        ("season", "5", "거꾸로 읽는 모임 시즌1 · 시즌2 · 시즌 4", False),
        ("season", "4", "거꾸로 읽는 모임 시즌1 · 시즌2 · 시즌 4", True),
    ],
)
def test_series_indices_are_found_in_any_spelling(
    series: str, index: str, evidence: str, written: bool
) -> None:
    assert index_written(series, index, evidence) is written


@pytest.mark.unit
def test_a_member_past_the_notes_weakens_a_note_unit_only() -> None:
    assert missing_indices("봄 시즌 14주차 발표자", _SYLLABUS) == [("week", "14")]
    assert index_factor("봄 시즌 14주차 발표자", "row", _SYLLABUS) == pytest.approx(
        1.0 - INDEX_PENALTY
    )
    assert index_factor("Who presented in week 14?", "row", _SYLLABUS) == pytest.approx(
        1.0 - INDEX_PENALTY
    )
    # The answerable twins, and prose (which spells its weeks) left alone.
    assert index_factor("봄 시즌 13주차 발표자", "row", _SYLLABUS) == 1.0
    assert index_factor("Who presented in week 13?", "row", _SYLLABUS) == 1.0
    assert index_factor("봄 시즌 14주차 발표자", "sentence", _SYLLABUS) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("How long did it take to train the 40M student?", "duration"),
        ("How long did the v2 run last?", "duration"),
        ("모델 하나 평가하는 데 얼마나 걸렸어?", "duration"),
        ("녹화본은 얼마 동안 보관해?", "duration"),
        ("Mirae-7B 학습 기간은?", "duration"),
        ("오교수님 연락처 알려줘", "contact"),
        ("What is Dr. Lind's phone number?", "contact"),
        ("How can I reach the organiser?", "contact"),
        # A length, a window, a period's end are other slots.
        ("How long is the context window of Mirae-7B?", "context"),
        ("발표 자료는 얼마나 길어?", None),
    ],
)
def test_the_slots_are_asked(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("duration", "student 40M, teacher Mirae-Embed", False),
        ("duration", "student 40M, 학습 3일 (A100 8장)", True),
        ("duration", "run: s04 · lr: 1e-4 · train_hrs: 2.5", True),
        ("duration", "Recordings: kept 14 days, then deleted", True),
        ("duration", "사전학습 3/2 ~ 4/20", True),
        ("duration", "대략 하루 걸림", True),
        ("contact", "참석: 오교수님, 문태경, 한별", False),
        ("contact", "문의: ohlab@univ.example.ac.kr", True),
        ("contact", "Slack #reading-group 채널로 연락", True),
        ("contact", "Dr. Lind: +46 701-234-5678", True),
    ],
)
def test_the_slots_values_have_one_form(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_a_slot_left_out_weakens_the_unit() -> None:
    # The duration is a note attribute: prose tells it in words no pattern knows.
    q = "How long did it take to train the 40M student?"
    assert measure_factor(q, "student 40M, teacher Mirae-Embed", "item") < 0.5
    assert measure_factor(q, "student 40M, 학습 3일", "item") == 1.0
    assert (
        measure_factor(q, "The student was trained for a fortnight on one GPU.", "sentence") == 1.0
    )
    # A contact is read over prose as well: an address is written one way anywhere.
    q2 = "오교수님 연락처"
    assert measure_factor(q2, "오교수님은 다음 주에 돌아오신다.", "sentence") < 0.5
    assert measure_factor(q2, "오교수님 메일: oh@lab.example.org", "item") == 1.0


def _hit(text: str, links: tuple[Link, ...] = ()) -> Hit:
    return replace(note_hit(0, text, "세미나 기록"), links=links)


@pytest.mark.unit
def test_a_link_asked_for_and_none_kept() -> None:
    plain = _hit("녹화본은 내부 드라이브에만 공유.")
    assert link_nowhere("세미나 녹화본 링크 알려줘", [plain], plain.text)
    assert link_nowhere("What is the link to the seminar recording?", [plain], plain.text)
    # A link kept in the passage, or written in the text, answers it.
    linked = _hit("녹화본: recording", (Link(text="recording", url="https://v.example/1"),))
    assert not link_nowhere("세미나 녹화본 링크 알려줘", [linked], linked.text)
    written = _hit("녹화본: https://v.example/1")
    assert not link_nowhere("세미나 녹화본 링크 알려줘", [written], written.text)
    # A link archive named, a reason asked: no link asked for.
    assert not link_nowhere("링크 아카이브에 숫자까지 적어두는 이유", [plain], plain.text)


@pytest.mark.unit
@pytest.mark.parametrize(
    "scope",
    [
        "Mirae-7B는 공개 반년도 안되어 후속 모델로 대체됨",
        "출시 3개월 뒤 라이선스 변경",
        "Retired two years ago, after the v3 release",
        "The patch landed six months later.",
        "작년 가을 워크숍에서 처음 소개",
    ],
)
def test_a_relative_time_answers_when(scope: str) -> None:
    assert not date_nowhere("date", "Mirae-7B는 언제 대체됐어?", scope)


@pytest.mark.unit
def test_a_scope_without_any_time_still_fails_when() -> None:
    assert date_nowhere("date", "Mirae-7B는 언제 대체됐어?", "Mirae-7B 후속 모델로 대체됨")
    assert date_nowhere("date", "When was Mirae-7B retired?", "Mirae-7B: retired, see v3")


_RUNS = (
    "rank 비교: 오하린이 rank 4, 8, 16, 64를 비교\n"
    "run   method  rank  alpha  score\n"
    "r01   LoRA    16    32     5.71\n"
    "r02   LoRA    64    128    5.60\n"
    "temperature: 0.05 → 0.03로 바꿔 봄"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "settings"),
    [
        ("rank 32로 돌린 LoRA 점수는?", [("rank", "32")]),
        ("lr=1e-4일 때 loss는?", [("lr", "1e-4")]),
        ("What did batch 64 give?", [("batch", "64")]),
        ("Which run used k=5?", [("k", "5")]),
        # Dates, series, names with numbers, bounds, products name no setting.
        ("What happened in 2024?", []),
        ("Who presented in week 3?", []),
        ("Llama 3 8B context length", []),
        ("top 5 models on the board", []),
        ("x 8 speed-up", []),
    ],
)
def test_settings_are_read_with_their_values(
    question: str, settings: list[tuple[str, str]]
) -> None:
    assert asked_settings(question) == settings


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unpaired"),
    [
        # 32 is another setting's (alpha), never the rank's.
        ("rank 32로 돌린 LoRA 점수는?", [("rank", "32")]),
        ("What was the score with rank 32?", [("rank", "32")]),
        # A sweep's list, a text table's column, an arrow pair them.
        ("rank 8 점수", []),
        ("What score did rank 64 get?", []),
        ("temperature 0.03로 바꾸니 어땠어", []),
        ("What changed at temperature 0.5?", [("temperature", "0.5")]),
    ],
)
def test_settings_are_paired_in_lists_tables_and_arrows(
    question: str, unpaired: list[tuple[str, str]]
) -> None:
    assert unpaired_settings(question, _RUNS) == unpaired


@pytest.mark.unit
def test_only_a_labelled_setting_is_read() -> None:
    # "between" is no label of the notes: no setting, whatever the numbers.
    assert unpaired_settings("What happened between 1990 and 2000?", _RUNS) == []
    assert unpaired_settings("alpha 128로 돌린 결과", _RUNS) == []
    # (64 is in the rank column, not the alpha one)
    assert unpaired_settings("alpha 64로 돌린 결과", _RUNS) == [("alpha", "64")]


@pytest.mark.unit
def test_an_unpaired_setting_weakens_a_note_unit_only() -> None:
    q = "rank 32로 돌린 LoRA 점수는?"
    assert setting_factor(q, "row", _RUNS) == pytest.approx(1.0 - UNWRITTEN_PENALTY)
    assert setting_factor(q, "sentence", _RUNS) == 1.0
    assert setting_factor("rank 16으로 돌린 LoRA 점수는?", "row", _RUNS) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What attack success rate did the safety card report for Korean?", True),
        ("What score did Mirae-7B get on KoBEST?", True),
        ("What was the accuracy?", True),
        ("Mirae 정확도는 얼마야?", True),
        ("KoBEST 점수 몇 점이야?", True),
        # A policy named by a metric, a finding: no metric's value.
        ("What is the rate limit policy?", False),
        ("What was the main finding?", False),
        ("점수 산정 방식은?", False),
    ],
)
def test_a_metric_is_asked_by_its_name(question: str, asked: bool) -> None:
    assert asks_metric(question) is asked


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("한국어 담당은 2명뿐이라는 점이 아쉬움", False),
        ("평가 문항 3개, 5월에 공개", False),
        ("ASR 12.4%로 하락", True),
        ("KoBEST 71.9", True),
        ("코드 2.4배 빨라짐", True),
        ("win rate 0.63 against the base", True),
    ],
)
def test_a_metric_value_is_no_count(text: str, stated: bool) -> None:
    assert metric_stated(text) is stated


@pytest.mark.unit
@pytest.mark.parametrize(
    ("cells", "names"),
    [
        # A schedule row without its presenter: the week, topic, paper and date only.
        ([("주차", "5주차"), ("주제", "serving"), ("논문", "Decoding for Long Prompts, Again"),
          ("날짜", "4/9")], False),
        ([("Session", "S5"), ("Date", "October 16th"), ("Lead", "Tomás Ferreira")], True),
        ([("Session", "S2"), ("Discussant", "Ha-ram Yoon")], True),
        ([("주차", "3주차"), ("발표자", "오하린")], True),
    ],
)  # fmt: skip
def test_a_row_names_someone_read_leniently(cells: list[tuple[str, str]], names: bool) -> None:
    assert row_names_someone(cells) is names
