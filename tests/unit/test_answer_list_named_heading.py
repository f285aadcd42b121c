"""List questions that name a section by its heading's words, and the plural asks that
make a question a list question ("어떤 유형들로", "뭐뭐", "what is still in my backlog?").

Notes written for the test: a meeting's to-do line that repeats the words of another
note's section heading ("실패 사례 분석 40건 — 11/2까지"), and that section, whose bullets
(the asked items) do not repeat them; a reading log's backlog section. Real Kiwi;
Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import LIST_LEAD_ITEMS, extract
from notelens.answer.lists import list_type, restated_heading_items
from notelens.answer.qtype import answer_type


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "실패 사례 분석 40건은 어떤 유형들로 나뉘었어?",
        "다이제스트에 소개된 도구들 뭐뭐 있었지?",
        "What is still in my unread backlog?",
        "What's on the reading list?",
        "failure analysis 40건은 어떤 유형들로 나뉘었어?",
        "KoMT-Bench는 어떤 범주들로 구성돼?",
    ],
)
def test_plural_asks_are_list_questions(question: str) -> None:
    assert list_type(question, answer_type(question)).kind == "list"


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        # One of the items, not the items.
        "어떤 모델들 중에서 가장 빨랐어?",
        "What is in-context learning?",
        # A typed question keeps its type.
        "어떤 유형들이 몇 건이었어?",
    ],
)
def test_other_questions_are_no_list(question: str) -> None:
    assert list_type(question, answer_type(question)).kind != "list"


TODO = note_hit(
    0,
    "- [ ] 김하준: 실패 사례 분석 40건 — 11/2까지\n"
    "- [ ] 서지안: 세미나 장소 예약 — 10/28까지\n"
    "- [ ] 문예린: 체크포인트 공개 여부 상의 — 10/30까지\n",
    "주간 회의록 > 2026-10-21 회의 > 할 일",
)
SECTION = note_hit(
    1,
    "- 검색 누락: 12건 — 표 머리말 없이 색인됨\n"
    "- 잘못된 열: 9건 — 병합 셀\n"
    "- 번역 실패: 8건 — 한국어 질문, 영어 메모\n"
    "- 기타: 11건\n",
    "검색 프로젝트 > 실패 사례 분석 (11/2, 40건)",
)
TODO_EN = note_hit(
    0,
    "- [ ] Hajun: failure analysis of 40 cases — due 11/2\n"
    "- [ ] Jian: book the seminar room — due 10/28\n"
    "- [ ] Yerin: ask about releasing the checkpoint — due 10/30\n",
    "Weekly minutes > 2026-10-21 meeting > To do",
    lang="en",
)
SECTION_EN = note_hit(
    1,
    "- missed by search: 12 — tables indexed without their header\n"
    "- wrong column: 9 — merged cells\n"
    "- translation misses: 8 — Korean question, English note\n"
    "- other: 11\n",
    "Search project > Failure analysis (11/2, 40 cases)",
    lang="en",
)
SECTION_MIXED = note_hit(1, SECTION.text, "검색 프로젝트 > failure analysis (11/2, 40건)")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits", "item"),
    [
        ("실패 사례 분석 40건은 어떤 유형들로 나뉘었어?", [TODO, SECTION], "번역 실패"),
        (
            "Which types did the failure analysis of 40 cases split into?",
            [TODO_EN, SECTION_EN],
            "translation misses",
        ),
        ("failure analysis 40건은 어떤 유형들로 나뉘었어?", [TODO, SECTION_MIXED], "번역 실패"),
    ],
)
def test_the_restated_sections_items_answer_over_a_line_repeating_its_words(
    question: str, hits: list, item: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert ex.atype.kind == "list"
    assert item in text and "12" in text
    assert "예약" not in text and "seminar" not in text  # not the to-do list
    assert ex.short is None  # the items lead


BACKLOG = note_hit(
    0,
    '- Mamba-9 report\n- "Byte tokenizers, again"\n- RWKV-12\n',
    "reading log — 2026 H2 > backlog (unread)",
    lang="en",
)
BACKLOG_KO = note_hit(0, BACKLOG.text, "읽기 기록 > 안 읽은 목록 (backlog)")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hit"),
    [
        ("What is still in my unread backlog?", BACKLOG),
        ("아직 안 읽은 backlog 목록은?", BACKLOG_KO),
    ],
)
def test_the_whole_backlog_is_quoted(question: str, hit: object, analyzer: Analyzer) -> None:
    ex = extract(question, [hit], analyzer=analyzer, embedder=None)  # type: ignore[list-item]
    text = " ".join(c.text for c in ex.sentences)
    assert all(x in text for x in ("Mamba-9", "Byte tokenizers", "RWKV-12"))


@pytest.mark.unit
def test_a_section_is_named_only_by_enough_of_its_own_words() -> None:
    q = "실패 사례 분석 40건은 어떤 유형들로 나뉘었어?"
    found = restated_heading_items(q, [TODO, SECTION], 0, LIST_LEAD_ITEMS)
    assert found is not None and found[0] == 1 and len(found[1]) == 4
    # Too few items under the heading.
    short = note_hit(1, "- 검색 누락: 12건\n- 기타: 28건\n", SECTION.heading)
    assert restated_heading_items(q, [TODO, short], 0, LIST_LEAD_ITEMS) is None
    # The question names another subject (only "분석" of the heading's words).
    assert restated_heading_items("로그 분석은 어떤 단계들로 돼?", [SECTION], -1, 3) is None
    # A one-word heading ("회의") is no name of a section: every meeting has one.
    meeting = note_hit(0, SECTION.text, "회의록 > 2026-10-21 (월) 회의")
    assert restated_heading_items("10월 21일 회의에서 나온 것들은?", [meeting], -1, 3) is None
    # The question names one of the items: it asks about that one.
    assert (
        restated_heading_items("실패 사례 분석에서 번역 실패는 어떤 것들이야?", [SECTION], -1, 3)
        is None
    )
    # A table under the heading is rows.py's.
    table = note_hit(
        1, "| 유형 | 건수 |\n|---|---|\n| 누락 | 12 |\n| 열 | 9 |\n| 번역 | 8 |\n", SECTION.heading
    )
    assert restated_heading_items(q, [table], -1, 3) is None
    # The best unit's own passage: list_items has quoted its siblings already.
    assert restated_heading_items(q, [SECTION], 0, 3) is None


SORTED = note_hit(
    0,
    "- 실패 사례 40건을 정리, 유형을 검색 누락, 잘못된 열, 번역 실패, 기타로 나눔\n"
    "- 가장 많은 건 검색 누락\n",
    "아카이브 > 11월 > 1주차 > 실패 사례 모음",
)
SECTION_NAMED = note_hit(
    1,
    "- 발표: 김하준\n- 검색 누락 사례 두 개를 같이 봄\n- 다음 주에 번역 실패를 볼 예정\n",
    "스터디 노트 > 6주차 실패 사례 분석",
)


@pytest.mark.unit
def test_a_best_line_listing_the_items_itself_is_kept(analyzer: Analyzer) -> None:
    # "6주차 실패 사례 분석" is restated by the question too, but the best line already
    # names the four types: it answers, not that week's bullets.
    q = "실패 사례 분석 40건은 어떤 유형들로 나뉘었어?"
    ex = extract(q, [SORTED, SECTION_NAMED], analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "잘못된 열, 번역 실패" in text and "김하준" not in text
