"""Right answers refused, twenty-sixth round (docs/benchmarks.md "Right answers refused
(twenty-sixth round, issue #15)"): a word naming the notes' layout ("bullet", "sub item")
is no unwritten term; a name asked without the counter the notes write before its number
("the Rowan 3 table" over "Rowan 시즌3") is stated; a name glued to a grading word
("GPT-level") is the name; a numbered item answers "몇 번이야?" though its number is off
its text. Korean, English and mixed questions over notes written for the test, each rule
with the near miss it must still refuse.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from notelens.answer.grounding import latin_names
from notelens.answer.layout_words import PAGE_WORDS
from notelens.answer.refusal import QUALIFIER_PENALTY, qualifier_factor, qualifier_stated
from notelens.answer.unqualified import numbered_missing
from notelens.answer.unwritten import unwritten


def _nothing_held(_: str) -> bool:
    return False


def _words(text: str) -> list[str]:
    # A stand-in analyzer: every word is its own term, none held by the passages.
    return [text.lower()]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "missing"),
    [
        # The layout words are the asker's, never the notes' (Korean, mixed, English).
        ("Tooling 밑에 달린 bullet 뭐야?", []),
        ("data prep 밑에 있는 sub item 뭐였지?", ["data", "prep"]),
        ("What's the last row of the 실험 기록 table?", []),
        ("What's in the 개요 note's 방향성 list?", []),
        # An ordinal is no layout: the sixth of five items is the near miss.
        ("What's the sixth direction in the 개요 note's 방향성 list?", ["sixth", "direction"]),
        # A content word stays a term to find.
        ("Tooling 밑 bullet에서 flash attention 얘기 있어?", ["flash", "attention"]),
    ],
)
def test_layout_words_are_no_unwritten_terms(question: str, missing: list[str]) -> None:
    got = unwritten(question, "Tooling\n- 정리 중", _words, _nothing_held, {})
    assert [w for w in got if w not in {"what", "the", "in", "of", "s", "last"}] == missing
    assert not PAGE_WORDS & set(got)


_SEASON_NOTES = "[스터디] 거꾸로 읽는 Rowan 시즌3: Retrieval and Ranking > 발표 순서"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("Which affiliation is listed for Sparse Echo in the Rowan 3 table?", True),
        ("Rowan 3 표에서 Sparse Echo 발표자는?", True),
        ("Rowan 3 schedule에서 2주차 speaker는?", True),
        # Another season of the same study is still not the notes'.
        ("Which affiliation is listed for Sparse Echo in the Rowan 4 table?", False),
        ("Rowan 4 표에서 Sparse Echo 발표자는?", False),
    ],
)
def test_a_member_asked_without_its_counter(question: str, stated: bool) -> None:
    assert (not numbered_missing(question, _SEASON_NOTES)) is stated
    expected = 1.0 if stated else 1.0 - QUALIFIER_PENALTY
    assert qualifier_factor(question, _SEASON_NOTES) == pytest.approx(expected)


@pytest.mark.unit
def test_the_counter_written_in_either_language() -> None:
    assert qualifier_stated("Rowan", "3", "Rowan season 3 schedule")
    assert qualifier_stated("Rowan", "3", "Rowan Season3")
    assert qualifier_stated("Rowan", "3", "Rowan 시즌 3 일정")
    assert qualifier_stated("Quill", "2", "Quill version 2 release")
    assert not qualifier_stated("Rowan", "3", "Rowan 시즌2, 시즌4 일정")
    assert not qualifier_stated("Rowan", "3", "Rowan 시즌30 일정")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What did older methods need to reach GPT-level performance?", {"gpt"}),
        ("BERT-style encoder의 장점은?", {"bert"}),
        ("Kestrel-like 모델은 몇 개야?", {"kestrel"}),
        ("RLHF-based tuning per the Wren summary", {"rlhf", "wren"}),
        # A name whose own part is lowercase after the hyphen stays whole.
        ("Wren-mini의 크기는?", {"wren-mini"}),
        ("Data-Centric NLP 노트", {"data-centric", "nlp"}),
    ],
)
def test_a_grading_word_is_no_part_of_the_name(question: str, names: set[str]) -> None:
    assert latin_names(question) == names


def _strength_type(question: str, unit_text: str, number: int | None) -> float:
    """``strength._type`` over a definition line of a list (its written number off its
    text, as the unit reader keeps it)."""
    from notelens.answer import strength as st
    from notelens.answer.qtype import answer_type
    from notelens.answer.units import AnswerUnit

    unit = AnswerUnit(
        "definition", unit_text, "Notes > Evaluation", 0, 0, term="Quillbench", number=number
    )
    best = SimpleNamespace(text=unit_text, unit=unit)
    q = SimpleNamespace(text=question, atype=answer_type(question))
    judged: Any = SimpleNamespace(q=q, best=best)
    return st._type(judged)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Evaluation 목록에서 Quillbench는 몇 번이야?",
        "Quillbench는 몇 번째 항목이야?",
        "Evaluation list에서 Quillbench 몇번째야",
    ],
)
def test_a_numbered_item_answers_its_number(question: str) -> None:
    line = "Quillbench: Measuring Recall over Long Notes"
    assert _strength_type(question, line, 3) == 1.0
    # A plain bullet has no written number: still numberless.
    assert _strength_type(question, line, None) < 1.0


@pytest.mark.unit
def test_an_english_place_question_is_not_typed_a_number() -> None:
    # "What number is X …" is read by item_numbers.py, not typed a count: nothing weakens.
    line = "Quillbench: Measuring Recall over Long Notes"
    question = "What number is Quillbench in the evaluation list?"
    assert _strength_type(question, line, 3) == _strength_type(question, line, None) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "sibling"),
    [
        # The value a setting was changed to is the unit's own run (Korean, English, mixed).
        ("temperature 0.02로 바꾸니 어땠어", "temperature 0.05 → 0.02로 바꿔 봄: 0.611", False),
        ("What happened at temperature 0.02?", "temperature 0.05 -> 0.02: 0.611", False),
        ("β 0.05로 줄이면 win rate는?", "β 0.1 → 0.05: win rate 58%", False),
        # A value written nowhere in the unit is still a sibling setting's.
        ("temperature 0.03로 바꾸니 어땠어", "temperature 0.05 → 0.02로 바꿔 봄: 0.611", True),
        ("What happened at temperature 0.1?", "temperature 0.05 -> 0.02: 0.611", True),
    ],
)
def test_a_setting_changed_to_the_asked_value(question: str, unit: str, sibling: bool) -> None:
    from notelens.answer.members import sibling_only

    assert sibling_only(question, unit) is sibling


@pytest.mark.unit
def test_a_file_name_is_a_one_word_stem() -> None:
    from notelens.answer.evidence import file_name

    assert file_name("notes/lab/README.md") == "README"
    assert file_name("C:\\notes\\CHANGELOG.txt") == "CHANGELOG"
    assert file_name("glossary.md") == "glossary"
    # A name of several words names the note's topic: its text writes it.
    assert file_name("notes/lora-explained.md") == ""
    assert file_name("notes/실험기록.md") == ""


def _hit(source: str, heading: str, text: str) -> Any:
    return SimpleNamespace(source=source, heading=heading, text=text)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "penalised"),
    [
        # The question names the file the row is from (English, Korean, mixed).
        ("In the README table, what is run-log.txt?", False),
        ("README 표에서 run-log.txt 설명", False),
        ("README table에서 run-log.txt는 뭐야?", False),
        # A name neither the row, its heading nor its file writes is still another entry's.
        ("In the CHANGELOG table, what is run-log.txt?", True),
    ],
)
def test_the_units_file_names_it(question: str, penalised: bool) -> None:
    from notelens.answer.refusal import ENTRY_PENALTY, entry_factor

    hits = [
        _hit(
            "lab/README.md", "lab-notes > 구성", "파일: run-log.txt · 내용: 학습 로그 (W&B export)"
        ),
        _hit("lab/daily.md", "daily > 3월", "README 정리, CHANGELOG 정리, run-log.txt 갱신"),
    ]
    expected = 1.0 - ENTRY_PENALTY if penalised else 1.0
    assert entry_factor(question, hits, 0, "row") == pytest.approx(expected)
