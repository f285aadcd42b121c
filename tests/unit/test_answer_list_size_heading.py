"""List questions answered by the line that names the list's size, or by a list heading.

Notes written for the test: an essay paragraph whose sentence "측정 기준은 세 가지로
정했다: A, B, 그리고 C" is the list (beside a status line of four "·" parts that shares
more words with the question), its English and mixed twins, and a checklist section whose
heading the question restates without asking for "the items". Real Kiwi; Korean, English
and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import LIST_LEAD_ITEMS, extract
from notelens.answer.lists import announces_count, restates_list_heading
from notelens.answer.units import build_units


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "count"),
    [
        (
            "배포를 평가할 기준 세 가지는?",
            "측정 기준은 세 가지로 정했다: 지연, 처리량, 그리고 EM.",
            3,
        ),
        ("배포 3단계는?", "배포는 세 단계로 나뉜다: 내부, 10%, 전체.", 3),
        ("What are the three criteria?", "We fixed three criteria: latency, load and EM.", 3),
        ("eval 기준 three criteria는?", "Three criteria: latency, load, EM.", 3),
    ],
)
def test_a_line_naming_the_asked_size_announces_the_list(
    question: str, text: str, count: int
) -> None:
    assert announces_count(question, text, count)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "count"),
    [
        # The size without the items: the line names the list, and holds none of it.
        ("배포를 평가할 기준 세 가지는?", "측정 기준은 세 가지로 정했다.", 3),
        # Another count, or the same count of something else.
        ("배포를 평가할 기준 세 가지는?", "기준은 네 가지로 정했다: a, b, c, d.", 3),
        ("What are the three criteria?", "It took three days: Monday, Tuesday, Friday.", 3),
        # No count asked.
        ("배포 기준은?", "측정 기준은 세 가지로 정했다: a, b, c.", None),
    ],
)
def test_other_lines_announce_nothing(question: str, text: str, count: int | None) -> None:
    assert not announces_count(question, text, count)


ESSAY = note_hit(
    0,
    "결론부터 말하면 11월 배포에는 양자화와 paging을 함께 넣는다. 측정 기준은 세 가지로 "
    "정했다: 토큰당 지연, 동시 사용자 수, 그리고 answer EM이 1점 이상 떨어지지 않을 것.",
    "KV cache 에세이 > 그래서 무엇을 했나",
)
STATUS = note_hit(
    1,
    "평가셋 v1.0 동결 · 하이브리드 검색 hit@5 0.86 · 오류 분석 진행 중 · 투고 마감 2027-02-15",
    "NoteSearch-ko > 상태 (2026-11-02 기준)",
)
ESSAY_EN = note_hit(
    0,
    "In short, the November release ships quantisation and paging. We fixed three "
    "criteria: latency per token, concurrent users, and an answer EM drop under one point.",
    "KV cache essay > What we did",
    lang="en",
)
STATUS_EN = note_hit(
    1,
    "Eval set v1.0 frozen · hybrid search hit@5 0.86 · error analysis ongoing · "
    "submission due 2027-02-15",
    "NoteSearch > Status",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits"),
    [
        ("11월 배포를 평가할 기준 세 가지는?", [ESSAY, STATUS]),
        ("What are the three criteria for the November release?", [ESSAY_EN, STATUS_EN]),
        ("November release 평가 기준 세 가지는?", [ESSAY, STATUS]),
    ],
)
def test_the_sentence_naming_three_criteria_answers(
    question: str, hits: list, analyzer: Analyzer
) -> None:
    # Lexically the status line wins (평가, 기준 in its heading, four "·" parts): only
    # the asked size, written before the items, puts the criteria sentence first.
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.atype.kind == "list"
    lead = ex.sentences[ex.lead].text
    assert "동시 사용자 수" in lead or "concurrent users" in lead


CHECKLIST = note_hit(
    0,
    "1. Check the benchmark's age and whether its problems are public.\n"
    "2. Count the problems and what one problem is worth.\n"
    "3. Compare with a private set from your own code.\n"
    "4. Run at least two seeds.\n",
    "Evaluating code models > Checklist before trusting a code benchmark number",
    lang="en",
)
CHECKLIST_KO = note_hit(
    0,
    "- 벤치마크가 공개된 지 얼마나 됐는지 확인\n"
    "- 문제 수와 한 문제의 점수 비중 계산\n"
    "- 우리 코드로 만든 비공개 세트와 비교\n"
    "- seed 두 개 이상으로 실행\n",
    "코드 모델 평가 > Code benchmark 결과를 믿기 전 체크리스트",
)
CHECKLIST_KO_KO = note_hit(
    0, CHECKLIST_KO.text, "코드 모델 평가 > 코드 벤치마크 결과를 믿기 전 체크리스트"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hit", "third"),
    [
        ("What should I check before trusting a code benchmark number?", CHECKLIST, "private"),
        ("코드 벤치마크 결과를 믿기 전에 뭘 봐야 해?", CHECKLIST_KO_KO, "비공개"),
        ("Code benchmark 결과를 믿기 전에 뭘 봐야 해?", CHECKLIST_KO, "비공개"),
    ],
)
def test_a_question_restating_a_list_heading_gets_its_items(
    question: str, hit: object, third: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [hit], analyzer=analyzer, embedder=None)  # type: ignore[list-item]
    text = " ".join(c.text for c in ex.sentences)
    assert third in text and ("two seeds" in text or "두 개" in text)
    assert ex.short is None  # the items lead


@pytest.mark.unit
def test_a_heading_naming_no_list_or_not_restated_is_no_list() -> None:
    units = build_units(CHECKLIST.text, CHECKLIST.heading)
    # The question names another subject than the checklist's.
    assert not restates_list_heading(
        "How many seeds did the team run?", units[3], 4, LIST_LEAD_ITEMS
    )
    # A heading that names no list ("Results"), though the question restates it.
    plain = build_units("- a 1\n- b 2\n- c 3\n", "Code benchmark results")
    assert not restates_list_heading(
        "What are the code benchmark results?", plain[0], 3, LIST_LEAD_ITEMS
    )
    # Too few items to be a list answer.
    assert not restates_list_heading(
        "What should I check before trusting a code benchmark number?",
        units[0],
        2,
        LIST_LEAD_ITEMS,
    )
