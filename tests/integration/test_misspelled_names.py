"""A name the notes misspell, asked in its right spelling, through a real index (Kiwi, e5,
LanceDB): search finds the note that misspells it, and ask answers from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine

pytestmark = pytest.mark.integration

NOTES = {
    "directions.md": "# 개요\n\n## 멀티모달 모델 메모\n\n"
    "Palmyra-V: 사내 데이터로 학습한 vision encoder를 붙인 모델  \n"
    "Gmeini : Google Deepmind의 새로운 Multimodal model  \n"
    "Sonnetta: 음성 입력을 받는 경량 모델  \n",
    "reading.md": "# Reading log\n\n## Vision papers\n\n"
    "- The Flaminog paper adds a Perceiver Resampler between the image encoder and "
    "the frozen language model.\n- Training used interleaved image and text pages.\n",
    "llama.md": "# LLaMA 메모\n\nLLaMA 2는 Meta가 공개한 open weight 모델이다.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Engine:
    work: Path = tmp_path_factory.mktemp("typos")
    built = make_engine(work / "index")
    assert built.index([write_notes(work / "notes", NOTES)]).ok
    return built


@pytest.mark.parametrize(
    ("question", "source", "fact"),
    [
        ("Gemini는 누가 만들었어?", "directions.md", "Google Deepmind"),
        (
            "What does the Flamingo paper add between the encoder and the LM?",
            "reading.md",
            "Perceiver Resampler",
        ),
        (
            "Flamingo 논문은 이미지 인코더와 언어 모델 사이에 뭘 넣었어?",
            "reading.md",
            "Perceiver Resampler",
        ),
    ],
)
def test_a_name_the_notes_misspell_is_found_and_answered(
    engine: Engine, question: str, source: str, fact: str
) -> None:
    hits = engine.search(question, k=3)
    assert hits[0].source.endswith(source), [h.source for h in hits]
    answer = engine.ask(question)
    assert not answer.refused, answer.answer
    assert fact in answer.answer


def test_an_english_question_finds_the_korean_line_that_misspells_it(engine: Engine) -> None:
    # (Answering it is the cross-language refusal's matter: the line is Korean.)
    hits = engine.search("Who made Gemini?", k=3)
    assert hits[0].source.endswith("directions.md")
    assert "Gmeini" in hits[0].text


def test_a_name_a_letter_from_another_model_is_not_taken_for_it(engine: Engine) -> None:
    # LLaVA is not LLaMA misspelled: the notes say nothing about LLaVA.
    answer = engine.ask("LLaVA는 누가 공개했어?")
    assert answer.refused or "Meta" not in (answer.short_answer or "")
