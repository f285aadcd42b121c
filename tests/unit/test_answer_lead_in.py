"""A line that announces a list answers with the list (answer/lead_in.py).

Notes invented for the test: a repository's opening lines in Korean and their English
rendering, each announcing its topics before listing them; real Kiwi, no e5."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lead_in import LEAD_IN_RE

pytestmark = pytest.mark.unit

README_KO = (
    "연구 노트를 모아 두는 저장소입니다. 질문과 피드백은 언제든 환영합니다.\n"
    "주로 다음과 같은 내용을 다룹니다.\n"
    "- 긴 문맥에서 검색 증강이 정답률에 미치는 영향\n"
    "- 합성 데이터 비율에 따른 instruction tuning 성능 변화\n"
    "  - 비율 10%, 30%, 50% 비교\n"
    "- 평가 지표 사이의 상관 분석\n"
    "\n"
    "문서 목록은 폴더별로 정리되어 있습니다.\n"
)
README_EN = (
    "This repository collects reading notes. Feedback is always welcome.\n"
    "Specifically, this repository covers:\n"
    "- how retrieval augmentation changes accuracy on long contexts\n"
    "- how the share of synthetic data changes instruction tuning\n"
    "- correlations between evaluation metrics\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "주로 다음과 같은 내용을 다룹니다.",
        "Specifically, this repository covers:",
        "구성은 아래와 같음",
    ],
)
def test_announcing_lines_are_told(line: str) -> None:
    assert LEAD_IN_RE.search(line)


@pytest.mark.parametrize(
    "line", ["피드백과 토론은 언제든지 환영합니다!", "Scaling Law: 성능은 N, D, C와 power-law"]
)
def test_other_lines_announce_nothing(line: str) -> None:
    assert not LEAD_IN_RE.search(line)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("이 저장소는 어떤 내용을 다뤄?", README_KO),
        ("What does this repository cover?", README_EN),
        ("이 repository는 주로 어떤 내용을 다뤄?", README_KO),
    ],
)
def test_the_announced_items_follow_the_line(question: str, text: str, analyzer: Analyzer) -> None:
    ex = extract(question, [note_hit(0, text, "notes-repo")], analyzer=analyzer, embedder=None)
    quoted = [s.text for s in ex.sentences]
    at = next(i for i, t in enumerate(quoted) if "다음과 같은" in t or "covers:" in t)
    after = " ".join(quoted[at + 1 :])
    assert ("검색 증강" in after and "상관 분석" in after) or (
        "retrieval augmentation" in after and "correlations" in after
    ), quoted
    # A nested item is its parent's detail, not an item of the announced list.
    assert not any(t.startswith("비율 10%") for t in quoted)
