"""Attributes whose value is a name (answer/refusal.py ``_ATTRIBUTES``): "What licence
is X released under?", "X 저자들의 소속은?" over a bullet that
names X but states no licence or lab. The unit holds the entity, so only the
value's form tells it from an answer. Also the mixed "context 길이" form of the context
attribute. Korean, English and mixed; the last tests run the extractor with real Kiwi
and e5 over notes written for them. (The forms asked and stated are in
test_answer_attribute_refusal.py's tables.)
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.refusal import ATTRIBUTE_PENALTY, measure_factor
from notelens.embed.base import Embedder


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
