"""The value a bullet writes after the asked noun (answer/inline_values.py): a bullet
packing several attributes ("컨텍스트 128K, 라이선스는 Apache 2.0") answers the one the
question ends on. Korean and mixed; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.inline_values import asked_noun, inline_value
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Quill-3 모델카드에 나온 라이선스", "라이선스"),
        ("Quill-3 라이선스가 뭐야?", "라이선스"),
        ("Lodestar의 한국어 비중은?", "비중"),
        ("모임 장소는 어디야?", "장소"),
        ("Lodestar 학습 토큰은 몇 개야?", "토큰"),
        ("LoRA 논문 정리", None),  # a passage asked, not an attribute
        ("GQA란?", None),
    ],
)
def test_the_asked_noun(question: str, noun: str | None) -> None:
    assert asked_noun(question) == noun


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        ("Quill-3 모델카드에 나온 라이선스", "컨텍스트 128K, 라이선스는 Apache 2.0", "Apache 2.0"),
        ("Quill-Lite 공개 글에서 라이선스?", "가중치 공개 · 라이선스 MIT", "MIT"),
        ("Lodestar의 한국어 비중은?", "학습 토큰 9T, 한국어 비중은 3.4%", "3.4%"),
        ("모임 장소는 어디야?", "매주 목요일, 장소: 2층 세미나실", "2층 세미나실"),
        # A thousands separator is no part boundary: the whole count, not its "3".
        ("평가 셋 질문 몇개", "평가 질문 3,600개, 그중 수학 1,250개", "3,600개"),
        ("Lodestar 어휘는?", "어휘 128,000, 컨텍스트 32K", "128,000"),
        ("모델 라이선스는?", "상업용 라이선스 불가", None),  # another noun before it
        ("Quill-3 라이선스가 뭐야?", "컨텍스트 128K", None),
    ],
)
def test_the_value_after_the_noun(question: str, text: str, value: str | None) -> None:
    span = inline_value(question, text)
    assert (span.text if span else None) == value
    if span is not None:
        assert text[span.start : span.end] == value


DIGEST = (
    "- 📜 [Quill Labs] [Quill-3 Model Card](https://example.org/q3)\n"
    "    - 파라미터 9B, 학습 토큰 12T\n"
    "    - 컨텍스트 128K, 라이선스는 Apache 2.0\n"
)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["Quill-3 모델카드에 나온 라이선스", "Quill-3 라이선스가 뭐야?"]
)
def test_the_license_is_the_short_answer(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(
        question,
        [note_hit(0, DIGEST, "archive 2031 > March")],
        analyzer=analyzer,
        embedder=embedder,
    )
    assert ex.short is not None and ex.short.text == "Apache 2.0"
