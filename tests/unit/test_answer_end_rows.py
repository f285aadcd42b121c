"""The end of a numbered table as the answer (answer/end_rows.py): "마지막 주차엔 뭐 해?"
is the last week's row, "총 몇 주차까지 있어?" / "How many weeks are there?" its number,
over every part of a syllabus split into passages. Korean and English fixtures; the last
tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.end_rows import asks_count, end_cue, end_lookups, position_share
from notelens.answer.extractive import extract
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

HEAD = "| 주차 | 주제 | 발표자 |\n|---|---|---|\n"
KO_PART1 = HEAD + (
    "| 1 주차 | 오리엔테이션 | 한도현 |\n| 2 주차 | 토크나이저 | 서지민 |\n"
    "| 3 주차 | 임베딩 | 박서윤 |\n| 4 주차 | 어텐션 | 정우진 |\n"
)
KO_PART2 = HEAD + (
    "| 5 주차 | 사전학습 | 한도현 |\n| 6 주차 | 미세조정 | 서지민 |\n"
    "| 7 주차 | 평가 방법 | 박서윤 |\n| 8 주차 | 정리 및 회고 | 정우진 |\n"
)
EN_HEAD = "| | Topic | Lead |\n|---|---|---|\n"
EN_PART1 = EN_HEAD + (
    "| Week 1 | kickoff | Dana |\n| Week 2 | tokenizers | Ravi |\n| Week 3 | embeddings | Mei |\n"
)
EN_PART2 = EN_HEAD + (
    "| Week 4 | attention | Dana |\n| Week 5 | fine-tuning | Ravi |\n| Week 6 | recap | Mei |\n"
)
KO_HEADING = "LLM 스터디 > 일정"
EN_HEADING = "Reading group > Schedule"


def _rows(*parts: str, heading: str) -> list[tuple[str, AnswerUnit]]:
    return [
        (u.context, u)
        for part in parts
        for u in build_units(part, heading)
        if u.kind == "row" and u.cells
    ]


def _cell(rows: list[tuple[str, AnswerUnit]], i: int, k: int) -> str:
    return rows[i][1].cells[k][1]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "cue", "count"),
    [
        ("스터디 마지막 주차엔 뭐 해?", "마지막", False),
        ("스터디는 총 몇 주차까지 있어?", "총 몇", True),
        ("What is covered in the final week?", "final", False),
        ("How many weeks are there in the reading group?", "How many weeks are there", True),
        ("3 주차 발표자는 누구야?", "", False),
        ("How many papers did Ravi present?", "", True),
    ],
)
def test_the_end_cue(question: str, cue: str, count: bool) -> None:
    assert end_cue(question) == cue
    assert asks_count(question) is count


@pytest.mark.unit
def test_the_last_row_over_both_parts_whichever_comes_first() -> None:
    q = "스터디 마지막 주차엔 뭐 해?"
    for parts in ((KO_PART2, KO_PART1), (KO_PART1, KO_PART2)):
        rows = _rows(*parts, heading=KO_HEADING)
        found, read, words = end_lookups(rows, q, {"스터디", "마지막", "주차"}, {})
        (i,) = found
        assert _cell(rows, i, 0) == "8 주차"
        assert [_cell(rows, i, k) for k in found[i].asked] == ["정리 및 회고", "정우진"]
        assert read == set(range(len(rows)))
        assert words == {"마지막", "주차"}


@pytest.mark.unit
def test_a_count_asks_the_last_number() -> None:
    rows = _rows(KO_PART2, KO_PART1, heading=KO_HEADING)
    found, _, _ = end_lookups(rows, "스터디는 총 몇 주차까지 있어?", {"스터디", "몇"}, {})
    (i,) = found
    assert [_cell(rows, i, k) for k in found[i].asked] == ["8 주차"]


@pytest.mark.unit
def test_the_asked_column_when_the_question_names_it() -> None:
    rows = _rows(KO_PART1, KO_PART2, heading=KO_HEADING)
    terms = {"발표자": frozenset({"발표자"}), "주제": frozenset({"주제"})}
    found, _, _ = end_lookups(rows, "마지막 주차 발표자는 누구야?", {"마지막", "발표자"}, terms)
    (i,) = found
    assert [_cell(rows, i, k) for k in found[i].asked] == ["정우진"]


@pytest.mark.unit
def test_the_column_of_the_asked_kind() -> None:
    # "누가" names no column, but asks a person: the speaker column, not the whole row.
    rows = _rows(KO_PART2, KO_PART1, heading=KO_HEADING)
    found, _, _ = end_lookups(rows, "마지막 주차는 누가 맡아?", {"마지막"}, {}, ("person",))
    (i,) = found
    assert [_cell(rows, i, k) for k in found[i].asked] == ["정우진"]


@pytest.mark.unit
def test_english_weeks_with_an_empty_header() -> None:
    rows = _rows(EN_PART1, EN_PART2, heading=EN_HEADING)
    found, _, _ = end_lookups(rows, "How many weeks are there?", {"week"}, {})
    (i,) = found
    assert [_cell(rows, i, k) for k in found[i].asked] == ["Week 6"]
    found, _, _ = end_lookups(rows, "Who leads the last week?", {"lead", "week"}, {})
    (i,) = found
    assert _cell(rows, i, 0) == "Week 6"


@pytest.mark.unit
def test_no_row_without_the_cue_or_the_counter() -> None:
    rows = _rows(KO_PART1, KO_PART2, heading=KO_HEADING)
    # No end asked; an end of something the table does not number ("마지막 발표 자료"
    # names no week); prose "마지막으로".
    for q in ("3 주차엔 뭐 해?", "마지막 실험의 정확도는?", "마지막으로 정리한 사람은?"):
        assert end_lookups(rows, q, set(), {})[0] == {}
    # A number in a measure column is no sequence: "in total" over it asks a sum.
    runs = _rows("| run | GPU-hours |\n|---|---|\n| a | 50 |\n| b | 30 |\n", heading="Oct")
    terms = {"GPU-hours": frozenset({"gpu", "hours"})}
    assert end_lookups(runs, "How many GPU-hours in total?", {"gpu", "hours"}, terms)[0] == {}
    # A Latin counter is read as a word's start: "v" is in every English word.
    versions = _rows(
        "| | change |\n|---|---|\n| v1 | init |\n| v2 | cache |\n| v3 | fix |\n", heading="Log"
    )
    assert end_lookups(versions, "What was the final fix?", {"fix"}, {})[0] == {}
    found, _, _ = end_lookups(versions, "What changed in the last v?", set(), {})
    assert [_cell(versions, i, 0) for i in found] == ["v3"]


@pytest.mark.unit
def test_a_tie_or_a_single_row_reads_nothing() -> None:
    tie = _rows(HEAD + "| 2 주차 | a | b |\n| 2 주차 | c | d |\n", heading="t")
    assert end_lookups(tie, "마지막 주차엔 뭐 해?", set(), {})[0] == {}
    one = _rows(HEAD + "| 2 주차 | a | b |\n", heading="t")
    assert end_lookups(one, "마지막 주차엔 뭐 해?", set(), {})[0] == {}


@pytest.mark.unit
def test_the_position_share() -> None:
    weights = {"스터디": 1.0, "마지막": 2.0, "주차": 3.0}
    assert position_share({"마지막", "주차"}, weights, {"스터디"}) == 5.0
    assert position_share({"마지막", "주차"}, weights, {"주차"}) == 2.0


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("LLM 스터디 마지막 주차엔 뭐 해?", "정리 및 회고"),
        ("LLM 스터디는 총 몇 주차까지 있어?", "8 주차"),
    ],
)
def test_korean_end_of_a_split_syllabus(
    question: str, want: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [
        note_hit(0, KO_PART1, KO_HEADING),
        note_hit(1, KO_PART2, KO_HEADING),
        note_hit(2, "- 스터디 자료 링크\n- 지난 시즌 영상 모음", "LLM 스터디 > 링크"),
    ]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and want in ex.short.text


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("What is the topic of the last week of the reading group?", "recap"),
        ("How many weeks are there in the reading group schedule?", "Week 6"),
    ],
)
def test_english_end_of_a_split_syllabus(
    question: str, want: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [
        note_hit(0, EN_PART1, EN_HEADING, lang="en"),
        note_hit(1, EN_PART2, EN_HEADING, lang="en"),
    ]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and want in ex.short.text
