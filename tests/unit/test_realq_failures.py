"""benchmarks/realq_failures.py sorts a missed replay row into one cause: fixtures written
here (a Korean table-and-bullets note and an English one), not copied from any notes set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from realq_failures import cause

pytestmark = pytest.mark.unit

KO = """# 독서 모임 기록

## 일정
| 회차 | 책 | 발표 |
|---|---|---|
| 1 | 코스모스 | 박하늘 |
| 2 | 이기적 유전자 | 정바다 |

## 준비물
- 노트북과 충전기
- 읽은 부분 요약 한 장
"""

EN = """# Lab notebook

## Runs
The second run used a batch size of 64 and finished in 3 hours.

## Lessons
Warm-up matters more than the peak learning rate for small models.
"""


def _row(answer: str, golds: list[str], ranks: list[int], **kw: Any) -> dict[str, Any]:
    return (
        {"answer": answer, "answers": golds, "gold_ranks": ranks, "refused": False}
        | {"strength": 0.9}
        | kw
    )


def test_retrieval_miss_comes_first_even_when_refused() -> None:
    assert cause(_row("", ["정바다"], [], refused=True), KO, 0.36) == "retrieval miss"


def test_refused_or_weak_answer_with_the_gold_retrieved_is_a_false_refusal() -> None:
    assert cause(_row("정바다 [1].", ["정바다"], [1], strength=0.2), KO, 0.36) == "false refusal"


def test_another_table_row_under_the_same_heading_is_a_wrong_unit_in_the_section() -> None:
    got = cause(_row("박하늘 — 1 · 책: 코스모스 · 발표: 박하늘 [1].", ["정바다"], [1]), KO, 0.36)
    assert got == "wrong unit, same section"


def test_a_sentence_from_the_gold_line_without_the_gold_is_a_wrong_span() -> None:
    row = _row("The second run used a batch size of 64 [1].", ["3 hours"], [1])
    assert cause(row, EN, 0.36) == "wrong span"


def test_a_sentence_from_another_section_and_from_another_note() -> None:
    row = _row("Warm-up matters more than the peak learning rate [1].", ["3 hours"], [2])
    assert cause(row, EN, 0.36) == "wrong unit, other section"
    # Sharing a term ("batch size") with the note is not reading from it.
    other = _row("Gradient accumulation emulates a larger batch size on one GPU [1].", ["64"], [1])
    assert cause(other, EN, 0.36) == "wrong unit, other file"
    # One shared word ("노트북") with the gold bullet is not reading from it either.
    assert (
        cause(_row("노트북 대신 태블릿도 됨 [1].", ["충전기"], [1]), KO, 0.36)
        == "wrong unit, other file"
    )
