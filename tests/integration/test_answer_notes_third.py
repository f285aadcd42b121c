"""Extractive answers on real notes, third round of issue #15: number anchors in a table,
two-kind questions over a table in the other language, the organisation in an entry
title, list questions that say "list", parent bullets that state the fact, and refusal of
a question whose measure ("몇 배", "how much faster") the notes never state.

Corpus: examples/notes (written for this repo) and, when present, ../shared/notes-samples
(real notes; read only). Real Kiwi, real e5 embedder, real LanceDB; indexed once. The
questions are worded for these tests (not the benchmark's).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from notelens import Engine

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "notes"
SAMPLES = ROOT.parent / "shared" / "notes-samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/notes-samples is absent (real notes samples)"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Engine:
    work = tmp_path_factory.mktemp("answer-notes-third")
    shutil.copytree(EXAMPLES, work / "notes")
    folders = [work / "notes"]
    if SAMPLES.is_dir():
        folders.append(SAMPLES)
    eng = make_engine(work / "index")
    assert eng.index(folders).ok
    return eng


def test_the_week_number_picks_the_row(engine: Engine) -> None:
    # "9주차" selects one row of the syllabus table among rows that share every word.
    a = engine.ask("2024 상반기 스터디에서 9주차에 다룬 논문은?")
    assert not a.refused, a.answer
    assert "GQA + FlashAttention" in a.answer
    assert "주차: 8 " not in a.answer and "주차: 10 " not in a.answer


@pytest.mark.parametrize(
    ("question", "person", "date"),
    [
        (
            "Who presented QLoRA in the 2024 first-half study, and on which date?",
            "한도윤",
            "2024-05-01",
        ),
        ("2024 상반기 스터디에서 LoRA는 누가, 언제 발표했어?", "오예린", "2024-04-24"),
    ],
)
def test_who_and_when_over_a_korean_table_is_answered(
    engine: Engine, question: str, person: str, date: str
) -> None:
    # The English question shares few words with the Korean row; the row naming the
    # paper with a speaker and a date answers it, so it is not refused.
    a = engine.ask(question)
    assert not a.refused, (a.strength, a.answer)
    assert person in a.answer and date in a.answer
    assert a.citations[0].source.endswith("syllabus-2024.md")


@pytest.mark.parametrize(
    "question",
    [
        "Which lab wrote the multi-token prediction paper?",
        "multi-token prediction 논문은 어느 회사에서 나왔어?",
    ],
)
def test_the_organisation_comes_from_the_entry_title(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert not a.refused, a.answer
    assert a.short is not None and a.short.text == "Meta", a.answer


def test_a_list_question_is_not_answered_by_a_line_that_says_lists(engine: Engine) -> None:
    # "OWASP lists prompt injection as LLM01" shares the word "list", not the answer.
    a = engine.ask("What defenses against prompt injection does the note list?")
    assert not a.refused, a.answer
    assert "Guardrail classifiers" in a.answer
    assert "OWASP" not in a.answer


@pytest.mark.parametrize(
    "question",
    ["KAN은 MLP보다 파라미터가 몇 배 적어?", "How much faster than MLPs does KAN train?"],
)
def test_a_measure_the_notes_never_state_is_refused(engine: Engine, question: str) -> None:
    # The W18 digest names KAN but gives no ratio for it.
    a = engine.ask(question)
    assert a.refused, (a.strength, a.answer)


@pytest.mark.parametrize(
    "question",
    [
        "multi-token prediction으로 inference가 몇 배 빨라져?",
        "How much faster is inference with 4-token prediction?",
    ],
)
def test_a_measure_the_notes_state_is_answered(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert not a.refused, (a.strength, a.answer)
    assert "3배" in a.answer


@needs_samples
@pytest.mark.parametrize(
    "question",
    [
        "Alignment Tuning에는 어떤 방법들이 포함돼?",
        "Which two methods does Alignment Tuning include?",
    ],
)
def test_a_parent_bullet_that_states_the_fact_is_quoted(engine: Engine, question: str) -> None:
    # "Alignment Tuning에는 SFT(…)와 RLHF(…)가 포함됨." has nested bullets, but it is a
    # statement, not an entry title: it answers.
    a = engine.ask(question)
    assert not a.refused, a.answer
    assert "SFT" in a.answer and "RLHF" in a.answer
