"""Short answers a user probe found wrong on a study syllabus: a period asked is both
ends of its range (answer/periods.py), "왜 / why" asks a reason even beside a role noun
(answer/qtype.py), and a reason is never a table cell. Korean, English and mixed; the
last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.periods import asks_period, period_span
from notelens.answer.qtype import answer_type
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "독서 모임 기간은?",
        "시즌2 기간이 언제야?",
        "세미나 언제부터 언제까지 해?",
        "How long did the reading group run?",
        "When do the spring sessions start and end?",
        "weekly digest는 어느 기간을 다뤄?",
    ],
)
def test_a_period_is_asked(question: str) -> None:
    assert asks_period(question)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "회담 기간 중 합의한 행사는?",  # the period is the topic, not the ask
        "발표는 몇 시간이야?",  # a duration
        "How long is each talk?",
        "How long did the SFT run take?",  # "run" is a noun here: a duration
        "What are the embeddings initialised from when the vocabulary grows?",
        "시즌4는 언제 시작해?",  # one end only
    ],
)
def test_no_period_is_asked(question: str) -> None:
    assert not asks_period(question)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("- 2031-03-05 ~ 2031-06-25 (16회)", "2031-03-05 ~ 2031-06-25"),
        ("- 기간: 3/5 ~ 6/25, 방학 없음", "3/5 ~ 6/25"),
        ("2031년 3월부터 2031년 6월까지 진행", "2031년 3월부터 2031년 6월까지"),
        ("Runs March 5 to June 25, 2031.", "March 5 to June 25, 2031"),
        ("The pilot ran Jan 2031 – Apr 2031 on two GPUs.", "Jan 2031 – Apr 2031"),
    ],
)
def test_both_ends_of_the_range(text: str, period: str) -> None:
    span = period_span("How long did the sessions run?", text)
    assert span is not None and span.text == period
    assert text[span.start : span.end] == period


@pytest.mark.unit
def test_an_open_range_or_no_range_gives_no_period() -> None:
    assert period_span("기간은?", "- 2031-01-27 ~ (종료일 미정)") is None
    assert period_span("기간은?", "- 5/8 출장으로 발표자 교체") is None
    assert period_span("발표자는?", "- 2031-03-05 ~ 2031-06-25") is None  # not asked


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "3주차 발표자가 왜 바뀌었어?",
        "Why was the week 3 presenter replaced?",
        "7B 실험은 왜 중단했어?",
    ],
)
def test_why_asks_a_reason_beside_a_role_or_number(question: str) -> None:
    assert answer_type(question).kind == "reason"


SYLLABUS = (
    "| 주차 | 논문 | 발표자 | 날짜 |\n|---|---|---|---|\n"
    "| 3 | Sparse Echo | 문가온 | 2031-03-19 |\n"
    "| 4 | Quill-9B report | 백서진 | 2031-03-26 |\n"
)
CHANGES = "- 03/12: 3주차 발표자 교체 (백서진님 학회 출장). 3주차 문가온, 4주차 백서진으로 확정\n"
HITS = [
    note_hit(0, SYLLABUS, "[독서 모임] 2031 봄 > 발표 순서"),
    note_hit(1, CHANGES, "[독서 모임] 2031 봄 > 변경 이력"),
    note_hit(2, "- 2031-03-05 ~ 2031-06-25 (16회)\n- 4/9는 휴강\n", "[독서 모임] 2031 봄 > 기간"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["3주차 발표자가 왜 바뀌었어?", "Why was the week 3 presenter changed?"]
)
def test_a_reason_is_not_the_presenters_cell(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "출장" in ex.sentences[0].text
    assert ex.short is None or ex.short.text not in ("문가온", "백서진")


@pytest.mark.integration
@pytest.mark.parametrize("question", ["독서 모임 기간은?", "독서 모임 언제부터 언제까지야?"])
def test_the_period_leads_the_answer(question: str, analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "2031-03-05 ~ 2031-06-25"
