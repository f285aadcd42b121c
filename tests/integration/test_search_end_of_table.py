"""Questions over real-looking notes, on a real index (issue #15, eighteenth round):

* a question about the *end* of a long table that the chunker split into parts
  ("마지막 주차엔 뭐 해?", "how many weeks in total?") finds its last part among the first
  hits, ahead of the first part (``FusionConfig.end_parts_depth``, retrieve/sections.py);
* a term written in one passage only ("… 약자 뭐야?") leads the hybrid order
  under ``FusionConfig.absent_floor="single"`` (opt-in: a one-passage BM25 leg counts).

The notes are written for this test: a reading group's syllabus of 24 weeks in one
table, its sign-up and links sections, and other notes on the same words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fused_search import fused_hits
from note_files import write_notes
from notelens import Engine
from notelens.types import Hit

pytestmark = pytest.mark.integration

_TOPICS = [
    "토크나이저 기초",
    "임베딩 공간 살펴보기",
    "어텐션 다시 읽기",
    "위치 인코딩 비교",
    "정규화 층의 위치",
    "활성 함수 실험",
    "학습률 스케줄",
    "옵티마이저 비교",
    "혼합 정밀도 학습",
    "데이터 중복 제거",
    "커리큘럼 구성",
    "평가 지표 정리",
    "지시 학습 데이터",
    "선호 데이터 수집",
    "보상 모델 학습",
    "정책 최적화 복습",
    "직접 선호 최적화",
    "안전성 평가",
    "긴 문맥 처리",
    "검색 증강 생성",
    "에이전트 설계",
    "경량화와 양자화",
    "배포와 서빙",
    "시즌 회고와 전체 정리",
]
_ROWS = "\n".join(
    f"| {i} 주차 | {topic} | 발표자 {chr(0x41 + i % 7)} | 2025-{1 + i // 4:02d}-{1 + 7 * (i % 4):02d}"
    f" | 읽을거리는 채널에 미리 공유하고, 질문은 발표 전날까지 스레드에 남기기 |"
    for i, topic in enumerate(_TOPICS, start=1)
)
NOTES = {
    "reading-group.md": "# 모래시계 읽기 모임 시즌2\n\n"
    "## 신청\n\n- 모래시계 읽기 모임 시즌2 신청은 폼으로 받음\n- 매주 목요일 저녁 온라인\n\n"
    "## 주차별 일정\n\n| 주차 | 주제 | 발표자 | 날짜 | 메모 |\n|---|---|---|---|---|\n"
    + _ROWS
    + "\n\n"
    "## 관련 링크\n\n- 모래시계 읽기 모임 시즌1 기록\n- 모래시계 읽기 모임 영상 채널\n",
    "lab-log.md": "# 연구실 주간 기록\n\n- 이번 주 학습률 스케줄 실험은 보류\n"
    "- 평가 지표 정리는 다음 주에\n- ZQRT (zero-shot query rewriting with templates) 실험 시작\n",
    "glossary.md": "# Glossary\n\n- warmup: the first steps with a rising learning rate\n"
    "- curriculum: ordering training data from easy to hard\n"
    "- reward model: scores a response given a prompt\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("end-of-table")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


def _table_parts(hits: list[Hit]) -> list[int | None]:
    """The table's parts among ``hits``, in hit order, as the line each part ends on."""
    return [h.location.line_end for h in hits if h.heading.endswith("주차별 일정")]


def test_the_table_is_split_into_parts(make_engine: Callable[..., Engine], index: Path) -> None:
    hits = fused_hits(make_engine, index, "모래시계 읽기 모임 주차별 일정", end_parts_depth=0)
    assert len(_table_parts(hits)) >= 3  # else the tests below prove nothing


@pytest.mark.parametrize(
    "query",
    [
        "모래시계 읽기 모임 시즌2 마지막 주차엔 뭐 해?",
        "모래시계 읽기 모임 총 몇 주차까지 있어?",
        "모래시계 reading group 마지막 주차 주제",
    ],
)
def test_a_question_about_the_end_reads_the_parts_last_first(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    fused = _table_parts(fused_hits(make_engine, index, query, end_parts_depth=0))
    assert len(fused) >= 2  # fused, several parts reach the five hits, the first among them
    parts = _table_parts(fused_hits(make_engine, index, query))
    assert len(parts) >= 2
    assert parts == sorted(parts, reverse=True)  # the last row's part first, and so on
    # the places the parts held in the fused head (to depth 20) are theirs, last first:
    # the latest parts reach ask's five hits, the first part leaves them
    assert parts[0] == max(fused) and min(fused) not in parts


def test_other_questions_keep_the_fused_order(
    make_engine: Callable[..., Engine], index: Path
) -> None:
    query = "모래시계 읽기 모임 3 주차 주제"
    on = [h.chunk_id for h in fused_hits(make_engine, index, query)]
    off = [h.chunk_id for h in fused_hits(make_engine, index, query, end_parts_depth=0)]
    assert on == off


@pytest.mark.parametrize("query", ["ZQRT 약자 뭐야?", "What does ZQRT stand for?"])
def test_a_term_in_one_passage_stands_out(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    # "off" (the default): the one-passage BM25 leg has no spread and adds nothing, the
    # passage leads on its dense score alone; "single" adds what BM25 says of it
    def lead(**fusion: Any) -> float:
        hits = fused_hits(make_engine, index, query, **fusion)
        assert Path(hits[0].source).name == "lab-log.md"
        return hits[0].score - hits[1].score

    assert lead(absent_floor="single") > lead() + 0.3
