"""A note unit answers for its entry (answer/refusal.py ``entry_factor``).

"Qwen의 vocab 크기는?" over notes that give the vocab size of another model: the chosen
bullet holds a size and shares "vocab", but its passage and heading path name no Qwen,
while another top passage does (Qwen is only mentioned there in passing). The bullet
belongs to a neighbouring entry, and the evidence is weakened so the question is
refused. The same question about the model the bullet's entry names is answered. Real
Kiwi (Korean proper nouns) throughout; the last tests run the extractor with e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.refusal import ENTRY_PENALTY, entry_factor, key_entities
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

HITS = [
    note_hit(
        0,
        "- Falcon 2 공개: 11B 모델, 5.5T tokens로 학습, tokenizer vocab 65K\n"
        "- 라이선스는 Apache 2.0 기반\n",
        "주간 소식 > Falcon 2",
    ),
    note_hit(
        1,
        "- 이번 주 읽을거리: Qwen, Yi 같은 중국 모델들의 한국어 성능 비교 글\n",
        "주간 소식 > 읽을거리",
    ),
    note_hit(2, "Tokenizer는 텍스트를 token id로 바꾸는 단계다.\n", "개요 > 토크나이저"),
]

UNANSWERABLE = ["Qwen 모델의 tokenizer vocab 크기는?", "What is the tokenizer vocab size of Qwen?"]
ANSWERABLE = [
    "Falcon 2 모델의 tokenizer vocab 크기는?",
    "What is the tokenizer vocab size of Falcon?",
]


@pytest.mark.unit
def test_key_entities_of_korean_and_english_questions(analyzer: Analyzer) -> None:
    assert "qwen" in key_entities(UNANSWERABLE[0], analyzer)
    assert "qwen" in key_entities(UNANSWERABLE[1], analyzer)
    # Quoted titles and Korean proper nouns (Kiwi NNP) are key entities too.
    assert "attention is all you need" in key_entities(
        '"Attention Is All You Need" 논문은 누가 썼어?', analyzer
    )
    assert "카카오" in key_entities("카카오가 공개한 모델은?", analyzer)


@pytest.mark.unit
@pytest.mark.parametrize("question", UNANSWERABLE)
def test_a_bullet_of_another_entry_is_weakened(question: str, analyzer: Analyzer) -> None:
    assert entry_factor(question, HITS, 0, "item") == pytest.approx(1 - ENTRY_PENALTY)


@pytest.mark.unit
@pytest.mark.parametrize("question", ANSWERABLE)
def test_a_bullet_of_the_asked_entry_is_not(question: str, analyzer: Analyzer) -> None:
    assert entry_factor(question, HITS, 0, "item") == 1.0


@pytest.mark.unit
def test_prose_and_names_no_passage_has_are_left_to_other_signals(analyzer: Analyzer) -> None:
    # A paragraph names its subject once and then says "it": prose is left alone.
    assert entry_factor(UNANSWERABLE[0], HITS, 0, "sentence") == 1.0
    # A name no top passage has is the passage-level signal's (NAME_PENALTY).
    assert entry_factor("Mamba의 tokenizer vocab 크기는?", HITS, 0, "item") == 1.0


@pytest.mark.integration
@pytest.mark.parametrize(("question", "answerable"), [(q, False) for q in UNANSWERABLE])
def test_unanswerable_near_entry_question_is_refused(
    question: str, answerable: bool, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "65K" in ex.sentences[0].text  # the neighbour's bullet is still the best unit
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize("question", ANSWERABLE)
def test_the_same_question_about_the_entry_is_answered(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "65K" in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
