"""benchmarks/realq_failures.py sorts a missed replay row into one cause: fixtures written
here (a Korean table-and-bullets note and an English one), not copied from any notes set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from realq_failures import Indexed, cause

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


# A note whose facts sit where no chunk's text holds them: a link's target and headings.
LINKED = """# 등산 동호회 기록

## 다음 산행
- 집결 장소는 [안내 페이지](<trips/bukhansan-2025/meeting-point>) 참고
- Photos go to the [shared album](https://photos.example.org/album-7731)

## 장비 대여
- 스틱 두 자루와 아이젠
"""


def test_indexed_reads_chunk_texts_and_headings_not_link_targets(tmp_path: Path) -> None:
    note = tmp_path / "hiking.md"
    note.write_text(LINKED, encoding="utf-8")
    indexed = Indexed.of(note)
    texts, headings = " ".join(indexed.texts), " ".join(indexed.headings)
    assert "안내 페이지" in texts and "shared album" in texts
    assert "meeting-point" not in texts and "album-7731" not in texts
    assert "다음 산행" in headings and "등산 동호회 기록" in headings


def test_gold_only_in_a_link_target_or_a_heading_comes_before_a_retrieval_miss() -> None:
    indexed = Indexed(
        texts=("집결 장소는 안내 페이지 참고", "Photos go to the shared album"),
        headings=("등산 동호회 기록 > 다음 산행", "등산 동호회 기록"),
    )
    url = _row("shared album [1].", ["album-7731"], [])
    assert cause(url, LINKED, 0.36, indexed) == "gold not indexed"
    heading = _row("스틱 두 자루 [1].", ["다음 산행"], [], refused=True)
    assert cause(heading, LINKED, 0.36, indexed) == "gold only in a heading"
    # A gold some chunk's text holds falls through to the causes before.
    shown = _row("", ["shared album"], [])
    assert cause(shown, LINKED, 0.36, indexed) == "retrieval miss"
    assert cause(url, LINKED, 0.36) == "retrieval miss"  # no chunks given: not told apart
