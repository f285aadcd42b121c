"""A name typed in Hangul over notes that write it in Latin letters, through a real index
(Kiwi, e5, LanceDB): search finds the note that names it, and ask answers from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine

pytestmark = pytest.mark.integration

NOTES = {
    "syllabus.md": "# 논문 읽기 모임\n\n## 발표 순서\n\n"
    "| 주차 | 논문 | 발표자 | 날짜 |\n|---|---|---|---|\n"
    "| 1 | Scaling Language Models: Methods, Analysis & Insights (Gopher) | 한도윤 | 2025-03-04 |\n"
    "| 2 | Training Compute-Optimal Large Language Models (Chinchilla) | 서하람 | 2025-03-11 |\n"
    "| 3 | Mistral 7B | 이나래 | 2025-03-18 |\n"
    "| 4 | 자유 주제 (각자 최근 논문 1편) | 전원 | 2025-03-25 |\n",
    "mistral.md": "# Mistral 7B notes\n\n- Mistral 7B uses sliding window attention with a "
    "window of 4,096 tokens.\n- It outperforms Llama 2 13B on every benchmark reported.\n",
    "ko-notes.md": "# 학습 메모\n\n데이터를 늘리면 성능이 오른다. 발표 자료는 공유 폴더에 있다.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Engine:
    work: Path = tmp_path_factory.mktemp("loanwords")
    built = make_engine(work / "index")
    assert built.index([write_notes(work / "notes", NOTES)]).ok
    return built


@pytest.mark.parametrize(
    ("question", "presenter"),
    [("친칠라 논문은 누가 발표했어?", "서하람"), ("고퍼 논문 발표자는 누구야?", "한도윤")],
)
def test_a_hangul_name_answers_from_the_row_that_writes_it_in_latin(
    engine: Engine, question: str, presenter: str
) -> None:
    answer = engine.ask(question)
    assert not answer.refused
    assert answer.short is not None and answer.short.text == presenter


def test_a_hangul_name_in_a_mixed_question_finds_the_english_note(engine: Engine) -> None:
    hits = engine.search("미스트랄 7B의 sliding window 크기는?", k=3)
    assert hits[0].source.endswith("mistral.md")
    answer = engine.ask("미스트랄 7B의 sliding window 크기는?")
    assert not answer.refused and "4,096" in answer.answer


def test_a_question_without_such_a_name_searches_as_written(engine: Engine) -> None:
    # No Hangul word of this question sounds like a name of the notes: same hits as the
    # plain BM25 + dense search, the Korean note first.
    hits = engine.search("데이터를 늘리면 성능이 어떻게 돼?", k=2)
    assert hits[0].source.endswith("ko-notes.md")
