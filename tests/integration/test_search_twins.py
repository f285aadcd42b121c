"""A question naming a note's other-language version reads that version, on a real index
(issues #15 / #22, twenty-ninth round; ``FusionConfig.twin_depth``, retrieve/twins.py).

The notes are written for this test: a lab wiki whose README gives its introduction in
Korean and again in English (each its own passage, side by side), and Korean notes that
share the introduction's words, so that a Korean question finds the Korean version and
the English one shares none of its words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fused_search import fused_hits
from note_files import write_notes
from notelens import Engine

pytestmark = pytest.mark.integration

_KO = (
    "실험 기록과 읽은 논문 메모를 모아 두는 연구실 위키입니다. 새로 온 사람이 먼저 읽을 문서와 "
    "장비 예약 방법, 주간 회의 기록 위치를 정리해 둡니다.\n\n"
    "- 장비 예약은 금요일까지 신청합니다\n- 회의 기록은 날짜별 폴더에 둡니다\n"
)
_EN = (
    "This wiki keeps our lab's experiment logs and paper notes. It lists what newcomers "
    "should read first, how to book the shared GPUs, and where weekly minutes live.\n\n"
    "- Book equipment by Friday\n- Minutes go in one folder per date\n"
)
NOTES = {
    "lab-wiki/README.md": (
        f"# lab-wiki\n\n{_KO}\n## ENG\n\n<details>\n\n{_EN}\n</details>\n\n"
        "## 폴더 구조\n\n- `/logs`: 실험 기록\n- `/papers`: 논문 메모\n"
    ),
    "onboarding.md": "# 온보딩\n\n- 새로 온 사람이 먼저 읽을 문서 목록\n- 장비 예약 방법 안내\n",
    "minutes.md": "# 주간 회의\n\n- 회의 기록은 날짜별 폴더에 정리\n- 장비 예약 현황 공유\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("twins")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


def _place(hits: list[object], line: str) -> int | None:
    return next((i for i, h in enumerate(hits) if line in getattr(h, "text", "")), None)


@pytest.mark.parametrize(
    "query",
    [
        "위키 영어 버전 소개에서 새로 온 사람이 먼저 읽을 문서 얘기",  # Korean
        "lab-wiki README 영문 소개에서 장비 예약은 언제까지라고 해?",  # mixed
    ],
)
def test_the_english_version_goes_just_above_the_korean_one(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    hits = fused_hits(make_engine, index, query)
    en, ko = _place(hits, "newcomers"), _place(hits, "새로 온 사람이 먼저 읽을 문서와")
    assert en is not None and ko is not None and en == ko - 1, [h.text[:30] for h in hits]


def test_an_english_question_naming_the_korean_version(
    make_engine: Callable[..., Engine], index: Path
) -> None:
    hits = fused_hits(
        make_engine,
        index,
        "In the Korean version of the lab wiki intro, what do newcomers read first?",
    )
    en, ko = _place(hits, "newcomers"), _place(hits, "새로 온 사람이 먼저 읽을 문서와")
    assert ko is not None and en is not None and ko == en - 1, [h.text[:30] for h in hits]


@pytest.mark.parametrize(
    "query", ["장비 예약은 언제까지 신청해?", "Where do the weekly minutes live?"]
)
def test_other_questions_keep_the_fused_order(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    on = [h.chunk_id for h in fused_hits(make_engine, index, query)]
    off = [h.chunk_id for h in fused_hits(make_engine, index, query, twin_depth=0)]
    assert on == off
