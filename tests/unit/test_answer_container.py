"""Where the notes keep a thing: the folder or section a unit sits under (answer/container.py)."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.container import asked_names, asks_container, container_span
from notelens.answer.extractive import extract
from notelens.answer.units import AnswerUnit, build_units
from notelens.embed.base import Embedder

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("GSM8K Platinum은 어느 폴더에 있어?", "폴더"),
        ("DPO 정리는 어느 섹션에 나와?", "섹션"),
        ("LoRA 논문은 어떤 카테고리로 분류돼 있어?", "카테고리"),
        ("In which folder are the paper reviews kept?", "folder"),
        ("Under which section are the reward-model papers listed?", "section"),
        ("Which section mentions PagedAttention?", "section"),
        # Mixed questions: the container named in English, asked with 어디 as well as 어느.
        ("SimPO는 어느 section에 들어가 있지?", "section"),
        ("벤치마크 리뷰는 어디 폴더 밑에 링크돼 있어?", "폴더"),
        ("Tern-7B 노트 어느 Folder에 저장돼 있어?", "folder"),
    ],
)
def test_questions_that_ask_where_the_notes_keep_a_thing(question: str, noun: str) -> None:
    assert asks_container(question) == noun


@pytest.mark.parametrize(
    "question",
    [
        "Under which license was Tern-7B released?",  # a licence, no place in the notes
        "Which sections is the paper list split into?",  # the sections inside a thing
        "논문 목록은 어떤 섹션들로 나뉘어 있어?",
        "What part of Luther's career was the most productive?",
        "Speech 섹션에는 어떤 논문들이 있어?",  # names the section, asks its items
        "어느 section이 제일 길어?",  # asks about sections, not where a thing is kept
        "어디 폴더를 지웠어?",
    ],
)
def test_other_questions_ask_no_container(question: str) -> None:
    assert asks_container(question) is None


README = (
    "Repo Structure\n\t\n- `/research`\n\t- 논문 리뷰와 분석\n\t- [GSM8K Platinum](x), [Variation "
    "selector](y) etc\n- `/other`: 여러 주제를 모아 둔 곳\n\t- [Emergent Misalignment](z) etc"
)


@pytest.mark.parametrize(
    ("question", "item", "folder"),
    [
        ("GSM8K Platinum은 어느 폴더에 있어?", "GSM8K Platinum", "/research"),
        ("In which folder is the Emergent Misalignment review?", "Emergent Misalignment", "/other"),
    ],
)
def test_a_folder_question_takes_the_path_above_the_unit(
    question: str, item: str, folder: str
) -> None:
    unit = next(u for u in build_units(README, "research-notes") if item in u.text)
    span = container_span(question, unit)
    assert span is not None and span.text == folder and span.start == span.end == 0


def test_a_section_question_takes_the_deepest_heading() -> None:
    (unit,) = build_units(
        "GQA는 KV head를 그룹으로 공유한다.", "Attention 정리 > GQA (Grouped-Query)"
    )
    span = container_span("GQA 설명은 어느 섹션에 나와?", unit)
    assert span is not None and span.text == "GQA (Grouped-Query)"
    # Only the note's title above the unit: no section to name.
    (top,) = build_units("GQA는 KV head를 공유한다.", "Attention 정리")
    assert container_span("GQA 설명은 어느 섹션에 나와?", top) is None
    assert container_span("GQA는 무엇을 공유해?", unit) is None


# Round 24: the shapes a question asks a line's heading in, beyond "어느 섹션에 있어?".
NOTE = "Serving Notes\n\nCache Layout\n\t\n- `/kernels`\n\t- PagedAttention, FlashDecoding 예시\n"
# A paper list without a title line: section > entry > the label of its summary.
PAPER = (
    "- ViTLite는 패치 수를 절반으로 줄였다.",
    "Vision Models > Seeing Beyond Pixels (ViTLite, 2025) > 요약",
)


def _unit(text: str) -> AnswerUnit:
    if text in PAPER[0]:
        (unit,) = build_units(*PAPER)
        return unit
    return next(u for u in build_units(NOTE, "Serving Notes") if text in u.text)


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        # A word between the noun and its particle: given as one of the section's examples.
        ("FlashDecoding 글은 어느 section 예시로 나와?", "section"),
        # The heading asked by its title or name.
        ("캐시 구조 설명하는 섹션 제목이 뭐였지", "섹션"),
        ("패치 줄인 내용 나오는 section 이름이 뭐야?", "section"),
        ("What is the section title for the ViTLite paper?", "section"),
    ],
)
def test_a_heading_asked_by_its_title_or_as_an_example(question: str, noun: str) -> None:
    assert asks_container(question) == noun


@pytest.mark.parametrize(
    "question",
    [
        # Twins that ask the line's own fact, or a note's first/last section, or an item.
        "FlashDecoding은 어떤 예시로 나와?",
        "ViTLite 논문 제목이 뭐야?",
        "논문 정리 마지막 섹션 이름?",
        "What is the title of the ViTLite paper?",
        "What is the first section title?",
        "DPO 항목 이름은?",
        "What is the name of the section on exceptional outputs?",
    ],
)
def test_twins_that_ask_no_heading(question: str) -> None:
    assert asks_container(question) is None


@pytest.mark.parametrize(
    ("question", "line", "heading"),
    [
        ("FlashDecoding 글은 어느 section 예시로 나와?", "FlashDecoding", "/kernels"),
        ("캐시 구조 설명하는 섹션 제목이 뭐였지", "FlashDecoding", "/kernels"),
        # No topic particle: the name stands before the question word; the entry
        # ("Seeing Beyond Pixels (ViTLite, 2025)") names it, so its section is the one above.
        ("ViTLite 논문 어느 섹션에 있어?", "패치 수", "Vision Models"),
        ("What is the section title for the ViTLite paper?", "패치 수", "Vision Models"),
    ],
)
def test_the_heading_is_led_with(question: str, line: str, heading: str) -> None:
    unit = _unit(line)
    span = container_span(question, unit)
    assert span is not None and span.text == heading and span.start == span.end == 0
    # The twin asks what the line itself says: no heading.
    assert container_span("ViTLite는 패치 수를 얼마나 줄였어?", unit) is None


# Round 27: the container asked as a sub-heading, as a part of a named note, or by a
# clause that says what it holds, the noun closing the question.
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Under which sub-heading are Kestrel and Tern listed?", "sub-heading"),
        ("Which subsection holds the RoPE scaling notes?", "subsection"),
        ("Which part of the serving note holds the cache list?", "part"),
        ("ViTLite 논문 들어있는 섹션", "섹션"),
        ("캐시 실험 정리된 폴더는?", "폴더"),
        ("벤치마크 리뷰는 어느 폴더 소속이야?", "폴더"),
        ("RoPE 실험 있는 section 이름", "section"),
    ],
)
def test_a_container_asked_by_what_it_holds(question: str, noun: str) -> None:
    assert asks_container(question) == noun


@pytest.mark.parametrize(
    "question",
    [
        "Which part of the model is frozen during tuning?",  # a part of no note
        "서빙 노트에서 제일 처음 나오는 섹션은?",  # a place among sections
        "Cache Layout 다음에 오는 섹션 뭐야",
        "이 섹션에 있는 논문은?",  # names the section, asks its items
    ],
)
def test_twins_that_ask_no_container(question: str) -> None:
    assert asks_container(question) is None


def test_a_korean_question_opening_with_a_name() -> None:
    # "ViTLite" opens the question: the entry names it, so the section is the one above.
    span = container_span("ViTLite 논문 들어있는 섹션", _unit("패치 수"))
    assert span is not None and span.text == "Vision Models"
    # Without the clause, a name opening the question may be the section's own.
    assert "pretrain" not in asked_names("Pretrain data 섹션 제목 괄호 안엔 뭐가 있어?")
    assert "kestrel" in asked_names("Kestrel 리뷰 들어있는 섹션")


LAYOUT = """# serving-notes
## Repo Structure
- `/serving`
  - 서빙 논문 리뷰와 분석 모음
- `/misc`
  - 그 밖의 메모
"""
PAPERS = """## Attention Models
### 1. Kestrel: Sparse Heads for Long Context(2025)
- Kestrel은 head의 절반만 쓴다.
### 2. Tern: Grouped Keys at Scale(2025)
- Tern은 key를 그룹으로 묶는다.
"""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "text", "heading", "folder"),
    [
        # The folder shares a word with the question ("serving"): still the answer.
        (
            "serving-notes에서 논문 리뷰랑 분석 들어있는 폴더 이름?",
            LAYOUT,
            "serving-notes",
            "/serving",
        ),
        # Two things named (a list question): their section leads, not the list.
        (
            "Which section of the paper list holds Kestrel and Tern?",
            PAPERS,
            "papers",
            "Attention Models",
        ),
    ],
)
def test_the_container_leads_over_an_echo_or_a_list(
    question: str, text: str, heading: str, folder: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [note_hit(0, text, heading)], analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == folder
