"""Near misses of the fifteenth round (docs/benchmarks.md "Refusals, fifteenth round:
siblings and attributes"): an attribute the notes keep for some entries and not the
asked one (a price, a founder, an e-mail address, an organisation's staff count:
answer/refusal.py), a lead unit about a sibling season whose row names the asked one in
passing (answer/member_units.py), and a numbered product asked in the plural
(answer/evidence.py). Korean, English and mixed questions over notes written for the
test; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.empty_cells import empty_asked_cell
from notelens.answer.evidence import name_present
from notelens.answer.extractive import extract
from notelens.answer.member_units import unframed_lead
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    asked_attribute,
    attribute_stated,
    measure_factor,
)
from notelens.answer.units import AnswerUnit, build_units
from notelens.answer.unqualified import numbered_missing
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Pelican-Embed v3 API 가격은 얼마야?", "price"),
        ("What is the price of the Pelican-Embed API?", "price"),
        ("How much does the Pelican API cost?", "price"),
        ("Pelican-Embed 요금이 얼마야?", "price"),
        ("Who founded Ostrava AI?", "founder"),
        ("Ostrava AI 창업자는 누구야?", "founder"),
        ("Kite-Bench를 만든 사람 이름은?", "founder"),
        ("Ostrava AI의 co-founder는?", "founder"),
        ("담당자 이메일 주소 알려줘", "email"),
        ("What is the e-mail of the workshop chair?", "email"),
        ("Ostrava AI 직원은 몇 명이야?", "headcount"),
        ("How many employees does Ostrava AI have?", "headcount"),
        # Not these attributes: a training cost, a fee, who released a model (a lab),
        # a date asked of the price.
        ("Pelican-Embed API 가격은 언제부터 적용돼?", None),
        ("When does the new Pelican-Embed pricing take effect?", None),
        ("새 체계에서는 무엇에 비례하여 요금을 내게 했는가?", None),
        ("학습에 든 GPU 비용은?", "cost"),
        ("스터디 참가비는 얼마야?", "fee"),
        ("Who released Kite-Bench?", None),
        ("Kite-Bench는 누가 만들었어?", None),
    ],
)
def test_the_new_attributes_are_asked(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("price", "입력 100만 토큰당 $0.02, 출력은 무료", True),
        ("price", "월 9,900원 구독", True),
        ("price", "$0.10 per 1M tokens", True),
        ("price", "Pelican-Embed v2: 1024차원, MTEB 64.1", False),
        ("founder", "2019년 Maren Holt와 Ivo Brandt가 설립", True),
        ("founder", "founded by ex-Google researchers", True),
        ("founder", "대표 한결 박사", True),
        ("founder", "2026-04-02 | Kite-Bench | 40m | keep", False),
        ("founder", "- Ostrava AI: 추론 특화 스타트업, 서울 소재", False),
        ("email", "문의: chair@kite-workshop.org", True),
        ("email", "문의는 슬랙 #kite 채널로", False),
        ("headcount", "직원 42명, 서울과 베를린", True),
        ("headcount", "about 30 employees", True),
        ("headcount", "Ostrava AI, 2021년 설립, 시리즈 A", False),
    ],
)
def test_the_new_attribute_values(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_a_founder_is_not_read_over_prose() -> None:
    # A prose sentence names the founder as it names anyone (no byline, no title):
    # "정하람이 세운" is a name no pattern knows. A note line is read.
    prose = "1947년 정하람이 세운 이 회사는 건설업으로 시작하였다."
    assert measure_factor("이 회사의 창업자는?", prose, "sentence") == 1.0
    line = "2026-04-02 | Kite-Bench | 40m | keep"
    assert measure_factor("Kite-Bench를 만든 사람 이름은?", line, "sentence") == pytest.approx(
        1.0 - ATTRIBUTE_PENALTY
    )
    bullet = "Ostrava AI: 추론 특화 스타트업, 서울 소재"
    assert measure_factor("Who founded Ostrava AI?", bullet, "item") == pytest.approx(
        1.0 - ATTRIBUTE_PENALTY
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("h100s", "클러스터 h100 32장", True),
        ("h100s", "8x h100s, 3 days", True),
        ("h100s", "h1000 board", False),
        ("v100s", "a100 16장", False),
    ],
)
def test_a_numbered_product_in_the_plural_is_named_by_its_singular(
    name: str, text: str, found: bool
) -> None:
    assert name_present(name, text) is found


@pytest.mark.unit
def test_a_korean_note_keeps_the_translated_names_version() -> None:
    question = "How many hours of audio does Busan Dialect Corpus v3 have?"
    assert not numbered_missing(question, "- 520 hours\n부산 방언 코퍼스 v3 (2026)")
    assert numbered_missing(question, "- 520 hours\n부산 방언 코퍼스 v2 (2026)")
    assert numbered_missing(question, "- 520 hours\n부산 방언 코퍼스 (2026)")
    # A hyphenated name with its number after a space ("Jindo-Math 2에서"): the
    # family's unit ("Jindo-Math — 발표") does not write it.
    assert numbered_missing("Jindo-Math 2에서 최고 정답률은?", "최고 92.4%\nJindo-Math — 발표")
    assert not numbered_missing("Jindo-Math 2에서 최고 정답률은?", "최고 92.4%\nJindo-Math 2 공개")
    # Only a version written with its "v": "Busan Corpus 3" is not "… 코퍼스 v3".
    assert numbered_missing("Busan Corpus 3의 크기는?", "부산 방언 코퍼스 v3")


# -- the lead unit about a sibling season ------------------------------------------------

SYLLABUS = (
    "| 주차 | 날짜 | 주제 | 발표자 |\n"
    "| -- | -- | -- | -- |\n"
    "| 1 주차 | 9/5 | 오리엔테이션 | 남궁솔 |\n"
    "| 10 주차 | 11/7 | 시즌2 회고 및 시즌3 주제 정하기 | 남궁솔 |\n"
)
TITLE = "[모임] 추론 모델 읽기 시즌2"


def _rows(text: str, heading: str) -> list[AnswerUnit]:
    return [u for u in build_units(text, heading) if u.kind == "row"]


@pytest.mark.unit
def test_a_row_naming_the_asked_season_in_passing_is_its_sections() -> None:
    rows = _rows(SYLLABUS, f"{TITLE} > 발표 순서")
    # The season-2 syllabus' last row names season 3 beside season 2: it is season 2's.
    assert unframed_lead("시즌3 발표 순서 알려줘", rows[1], rows)
    assert unframed_lead("What is the presentation order of season 3?", rows[1], rows)
    # The asked season is the section's own: no sibling.
    assert not unframed_lead("시즌2 발표 순서 알려줘", rows[1], rows)
    # A quoted unit framed by season 3 alone (its own heading) answers for it.
    framed = _rows(SYLLABUS, "[모임] 추론 모델 읽기 시즌3 > 발표 순서")
    assert not unframed_lead("시즌3 발표 순서 알려줘", rows[1], [*rows, framed[0]])
    # Two seasons asked: a change or a comparison, which a unit of either answers.
    assert not unframed_lead("시즌2에서 시즌3로 넘어가며 바뀐 것은?", rows[1], rows)
    assert not unframed_lead("What changed from season 2 to season 3?", rows[1], rows)
    # A bullet naming the asked season in passing frames nothing.
    passing = build_units("- 참가자 12명 (시즌3는 15명 예정)\n", f"{TITLE} > 1주차")
    assert unframed_lead("시즌3 발표 순서 알려줘", rows[1], [*rows, *passing])
    # No member asked: nothing to read.
    assert not unframed_lead("발표 순서 알려줘", rows[1], rows)


# -- a row leaving the asked column empty ------------------------------------------------

SCHEDULE = (
    "| Session | Date | Paper | Lead | Respondent | Notes |\n"
    "|---|---|---|---|---|---|\n"
    "| R4 | March 3rd | Token Budgets | Noa Weller | Ilse Marten | |\n"
    "| R5 | March 10th | Closing panel | everyone | | final meeting |\n"
)
KO_SCHEDULE = (
    "| 회차 | 날짜 | 논문 | 발표자 | 토론자 |\n"
    "| -- | -- | -- | -- | -- |\n"
    "| 4 | 4/2 | Token Budgets | 남궁솔 | 여하린 |\n"
    "| 5 | 4/9 | 자유 토론 | 전원 | |\n"
)


@pytest.mark.unit
def test_a_row_leaving_the_asked_column_empty() -> None:
    r4, r5 = _rows(SCHEDULE, "Budget Reading Circle > Schedule")
    assert empty_asked_cell("Who was the respondent at session R5?", r5)
    assert not empty_asked_cell("Who was the respondent at session R4?", r4)
    # A column the row fills, or none the question names.
    assert not empty_asked_cell("Who led session R5?", r5)
    assert not empty_asked_cell("What happened at R5?", r5)
    # R4's notes cell is empty, and the question names it.
    assert empty_asked_cell("What do the notes say about R4?", r4)
    k4, k5 = _rows(KO_SCHEDULE, "독서 모임 > 일정")
    assert empty_asked_cell("5회차 토론자는 누구야?", k5)
    assert not empty_asked_cell("4회차 토론자는 누구야?", k4)
    assert not empty_asked_cell("5회차 발표자는 누구야?", k5)
    # The row writes the empty column's word in another cell: it speaks of it there.
    merged = _rows(
        "| 회차 | 날짜 | 범위 | 비고 |\n| -- | -- | -- | -- |\n| | | Switch 부록 | 3회차에 같이 |\n",
        "독서 모임 > 일정",
    )[0]
    assert not empty_asked_cell("Switch 부록은 몇 회차에 다뤄?", merged)
    # Not a row: nothing to read.
    bullet = build_units("- R5 closing panel, no respondent\n", "Budget Reading Circle")[0]
    assert not empty_asked_cell("Who was the respondent at session R5?", bullet)


# -- the extractor -----------------------------------------------------------------------

HITS = [
    note_hit(
        0,
        "- 🧑‍💻 [Ostrava AI] Pelican-Embed v2\n"
        "    - 1024차원 다국어 임베딩, MTEB 64.1\n"
        "    - 한국어 검색 recall@10 0.81\n",
        "archive 2026 > April > 2nd week",
    ),
    note_hit(1, SYLLABUS, f"{TITLE} > 발표 순서"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Pelican-Embed v2 API 가격은 얼마야?",
        "What is the price of the Pelican-Embed v2 API?",
        "Who founded Ostrava AI?",
        "Ostrava AI 창업자는 누구야?",
    ],
)
def test_an_attribute_no_entry_gives_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS[:1], analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
def test_the_sibling_seasons_syllabus_is_refused(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("시즌3 발표 순서 알려줘", HITS[1:], analyzer=analyzer, embedder=embedder)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Pelican-Embed v2는 몇 차원이야?", "1024"),
        ("What MTEB score does Pelican-Embed v2 get?", "64.1"),
    ],
)
def test_the_facts_the_notes_give_are_answered(
    question: str, value: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS[:1], analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert value in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
