"""The sibling bullet that holds the asked number (answer/siblings.py): a question that
restates one bullet of an entry to name it and asks a number another bullet holds.
Korean and mixed questions over notes written for the test; the last tests run the
extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.siblings import same_entry
from notelens.answer.units import build_units
from notelens.embed.base import Embedder

ENTRY = (
    "- 📜 [Pine Lab] [Cascade Routing for Chat Models](https://example.org/cascade)\n"
    "    - 질문 난이도 분류기로 쉬운 질문은 3B, 어려운 질문은 34B 모델로 보냄\n"
    "    - 응답 품질은 34B 단독 대비 95% 수준, 비용은 58% 절감\n"
    "- 📜 [Other Lab] [Tiny Rerankers](https://example.org/tiny)\n"
    "    - 22M cross-encoder, nDCG 0.41\n"
)
HEADING = "주간 링크 > 2025-W20"


@pytest.mark.unit
def test_same_entry_is_the_bullets_of_one_title() -> None:
    units = build_units(ENTRY, HEADING)
    title, first, second = units[0], units[1], units[2]
    other = units[-1]
    assert same_entry(first, second)
    assert same_entry(title, second)  # the title's own bullets
    assert not same_entry(first, other)  # another entry's bullet


HITS = [
    note_hit(0, ENTRY, HEADING),
    note_hit(
        1, "- 📜 [Lab] [Budget Forcing](url)\n    - 토큰 예산 1,024\n", "주간 링크 > 2025-W19"
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "쉬운 질문은 3B로, 어려운 건 34B로 보내는 방식은 비용을 몇 % 아꼈어?",
        "쉬운 질문은 3B, 어려운 질문은 34B model로 보내면 cost가 얼마나 줄어?",
    ],
)
def test_the_bullet_with_the_new_number_is_quoted(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    texts = [c.text for c in ex.sentences]
    assert any("58%" in t for t in texts)
    assert ex.short is not None and ex.lead < len(texts) and "%" in ex.sentences[ex.lead].text


@pytest.mark.integration
def test_a_bullet_with_its_own_number_keeps_the_lead(
    analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract("Tiny Rerankers의 nDCG는?", HITS, analyzer=analyzer, embedder=embedder)
    assert "0.41" in ex.sentences[ex.lead].text
