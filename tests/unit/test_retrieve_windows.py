"""Long chunks' windows of a few lines, and the dense leg scored by a chunk's best window
(issues #15 / #22, twenty-second round; index/windows.py, retrieve/windows.py).

The texts are written for these tests: a weekly reading log in Korean with English
titles, an English changelog, and short notes that stay whole."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from notelens.index.windows import WINDOW_MIN_CHARS, WindowVectors, chunk_windows
from notelens.retrieve.windows import WindowScorer, best_window_leg
from notelens.store.base import Scored

KO_LOG = "\n".join(
    [
        "1. 주간 읽기 모임 3주차 정리",
        "  - 발표: 가람, 주제는 검색 증강 생성의 한계",
        "  - Paper: Retrieval heads in long-context models (2024)",
        "  - 결론: 긴 문맥에서도 검색 헤드가 답을 고른다",
        "2. 4주차 예고",
        "  - 발표: 누리, preference optimization without a reward model",
        "  - 준비물: 실험 로그와 평가 스크립트 공유 링크",
    ]
)
EN_LOG = "\n".join(
    [
        "- v0.3: the tokenizer now keeps Hangul syllables whole",
        "",
        "- v0.4: index runs reuse vectors of unchanged text",
        "- v0.5: the server answers in the question's language",
        "- v0.6: 표 행을 답으로 고를 때 머리글을 함께 보여 줌",
        "- v0.7: a watch sync skips files that only changed their mtime",
    ]
)


def test_a_long_korean_chunk_is_cut_in_overlapping_three_line_windows() -> None:
    wins = list(chunk_windows("읽기 모임 > 3월", KO_LOG, min_chars=150))
    assert len(KO_LOG) >= 150
    assert list(chunk_windows("읽기 모임 > 3월", KO_LOG, min_chars=len(KO_LOG) + 1)) == []
    assert wins[0] == "읽기 모임 > 3월\n" + "\n".join(
        line.strip() for line in KO_LOG.splitlines()[:3]
    )
    # Windows overlap by one line, and together hold every line.
    bodies = [w.split("\n")[1:] for w in wins]
    assert all(a[-1] == b[0] for a, b in itertools.pairwise(bodies))
    held = {line for body in bodies for line in body}
    assert held == {line.strip() for line in KO_LOG.splitlines()}
    assert all(w.startswith("읽기 모임 > 3월\n") for w in wins)


def test_blank_lines_are_not_lines_of_a_window_and_no_heading_gives_no_prefix() -> None:
    wins = list(chunk_windows("", EN_LOG, lines=2, min_chars=100))
    assert wins[0] == (
        "- v0.3: the tokenizer now keeps Hangul syllables whole\n"
        "- v0.4: index runs reuse vectors of unchanged text"
    )
    assert all(len(w.split("\n")) == 2 for w in wins)
    assert wins[-1].endswith("mtime")  # the last line is in a window
    assert any("표 행을" in w for w in wins)  # a Korean line of an English list too


@pytest.mark.parametrize(
    "text",
    [
        "짧은 메모: 다음 주 화요일 회의는 취소",  # short Korean
        "A short note on the next release.",  # short English
        "첫 줄 with English words " * 20,  # long, but one line
        "line one\nline two\nline three "
        + "x" * WINDOW_MIN_CHARS,  # long, three lines: its own window
    ],
)
def test_short_or_few_lined_chunks_have_no_windows(text: str) -> None:
    assert list(chunk_windows("메모", text)) == []


def test_a_window_needs_a_line() -> None:
    with pytest.raises(ValueError):
        list(chunk_windows("h", KO_LOG, lines=0, min_chars=0))


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def _windows() -> WindowVectors:
    # Chunk "long" has two windows: one points along x (its one bullet), one along y.
    vecs = np.stack([_unit([1, 0, 0]), _unit([0, 1, 0]), _unit([0, 0, 1])])
    return WindowVectors(("long", "long", "other"), ("h1", "h1", "h2"), vecs)


def test_the_scorer_gives_each_chunk_its_best_window() -> None:
    scorer = WindowScorer(_windows())
    query = np.asarray([3.0, 0.0, 0.0], dtype=np.float32)
    assert scorer.best(query, 5) == pytest.approx({"long": 1.0, "other": 0.0})
    # The top n by best window, plus the leg's own chunks that have windows.
    assert scorer.best(query, 1) == pytest.approx({"long": 1.0})
    assert scorer.best(query, 1, ["other", "none"]) == pytest.approx({"long": 1.0, "other": 0.0})


def test_windows_of_one_chunk_need_not_be_side_by_side() -> None:
    vecs = np.stack([_unit([0, 1, 0]), _unit([0, 0, 1]), _unit([1, 0, 0])])
    scorer = WindowScorer(WindowVectors(("long", "other", "long"), ("h1", "h2", "h1"), vecs))
    best = scorer.best(np.asarray([1.0, 0.0, 0.2], dtype=np.float32), 5)
    assert best["long"] == pytest.approx(1 / np.sqrt(1.04))
    assert best["other"] == pytest.approx(0.2 / np.sqrt(1.04))


def test_a_chunk_scores_its_best_window_when_that_beats_its_own_vector() -> None:
    leg = [Scored("short", 0.8), Scored("long", 0.5), Scored("third", 0.4)]
    out = best_window_leg(leg, {"long": 0.9}, 3, admit_new=True)
    assert [s.chunk_id for s in out] == ["long", "short", "third"]
    assert out[0].score == pytest.approx(0.9)
    # A window below the chunk's own cosine changes nothing.
    same = best_window_leg(leg, {"long": 0.3}, 3, admit_new=True)
    assert same == leg


def test_an_unfiltered_leg_admits_a_chunk_by_its_window_and_keeps_n() -> None:
    leg = [Scored("a", 0.8), Scored("b", 0.6)]
    out = best_window_leg(leg, {"c": 0.7, "d": 0.1}, 2, admit_new=True)
    assert [s.chunk_id for s in out] == ["a", "c"]


def test_a_filtered_leg_rescores_its_own_chunks_only() -> None:
    leg = [Scored("a", 0.8), Scored("b", 0.6)]
    out = best_window_leg(leg, {"c": 0.95, "b": 0.9}, 2, admit_new=False)
    assert [s.chunk_id for s in out] == ["b", "a"]
