"""An entry named by its short name and asked what it is called in full ("원제", "뜻",
"뭐하는 논문", "the title of the X paper"; answer/entry_title.py): the entry's title
leads, not the summary bullet that repeats the short name. Notes invented for the test:
a paper list whose titles write the short name before a colon, in a parenthesised aside,
or not at all (only the bullets name it). Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.entry_title import asks_entry
from notelens.answer.extractive import extract
from notelens.answer.qtype import answer_type

pytestmark = pytest.mark.unit

PAPERS = note_hit(
    0,
    "1. Sparse Routing for Tiny Experts(TinyMoE, 2024)\n"
    "    - TinyMoE는 전문가 8개 중 2개만 켜서 추론 비용을 줄임\n"
    "    - TinyMoE가 같은 compute에서 dense 모델보다 좋았음\n"
    "2. KORA: Korean Retrieval Adaptation for Embeddings(2023)\n"
    "    - KORA는 한국어 검색용 임베딩을 영어 모델에서 적응시킴\n"
    "3. Training Verifiers with Step Labels(2023)\n"
    "    - StepCheck라는 verifier로 풀이의 각 단계를 채점함\n",
    "논문 정리 > Efficiency",
)


@pytest.mark.parametrize(
    "question",
    [
        "TinyMoE 논문 원제 뭐야?",
        "KORA가 뭐하는 논문이야?",
        "What's the title of the StepCheck paper?",
        "What is the full title of the TinyMoE paper?",
    ],
)
def test_a_named_entry_asked_in_full(question: str) -> None:
    assert asks_entry(question, answer_type(question))


@pytest.mark.parametrize(
    "question",
    [
        "TinyMoE는 전문가 몇 개를 켜?",
        "KORA는 어떤 언어용이야?",
        "이 단어의 뜻은 무엇인가?",
        # A term's meaning is its definition line, not an entry's title.
        "KORA 뜻?",
        "attention sink 뜻이 뭐야?",
        "What does the StepCheck verifier score?",
    ],
)
def test_a_fact_of_a_named_entry_is_not_its_title(question: str) -> None:
    assert not asks_entry(question, answer_type(question))


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("TinyMoE 논문 원제 뭐야?", "Sparse Routing for Tiny Experts"),
        ("KORA가 뭐하는 논문이야?", "Korean Retrieval Adaptation"),
        ("What's the title of the StepCheck paper?", "Training Verifiers with Step Labels"),
    ],
)
def test_the_title_leads(question: str, title: str, analyzer: Analyzer) -> None:
    ex = extract(question, [PAPERS], analyzer=analyzer, embedder=None)
    assert title in ex.sentences[ex.lead].text
