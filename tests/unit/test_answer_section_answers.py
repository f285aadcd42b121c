"""A section asked for by its place in the note's outline (answer/section_answers.py):
"X 다음 섹션은?", "the section before X", "마지막 섹션 이름?", "the first section",
"X의 두 번째 하위 섹션". The answer is a heading, read off the note file's outline
(ingest/markdown.py ``outline``), empty sections and ``<details>`` weeks included.

The notes are made up for these tests: a Korean paper list whose last two sections are
empty, an English syllabus, and a mixed Korean/English link digest whose weeks are
``<details><summary>`` blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.ordinal_items import LAST
from notelens.answer.section_answers import asked_heading, read_outline
from notelens.answer.section_asks import SectionAsk, asked_section
from notelens.ingest import load_file
from notelens.ingest.chunking import chunk_document
from notelens.types import Hit

KO_LIST = """AI 논문 읽기 목록

## 검색 증강
1. RETRO: 검색으로 키운 언어 모델
2. REPLUG: 검색기를 블랙박스 모델에 붙이기

## 정렬
1. InstructGPT
   - 사람 피드백으로 미세조정한 모델

## 추론
1. Chain-of-Thought: 단계별로 풀게 하는 프롬프트

## 평가

## 데이터셋
"""

EN_SYLLABUS = """# Reading group syllabus

## Week plan
### Foundations
We read the transformer paper and the scaling laws paper.
### Scaling
We read Chinchilla and compare compute budgets.
### Serving
We read about paged attention and batching.

## Logistics
The group meets in room 3 every Thursday.
"""

MIXED_DIGEST = """# 주간 링크 모음 2025

## 1월
<details>
<summary>1st week</summary>

- Mamba 정리: state space 모델 읽기
</details>

<details>
<summary>2nd week</summary>

- RWKV notes: linear attention 계열
</details>

## 2월
<details>
<summary>1st week</summary>

- Jamba 메모: hybrid 구조
</details>
"""


def _hits(path: Path) -> list[Hit]:
    """The note's chunks as hits (in file order), as the index would return them."""
    doc = load_file(path)
    return [
        Hit(
            rank=i + 1,
            score=1.0 / (i + 1),
            chunk_id=f"{path.stem}-{i}",
            source=doc.source,
            title=doc.title,
            heading=c.heading,
            text=c.text,
            location=c.location,
            lang=c.lang,
        )
        for i, c in enumerate(chunk_document(doc))
    ]


@pytest.fixture
def notes(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("ko", KO_LIST), ("en", EN_SYLLABUS), ("mixed", MIXED_DIGEST)):
        p = tmp_path / f"{name}.md"
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("정렬 다음 섹션은?", SectionAsk(step=1, anchor="정렬 ", ends=True)),
        ("정렬 섹션 바로 앞은 뭐야?", SectionAsk(step=-1, anchor="정렬 섹션 ", ends=True)),
        ("추론 다음에 나오는 섹션 이름 알려줘", SectionAsk(step=1, anchor="추론 ", ends=True)),
        (
            "Which section comes right after Scaling?",
            SectionAsk(step=1, anchor=" Scaling?", ends=False),
        ),
        ("What is the section right before Logistics?", SectionAsk(step=-1, anchor=" Logistics?")),
        ("1st week 다음 섹션 뭐야?", SectionAsk(step=1, anchor="1st week ", ends=True)),
        ("논문 읽기 목록의 마지막 섹션 이름?", SectionAsk(place=LAST)),
        ("섹션 중 첫 번째는?", SectionAsk(place=1)),
        ("What is the last section of the syllabus?", SectionAsk(place=LAST)),
        ("Which section comes first in the syllabus?", SectionAsk(place=1)),
        ("Week plan의 두 번째 하위 섹션은?", SectionAsk(place=2)),
        ("What's the second section of the reading list?", SectionAsk(place=2)),
        ("정렬은 몇 번째 섹션이야?", SectionAsk(number=True)),
        ("InstructGPT는 몇 번째 섹션에 있어?", SectionAsk(number=True)),
        ("What number section is Logistics in the syllabus?", SectionAsk(number=True)),
        ("논문 읽기 목록은 섹션이 몇 개야?", SectionAsk(count=True)),
        ("Week plan에는 몇 개의 하위 섹션이 있어?", SectionAsk(count=True)),
        ("How many sections does the syllabus have?", SectionAsk(count=True)),
        ("Scaling의 상위 섹션은?", SectionAsk(parent=True)),
        ("What is the parent section of Serving?", SectionAsk(parent=True)),
    ],
)
def test_questions_that_ask_a_section_by_place(question: str, asked: SectionAsk) -> None:
    assert asked_section(question) == asked


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        # The section's content, not its name.
        "마지막 섹션에 있는 논문은?",
        "정렬 다음 섹션에 나오는 모델은?",
        "What papers are in the last section?",
        "What does the first section say about scaling?",
        # An item's place or neighbour (answer/ordinal_items.py, neighbour_items.py).
        "검색 증강 섹션 첫번째 논문?",
        "RETRO 다음 논문은?",
        "What comes right after RETRO in the list?",
        # Which section holds a thing (answer/container.py) and its parts (section_parts.py).
        "InstructGPT는 어느 섹션에 있어?",
        "Week plan은 어떤 하위 섹션으로 나뉘어?",
        # A count of something else.
        "정렬 섹션에 논문이 몇 개 있어?",
        "How many papers are in the last section?",
        "상위 섹션에 적힌 모임 장소는?",
    ],
)
def test_questions_that_ask_no_section_by_place(question: str) -> None:
    assert asked_section(question) is None


@pytest.mark.unit
def test_the_outline_keeps_empty_sections_and_details_weeks(notes: dict[str, Path]) -> None:
    ko = [(h.rank, h.text) for h in read_outline(str(notes["ko"]))]
    # The empty trailing sections, which the chunker merges into the chunk before them.
    assert ko == [(4, "검색 증강"), (4, "정렬"), (4, "추론"), (4, "평가"), (4, "데이터셋")]
    mixed = [(h.rank, h.text) for h in read_outline(str(notes["mixed"]))]
    # A week's <summary> sits one below the month heading it is filed under.
    assert mixed == [
        (2, "주간 링크 모음 2025"),
        (4, "1월"),
        (5, "1st week"),
        (5, "2nd week"),
        (4, "2월"),
        (5, "1st week"),
    ]
    assert read_outline("/no/such/note.md") == []


def _heading(question: str, hits: list[Hit]) -> str | None:
    ask = asked_section(question)
    assert ask is not None
    found = asked_heading(ask, question, hits, read_outline)
    return None if found is None else found.text


@pytest.mark.unit
@pytest.mark.parametrize(
    ("note", "question", "heading"),
    [
        ("ko", "정렬 다음 섹션은?", "추론"),
        ("ko", "추론 바로 다음 섹션 이름?", "평가"),
        ("ko", "정렬 섹션 바로 앞은 뭐야?", "검색 증강"),
        ("ko", "논문 읽기 목록의 마지막 섹션 이름?", "데이터셋"),
        ("ko", "섹션 중 첫 번째는?", "검색 증강"),
        ("en", "Which section comes right after Week plan?", "Logistics"),
        ("en", "What is the section before Serving?", "Scaling"),
        # Below the title heading: its sections, not the title itself.
        ("en", "What is the last section of the syllabus?", "Logistics"),
        # A named section with subsections: its subsections.
        ("en", "Week plan의 세 번째 하위 섹션은?", "Serving"),
        ("mixed", "1월 다음 섹션은?", "2월"),
        ("mixed", "2nd week 바로 앞 섹션이 뭐야?", "1st week"),
        ("mixed", "What is the last section of the 주간 링크 모음?", "2월"),
        # A place among siblings, and a count (with the names counted).
        ("ko", "정렬은 몇 번째 섹션이야?", "2번째 (정렬)"),
        ("en", "What number section is Logistics in the syllabus?", "2nd (Logistics)"),
        ("mixed", "2nd week는 몇 번째 섹션이야?", "2번째 (2nd week)"),
        ("ko", "논문 읽기 목록은 섹션이 몇 개야?", "5개 (검색 증강, 정렬, 추론, 평가, 데이터셋)"),
        ("en", "How many sections does Week plan have?", "3 (Foundations, Scaling, Serving)"),
        # The section a named section sits in.
        ("en", "Scaling의 상위 섹션은?", "Week plan"),
        ("en", "What is the parent section of Serving?", "Week plan"),
        ("mixed", "2nd week의 상위 섹션이 뭐야?", "1월"),
    ],
)
def test_the_heading_at_the_asked_place(
    notes: dict[str, Path], note: str, question: str, heading: str
) -> None:
    assert _heading(question, _hits(notes[note])) == heading


@pytest.mark.unit
def test_no_heading_for_a_section_never_written_or_past_the_end(notes: dict[str, Path]) -> None:
    ko = _hits(notes["ko"])
    assert _heading("음성 인식 다음 섹션은?", ko) is None
    assert _heading("데이터셋 다음 섹션은?", ko) is None
    assert _heading("What's the ninth section of the reading list?", ko) is None
    # A note that cannot be read now (moved, or not markdown) has no outline.
    gone = [h.__class__(**{**_fields(h), "source": "/no/such/note.md"}) for h in ko]
    assert _heading("정렬 다음 섹션은?", gone) is None


def _fields(hit: Hit) -> dict[str, object]:
    return {f: getattr(hit, f) for f in hit.__dataclass_fields__}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("note", "question", "heading"),
    [
        ("ko", "추론 다음 섹션은?", "평가"),
        ("ko", "논문 읽기 목록의 마지막 섹션 이름?", "데이터셋"),
        ("en", "Which section comes right after Week plan?", "Logistics"),
        ("mixed", "1st week 다음 섹션 뭐야?", "2nd week"),
        # No section named: the one the answer's unit sits in.
        ("ko", "InstructGPT는 몇 번째 섹션에 있어?", "2번째 (정렬)"),
    ],
)
def test_the_heading_is_the_short_answer(
    notes: dict[str, Path],
    note: str,
    question: str,
    heading: str,
    analyzer: Analyzer,
    embedder: object,
) -> None:
    hits = _hits(notes[note])
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == heading
    # From the outline, not cut from the quoted unit: no offsets.
    assert (ex.short.start, ex.short.end) == (0, 0)
    # The quote is a unit of that note (the answered section's, or the line writing it).
    lead = ex.sentences[ex.lead]
    assert hits[lead.hit_index].source == hits[0].source


@pytest.mark.integration
def test_a_content_question_about_a_section_keeps_its_fact(
    notes: dict[str, Path], analyzer: Analyzer, embedder: object
) -> None:
    hits = _hits(notes["en"])
    ex = extract(
        "Where does the group meet every Thursday?",
        hits,
        analyzer=analyzer,
        embedder=embedder,  # type: ignore[arg-type]
    )
    assert any("room 3" in s.text for s in ex.sentences)
    assert ex.short is None or ex.short.text != "Logistics"
