"""Two attributes a unit may name the subject of and not state (answer/refusal.py):
the model a study ran ("어떤 모델로 실험했어?" over the paper's title line) and the batch
size it trained with ("What batch size …" over a release bullet). Korean, English and
mixed questions; the last tests run the extractor with real Kiwi and e5 over invented
notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.refusal import ATTRIBUTE_PENALTY, asked_attribute, measure_factor
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Eval Awareness 논문은 어떤 모델로 실험했어?", "model"),
        ("그 스터디에서는 무슨 모델을 썼어?", "model"),
        ("Which model was used in the Self-Consistency experiments?", "model"),
        ("What batch size was used to train Tamna-3?", "batch"),
        ("Tamna-3 배치 크기는 얼마야?", "batch"),
        ("pretraining의 batch 사이즈는?", "batch"),
        # A size asked, or a model named: no attribute.
        ("Which model size was used in the experiments?", None),
        ("어떤 모델이 제일 빨라?", None),
        ("continuous batching이 뭐야?", None),
    ],
)
def test_asked_attribute(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "stated"),
    [
        (
            "Eval Awareness 논문은 어떤 모델로 실험했어?",
            "📜 Eval Awareness: Models Know When",
            False,
        ),
        ("Eval Awareness 논문은 어떤 모델로 실험했어?", "Halla-13B-Chat과 Tamna-3로 실험", True),
        ("어떤 모델로 실험했어?", "RoBERTa로 실험", True),
        (
            "What batch size was used to train Tamna-3?",
            "정식 release는 Tamna-3 30B-A3B 하나",
            False,
        ),
        ("What batch size was used to train Tamna-3?", "global batch 4M tokens, lr 3e-4", True),
        ("Tamna-3 배치 크기는 얼마야?", "배치 크기 1,024로 학습", True),
        ("Tamna-3 배치 크기는 얼마야?", "1024의 batch로 학습", True),
    ],
)
def test_the_attribute_stated(question: str, unit: str, stated: bool) -> None:
    expected = 1.0 if stated else 1.0 - ATTRIBUTE_PENALTY
    assert measure_factor(question, unit) == pytest.approx(expected)


HITS = [
    note_hit(
        0,
        "- 📜 [Halla AI] Tamna-3 Technical Report\n"
        "    - 정식 release는 Tamna-3 30B-A3B 하나, 작은 dense 모델은 예고만\n"
        "    - 학습 토큰 18T, 문맥 길이 128k\n",
        "archive > May > 1st week",
    ),
    note_hit(
        1, "- 📜 [Orchard] Lark-7B: batch size 2,048로 학습, warmup 2k step\n", "archive > June"
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("What batch size was used to train Tamna-3?", False),
        ("Tamna-3 학습 배치 크기는?", False),
        ("Tamna-3의 batch size는?", False),
        ("What batch size was used to train Lark-7B?", True),
        ("Lark-7B 배치 크기는?", True),
    ],
)
def test_a_batch_size_is_answered_only_where_stated(
    question: str, stated: bool, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    # Tamna-3's bullets name the model and no batch; Lark-7B's states "batch size 2,048".
    assert ("2,048" in ex.sentences[0].text) is stated
    assert (ex.strength >= AnswerConfig().refuse_below) is stated
