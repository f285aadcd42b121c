"""Units that answer for a sibling of the asked member, read more closely.

- the family's unnumbered name over the numbered member asked ("Sparse Echo 2" over the
  "Sparse Echo: …" row; answer/unqualified.py);
- a member written as a comparison's reference ("시즌2보다 3명 늘었음") is not the one
  the unit is about (answer/members.py);
- a release followed by a Korean particle ("orchard-serve v1.1은") is a release;
- a number the evidence writes only with another Korean measure ("1,024차원" for
  "1024 토큰으로") is not written (answer/unwritten.py).

Korean, English and mixed questions; the last tests run the extractor with real Kiwi and
e5 over invented notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.members import (
    SIBLING_PENALTY,
    member_factor,
    members,
    sibling_only,
    stated_members,
)
from notelens.answer.unqualified import numbered_missing, numbered_names
from notelens.answer.unwritten import question_numbers, unwritten
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Who presented Sparse Echo 2 in the reading group?", [("Sparse Echo", "2")]),
        ("RefuseBench v2에서 최저 over-refusal은?", [("RefuseBench", "2")]),
        ("Tamna-2 논문 발표자는?", [("Tamna", "2")]),
        ("Qwen2.5의 MMLU는?", [("Qwen", "2.5")]),
        ("Llama Guard 2는 뭐야?", [("Llama Guard", "2")]),
        # A capitalised question word is no part of the name.
        ("Which Llama 3 sizes were released?", [("Llama", "3")]),
        # A score, a count, a counter, a date, a name of its own: no release.
        ("MMLU 70은 넘었어?", []),
        ("Top 100 목록", []),
        ("What did Season 2 cover?", []),
        ("the October 20 meeting", []),
        ("GPT-4o의 가격은?", []),
        ("Sparse Echo 2 논문은 누가 썼어?", [("Sparse Echo", "2")]),
        ("H100 GPU 8장으로 돌렸어?", []),
        ("LoRA 3 LINE SUMMARY", []),
    ],
)
def test_numbered_names(question: str, names: list[tuple[str, str]]) -> None:
    assert numbered_names(question) == names


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "missing"),
    [
        (
            "Who presented Sparse Echo 2?",
            "Paper: Sparse Echo: KV Cache Eviction by Attention Echo · Presenter: Elena Varga",
            True,
        ),
        ("Who presented Sparse Echo 2?", "Paper: Sparse Echo 2 · Presenter: Elena Varga", False),
        ("Who presented Sparse Echo 2?", "Paper: SparseEcho-2 · Presenter: Elena Varga", False),
        ("RefuseBench v2의 최저 over-refusal은?", "RefuseBench: Measuring Over-Refusal", True),
        ("RefuseBench v2의 최저 over-refusal은?", "RefuseBench v2: Over-Refusal at Scale", False),
        ("RefuseBench v2의 최저 over-refusal은?", "refusebench-v2 정리", False),
        # The unit names another entry altogether.
        ("Who presents the Tamna-2 paper?", "Paper: Sparse Echo 2 · Presenter: Elena Varga", True),
        ("Tamna-2 논문 발표자는?", "Paper: Tamna-2 Technical Report · 발표자: 한서윤", False),
        ("Which Llama 3 sizes were released?", "Introducing Meta Llama 3 (blog)", False),
        # Another release is a sibling as well.
        ("Qwen2.5의 MMLU는?", "Qwen2 72B: MMLU 84.2", True),
    ],
)
def test_numbered_missing(question: str, unit: str, missing: bool) -> None:
    assert numbered_missing(question, unit) is missing


@pytest.mark.unit
def test_member_factor_counts_the_family_as_a_sibling() -> None:
    q = "Sparse Echo 2 논문의 발표자는 누구야?"
    row = "Paper: Sparse Echo: KV Cache Eviction · Presenter: Elena Varga"
    assert member_factor(q, row) == pytest.approx(1 - SIBLING_PENALTY)
    assert member_factor(q, row, "Schedule > Sparse Echo 2 reading") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("시즌2보다 3명 늘었음", []),
        ("v1 대비 2배 빠름", []),
        ("8B에 비해 MMLU가 낮음", []),
        ("better than the 7B model", []),
        ("3 points up compared to season 2", []),
        ("시즌3은 시즌2보다 길다", [("3", "시즌")]),
        ("13B 모델의 MMLU 점수", [("13", "B")]),
    ],
)
def test_stated_members_leave_the_compared_one_out(
    text: str, stated: list[tuple[str, str]]
) -> None:
    assert stated_members(text) == stated


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "sibling"),
    [
        # The unit compares against the asked season; its heading is another season's.
        (
            "시즌2 스터디에서는 어떤 논문을 읽었어?",
            "시즌2보다 3명 늘었음.",
            "스터디 시즌3 > 1주차",
            True,
        ),
        (
            "What did the season 2 study read?",
            "3 more members than season 2",
            "Season 3 > Week 1",
            True,
        ),
        # Written beside its siblings, the asked member is the unit's as well (reading
        # the heading path instead refused a wrong answer of a held-out row: not kept).
        (
            "시즌4 발표 순서 알려줘",
            "논문: 시즌3 회고 및 시즌4 주제 투표",
            "스터디 시즌3 > 발표 순서",
            False,
        ),
        # The asked member alone is the unit's own.
        ("시즌2 스터디 인원은?", "시즌2는 12명", "스터디 시즌3 > 1주차", False),
    ],
)
def test_sibling_only_reads_comparisons_and_mentions(
    question: str, unit: str, context: str, sibling: bool
) -> None:
    assert sibling_only(question, unit, context) is sibling


@pytest.mark.unit
def test_a_release_before_a_korean_particle() -> None:
    assert members("orchard-serve v1.1은 adapter를 몇 개 올려?") == [("1.1", "orchard-serve")]
    assert members("vLLM 0.8에서 바뀐 점") == [("0.8", "vllm")]
    assert members("v0.8.3x") == []
    assert sibling_only(
        "orchard-serve v1.1은 LoRA adapter를 몇 개까지 올려?",
        "multi-LoRA serving: adapter 256개를 동시에 올림",
        "archive > April > 2nd week > [Orchard AI] orchard-serve v1.0",
    )


def _none(_: str) -> list[str]:
    return []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "evidence", "missing"),
    [
        # Written only as another measure: a sibling setting's number.
        ("chunk를 1024 토큰으로 했을 때 결과는?", "출력 1,024차원\nchunk 512 토큰", ["1024"]),
        ("chunk를 1024 토큰으로 했을 때 결과는?", "chunk 1024 토큰: recall 0.8", []),
        ("chunk를 1024 토큰으로 했을 때 결과는?", "chunk 1,024토큰으로 늘림", []),
        # A bare number, a particle, a Latin unit: written.
        ("chunk를 1024 토큰으로 했을 때 결과는?", "chunk 1024로 바꿈", []),
        ("chunk를 1024 토큰으로 했을 때 결과는?", "chunk of 1,024 tokens", []),
        ("batch를 64로 바꾼 결과는?", "64차원 임베딩", []),
        ("What happened at 1024 tokens?", "출력 1,024차원", []),
    ],
)
def test_a_number_written_with_another_measure(
    question: str, evidence: str, missing: list[str]
) -> None:
    assert question_numbers(question)
    assert unwritten(question, evidence, _none, lambda _t: True, {}) == missing


HITS = [
    note_hit(
        0,
        "| Session | Paper | Presenter |\n|---|---|---|\n"
        "| S1 | Sparse Echo: KV Cache Eviction by Attention Echo | Elena Varga |\n"
        "| S2 | Lazy Verifiers | Minho Park |\n",
        "Tuesday Reading Group > Schedule",
        lang="en",
    ),
    note_hit(1, "- 📜 [Lab] Sparse Echo 2 preprint is out, not yet scheduled\n", "archive > May"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Who presents Sparse Echo 2 at the reading group?",
        "Sparse Echo 2는 누가 발표해?",
        "reading group에서 Sparse Echo 2 발표자는 누구야?",
    ],
)
def test_the_family_row_is_refused_for_the_numbered_member(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "Elena Varga" in ex.sentences[0].text
    assert ex.strength < AnswerConfig().refuse_below
    monkeypatch.setattr("notelens.answer.members.SIBLING_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx((1 - SIBLING_PENALTY) * without.strength)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["Who presents Sparse Echo at the reading group?", "Sparse Echo는 누가 발표해?"]
)
def test_the_family_row_answers_for_the_family(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "Elena Varga" in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
