"""Attributes whose value is a name (answer/refusal.py ``_ATTRIBUTES``): "What licence
is X released under?", "X 저자들의 소속은?", "Who are the authors of X?" over a bullet that
names X but states no licence, lab or author. The unit holds the entity, so only the
value's form tells it from an answer. Also the mixed "context 길이" form of the context
attribute. Korean, English and mixed; the last tests run the extractor with real Kiwi
and e5 over notes written for them.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    asked_attribute,
    attribute_stated,
    measure_factor,
)
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Quartz-7B의 context 길이는 얼마야?", "context"),
        ("What license is Quartz-7B released under?", "license"),
        ("Quartz-7B 라이선스가 뭐야?", "license"),
        ("Quartz-7B는 상업적으로 쓸 수 있는 license야?", "license"),
        ("Lumen 논문 저자들의 소속은?", "affiliation"),
        ("What is the affiliation of the Lumen authors?", "affiliation"),
        ("Who are the authors of Lumen-3?", "author"),
        ("Lumen-3 논문 저자가 누구야?", "author"),
        ("Lumen-3 authors가 누구야?", "author"),
        # The authors as the subject of another question; who presented; a size.
        ("Lumen-3 저자들은 무엇이 더 중요하다고 봐?", None),
        ("What do the Lumen-3 authors conclude?", None),
        ("Lumen-3 논문은 누가 발표해?", None),
        ("Quartz-7B 모델 크기는?", None),
    ],
)
def test_asked_attribute(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("license", "라이선스는 Apache-2.0, weight 공개", True),
        ("license", "released under MIT", True),
        ("license", "7B, context 32K, 한국어 비중 25%", False),
        ("affiliation", "주차: 3주차 · 소속: Hollis College · 발표자: 오지민", True),
        ("affiliation", "📜 [Northgate Lab] Lumen-3", True),
        ("affiliation", "서울대 연구팀이 공개", True),
        ("affiliation", "trigger가 있을 때만 나쁜 행동을 하도록 학습한 모델", False),
        ("author", "Lumen-3 (Park et al., Northgate)", True),
        ("author", "발표자: 김나래", True),  # a person's name, by the answer type's pattern
        ("author", "needle을 비슷한 주제로 바꾸면 정확도가 63%로 떨어짐", False),
    ],
)
def test_attribute_stated(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_measure_factor_weakens_a_bullet_without_the_name() -> None:
    q = "What license is Quartz-7B released under?"
    assert measure_factor(q, "7B, context 32K") == pytest.approx(1 - ATTRIBUTE_PENALTY)
    assert measure_factor(q, "Quartz-7B는 Apache-2.0으로 공개") == 1.0


HITS = [
    note_hit(
        0,
        "- 📜 [Other Lab] [Quartz-7B: a compact chat model](url)\n"
        "    - 7B, context 32K, 한국어 비중 25%\n"
        "    - MT-Bench 7.9\n",
        "archive 2025 > ❄️ February > 2nd week",
    ),
    note_hit(
        1,
        "- 📜 [Northgate Lab] [Lumen-3](url)\n    - 라이선스는 CC-BY-4.0\n    - 3B 크기\n",
        "archive 2025 > 🎉 January > 1st week",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["What license is Quartz-7B released under?", "Quartz-7B 라이선스는 뭐야?"]
)
def test_a_licence_the_notes_do_not_give_is_weakened(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.sentences[0].hit_index == 0  # Quartz's entry, which gives no licence
    monkeypatch.setattr("notelens.answer.refusal.ATTRIBUTE_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx((1 - ATTRIBUTE_PENALTY) * without.strength)


@pytest.mark.integration
@pytest.mark.parametrize("question", ["What license does Lumen-3 use?", "Lumen-3 license가 뭐야?"])
def test_a_licence_the_notes_give_is_answered(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "CC-BY" in ex.sentences[0].text
    monkeypatch.setattr("notelens.answer.refusal.ATTRIBUTE_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx(without.strength)  # the bullet states it: no penalty
