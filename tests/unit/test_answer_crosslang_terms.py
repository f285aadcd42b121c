"""Cross-language reads of a note line's term and amount (issue #15, thirtieth round).

* A Korean question that asks a term's English name ("… 영어로 어떻게 적혀있어?", "… 영어
  표기") over a Korean overview whose list writes the term alone in English ("2. Weight
  Quantization"): the item is written in the asked language, however short
  (``analysis.asked_language.holds_language``).
* An English "how much" question over a Korean item that writes the amount as a word
  ("학습 데이터를 절반만 쓰고도"): the item holds the number asked, as the refusal signal reads it
  (``qtype.number_in_words``), not its sibling that lists sizes.

Notes and questions written for these tests; real Kiwi terms and e5 (session fixtures).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.qtype import number_in_words
from notelens.embed.base import Embedder

pytestmark = pytest.mark.unit

_OVERVIEW = [
    note_hit(
        0,
        "- 서빙 최적화는 처리량과 지연 시간을 함께 봐야 함\n"
        "- Continuous batching, paged KV cache and speculative decoding are the usual "
        "levers\n",
        "개요 > 서빙",
    ),
    note_hit(
        1,
        "1. Activation Checkpointing\n2. Weight Quantization\n- 가중치를 낮은 비트로 양자화해서 메모리를 줄이고 "
        "속도 손실은 작음\n3. Kernel Fusion\n",
        "개요 > 서빙 > 추론 최적화 기법",
    ),
]


@pytest.mark.parametrize(
    "question",
    [
        "가중치 양자화는 개요 노트에 영어로 어떻게 적혀있어?",
        "개요 노트 가중치 양자화 영어 표기",
    ],
)
def test_the_term_alone_in_the_asked_language_is_quoted(
    analyzer: Analyzer, embedder: Embedder, question: str
) -> None:
    got = extract(question, _OVERVIEW, analyzer=analyzer, embedder=embedder)
    assert "Weight Quantization" in got.sentences[got.lead].text


_MODELS = [
    note_hit(
        0,
        "- Kestrel은 1.1B, 2.7B, 6.9B 모델을 오픈으로 공개\n"
        "- 학습 데이터를 절반만 쓰고도 Wren보다 더 높은 정확도를 달성함\n"
        "- 토크나이저는 Wren과 같은 것을 사용\n",
        "모델 정리 > Kestrel",
    ),
]


def test_an_amount_written_as_a_word_is_the_number_asked(
    analyzer: Analyzer, embedder: Embedder
) -> None:
    got = extract(
        "How much training data did Kestrel use compared with Wren?",
        _MODELS,
        analyzer=analyzer,
        embedder=embedder,
    )
    assert "절반" in got.sentences[got.lead].text


def test_number_in_words() -> None:
    assert number_in_words("학습 데이터를 절반만 사용")
    assert number_in_words("두 단계 프레임워크를 제안")
    assert number_in_words("uses half the memory")
    assert not number_in_words("반응이 좋았음")
    assert not number_in_words("1.1B 모델 공개")
