"""An item asked for by its place in a named list (answer/ordinal_items.py).

Notes invented for the test: a numbered checklist whose items carry plain bullets as
details, a numbered paper list split over two chunks of one note, a note with two plain
lists told apart by their intro lines, a README folder with a line of example names, and
a numbered step whose details hold a nested list of examples. Korean, English and mixed
questions.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.ordinal_items import (
    LAST,
    MIDDLE,
    asked_place,
    at_place,
    place_item,
    without_place,
)
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit

KIT = note_hit(
    0,
    "1. 서버\n- GPU 노드 두 대\n2. 모니터링 대시보드\n3. 캐시 계층\n- 세션 캐시\n- 임베딩 캐시\n"
    "4. 롤백 스크립트\n",
    "운영 메모 > 배포 준비물",
)
_PAPERS_1 = note_hit(
    1,
    "1. ColBERT: late interaction over token embeddings(2020)\n"
    "    - token-level matching at query time\n"
    "2. SPLADE: sparse lexical expansion(2021)\n"
    "    - learned term weights over the vocabulary\n",
    "Paper list > Retrieval",
    lang="en",
)
# The rest of the same list, in the note's next chunk.
_PAPERS_2 = replace(
    note_hit(2, "3. Contriever(2022)\n4. E5 text embeddings(2022)\n", "Paper list > Retrieval"),
    source=_PAPERS_1.source,
    title=_PAPERS_1.title,
    lang="en",
)
TWO_LISTS = note_hit(
    3,
    "정리하는 내용은 아래와 같습니다.\n- 토크나이저 비교\n- 평가 지표 재현\n- 장문 요약 실험\n\n"
    "참고한 자료는 다음과 같습니다.\n- 강의 노트\n- 블로그 글\n",
    "lab-notes",
)
FOLDERS = note_hit(
    4,
    "- /evals\n  - 평가 스크립트를 모아 둔 폴더입니다.\n  - ARC Easy, HellaSwag, TruthfulQA etc.\n"
    "- /data: raw dumps\n  - 크롤링 원본\n  - 정제본\n",
    "toolkit > Layout",
)
CLEANING = note_hit(
    5,
    "1. 정제 (Cleaning)\n- 품질이 낮은 문서를 걸러내는 단계.\n- 예시:\n  - 광고 문구 삭제\n"
    "  - 깨진 인코딩 복구\n  - 너무 짧은 줄 제거\n2. 중복 제거 (Dedup)\n- 거의 같은 문서를 하나만 남김.\n",
    "코퍼스 만들기 > 전처리 순서",
)


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("배포 준비물 중 두번째는?", 2),
        ("Retrieval 섹션 세 번째 논문?", 3),
        ("lab-notes 첫 항목 뭐야?", 1),
        ("전처리 2번 단계 뭐야", 2),
        ("예시 세개 중 마지막 거?", LAST),
        ("What's the first paper listed under Retrieval?", 1),
        ("What is the last entry of the Retrieval list?", LAST),
        ("Which item comes third in the layout?", 3),
        # The place said with an adverb or of "the one" (twenty-sixth round).
        ("배포 준비물에서 제일 먼저 나오는 거 뭐야?", 1),
        ("배포 준비물 맨 끝 항목?", LAST),
        ("Retrieval 목록 맨 처음 paper는?", 1),
        ("Which paper is listed last under Retrieval?", LAST),
        ("The Retrieval papers, three of them: give the second one", 2),
    ],
)
def test_the_asked_place(question: str, place: int) -> None:
    assert asked_place(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "첫 주에는 뭐 했어?",
        "마지막 주차엔 뭐해?",
        "Who is the first author of the ColBERT paper?",
        "What was the final loss of the 1.2B model?",
        "What did the first version of the assistant score?",
        "배포 준비물 알려줘",
        # A table's column, not a list's item.
        "시즌4 표 맨 마지막 열 이름?",
        "표에서 맨 처음 column 이름?",
        # A rank by a measure, not a place in the list's order (twenty-sixth round).
        "공개된 모델 중 두 번째로 큰 거?",
        "What is the second largest model in the release?",
        "Retrieval 목록에서 third-highest score 받은 paper?",
    ],
)
def test_no_place_asked(question: str) -> None:
    assert asked_place(question) is None


def _item(question: str, hits: list[Hit]) -> str | None:
    found = place_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    return found.unit.text if found is not None else None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Numbered lines are the items; the plain bullets under them their details.
        ("배포 준비물 중 두번째는?", "모니터링 대시보드"),
        ("배포 준비물 세 번째 항목?", "캐시 계층"),
        ("배포 준비물 마지막 거?", "롤백 스크립트"),
        ("배포 준비물에서 제일 먼저 나오는 거 뭐야?", "서버"),
        ("배포 준비물 맨 끝 항목?", "롤백 스크립트"),
        # The details of a numbered line the question names.
        ("배포 준비물 캐시 계층 아래 첫 항목 뭐야?", "세션 캐시"),
    ],
)
def test_a_numbered_list_with_details(question: str, answer: str) -> None:
    assert _item(question, [KIT, TWO_LISTS]) == answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What's the first paper listed under Retrieval?", "ColBERT"),
        ("What is the last entry of the Retrieval list?", "E5 text embeddings"),
        ("Retrieval 섹션 세번째 논문?", "Contriever"),
        ("Which paper is listed last under Retrieval?", "E5 text embeddings"),
        ("Retrieval 목록 맨 처음 paper는?", "ColBERT"),
    ],
)
def test_a_numbered_list_split_over_chunks(question: str, answer: str) -> None:
    got = _item(question, [_PAPERS_2, KIT, _PAPERS_1])
    assert got is not None and got.startswith(answer)


def test_two_plain_lists_told_apart_by_their_intro_lines() -> None:
    assert _item("lab-notes에서 정리하는 내용 첫번째 항목?", [TWO_LISTS]) == "토크나이저 비교"
    assert _item("lab-notes 참고한 자료 두번째 항목?", [TWO_LISTS]) == "블로그 글"


def test_a_line_of_example_names() -> None:
    assert _item("/evals 예시 링크 중 두번째?", [FOLDERS]) == "HellaSwag"
    assert _item("/evals 예시 세 개 중 마지막 거?", [FOLDERS]) == "TruthfulQA"
    # Not asked for examples: the folder's bullets are the items.
    assert _item("/data 폴더 두번째 항목?", [FOLDERS]) == "정제본"


def test_the_innermost_named_list_wins() -> None:
    # "정제 예시": the nested examples, not the details written under "1. 정제".
    assert _item("정제 예시 중 두번째?", [CLEANING]) == "깨진 인코딩 복구"
    # An English question names the Korean list in English ("examples" for "예시").
    assert (
        _item("What is removed second in the cleaning examples?", [CLEANING]) == "깨진 인코딩 복구"
    )
    assert _item("전처리 순서 2번 단계 뭐야", [CLEANING]).startswith("중복 제거")  # type: ignore[union-attr]


def test_a_list_retrieved_from_its_second_entry_has_no_first() -> None:
    # Only the chunk holding "3." and "4." was retrieved: "first" is not "3.".
    assert _item("What's the first paper listed under Retrieval?", [_PAPERS_2]) is None
    assert _item("Retrieval 섹션 네번째 논문?", [_PAPERS_2]) == "E5 text embeddings(2022)"


def test_no_list_named_no_item() -> None:
    assert _item("최적화 기법 두번째 거?", [KIT, TWO_LISTS, CLEANING]) is None
    # A place past the end of the list.
    assert _item("배포 준비물 중 일곱번째는?", [KIT]) is None


@pytest.mark.parametrize(
    ("question", "hits", "lead"),
    [
        ("배포 준비물 중 두번째는?", [TWO_LISTS, KIT], "모니터링 대시보드"),
        ("What is the last entry of the Retrieval list?", [_PAPERS_1, _PAPERS_2], "E5"),
    ],
)
def test_the_item_leads_the_answer(
    question: str, hits: list[Hit], lead: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences and ex.sentences[0].text.startswith(lead)
    assert len(ex.sentences) == 1


@pytest.mark.parametrize(
    "question",
    ["Retrieval 섹션 논문 목록", "Which papers are listed under the Retrieval section?"],
)
def test_a_section_list_split_over_chunks_is_quoted_whole(
    question: str, analyzer: Analyzer
) -> None:
    # Entries 1-2 in one chunk, 3-4 in the next: the section's list is all four, in order.
    ex = extract(question, [_PAPERS_1, KIT, _PAPERS_2], analyzer=analyzer, embedder=None)
    texts = [c.text for c in ex.sentences]
    assert [t.split("(")[0].split(":")[0] for t in texts] == [
        "ColBERT",
        "SPLADE",
        "Contriever",
        "E5 text embeddings",
    ]


# A numbered section of a reading list, and a note whose list is named by a heading that
# a question shortens to its initials (twenty-seventh round).
_TOOLS = note_hit(
    6,
    "1. [Sentencepiece]\n2. [Beam Search]\n3. [Label Smoothing]\n4. [Weight Tying]\n",
    "Reading list > Techniques",
    lang="en",
)
_SPARSE = note_hit(
    7,
    "- Top-k routing\n- Expert Choice\n- Switch Layer\n",
    "개요 > 모델 구조 > Sparse Expert Routing",
)


@pytest.mark.parametrize(
    ("question", "place"),
    [
        # An English numeral after an item's noun (twenty-seventh round).
        ("Item 3 under Techniques in the reading list", 3),
        ("Techniques list: what's number 2?", 2),
        ("Reading list Techniques entry #4?", 4),
        ("Techniques 섹션 item 2 뭐야", 2),
    ],
)
def test_a_numeral_place(question: str, place: int) -> None:
    assert asked_place(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "What number is Beam Search in the Techniques list?",
        "GPT-4 scored number 1.5 on what?",
        "How many items does the list have?",
        # "for" says what is measured, not which list ("the first X paper report for …").
        "What speed-up does the first Corvid paper report for beam search?",
    ],
)
def test_no_numeral_place(question: str) -> None:
    assert asked_place(question) is None


@pytest.mark.parametrize(
    ("question", "left"),
    [
        ("Techniques 6번 항목", "Techniques  항목"),
        ("Item 4 under Techniques", "  under Techniques"),
        ("Last item under Techniques in 리딩 리스트", "  item under Techniques in 리딩 리스트"),
        ("Techniques 섹션 마지막 논문", "Techniques 섹션  "),
        # No place asked: the question as written.
        ("Who wrote the Techniques list?", "Who wrote the Techniques list?"),
    ],
)
def test_without_place(question: str, left: str) -> None:
    assert without_place(question) == left


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Item 3 under Techniques in the reading list", "[Label Smoothing]"),
        ("Reading list Techniques: what's number 2?", "[Beam Search]"),
        # A list named by its heading's initials: "SER" for "Sparse Expert Routing".
        ("개요노트 SER 방식 두번째", "Expert Choice"),
        ("What is the last SER component in the 개요 note?", "Switch Layer"),
        ("The first method listed under SER?", "Top-k routing"),
    ],
)
def test_numeral_places_and_initials(question: str, answer: str) -> None:
    assert _item(question, [_TOOLS, _SPARSE, KIT]) == answer


def test_initials_must_spell_the_whole_name() -> None:
    # "SE" or "SRE" is not "Sparse Expert Routing"; one capital word names no list.
    assert _item("개요노트 SE 방식 두번째", [_SPARSE]) is None
    assert _item("개요노트 SRE 방식 두번째", [_SPARSE]) is None


# A README folder: its topics, then one line of its example links' names.
_OTHER = note_hit(
    9,
    "- /misc: 여러 주제를 모아 둔 폴더입니다.\n  - 도구 사용기 (Tool reviews)\n"
    "  - 커뮤니티 소식 (Community news)\n  - 재현 실험 (Reproductions)\n"
    "  - Quant Tricks, Merge Recipes, Long Context Hacks etc.\n",
    "toolkit > Layout",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The topics are the list; the examples line is none of its places.
        ("last topic under /misc in toolkit?", "재현 실험 (Reproductions)"),
        ("toolkit /misc 마지막 항목?", "재현 실험 (Reproductions)"),
        ("/misc 세번째 항목 뭐야", "재현 실험 (Reproductions)"),
        # Asked for the links or examples: that line's names by place.
        ("/misc 예시 링크 중 첫번째?", "Quant Tricks"),
        ("What is the last example link under /misc?", "Long Context Hacks"),
    ],
)
def test_a_folder_s_examples_line_is_no_topic(question: str, answer: str) -> None:
    assert _item(question, [_OTHER]) == answer


# Twenty-eighth round: the place words people write of a list's item beyond the ones
# above ("가운데 거", "마지막 번호 항목", "3번이 뭐였지", "the second item, as spelled",
# "The first?", "First topic listed for …").
@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("하위 항목 가운데 거", MIDDLE),
        ("lab-notes 목록 중간 항목은?", MIDDLE),
        ("Of the lab-notes topics, the middle one?", MIDDLE),
        ("lab-notes sub bullet 중 가운데 거?", MIDDLE),
        ("배포 준비물 마지막 번호 항목", LAST),
        ("배포 준비물 마지막 bullet", LAST),
        ("배포 준비물 3번이 뭐였지", 3),
        ("배포 준비물 2번은?", 2),
        ("What is in the deploy kit? the second item, as spelled", 2),
        ("The deploy kit has four items. The first?", 1),
        ("First topic listed for /evals in the toolkit?", 1),
        ("third cleaning step for the corpus?", 3),
        ("lab-notes의 last bullet", LAST),
    ],
)
def test_more_place_words(question: str, place: int) -> None:
    assert asked_place(question) == place


@pytest.mark.parametrize(
    "question",
    [
        # "가운데" as "among", "번" as "times", a middle that is no list's.
        "세 모델 가운데 것 중 제일 큰 거?",
        "LLM 섹션에 두 번 나오는 모델?",
        "3번 반복한 실험 결과",
        "What happened in the middle of the run?",
        "Who gave the first talk?",
    ],
)
def test_no_more_place_words(question: str) -> None:
    assert asked_place(question) is None


@pytest.mark.parametrize(
    ("question", "hits", "answer"),
    [
        # Three plain bullets: the second is the middle one.
        ("lab-notes 정리하는 내용 중 가운데 거", [TWO_LISTS], "평가 지표 재현"),
        (
            "lab-notes: the middle one of what it covers (정리하는 내용)?",
            [TWO_LISTS],
            "평가 지표 재현",
        ),
        # Four numbered lines have no middle one.
        ("배포 준비물 가운데 거", [KIT], None),
        ("배포 준비물 마지막 번호 항목", [KIT], "롤백 스크립트"),
        ("배포 준비물 3번이 뭐였지", [KIT], "캐시 계층"),
        (
            "What is the Retrieval paper list's third entry?",
            [_PAPERS_1, _PAPERS_2],
            "Contriever(2022)",
        ),
    ],
)
def test_more_place_words_pick_the_item(question: str, hits: list[Hit], answer: str | None) -> None:
    assert _item(question, hits) == answer


def test_at_place() -> None:
    assert at_place(["a", "b", "c"], MIDDLE) == "b"
    assert at_place(["a", "b", "c", "d"], MIDDLE) is None
    assert at_place(["a", "b"], LAST) == "b"
    assert at_place(["a", "b"], 2) == "b"
    assert at_place(["a", "b"], 3) is None
    assert at_place([], 1) is None


def test_a_place_counted_from_another_item_is_none() -> None:
    # "the first bare entry after FLAN": the neighbour's rule, not the list's first.
    assert asked_place("Which report is the first bare entry after Orca-2 in the list?") is None
    assert asked_place("Retrieval list의 first entry after ColBERT?") is None
    assert asked_place("What is the Retrieval list's first entry?") == 1
