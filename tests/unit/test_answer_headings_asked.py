"""Headings and titles asked for (issue #15, twenty-sixth round): a subsection asked as
"어느 하위 섹션", a table's header line that is no section, "X 다음 section", the words
for a note's parts in a Korean question that no note writes (answer/unwritten.py), and a
paper's full title beside the short name the question writes (answer/aliased_titles.py).
Fixtures are written for these tests, in Korean, English and both."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.aliased_titles import title_pairs
from notelens.answer.container import asks_container, container_span
from notelens.answer.extractive import extract
from notelens.answer.heading_entries import heading_entry
from notelens.answer.misspelled import asks_spelling, near_miss
from notelens.answer.section_asks import SectionAsk, asked_section
from notelens.answer.under_named import asked_under, children_of
from notelens.answer.units import build_units
from notelens.answer.unwritten import unwritten

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Perch-3는 어느 하위 섹션에 있어?", "섹션"),
        ("Quokka 논문은 어느 세부 카테고리에 정리돼 있어?", "카테고리"),
        ("Tern-Spec은 어느 하위 section에 들어가 있지?", "section"),
    ],
)
def test_a_subsection_asked_for_is_a_container(question: str, noun: str) -> None:
    assert asks_container(question) == noun


TABLE = (
    "| 회차 | Paper | Speaker |\n|---|---|---|\n| 1 | Quokka scaling | 윤하람 |\n"
    "| 2 | Perch decoding | Dana Reyes |\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "읽기 모임 노트에서 발표 순서 표는 어느 섹션 밑에 있어?",
        "Under which heading is the speaker table of the reading group?",
        "reading group 노트에서 paper 표는 어느 section 밑에 있어?",
    ],
)
def test_a_rows_container_is_the_section_not_its_header(question: str) -> None:
    rows = [u for u in build_units(TABLE, "읽기 모임 > 발표 일정") if u.kind == "row"]
    span = container_span(question, rows[0])
    assert span is not None and span.text == "발표 일정"


@pytest.mark.parametrize(
    ("question", "anchor"),
    [
        ("논문 목록에서 Speech 다음 section은?", "논문 목록에서 Speech "),
        ("Speech 다음 섹션은?", "Speech "),
        ("Retrieval 바로 앞 chapter 이름이 뭐야?", "Retrieval "),
    ],
)
def test_a_section_beside_a_named_one_asked_in_either_language(question: str, anchor: str) -> None:
    ask = asked_section(question)
    assert ask is not None and ask.anchor == anchor and ask.step in (1, -1)
    assert ask == SectionAsk(step=ask.step, anchor=anchor, ends=True)


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Quokka는 어느 section 밑에 있어?", []),
        ("Setup 밑에 달린 bullet 뭐야?", []),
        # A term that is no part of the note's outline is still read.
        ("flash attention은 어느 heading에 나와?", ["flash", "attention"]),
    ],
)
def test_the_words_for_a_notes_parts_are_no_terms_to_find(question: str, terms: list[str]) -> None:
    # Over a passage that writes none of the question's words, each English term of the
    # Korean question is unwritten but the words for the note's parts.
    assert unwritten(question, "", lambda w: [w], lambda _t: False, {}) == terms


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Sparse Mixtures for Long Context(Quokka, 2025)",
            [("Quokka", "Sparse Mixtures for Long Context")],
        ),
        (
            "Perch: Decoding Speech with Small Models (2024, 작성중)",
            [("Perch", "Perch: Decoding Speech with Small Models")],
        ),
        (
            'Reyes et al., 2024, "Tern: Draft Heads for Fast Decoding" (https://example.org/tern)',
            [("Tern", "Tern: Draft Heads for Fast Decoding")],
        ),
        # A year or a remark in the parentheses is no short name.
        ("overview of the reading list (참고 자료)", []),
    ],
)
def test_the_short_names_a_note_writes_beside_titles(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    assert list(title_pairs(text)) == pairs


PAPERS = note_hit(
    0,
    "1. Sparse Mixtures for Long Context(Quokka, 2025)\n"
    "    - 긴 문맥에서 expert를 나눠 쓰는 구조\n"
    "2. Better Baselines for Sparse Mixtures(Quokka2, 2025)\n"
    "    - Quokka의 router를 MLP로 바꿈\n",
    "Papers > Long Context",
)
README = note_hit(
    1,
    "- 논문 제목은 원문 그대로 적고, 연도는 처음 올라온 해 기준.\n- 파일 하나에 주제 하나.\n",
    "reading-notes > 작성 규칙",
)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Quokka 논문 정식 제목 뭐야", "Sparse Mixtures for Long Context"),
        ("Quokka2 논문 제목?", "Better Baselines for Sparse Mixtures"),
        ("What is the full title of the Quokka paper?", "Sparse Mixtures for Long Context"),
    ],
)
def test_a_papers_title_beside_the_short_name_asked(
    question: str, title: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [README, PAPERS], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == title
    assert ex.strength >= 0.45


def test_a_short_name_written_in_a_longer_one_names_no_paper(analyzer: Analyzer) -> None:
    # "Quokka-3" is no "Quokka": the notes hold no title for it.
    ex = extract("Quokka-3 논문 정식 제목 뭐야", [README, PAPERS], analyzer=analyzer, embedder=None)
    assert ex.short is None or ex.short.text not in (
        "Sparse Mixtures for Long Context",
        "Better Baselines for Sparse Mixtures",
    )


FLAT = note_hit(
    0,
    "1. Compute\n- 학습용 GPU 클러스터\n2. Backbone\n3. Serving\n- 배치 크기 조절\n- 캐시 재사용\n",
    "개요 > 준비물",
)
NESTED = note_hit(
    0,
    "- Planning\n    - Tree Search Prompts\n- Memory\n    - Episodic buffer\n",
    "Overview > Directions",
    lang="en",
)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("준비물에서 Compute 밑에 달린 bullet 뭐야?", "준비물에서 compute"),
        ("Serving 아래 항목 뭐야", "serving"),
        ("Planning 밑에 있는 sub item 뭐였지?", "planning"),
        ("What bullet sits under Memory in the overview?", "memory"),
    ],
)
def test_questions_asking_what_is_under_a_named_line(question: str, name: str) -> None:
    assert asked_under(question) == name


@pytest.mark.parametrize(
    "question",
    [
        "Serving 아래 첫 항목 뭐야?",  # a place: answer/ordinal_items.py's
        "Serving 밑에 배치 크기 조절 다음 bullet은?",  # a neighbour
        "What is the last item under Memory?",
        "Compute는 어느 항목 밑이야?",  # where it sits: answer/container.py's
    ],
)
def test_a_place_a_neighbour_or_a_container_is_not_asked_here(question: str) -> None:
    assert asked_under(question) is None


@pytest.mark.parametrize(
    ("question", "hit", "child"),
    [
        ("준비물에서 Compute 밑에 달린 bullet 뭐야?", FLAT, "학습용 GPU 클러스터"),
        ("Serving 아래 bullet 뭐야", FLAT, "배치 크기 조절"),
        ("Planning 밑에 있는 sub item 뭐였지?", NESTED, "Tree Search Prompts"),
        ("What bullet sits under Memory?", NESTED, "Episodic buffer"),
    ],
)
def test_the_lines_under_the_named_line(question: str, hit: object, child: str) -> None:
    units = build_units(hit.text, hit.heading)  # type: ignore[attr-defined]
    named = next(
        u
        for u in units
        if u.text in ("Compute", "Serving", "Planning", "Memory")
        and u.text.lower() in question.lower()
    )
    assert child in [u.text for u in children_of(question, named, units)]
    # The next numbered line, and the lines under it, are not the named line's.
    assert "Backbone" not in [u.text for u in children_of(question, named, units)]


def test_a_numbered_line_without_details_has_nothing_under_it() -> None:
    units = build_units(FLAT.text, FLAT.heading)
    backbone = next(u for u in units if u.text == "Backbone")
    assert children_of("Backbone 밑에 뭐 적혀있어", backbone, units) == []


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        # A swap of two letters, in a heading path.
        ("Quokka 철자 노트에 어떻게 돼있어?", "Papers > Long Context > Qoukka", "Qoukka"),
        # A letter added, in a table row; the words around it the question writes.
        (
            "How is Stanford spelled in the speaker table?",
            "Affiliation: Standford Univ",
            "Standford",
        ),
        ("Plain LM 철자 어떻게 잘못 써있어?", "Plane LM, Prompted LM 등 모델 형태", "Plane LM"),
        (
            "How is 'Reinforcement Learning' misspelled in the summary?",
            "Supervised Learning, Reinforcement Learinig 등",
            "Reinforcement Learinig",
        ),
    ],
)
def test_the_notes_misspelling_of_a_name_asked(question: str, text: str, found: str) -> None:
    assert asks_spelling(question)
    assert near_miss(question, text) == found


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # Spelled right, or another word: no near miss.
        ("Quokka 철자 어떻게 돼있어?", "Quokka: sparse mixtures"),
        ("How is Stanford spelled in the table?", "Affiliation: Stanfield Lab"),
        ("Gemini 철자 어떻게 잘못 써있어?", "Gemma 계열 모델"),
    ],
)
def test_a_name_spelled_right_or_not_written_has_no_misspelling(question: str, text: str) -> None:
    assert near_miss(question, text) is None


def test_a_question_asking_no_spelling_is_left_alone() -> None:
    assert not asks_spelling("Quokka는 어느 섹션에 있어?")
    assert not asks_spelling("What does the Quokka paper propose?")


def test_the_misspelling_answers_and_is_cited(analyzer: Analyzer) -> None:
    hit = note_hit(
        0, "- Qoukka: 긴 문맥용 sparse mixture\n- Perch: 음성 디코딩\n", "Papers > Models"
    )
    ex = extract("Quokka 철자 노트에 어떻게 써있어?", [hit], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == "Qoukka"
    assert "Qoukka" in ex.sentences[ex.lead].text


OVERVIEW = (
    "- 여러 한국어 QA 데이터셋에서 Quokka의 정확도와 한계를 분석\n- 장문 요약에서 성능 저하가 큼\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "What Quokka evaluation study is listed under Evaluation?",
        "Quokka 성능 분석한 논문 제목?",
        "Quokka를 한국어 QA로 평가한 study 제목이 뭐야?",
    ],
)
def test_a_papers_heading_above_its_summary_is_the_entry(question: str, analyzer: Analyzer) -> None:
    heading = "개요 > Evaluation > A Careful Evaluation of Quokka on Korean QA Benchmarks"
    hit = note_hit(0, OVERVIEW, heading)
    ex = extract(question, [hit], analyzer=analyzer, embedder=None)
    assert ex.short is not None
    assert ex.short.text == "A Careful Evaluation of Quokka on Korean QA Benchmarks"


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        # A section's name is no entry; nor a title naming nothing the question names.
        ("What Quokka evaluation study is listed?", "개요 > Evaluation > Interpretability"),
        (
            "Quokka 성능 분석한 논문 제목?",
            "개요 > Evaluation > Robust Baselines for Long Document QA",
        ),
    ],
)
def test_a_heading_that_names_no_asked_entry_is_not_the_answer(question: str, heading: str) -> None:
    unit = build_units(OVERVIEW, heading)[0]
    assert heading_entry(question, unit) is None


def test_the_notes_own_title_is_no_entry() -> None:
    unit = build_units(OVERVIEW, "Reading Notes on Quokka Evaluation Methods")[0]
    assert heading_entry("Quokka 성능 분석한 논문 제목?", unit) is None


def test_a_value_asked_of_an_entry_is_not_its_heading() -> None:
    # "어떤 벤치마크로 보고됐어?" asks for what the entry says, not for the entry.
    unit = build_units(OVERVIEW, "Digest > Quokka-2: A Sparse Model for Korean QA Tasks")[0]
    assert heading_entry("Quokka-2 성능은 어떤 벤치마크로 보고됐어?", unit) is None


@pytest.mark.parametrize(
    "question",
    ["What are longer growth spells associated with?", "긴 성장기(growth spells)는 무엇과 관련돼?"],
)
def test_spells_as_a_noun_asks_no_spelling(question: str) -> None:
    assert not asks_spelling(question)


def test_a_lowercase_word_of_the_question_is_no_name_to_respell() -> None:
    assert near_miss("How is the longer form spelled?", "the lower bound") is None


@pytest.mark.parametrize(
    "text",
    [
        "shared expert: 모든 토큰이 항상 거치는 expert",
        "note to self: check the draft lengths again",
    ],
)
def test_a_glossary_line_pairs_no_short_name_with_a_title(text: str) -> None:
    assert list(title_pairs(text)) == []
