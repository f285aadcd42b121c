"""A name the notes misspell, asked in its right spelling (analysis/typos.py): only the
slips of fast typing pair, never two real names a letter apart."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.typos import note_spelling, one_slip

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("gemini", "gmeini"),  # two neighbours swapped
        ("flamingo", "flaminog"),  # ... at the end too
        ("learning", "leartning"),  # an inner letter added
        ("attention", "attenion"),  # an inner letter dropped
    ],
)
def test_slips_of_typing_pair(asked: str, written: str) -> None:
    assert one_slip(asked, written)


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("llava", "llama"),  # a letter replaced: two real models
        ("mistral", "mixtral"),
        ("bloom", "bloomz"),  # a letter added at the end: two real models
        ("gemini", "egmini"),  # the first letter is never a slip
        ("alpaca", "alpaca"),
        ("orca", "roca"),
    ],
)
def test_other_differences_do_not(asked: str, written: str) -> None:
    assert not one_slip(asked, written)


NOTES = [
    "Gmeini : Google Deepmind의 새로운 Multimodal model",
    "### Flaminog\n모델구조 - Perceiver Resampler로 이미지 특징을 압축",
    "LLaMA 2는 Meta가 공개한 open weight 모델",
]


@pytest.mark.parametrize(
    ("question", "respelled"),
    [
        ("Gemini는 어떤 모델이야?", "Gmeini는 어떤 모델이야?"),
        ("Flamingo 구성요소 알려줘", "Flaminog 구성요소 알려줘"),
        ("Who built Gemini?", "Who built Gmeini?"),
        ("What does Flamingo compress with Gemini?", "What does Flaminog compress with Gmeini?"),
    ],
)
def test_a_misspelled_name_is_asked_as_the_notes_write_it(
    question: str, respelled: str, analyzer: Analyzer
) -> None:
    assert note_spelling(question, NOTES, analyzer.terms) == respelled


@pytest.mark.parametrize(
    "question",
    [
        "LLaVA는 어떤 모델이야?",  # a name a letter away from LLaMA: another model
        "Gmeini는 누가 만들었어?",  # already as written
        "Gemini was built by whom?",  # an English question's first word is not a name
        "GPT-4는 언제 나왔어?",  # nothing near it
    ],
)
def test_other_questions_are_left_as_asked(question: str, analyzer: Analyzer) -> None:
    assert note_spelling(question, NOTES, analyzer.terms) == question


def test_two_candidate_spellings_leave_the_word_alone(analyzer: Analyzer) -> None:
    notes = ["Gmeini 1.0 notes", "Geimni 2.0 notes"]
    assert note_spelling("Gemini 버전은?", notes, analyzer.terms) == "Gemini 버전은?"
