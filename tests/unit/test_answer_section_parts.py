"""A section's parts asked for by the section's name (answer/section_parts.py): "X는 어떤
하위 섹션으로 나뉘어?", "What subsections does X have?" read the headings below X.

The notes are made up for these tests: a Korean outline whose sections are only
subsections, an English one, and a mixed Korean/English study note.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.section_parts import asks_parts, named_parts
from notelens.types import Hit, Location


def outline_hit(i: int, text: str, heading: str, line: int, lang: str = "ko") -> Hit:
    """A hit of one outline note (one source, its ``#`` title the heading path's first
    segment), at ``line`` of it."""
    hit = note_hit(i, text, heading, "ko" if lang == "ko" else "en")
    title = heading.split(" > ")[0]
    return replace(hit, source=f"/notes/{title}.md", title=title, location=Location(line, line + 2))


KO_OUTLINE = [
    outline_hit(0, "BM25 점수는 문서 길이로 정규화한다.", "검색 메모 > 희소 검색 > 점수 계산", 12),
    outline_hit(1, "질의 확장은 동의어 사전으로 한다.", "검색 메모 > 희소 검색 > 질의 확장", 20),
    outline_hit(2, "문서 벡터는 e5로 만든다.", "검색 메모 > 밀집 검색 > 임베딩", 30),
    outline_hit(3, "토큰화는 형태소 단위로 한다.", "검색 메모 > 희소 검색 > 토큰화", 4),
]
EN_OUTLINE = [
    outline_hit(
        0, "Dedup runs per document.", "Data notes > Data-Centric work > Cleaning", 9, "en"
    ),
    outline_hit(
        1, "Mixtures are set per domain.", "Data notes > Data-Centric work > Mixing", 15, "en"
    ),
    outline_hit(
        2, "LoRA trains two small matrices.", "Data notes > Model-Centric work > Adapters", 30, "en"
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "희소 검색은 어떤 하위 섹션으로 나뉘어?",
        "희소 검색 아래엔 무슨 주제들이 있어?",
        "Data-Centric work 섹션의 세부 주제 알려줘",
        "What subsections does the Data-Centric work section have?",
        "Which topics does the sparse retrieval part cover?",
        "Model-Centric 섹션엔 어떤 파트들이 있어?",
    ],
)
def test_questions_that_ask_for_parts(question: str) -> None:
    assert asks_parts(question)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "희소 검색은 어느 섹션에 있어?",  # where it is: container.py's
        "BM25 점수는 어떻게 정규화해?",
        "What does the Cleaning section say about dedup?",
        "Which section is LoRA in?",
    ],
)
def test_questions_that_ask_no_parts(question: str) -> None:
    assert not asks_parts(question)


@pytest.mark.unit
def test_the_named_sections_parts_in_note_order() -> None:
    named = named_parts("희소 검색은 어떤 하위 섹션으로 나뉘어?", KO_OUTLINE)
    assert named is not None
    section, parts = named
    assert section == "희소 검색"
    # In the note's order (by line), each part once, with the hit it was read from.
    assert [p for _hi, p in parts] == ["토큰화", "점수 계산", "질의 확장"]
    assert [hi for hi, _p in parts] == [3, 0, 1]


@pytest.mark.unit
def test_the_section_written_most_fully_is_the_one_named() -> None:
    # "work" is in both sections' names; "Data-Centric" only in one.
    named = named_parts("What subsections does the Data-Centric work section have?", EN_OUTLINE)
    assert named is not None and named[0] == "Data-Centric work"
    assert [p for _hi, p in named[1]] == ["Cleaning", "Mixing"]


@pytest.mark.unit
def test_a_title_line_note_has_its_top_sections_as_parts() -> None:
    # A note whose title is its first line, not a "#" heading: its paths start at its
    # top sections, which are the title's parts.
    hits = [
        replace(
            note_hit(0, "LoRA는 저랭크 행렬만 학습한다.", "Fine Tuning"), title="LLM 논문 정리"
        ),
        replace(note_hit(1, "레드팀은 유해 출력을 찾는다.", "Red Teaming"), title="LLM 논문 정리"),
    ]
    hits = [replace(h, source="/notes/papers.txt") for h in hits]
    named = named_parts("LLM 논문 정리 노트는 어떤 섹션으로 나뉘어?", hits)
    assert named is not None and named[0] == "LLM 논문 정리"
    assert sorted(p for _hi, p in named[1]) == ["Fine Tuning", "Red Teaming"]


@pytest.mark.unit
def test_no_parts_for_a_section_not_named_or_without_parts() -> None:
    assert named_parts("Which topics does the reranking part cover?", EN_OUTLINE) is None
    # "점수 계산" is a leaf: it has no parts among the passages.
    assert named_parts("점수 계산은 어떤 하위 섹션으로 나뉘어?", KO_OUTLINE) is None


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hits", "parts"),
    [
        ("희소 검색은 어떤 하위 섹션으로 나뉘어?", KO_OUTLINE, "토큰화, 점수 계산, 질의 확장"),
        (
            "What subsections does the Data-Centric work section have?",
            EN_OUTLINE,
            "Cleaning, Mixing",
        ),
        ("Data-Centric work 섹션은 어떤 주제로 나뉘어?", EN_OUTLINE, "Cleaning, Mixing"),
    ],
)
def test_the_parts_are_the_short_answer(
    question: str, hits: list[Hit], parts: str, analyzer: Analyzer, embedder: object
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == parts
    # Cut from the heading paths, not the quoted unit: no offsets.
    assert (ex.short.start, ex.short.end) == (0, 0)
    # One unit of each part's passage is quoted, led by the first part's.
    assert ex.sentences[ex.lead].hit_index == named_parts(question, hits)[1][0][0]  # type: ignore[index]


@pytest.mark.integration
def test_a_question_about_a_part_keeps_its_fact(analyzer: Analyzer, embedder: object) -> None:
    ex = extract("BM25 점수는 무엇으로 정규화해?", KO_OUTLINE, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is None or "," not in ex.short.text
    assert any("문서 길이" in s.text for s in ex.sentences)
