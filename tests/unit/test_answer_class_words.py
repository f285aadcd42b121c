"""Class words are no model names (answer/class_words.py): "어떤 모델을 기반으로 해?"
over "LLM 기반 분류기, Orca-2 7B를 fine-tuning" is answered by the model, not "LLM".
Korean, English and mixed fixtures; the last tests run the extractor with real Kiwi
and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.class_words import generic_name
from notelens.answer.extractive import extract
from notelens.answer.qtype import has_evidence
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize("text", ["LLM", "LLMs", "An LLM-based", "VLM", "the base model", "모델"])
def test_class_words_name_nothing(text: str) -> None:
    assert generic_name(text)


@pytest.mark.unit
@pytest.mark.parametrize("text", ["Orca-2 7B", "LLM Guard", "Tern-7B", "Sona-VLM", "based"])
def test_names_stay_names(text: str) -> None:
    assert not generic_name(text)


@pytest.mark.unit
def test_a_line_with_only_a_class_word_holds_no_name() -> None:
    assert not has_evidence("name", "입력이 안전한지 분류하는 LLM 기반 분류기")
    assert has_evidence("name", "LLM 기반 분류기, Orca-2 7B를 fine-tuning")


HITS = [
    note_hit(
        0,
        "- 입력과 출력이 안전한지 분류하는 LLM 기반 분류기\n"
        "- Orca-2 7B를 기반으로 fine-tuning\n"
        "- 위험 카테고리 9개\n",
        "Safety Judge",
    ),
]
EN_HITS = [
    note_hit(
        0,
        "- An LLM-based classifier fine-tuned from Orca-2 7B\n- 9 harm categories\n",
        "Safety Judge",
        lang="en",
    ),
]


@pytest.mark.integration
def test_the_base_model_is_the_named_one(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(
        "Safety Judge는 어떤 모델을 기반으로 해?", HITS, analyzer=analyzer, embedder=embedder
    )
    assert ex.short is not None and ex.short.text == "Orca-2 7B"


@pytest.mark.integration
def test_the_base_model_in_english(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(
        "Which model is Safety Judge based on?", EN_HITS, analyzer=analyzer, embedder=embedder
    )
    assert ex.short is not None and ex.short.text == "Orca-2 7B"
