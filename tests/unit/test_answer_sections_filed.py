"""A "which section" question naming an entry (answer/filed_entries.py): the entry's own
section answers, not the folder of another note's line that only mentions the thing.

Made-up notes: a repository README whose folder list mentions a guard model, and a paper
list that files the same model as a numbered entry under its section; Korean, English
and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.filed_entries import filed_entry
from notelens.answer.units import AnswerUnit, build_units

README = note_hit(
    0,
    "- /safety\n  - 프롬프트 공격 정리: 간접 주입, Sentinel Guard, 방어 기법 메모",
    "notes-repo",
)
PAPERS = note_hit(
    1,
    "1. Sentinel Guard: 대화 입출력을 거르는 안전 분류기(2023)\n"
    "  3 LINE SUMMARY\n"
    "  - 사용자 입력과 모델 출력을 모두 분류한다\n"
    "2. Probe Attack: 자동 공격 프롬프트 생성(2024)",
    "Red Teaming",
)
HITS = [README, PAPERS]
PASSAGES = [build_units(h.text, h.heading) for h in HITS]


def _unit(hi: int, starts: str) -> AnswerUnit:
    return next(u for u in PASSAGES[hi] if u.text.startswith(starts))


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Sentinel Guard는 어느 섹션에 정리돼있어?",
        "Under which section is Sentinel Guard listed?",
        "Sentinel Guard 논문은 어느 section에 들어가 있지?",
    ],
)
def test_the_named_entry_over_a_line_that_mentions_it(question: str) -> None:
    mention = _unit(0, "프롬프트 공격")
    found = filed_entry(question, mention, PASSAGES)
    assert found is not None
    hi, unit = found
    assert hi == 1 and unit.text.startswith("Sentinel Guard")


@pytest.mark.unit
def test_left_alone_when_filed_or_not_asked() -> None:
    # The lead already sits under the named entry: its container is read off it.
    bullet = _unit(1, "사용자 입력")
    assert filed_entry("Sentinel Guard는 어느 섹션에 있어?", bullet, PASSAGES) is None
    mention = _unit(0, "프롬프트 공격")
    # A folder question: the README's folder is the answer.
    assert filed_entry("Sentinel Guard는 어느 폴더에 있어?", mention, PASSAGES) is None
    # Not a container question.
    assert filed_entry("Sentinel Guard는 뭘 분류해?", mention, PASSAGES) is None
    # No retrieved entry names the thing.
    assert filed_entry("Which section is Warden-3 listed under?", mention, PASSAGES) is None
    # A common word of the question is no name of an entry ("/safety" is no "safety's").
    q = "Which section lists the safety team's guard models?"
    assert filed_entry(q, mention, PASSAGES) is None


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Sentinel Guard는 어느 섹션에 정리돼있어?", "Under which section is Sentinel Guard listed?"],
)
def test_the_entrys_section_is_the_short_answer(
    question: str, analyzer: Analyzer, embedder: object
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == "Red Teaming"
