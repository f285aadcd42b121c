"""A note unit without the asked type only restates the question (extractive.W_TYPE_MISS).

"Which conference published X?" over notes: a study-log bullet that names X (and so
shares the question's words) but holds no venue, org, date or name loses to the
reference line further down that adds one. Real Kiwi; the last test also with e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder

QUESTIONS = ["ZeRO 논문은 어느 학회에 실렸어?", "Which conference published the ZeRO paper?"]


HITS = [
    note_hit(
        0,
        "- ZeRO 논문 발표 후기: optimizer state를 나눠 저장하는 아이디어가 핵심이라는 의견이"
        " 많았음\n- 다음 시간에는 offloading 쪽 논문을 보기로 함\n",
        "스터디 메모",
    ),
    note_hit(1, "- 추론 속도: 양자화, batching, speculative decoding\n", "추론 메모"),
    note_hit(
        2,
        "ZeRO는 optimizer state, gradient, parameter를 GPU마다 나눠 저장해서 중복을 없앤다.\n\n"
        '- Rajbhandari et al., "ZeRO: Memory Optimizations Toward Training Trillion Parameter'
        ' Models", NeurIPS 2019.\n',
        "ZeRO 정리",
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize("question", QUESTIONS)
def test_reference_line_with_the_venue_beats_a_restating_bullet(
    question: str, analyzer: Analyzer
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=None, max_sentences=1)
    assert "NeurIPS 2019" in ex.sentences[0].text


@pytest.mark.unit
@pytest.mark.parametrize("question", QUESTIONS)
def test_restating_bullet_won_without_the_rule(
    question: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same scorer without the penalty quotes the higher-ranked bullet: the rule is
    # what makes the difference.
    monkeypatch.setattr(extractive, "W_TYPE_MISS", 0.0)
    ex = extract(question, HITS, analyzer=analyzer, embedder=None, max_sentences=1)
    assert ex.sentences[0].text.startswith("ZeRO 논문 발표 후기")


@pytest.mark.integration
@pytest.mark.parametrize("question", QUESTIONS)
def test_reference_line_with_the_venue_wins_with_e5(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "NeurIPS 2019" in ex.sentences[0].text
    assert ex.short is not None and "NeurIPS" in ex.short.text
