"""A note line stating the verdict a superlative question asks (answer/verdicts.py):
"젤 좋았던 청크 설정" over "… 문단 경계가 최고", "Which batch size worked best?" over
"batch 32 was best". Notes written for the test; Korean, English and mixed; the last
test runs the extractor with real Kiwi.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.units import AnswerUnit
from notelens.answer.verdicts import states_verdict


def _item(text: str, kind: str = "item") -> AnswerUnit:
    return AnswerUnit(kind, text, "실험 > 청크", 0, 0)  # type: ignore[arg-type]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Pallas 논문에서 젤 좋았던 청크 설정", "384 토큰 + 제목 포함이 최고 (F1 0.61)"),
        ("가장 좋았던 rank는?", "rank 8이 가장 좋았음"),
        ("Which batch size worked best?", "batch 32 was best on both sets"),
        ("What was the best chunk size in the Pallas paper?", "384 tokens wins by 2 points"),
        ("제일 나빴던 설정은?", "rank 128이 최악 (과적합)"),
    ],
)
def test_the_verdict_line(question: str, text: str) -> None:
    assert states_verdict(question, _item(text))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "kind"),
    [
        ("젤 좋았던 청크 설정", "청크 크기 128 / 384 / 768 토큰 비교", "item"),  # the candidates
        ("제일 나빴던 설정은?", "384 토큰이 최고", "item"),  # the other verdict
        ("청크 설정은?", "384 토큰이 최고", "item"),  # no superlative asked
        ("가장 좋았던 rank는?", "rank 8이 가장 좋았다.", "sentence"),  # prose is left alone
        ("Which batch size worked best?", "batch: 32 · best: yes", "row"),  # extreme_rows'
    ],
)
def test_no_verdict(question: str, text: str, kind: str) -> None:
    assert not states_verdict(question, _item(text, kind))


PAPER = note_hit(
    0,
    "- Pallas: Chunking for Notes (2026)\n"
    "    - 청크 크기 128 / 384 / 768 토큰 비교\n"
    "    - 384 토큰 + 제목 포함이 최고 (answer F1 0.61)\n"
    "    - 사내 위키 2,100건 사용\n",
    "논문 메모 > 검색",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["Pallas 논문에서 젤 좋았던 청크 설정", "Pallas 논문에서 제일 좋았던 청크 설정은?"]
)
def test_the_extractor_quotes_the_verdict(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [PAPER], analyzer=analyzer, embedder=None)
    assert ex.sentences[ex.lead].text.startswith("384 토큰 + 제목 포함이 최고")
