"""Refusals on the third blind archive (docs/benchmarks.md "Refusals on the third blind
archive, eleventh round"):

- a version ("SFT v5", "version 2", "버전 3") and a session ("회차: 5", "Session 3") are
  members (answer/members.py): the changelog's or the syllabus's siblings; a question
  naming two versions (a transition) is answered by a unit writing one of them, and an
  entry's version counts for its bullets ("v1의 … 를 늘림" under the v2 entry);
- a meeting's date is its heading's (answer/meeting_dates.py): a line of another
  meeting that writes the asked date as a due date answers for a sibling;
- a paper's authors, the maker asked as an organisation and an absence are attributes
  (answer/refusal.py): a unit naming the subject and not the value does not answer.

Every rule is tested on Korean, English and mixed questions; the last test runs the
extractor (real Kiwi, real e5) over invented minutes, a results table and a papers list.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.meeting_dates import meeting_elsewhere, month_days
from notelens.answer.members import SIBLING_PENALTY, member_factor, members, sibling_only
from notelens.answer.refusal import asked_attribute, attribute_stated, measure_factor
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

THRESHOLD = AnswerConfig().refuse_below


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Quill SFT v5의 KMMLU 점수는?", [("5", "v")]),
        ("What changed in version 2 of the eval set?", [("2", "v")]),
        ("평가셋 버전 3은 언제 나와?", [("3", "v")]),
        # "v1.0" is "v1"; a version glued to a Korean particle is still one.
        ("평가셋 v1.0으로 동결, 수정은 v1.1로만", [("1", "v"), ("1.1", "v")]),
        # A session, its counter before or after the number, in either language.
        ("회차: 5 · 발제: 윤가람", [("5", "회차")]),
        ("Who presents Session 3?", [("3", "회차")]),
        ("모임 10회차 발제자는?", [("10", "회차")]),
        # No version: a word with a v inside; a session named by a code is no session
        # number, but a code whose siblings are the other E-codes (twentieth round).
        ("dev3 브랜치와 rev2 문서", []),
        ("Session: E4 · Date: Oct 9", [("4", "code-E")]),
        # A release keeps its name as the counter.
        ("vLLM v0.8 release notes", [("0.8", "vllm")]),
    ],
)
def test_versions_and_sessions_are_members(text: str, found: list[tuple[str, str]]) -> None:
    assert members(text) == found


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "sibling"),
    [
        # The version the table lacks: the row of another version answers for a sibling.
        ("Quill-3B SFT v5의 KMMLU 점수는?", "model: Quill-3B SFT v4 · score: 51.0", "결과", True),
        ("What KMMLU score did Quill SFT v5 get?", "model: Quill SFT v4 · score: 51.0", "", True),
        ("Quill SFT v4 KMMLU score는?", "model: Quill SFT v4 · score: 51.0", "", False),
        # A transition names two versions: a unit writing one of them answers it.
        ("Why were the v1 settings changed for v2?", "why: v1 underfit the tables", "", False),
        ("v3에서 v4로 넘어갈 때 lr은?", "lr 3e-4 → 1e-4 (v3 loss spiked)", "v3 → v4", False),
        ("What changed from v3 to v4?", "v2 added the Korean split", "v1 → v2", True),
        # The entry's version counts for a bullet that names its predecessor.
        (
            "RefuseBench v2에서 프롬프트는 몇 개야?",
            "v1의 3,200개를 9,600개로",
            "RefuseBench v2",
            False,
        ),
        # A session past the syllabus's last: the row of another session.
        ("MoE 모임 10회차 발제자는 누구야?", "회차: 5 · 발제: 윤가람", "한국어 코호트 일정", True),
        ("Who presents session 10 of the MoE group?", "회차: 5 · 발제: 윤가람", "", True),
        ("MoE 모임 5회차 발제자는?", "회차: 5 · 발제: 윤가람", "", False),
    ],
)
def test_a_sibling_version_or_session(
    question: str, unit: str, context: str, sibling: bool
) -> None:
    assert sibling_only(question, unit, context) is sibling


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("## 2026-09-15 (월) 회의", {(9, 15)}),
        ("9월 29일 회의에서 뭘 정했어?", {(9, 29)}),
        ("12월 회의는 격주(12/1, 12/15)로", {(12, 1), (12, 15)}),
        ("What was decided at the Sep 22 meeting, or on 6 October?", {(9, 22), (10, 6)}),
        # No date: a fraction's tail, a score, a year.
        ("1/2/3 split, 41.5 EM, 2026년 가을", set()),
    ],
)
def test_month_days(text: str, dates: set[tuple[int, int]]) -> None:
    assert month_days(text) == dates


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "context", "elsewhere"),
    [
        # The asked meeting is not in the minutes: the line is another meeting's.
        (
            "9월 29일 회의에서 무엇을 결정했어?",
            "회의록 (2026 가을) > 2026-09-22 (월) 회의 > 할 일",
            True,
        ),
        ("What was decided at the September 29 meeting?", "Minutes > 2026-09-22 > Decisions", True),
        ("12/15 meeting 결정 사항 알려줘", "회의록 > 2026-11-17 (월) 회의 > 결정 사항", True),
        # The asked meeting's own heading; a meeting among several quoted.
        ("9월 22일 회의에서 무엇을 결정했어?", "회의록 > 2026-09-22 (월) 회의 > 결정 사항", False),
        ("What did the Sep 22 meeting decide?", "2026-09-15 회의\n2026-09-22 회의", False),
        # No meeting asked (a due date), or a context with no date (a summary note).
        ("9/29까지 할 일은 뭐야?", "회의록 > 2026-09-22 (월) 회의 > 할 일", False),
        ("9월 29일 회의에서 무엇을 결정했어?", "프로젝트 허브 > 요약", False),
    ],
)
def test_a_meeting_is_dated_by_its_heading(question: str, context: str, elsewhere: bool) -> None:
    assert meeting_elsewhere(question, context) is elsewhere


@pytest.mark.unit
def test_the_meeting_penalty_reads_the_heading_not_the_due_date() -> None:
    unit = "[ ] 윤가람: 한국어 SFT 데이터 정리 — 9/29까지"
    context = "회의록 > 2026-09-22 (월) 회의 > 할 일"
    factor = member_factor("9월 29일 회의에서 무엇을 결정했어?", unit, context)
    assert factor == pytest.approx(1.0 - SIBLING_PENALTY)
    assert member_factor("9월 22일 회의에서 정한 할 일은?", unit, context) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Jacobi Lookahead 논문은 누가 썼어?", "authors"),
        ("Who wrote the paper on Jacobi Lookahead?", "authors"),
        ("Jacobi Lookahead 논문 저자는 누구야?", "authors"),
        ("Which organisation released Patchwork ViT?", "affiliation"),
        ("Quill-3B는 어느 회사에서 만든 모델이야?", "affiliation"),
        ("윤가람은 MoE 모임 몇 회차에 결석했어?", "absence"),
        ("Who was absent from the Sep 22 meeting?", "absence"),
        # Not asked: a poem's writer, a note's writer, what the authors conclude, who
        # presented, a reason for a missing session.
        ("Who wrote the poem Ozymandias?", None),
        ("사내 RAG 회고는 누가 썼어?", None),
        ("What do the Jacobi Lookahead authors conclude?", None),
        ("Jacobi Lookahead 논문은 누가 발표해?", None),
        ("3회차가 빠진 이유는?", None),
    ],
)
def test_the_new_attributes_asked(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("authors", "Ladder Draft (Mina Park, Joel Reyes) — draft를 계단식으로", True),
        ("authors", "Ladder Draft — 김민수 외 3명, 계단식 draft", True),
        ("authors", "Lookahead decoding — Jacobi iteration으로 n-gram pool을 만듦", False),
        ("affiliation", "Patchwork ViT (Northwind AI) — ImageNet top-1 86.9", True),
        ("affiliation", "Patchwork ViT — ImageNet top-1 86.9", False),
        ("absence", "- 불참: 윤가람 (병가)", True),
        ("absence", "Absent: Mina (travel)", True),
        ("absence", "회차: 7 · 일시: 10/29 (수) · 발제: 윤가람", False),
    ],
)
def test_the_new_attributes_stated(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_the_paper_s_own_title_is_no_author() -> None:
    # A title-cased paper name reads as a person's name: the question's names are left
    # out before the authors' form is read (Korean, English).
    unit = "Jacobi Lookahead — n-gram pool을 만듦. draft model 불필요"
    assert measure_factor("Jacobi Lookahead 논문은 누가 썼어?", unit) < 1.0
    assert measure_factor("Who wrote the paper Jacobi Lookahead?", unit) < 1.0
    byline = "Ladder Draft (Mina Park, Joel Reyes) — draft를 계단식으로"
    assert measure_factor("Ladder Draft 논문은 누가 썼어?", byline) == 1.0


HITS = [
    note_hit(
        0,
        "- [ ] 윤가람: 한국어 SFT 데이터 정리 — 3/30까지\n- [ ] 배도윤: 평가 스크립트 정리 — 3/30까지\n",
        "연구실 회의록 (2026 봄) > 2026-03-23 (월) 회의 > 할 일",
    ),
    note_hit(
        1,
        "- 배포는 4월 첫 주로 미루기로 결정\n- 평가셋은 v1.0으로 동결\n",
        "연구실 회의록 (2026 봄) > 2026-03-16 (월) 회의 > 결정 사항",
    ),
    note_hit(
        2,
        "| model | dataset | score |\n|---|---|---|\n| Quill-3B SFT v2 | KMMLU | 48.1 |\n"
        "| Quill-3B SFT v3 | KMMLU | 49.0 |\n",
        "벤치마크 결과 > SFT",
    ),
    note_hit(
        3,
        "- Jacobi Lookahead — Jacobi iteration으로 n-gram pool을 만듦. draft model 불필요\n"
        "- Ladder Draft (Mina Park, Joel Reyes) — draft를 계단식으로 키움\n",
        "추측 디코딩 > 관련 논문",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        # The near misses: no value, a strength under the threshold.
        ("3월 30일 회의에서 무엇을 결정했어?", None),
        ("What was decided at the March 30 meeting?", None),
        ("Quill-3B SFT v4의 KMMLU 점수는 몇이야?", None),
        ("What KMMLU score did Quill-3B SFT v4 get?", None),
        ("Jacobi Lookahead 논문은 누가 썼어?", None),
        # What the notes give: the lead unit holds it, answered.
        ("3월 16일 회의에서 배포는 언제로 미뤘어?", "4월"),
        ("Quill-3B SFT v3의 KMMLU 점수는 몇이야?", "49.0"),
        ("What KMMLU score did Quill-3B SFT v3 get?", "49.0"),
        ("Ladder Draft 논문은 누가 썼어?", "Mina Park"),
    ],
)
def test_over_invented_notes(
    question: str, value: str | None, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    if value is None:
        assert ex.strength < THRESHOLD
    else:
        assert (value in ex.sentences[ex.lead].text, ex.strength >= THRESHOLD) == (True, True)
