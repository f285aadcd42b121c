"""Table rows read as lookups (answer/rows.py): the question names a row by one cell
(a paper, a presenter, a week) and asks another column. Tables written for the test
(a Korean syllabus, an English schedule with a blank week header); the unit tests use
real Kiwi terms, the last tests run the extractor with real Kiwi and e5 on Korean,
English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.qtype import answer_type, asked_kinds
from notelens.answer.rows import (
    asked_filled,
    filled,
    is_column,
    lookup_span,
    row_type_bonus,
    table_lookups,
)
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

SYLLABUS = (
    "| 주차 | 날짜 | 주제 | 논문 | 발표자 |\n"
    "| -- | -- | -- | -- | -- |\n"
    "| 1주차 | 2026-02-07 | 개관 | Scaling Laws for Neural Language Models | 문가람 |\n"
    "| 2주차 | 2026-02-14 | 정렬 | KTO: Model Alignment as Prospect Theoretic Optimization | 배하늘 |\n"
    "| 3주차 | 2026-02-21 | 정렬 | Direct Preference Optimization | 서단비 |\n"
    "| 4주차 | 2026-02-28 | 휴강 | - | - |\n"
    "| 5주차 | 2026-03-07 | 추론 | Tree Search for Small Models | 문가람 |\n"
)
SYLLABUS_PATH = "독서 모임 3기 > 일정"

SCHEDULE = (
    "| | Topic | Paper | Speaker |\n"
    "| -- | -- | -- | -- |\n"
    "| 6 주차 | retrieval | ColBERTv2: Effective and Efficient Retrieval | Mira Holt |\n"
    "| 7 주차 | retrieval | Dense Passage Retrieval for Open-Domain QA | Owen Park |\n"
)


def _rows(text: str = SYLLABUS, path: str = SYLLABUS_PATH) -> list[AnswerUnit]:
    return [u for u in build_units(text, path) if u.kind == "row"]


def _lookups(question: str, analyzer: Analyzer, rows: list[AnswerUnit]) -> dict[int, object]:
    from notelens.answer.grounding import latin_names

    cells = list(dict.fromkeys(x for u in rows for pair in u.cells for x in pair if x))
    terms = {c: frozenset(analyzer.terms(c)) for c in cells}
    q_terms = frozenset(analyzer.terms(question))
    kinds = asked_kinds(question, answer_type(question))
    return dict(
        table_lookups(rows, question, q_terms, q_terms, latin_names(question), kinds, terms)
    )


@pytest.mark.unit
def test_placeholders_and_the_blank_week_header() -> None:
    assert filled("배하늘") and not filled("-") and not filled(" ") and not filled("N/A")
    assert is_column("week", "", "6 주차")  # a blank header over numbered cells
    assert not is_column("week", "", "retrieval")
    assert is_column("person", "발표자", "배하늘") and not is_column("person", "주제", "정렬")


@pytest.mark.unit
def test_the_asked_column_alone_types_a_row() -> None:
    rows = _rows()
    # "Scaling Laws" in the paper cell is no person; the presenter column says who.
    assert asked_filled("person", rows[0]) is True
    assert asked_filled("person", rows[3]) is False  # the skipped week: "-"
    assert asked_filled("number", rows[0]) is None  # no column for it: read the text
    assert row_type_bonus(("person", "week"), rows[0], typed=True) == 3.0
    assert row_type_bonus(("person",), rows[3], typed=True) == 0.0
    # A title column is no evidence: every row has a title.
    assert row_type_bonus(("title",), rows[0], typed=True) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "row", "asked"),
    [
        ("배하늘이 발표하는 논문은 뭐야?", 1, "KTO: Model Alignment as Prospect Theoretic"),
        ("DPO 논문 발표자가 누구야?", 2, "서단비"),  # the acronym, spelled out in the cell
        ("3주차 발표자는 누구야?", 2, "서단비"),
        ("Who presents the KTO paper?", 1, "배하늘"),
    ],
)
def test_a_named_cell_and_an_asked_column_make_a_lookup(
    question: str, row: int, asked: str, analyzer: Analyzer
) -> None:
    rows = _rows()
    found = _lookups(question, analyzer, rows)
    assert list(found) == [row]
    span = lookup_span(rows[row], found[row])  # type: ignore[arg-type]
    assert span is not None and span.text.startswith(asked)
    assert rows[row].text[span.start : span.end].startswith(asked)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "row", "asked"),
    [
        # An English week over Korean cells, and a Korean week over English cells: the
        # counter in the other language names the same row (members.py's counters).
        ("Which paper is read in week 3?", SYLLABUS, 2, "Direct Preference Optimization"),
        ("Who presents in week 7?", SCHEDULE, 1, "Owen Park"),
        ("week 2에 읽는 논문은 뭐야?", SYLLABUS, 1, "KTO"),
        (
            "7주차 Speaker는 누구야?",
            SCHEDULE.replace("| |", "| Week |").replace(" 주차", ""),
            1,
            "Owen Park",
        ),
    ],
)
def test_a_week_in_the_other_language_selects_its_row(
    question: str, text: str, row: int, asked: str, analyzer: Analyzer
) -> None:
    rows = _rows(text)
    found = _lookups(question, analyzer, rows)
    assert list(found) == [row], found
    span = lookup_span(rows[row], found[row])  # type: ignore[arg-type]
    assert span is not None and span.text.startswith(asked)


@pytest.mark.unit
def test_shared_values_and_foreign_numbers_select_nothing(analyzer: Analyzer) -> None:
    rows = _rows()
    # Two rows share "정렬" (a category) and two share 문가람: neither is the row asked.
    assert _lookups("정렬 주제 논문은 뭐야?", analyzer, rows) == {}
    assert _lookups("문가람이 발표한 논문은?", analyzer, rows) == {}
    # The "3" of "3기" is the cohort, not the week "3주차".
    assert _lookups("3기 발표자는 누구야?", analyzer, rows) == {}


@pytest.mark.unit
def test_a_numbered_name_is_matched_whole(analyzer: Analyzer) -> None:
    # "GPT-4" is no selector of "GPT-4o 점수는?"; "GPT-4o" is, and the score is asked.
    rows = _rows("| 모델 | 점수 |\n| -- | -- |\n| GPT-4 | 86.4 |\n| GPT-4o | 88.7 |\n", "비교")
    found = _lookups("GPT-4o 점수는 얼마야?", analyzer, rows)
    assert list(found) == [1]
    span = lookup_span(rows[1], found[1])  # type: ignore[arg-type]
    assert span is not None and span.text == "88.7"


@pytest.mark.unit
def test_a_blank_week_header_is_asked_and_quoted(analyzer: Analyzer) -> None:
    rows = _rows(SCHEDULE, "Reading group > Schedule")
    found = _lookups("Which week is ColBERTv2 presented, and who presents it?", analyzer, rows)
    assert list(found) == [0]
    span = lookup_span(rows[0], found[0])  # type: ignore[arg-type]
    assert span is not None and span.text == "6 주차, Mira Holt"


PROSE = (
    "배하늘: KTO 발표 준비하면서 prospect theory 부분을 다시 읽었는데, 손실 회피 계수를 "
    "어떻게 잡는지가 제일 헷갈렸다.\n"
)
HITS = [
    note_hit(0, PROSE, "3기 2주차 기록 > 토론"),
    note_hit(1, SYLLABUS, SYLLABUS_PATH),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("DPO 논문은 누가 발표해?", "서단비"),
        ("Who presents the DPO paper?", "서단비"),
        ("3기 때 DPO paper 발표는 누가 했어?", "서단비"),
    ],
)
def test_the_row_beats_a_prose_line_naming_the_entity(
    question: str, gold: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    lead = ex.sentences[ex.lead]
    assert lead.unit is not None and lead.unit.kind == "row"
    assert ex.short is not None and ex.short.text.startswith(gold)


@pytest.mark.integration
def test_the_row_is_quoted_beside_a_speaker_line(analyzer: Analyzer, embedder: Embedder) -> None:
    # The minutes' "배하늘: …" line reads as a definition of the name and keeps the
    # lead (answer_type calls "논문은 뭐야?" a definition question); the looked-up row is
    # quoted with it, so the asked paper is in the answer.
    ex = extract("배하늘이 발표하는 논문은 뭐야?", HITS, analyzer=analyzer, embedder=embedder)
    rows = [c for c in ex.sentences if c.unit is not None and c.unit.kind == "row"]
    assert rows and "KTO: Model Alignment" in rows[0].text and "배하늘" in rows[0].text


@pytest.mark.integration
@pytest.mark.parametrize("question", ["2주차 발표자는 누구야?", "2주차 presenter가 누구야?"])
def test_the_named_week_is_not_repeated_in_the_short_answer(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    # The week the question names selects the row; the short answer is the asked cell.
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "배하늘"
