"""A question that names a day reads the entry its notes file under that day first, on a
real index (issues #15 / #22, twenty-first round; ``FusionConfig.dated_entry_depth``,
retrieve/dated_entries.py).

The notes are written for this test: lab minutes whose entries are headed by their date
in three ways (2026.04.07, "April 14th", 4/21), every entry with the same frame words
(참석, 결정, attendees), a daily log under ISO days, and notes that use the same words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fused_search import fused_hits
from note_files import write_notes
from notelens import Engine

pytestmark = pytest.mark.integration

_PEOPLE = ["한결", "서윤", "Mira Olsen", "도하", "Theo Park", "지안"]


def _entry(heading: str, i: int) -> str:
    who = ", ".join(_PEOPLE[j % len(_PEOPLE)] for j in range(i, i + 4))
    return (
        f"## {heading}\n\n참석: {who}\n\n"
        f"- 결정: 실험 {i}번 설정으로 다음 주 재현, 평가셋 v{i} 고정\n"
        f"- 할 일: 결과 표 정리 ({_PEOPLE[i % 6]}), attendees review the plan\n\n"
    )


_HEADINGS = [
    "2026.03.24 (기록: 한결)",
    "2026.03.31 (기록: 서윤)",
    "2026.04.07 (기록: 도하)",
    "April 14th (notes: Mira)",
    "4/21 (기록: 지안)",
    "2026.04.28 (기록: 한결)",
]

NOTES = {
    "lab-minutes.md": "# 연구실 주간 미팅\n\n"
    + "".join(_entry(h, i) for i, h in enumerate(_HEADINGS)),
    "daily.md": "# Daily log\n\n"
    + "".join(
        f"### 2026-04-{d:02d}\n\n- [x] 체크포인트 {d} 평가\n- [ ] 리포트 초안 {d}\n\n"
        for d in (6, 8, 9, 10, 13)
    ),
    "howto.md": "# 미팅 운영 규칙\n\n- 미팅 참석자는 기록 담당이 적는다\n"
    "- 결정 사항과 할 일을 미팅마다 나눠 적기\n- attendees and decisions go first\n",
    "team.md": "# 팀 소개\n\n- 미팅은 매주 화요일, 참석자 6명\n- 데일리 로그는 각자 쓴다\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("dated-entries")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("4월 14일 미팅 참석자", "April 14th"),
        ("Who attended the April 7 meeting?", "2026.04.07"),
        ("4/21 미팅에서 결정한 것", "4/21"),
        ("3월 31일 미팅 기록 누가 했어", "2026.03.31"),
        ("4월 9일 데일리에서 못 끝낸 일", "2026-04-09"),
    ],
)
def test_the_dated_entry_comes_first(
    make_engine: Callable[..., Engine], index: Path, query: str, heading: str
) -> None:
    hits = fused_hits(make_engine, index, query)
    assert heading in hits[0].heading


def test_without_the_step_the_entries_look_alike(
    make_engine: Callable[..., Engine], index: Path
) -> None:
    # every entry has the same frame words: fused alone, the day asked for is not first
    # for every question above
    queries = {
        "4월 14일 미팅 참석자": "April 14th",
        "Who attended the April 7 meeting?": "2026.04.07",
        "4/21 미팅에서 결정한 것": "4/21",
        "3월 31일 미팅 기록 누가 했어": "2026.03.31",
        "4월 9일 데일리에서 못 끝낸 일": "2026-04-09",
    }
    off = [
        heading in fused_hits(make_engine, index, q, dated_entry_depth=0)[0].heading
        for q, heading in queries.items()
    ]
    assert not all(off)


@pytest.mark.parametrize(
    "query", ["4월 21일까지 할 일", "What is due by April 28?", "5월 3일 미팅 참석자"]
)
def test_a_bound_or_an_unfiled_day_keeps_the_fused_order(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    on = [h.chunk_id for h in fused_hits(make_engine, index, query)]
    off = [h.chunk_id for h in fused_hits(make_engine, index, query, dated_entry_depth=0)]
    assert on == off
