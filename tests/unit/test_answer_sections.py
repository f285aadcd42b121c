"""Questions about an archive's structure (issue #15): which section holds a thing
(answer/container.py), what a named section or folder holds (answer/lists.py), and a
linked entry's full title or path (answer/link_answers.py) and a note's own title
(answer/note_titles.py). Made-up link digests, paper
lists and READMEs; Korean, English and mixed questions. The last tests run the
extractor with real Kiwi and e5.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.container import asks_container, container_span
from notelens.answer.extractive import extract
from notelens.answer.link_answers import asked_link, fuller_title
from notelens.answer.lists import list_type, named_entry_items
from notelens.answer.note_titles import asks_title, named_title
from notelens.answer.qtype import answer_type
from notelens.answer.units import build_units
from notelens.embed.base import Embedder
from notelens.types import Link

# A paper list without a title line: its heading path starts with the section, and each
# entry keeps its summary under a <summary> label.
PAPERS = """1. [Zephyrix: Painting Motion into Still Diffusion Models(2031)](./papers/Zephyrix/contents.md)
    <details>
    <summary>3 LINE SUMMARY</summary>
    - 정지 이미지 모델에 motion module을 붙여 영상 생성
    - 참조 영상 40개로 motion lora를 미세조정
    </details>
2. [Brightloom: Sharper Samplers(2030)](./papers/Brightloom/contents.md)
    <details>
    <summary>3 LINE SUMMARY</summary>
    - sampler step을 12로 줄여도 품질 유지
    </details>
"""

# A study note's nested headings, an entry per model under the kind of pre-training.
PRETRAIN = """도메인에 맞춰 따로 학습한 경우.

- Orbitron:
  - 법률 판례 데이터로 학습한 모델.
- Quasar-Med:
  - 의료 논문으로 학습해 진료 질문에 강함.
"""


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Orbitron은 어떤 종류의 사전학습 밑에 정리돼 있어?", "사전학습"),
        ("Slow Reading은 연구 방향 중 어떤 항목 밑이야?", "항목"),
        ("Which kind of pre-training is Orbitron listed under?", "kind"),
        ("Which section of the paper list has the Zephyrix paper?", "section"),
    ],
)
def test_which_kind_or_which_section_asks_a_container(question: str, noun: str) -> None:
    assert asks_container(question) == noun


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    ["어떤 사람 밑에서 일해?", "Which model is better under load?", "어떤 항목이 제일 길어?"],
)
def test_other_under_questions_ask_no_container(question: str) -> None:
    assert asks_container(question) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Zephyrix는 어느 section에 들어가 있지?",
        "Zephyrix 논문은 어느 섹션에 있어?",
        "Which section of the paper list has the Zephyrix paper?",
    ],
)
def test_the_section_above_the_entry_not_its_summary_label(question: str) -> None:
    # The bullet matched sits under the entry and its "3 LINE SUMMARY" label; the note
    # has no title line, so its first heading is the section asked for.
    bullet = next(u for u in build_units(PAPERS, "Diffusion Models") if "motion lora" in u.text)
    span = container_span(question, bullet)
    assert span is not None and span.text == "Diffusion Models"


@pytest.mark.unit
def test_the_kind_of_thing_an_entry_is_filed_under() -> None:
    units = build_units(PRETRAIN, "개요 > 학습 데이터 > 사전 학습 > 1. 도메인 특화 사전 학습")
    bullet = next(u for u in units if "판례" in u.text)
    for q in (
        "Orbitron은 어떤 종류의 사전학습 밑에 정리돼 있어?",
        "Which kind of pre-training is Orbitron listed under?",
    ):
        span = container_span(q, bullet)
        # The list number of the heading is no part of its name.
        assert span is not None and span.text == "도메인 특화 사전 학습"


@pytest.mark.unit
def test_a_question_naming_the_notes_too_asks_for_the_entry() -> None:
    # "… listed in the Overview notes": the question names the note as well; the thing
    # asked about is the most deeply nested name, the unit's own entry.
    units = build_units(PRETRAIN, "Overview > Training Data > Domain Pre-training")
    entry = next(u for u in units if u.text.startswith("Orbitron"))
    span = container_span("Under which heading is Orbitron listed in the Overview notes?", entry)
    assert span is not None and span.text == "Domain Pre-training"


# A README's tree: folders as list items, the write-ups linked by short names whose
# targets keep the full titles.
README = """Repo Structure
- `/reviews`: 논문 리뷰를 모아 둔 곳
    - 모델 리뷰 (Reviews of models)
    - 벤치마크 평가 (Evaluations of benchmarks)
    - Quiet Gradients, Lantern Probes etc.
- `/misc`
    - Tokenizer Oddities etc.
"""
LINKS = (
    Link("Quiet Gradients", "reviews/Quiet Gradients Why Small Updates Generalize Better/content"),
    Link("Lantern Probes", "reviews/Lantern Probes Reading Values off Hidden States/content"),
    Link("Tokenizer Oddities", "misc/Tokenizer Oddities/content"),
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Quiet Gradients 글 원래 논문 제목 뭐였지", "title"),
        ("Lantern Probes 논문 full title 알려줘", "title"),
        ("What is the subtitle of the Lantern Probes paper?", "subtitle"),
        ("Tokenizer Oddities 글 경로 어디야?", "url"),
        ("Quiet Gradients는 어디 폴더 밑에 링크돼 있어?", None),  # where the link sits
        ("Quiet Gradients의 핵심 주장은?", None),
    ],
)
def test_title_and_path_questions(question: str, kind: str | None) -> None:
    assert asked_link(question) == kind


@pytest.mark.unit
def test_the_link_target_holds_the_full_title() -> None:
    quiet, _, oddities = LINKS
    assert fuller_title(quiet) == "Quiet Gradients Why Small Updates Generalize Better"
    # A target that adds nothing to the shown name is no title.
    assert fuller_title(oddities) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("천천히 읽는 RL 시즌2 스터디 제목이 뭐야", True),
        ("What is the title of the 천천히 읽는 RL 시즌2 study?", True),
        ("Zephyrix는 어느 section에 들어가 있지?", False),
        ("RL 스터디는 언제 시작해?", False),
    ],
)
def test_title_questions(question: str, asked: bool) -> None:
    assert asks_title(question) is asked


@pytest.mark.unit
def test_a_note_named_by_words_of_its_title() -> None:
    titles = ["reading-notes", "[스터디] 천천히 읽는 RL 시즌2: Reward Models and Their Failures"]
    assert named_title("천천히 읽는 RL 시즌2 스터디 제목이 뭐야", titles) == 1
    assert named_title("What is the title of the 천천히 읽는 RL 시즌2 study?", titles) == 1
    # One word names an entry, not a note; words the title lacks name another thing.
    assert named_title("RL 논문 제목 알려줘", titles) is None
    assert named_title("천천히 읽는 RL 시즌3 스터디 제목이 뭐야", titles) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "/reviews 폴더에서 다루는 주제 알려줘",
        "Diffusion Models 섹션 논문 목록",
        "Which entries are in the Methods section of the paper list?",
    ],
)
def test_what_a_section_holds_is_a_list(question: str) -> None:
    assert list_type(question, answer_type(question)).kind == "list"


@pytest.mark.unit
def test_a_folder_written_as_a_list_item_holds_its_bullets() -> None:
    hits = [note_hit(0, README, "research-notes")]
    found = named_entry_items("/reviews 폴더에서 다루는 주제 알려줘", hits)
    assert found is not None
    assert [u.text for u in found[1]][:2] == [
        "모델 리뷰 (Reviews of models)",
        "벤치마크 평가 (Evaluations of benchmarks)",
    ]
    assert named_entry_items("What did the reviews say about probes?", hits) is None


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Quiet Gradients 글 원래 논문 제목 뭐였지",
            "Quiet Gradients Why Small Updates Generalize Better",
        ),
        ("Tokenizer Oddities 글 경로 어디야?", "misc/Tokenizer Oddities/content"),
        (
            "What is the full title of the Lantern Probes review?",
            "Lantern Probes Reading Values off Hidden States",
        ),
    ],
)
def test_a_linked_entry_is_answered_from_its_target(
    question: str, answer: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [replace(note_hit(0, README, "research-notes", lang="mixed"), links=LINKS)]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == answer
    # The line that shows the link is quoted as the evidence.
    assert any(link.text in ex.sentences[ex.lead].text for link in LINKS)


@pytest.mark.integration
def test_the_section_of_a_paper_is_answered(analyzer: Analyzer, embedder: Embedder) -> None:
    hits = [note_hit(0, PAPERS, "Diffusion Models")]
    ex = extract(
        "Zephyrix는 어느 section에 들어가 있지?", hits, analyzer=analyzer, embedder=embedder
    )
    assert ex.short is not None and ex.short.text == "Diffusion Models"
