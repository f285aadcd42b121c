"""Korean name evidence: "-적" / "-히" words are not names (answer/qtype.py KO_NAME_RE).

A "who" question over a note's bullets preferred a sibling whose "안정적" read as a
Korean full name (surname 안 + two syllables) over the bullet naming the authors.
Real Kiwi analyzer; the extraction test also runs with the real e5 embedder.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.qtype import has_evidence
from notelens.embed.base import Embedder
from notelens.types import Hit, Location

NOTE = (
    "- 학습 중에 뉴런 일부를 무작위로 꺼서 과적합을 줄이는 dropout 기법. "
    "학습 곡선이 훨씬 안정적\n"
    "- 뉴런끼리 서로 기대는 co-adaptation 문제를 막기 위해 dropout을 제안 "
    "(Srivastava et al.)\n"
    "- MNIST와 음성 인식에서 오류율이 눈에 띄게 줄어듦\n"
)


def _hit(text: str) -> Hit:
    return Hit(
        rank=1,
        score=1.0,
        chunk_id="c1",
        source="/notes/regularization.md",
        title="regularization",
        heading="Dropout: 정규화 논문 정리 > 3 LINE SUMMARY",
        text=text,
        location=Location(1, 4),
        lang="ko",
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "is_name"),
    [
        ("학습 초반이 안정적", False),
        ("구체적 예시가 부족", False),
        ("한정적 자원에서 실험", False),
        ("결과를 신속히 공유", False),
        ("발표: 정우진", True),
        ("9주차 발표자는 임채원", True),
        ("초대 연사 강태호님", True),
    ],
)
def test_adjective_and_adverb_words_are_not_person_names(text: str, is_name: bool) -> None:
    assert has_evidence("person", text) is is_name


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    ["Who proposed dropout to reduce overfitting?", "dropout을 제안한 사람은 누구야?"],
)
def test_who_question_picks_the_bullet_naming_the_authors(
    question: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [_hit(NOTE)], analyzer=analyzer, embedder=None, max_sentences=1)
    assert "Srivastava" in ex.sentences[0].text


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Who proposed dropout to reduce overfitting?", "dropout을 제안한 사람은 누구야?"],
)
def test_who_question_picks_the_author_bullet_with_e5(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [_hit(NOTE)], analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "Srivastava" in ex.sentences[0].text
    assert ex.short is not None and "Srivastava" in ex.short.text
