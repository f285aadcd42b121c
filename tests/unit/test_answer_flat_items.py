"""The line that holds the asked fact in a list written flat ("1. Compute" / "- GPU 클러스터"),
and the heading above a named line (issue #15, twenty-eighth round): answer/under_named.py
``children_of`` / ``flat_parent``, answer/choose.py ``_flat_parent`` /
``_container_placed``, answer/container.py's "heading above X"."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.container import asks_container, container_span
from notelens.answer.extractive import extract
from notelens.answer.under_named import asked_under, children_of, flat_parent
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

pytestmark = pytest.mark.unit

KO_FLAT = note_hit(
    0,
    "1. Compute\n- 학습용 GPU 클러스터\n2. Backbone\n3. Serving\n- 배치 크기 조절\n- 캐시 재사용\n",
    "개요 > 준비물",
)
EN_FLAT = note_hit(
    0,
    "1. Planning\n- Tree search prompts\n2. Memory\n- Episodic buffer\n- Summary cache\n",
    "Overview > Directions",
)
MIXED_FLAT = note_hit(
    0,
    "1. Retrieval\n- 하이브리드 검색\n2. Reranking\n- Cross-encoder 재정렬\n",
    "RAG 메모 > 구성 요소",
)


def _unit(hit: object, text: str) -> tuple[AnswerUnit, list[AnswerUnit]]:
    units = build_units(hit.text, hit.heading)  # type: ignore[attr-defined]
    return next(u for u in units if u.text == text), units


@pytest.mark.parametrize(
    ("question", "name"),
    [
        # The question ends on the line's noun, the asking left unsaid.
        ("준비물에서 Compute 밑에 적힌 거", "준비물에서 compute"),
        ("Serving 아래 하위 항목들", "serving"),
        ("Reranking 밑에 달린 bullet?", "reranking"),
    ],
)
def test_a_question_ending_on_the_lines_noun_asks_what_is_under(question: str, name: str) -> None:
    assert asked_under(question) == name


@pytest.mark.parametrize(
    "question",
    ["Serving 아래 첫 항목", "Scaling 밑에 던진 질문이 뭐였지?", "Serving 아래에서 찾은 거"],
)
def test_twins_that_ask_no_lines_under(question: str) -> None:
    assert asked_under(question) is None


@pytest.mark.parametrize(
    ("question", "hit", "lead", "child"),
    [
        # The lead is a sibling line, not the named one: the named line's lines answer.
        ("준비물에서 Compute 밑에 적힌 거", KO_FLAT, "Serving", "학습용 GPU 클러스터"),
        ("What is listed under Planning?", EN_FLAT, "Memory", "Tree search prompts"),
        ("Retrieval 밑에 뭐 적혀있어?", MIXED_FLAT, "Reranking", "하이브리드 검색"),
    ],
)
def test_the_named_line_is_found_beside_the_lead(
    question: str, hit: object, lead: str, child: str
) -> None:
    best, units = _unit(hit, lead)
    assert [u.text for u in children_of(question, best, units)] == [child]


@pytest.mark.parametrize(
    ("hit", "bullet", "parent"),
    [
        (KO_FLAT, "캐시 재사용", "Serving"),
        (EN_FLAT, "Tree search prompts", "Planning"),
        (MIXED_FLAT, "Cross-encoder 재정렬", "Reranking"),
    ],
)
def test_a_flat_bullet_hangs_under_the_numbered_line_above(
    hit: object, bullet: str, parent: str
) -> None:
    unit, units = _unit(hit, bullet)
    found = flat_parent(unit, units)
    assert found is not None and found.text == parent


def test_a_numbered_line_a_nested_bullet_or_one_after_prose_has_no_flat_parent() -> None:
    numbered, units = _unit(KO_FLAT, "Serving")
    assert flat_parent(numbered, units) is None
    nested = note_hit(0, "1. Planning\n    - Tree search prompts\n", "Overview")
    child, units = _unit(nested, "Tree search prompts")
    assert flat_parent(child, units) is None
    prose = note_hit(0, "1. Planning\n계획은 나중에 정리함.\n- Tree search prompts\n", "Overview")
    after, units = _unit(prose, "Tree search prompts")
    assert flat_parent(after, units) is None


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hit", "item"),
    [
        ("캐시 재사용은 어떤 준비물 항목 밑에 있어?", KO_FLAT, "Serving"),
        ("Which item is Episodic buffer listed under?", EN_FLAT, "Memory"),
        ("Cross-encoder 재정렬은 어느 항목 밑이야?", MIXED_FLAT, "Reranking"),
    ],
)
def test_the_item_a_flat_bullet_sits_under_is_the_answer(
    question: str, hit: object, item: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [hit], analyzer=analyzer, embedder=embedder)  # type: ignore[list-item]
    assert ex.short is not None and ex.short.text == item


@pytest.mark.integration
def test_a_section_question_keeps_the_section(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("캐시 재사용은 어느 섹션에 있어?", [KO_FLAT], analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "준비물"


@pytest.mark.parametrize(
    ("question", "bullet", "heading"),
    [
        ("Which heading sits directly above Knowledge Boost?", "검색 보강", "Domain Focus"),
        ("What's the heading right above 지식 보강?", "검색 보강", "도메인 특화"),
        ("In the 개요 note, which section is just above Knowledge Boost?", "RAG", "Domain Focus"),
    ],
)
def test_the_heading_above_a_named_one_is_its_container(
    question: str, bullet: str, heading: str
) -> None:
    assert asks_container(question) is not None
    context = (
        "개요 > 도메인 특화 > 지식 보강"
        if "지식" in question
        else "Overview > Domain Focus > Knowledge Boost"
    )
    unit = AnswerUnit("item", bullet, context, 0, 0)
    span = container_span(question, unit)
    assert span is not None and span.text == heading


@pytest.mark.parametrize(
    "question",
    ["What comes right before Memory?", "What is above the line?", "Is 500M above the limit?"],
)
def test_twins_that_ask_no_heading_above(question: str) -> None:
    assert asks_container(question) is None
