"""Superlatives over a results table (answer/extreme_rows.py): "지연 시간이 제일 길었던
방식은?" is the row with the largest latency, "the fastest" the one with the least time,
"the highest accuracy" the largest accuracy. Korean and English fixtures; the last tests
run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.extreme_rows import direction, extreme_lookups
from notelens.answer.units import build_units
from notelens.embed.base import Embedder

KO_TABLE = (
    "| 방식 | 정확도 | 지연 시간 |\n|---|---|---|\n"
    "| 키워드 | 0.61 | 1.2s |\n| 벡터 | 0.66 | 1.5s |\n"
    "| 혼합 | 0.70 | 1.9s |\n| 혼합 + 재정렬 | 0.74 | 2.4s |\n"
)
EN_TABLE = (
    "| Method | Accuracy | Latency |\n|---|---|---|\n"
    "| keyword | 0.61 | 1.2s |\n| vector | 0.66 | 1.5s |\n"
    "| hybrid | 0.74 | 1.9s |\n| hybrid + rerank | 0.70 | 2.4s |\n"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "header", "sign"),
    [
        ("지연 시간이 제일 길었던 방식은?", "지연 시간", 1),
        ("정확도가 가장 낮은 방식은?", "정확도", -1),
        ("Which method was fastest?", "Latency", -1),
        ("Which setup has the best latency?", "Latency", -1),
        ("Which setup has the best accuracy?", "Accuracy", 1),
        ("가장 빠른 처리량은?", "처리량 (tok/s)", 1),
        ("정확도는 얼마야?", "정확도", 0),
    ],
)
def test_the_direction_asked(question: str, header: str, sign: int) -> None:
    assert direction(question, header) == sign


def _rows(table: str, heading: str) -> list:  # type: ignore[type-arg]
    return [u for u in build_units(table, heading) if u.kind == "row"]


@pytest.mark.unit
def test_the_extreme_row_and_its_label() -> None:
    rows = _rows(KO_TABLE, "검색 실험 > 결과")
    terms = {"지연 시간": frozenset({"지연", "시간"}), "방식": frozenset({"방식"})}
    found = extreme_lookups(
        rows, "지연 시간이 제일 길었던 방식은?", {"지연", "시간", "방식"}, terms
    )
    assert list(found) == [3]
    assert [rows[3].cells[k][1] for k in found[3].asked] == ["혼합 + 재정렬"]
    # No superlative, or no numeric column named: no row.
    assert extreme_lookups(rows, "혼합 방식의 지연 시간은?", {"지연", "시간", "방식"}, terms) == {}
    assert extreme_lookups(rows, "제일 긴 방식은?", {"방식"}, terms) == {}


@pytest.mark.unit
def test_a_tie_picks_no_row() -> None:
    rows = _rows("| A | score |\n|---|---|\n| x | 3 |\n| y | 3 |\n| z | 1 |\n", "t")
    assert (
        extreme_lookups(
            rows, "Which has the highest score?", {"score"}, {"score": frozenset({"score"})}
        )
        == {}
    )


@pytest.mark.integration
def test_the_longest_latency_in_korean(analyzer: Analyzer, embedder: Embedder) -> None:
    hits = [note_hit(0, KO_TABLE, "검색 실험 > 결과")]
    ex = extract(
        "검색 실험에서 지연 시간이 제일 길었던 방식은?", hits, analyzer=analyzer, embedder=embedder
    )
    assert ex.short is not None and ex.short.text == "혼합 + 재정렬"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("Which method was fastest in the retrieval experiment?", "keyword"),
        ("Which method had the highest accuracy in the retrieval experiment?", "hybrid"),
    ],
)
def test_english_superlatives(
    question: str, want: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(0, EN_TABLE, "Retrieval experiment > Results", lang="en")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == want
