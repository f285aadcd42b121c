"""Who by role: the labelled lines of minutes and group pages (answer/roles.py).

Minutes written for the test: a meeting whose "기타" section restates more of the
question ("이번 회의에서는 …") than its "불참:" line does, and a group page with a
coordinator and a co-coordinator. Real Kiwi; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.roles import asked_roles, unit_role
from notelens.answer.units import build_units


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("10월 14일 회의에 누가 빠졌어?", {"absent"}),
        ("9월 8일 회의에 불참한 사람은?", {"absent"}),
        ("Who missed the October 14 meeting?", {"absent"}),
        ("Who attended the lab meeting?", {"attended"}),
        ("10월 회의 참석자는 누구야?", {"attended"}),
        ("6주차 기록 담당은 누구였어?", {"recorder"}),
        ("Who took the minutes on Oct 14?", {"recorder"}),
        ("주간 회의 진행은 누가 했어?", {"chair"}),
        ("Who coordinates the agents reading group?", {"organizer"}),
        ("스터디 운영자는 누구야?", {"organizer"}),
    ],
)
def test_the_asked_role(question: str, roles: set[str]) -> None:
    assert asked_roles(question) == roles


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "LLaVA는 벤치마크 몇 개에서 최고 성능을 기록했어?",  # "recorded a score"
        "오류 분석은 아직 진행 중이야?",  # a status, not a chair
        "Who presents the QLoRA paper?",
    ],
)
def test_no_role_asked(question: str) -> None:
    assert asked_roles(question) == frozenset()


@pytest.mark.unit
def test_a_label_names_its_role_whole() -> None:
    units = build_units(
        "참석: 한지수(진행), 장우성\n불참: 배소윤 (휴가)\n기록: 오민재\n"
        "- Coordinator: Priya Raman (Orchard Labs).\n"
        "- Co-coordinator: 오민재 (Hanbit AI Lab).\n"
        "- **Absent**: Kim Dae\n- 권태호: 학습 시작\n",
        "회의록 > 2025-10-14",
    )
    assert [unit_role(u) for u in units] == [
        "attended",
        "absent",
        "recorder",
        "organizer",
        None,  # a co-coordinator is not the coordinator
        "absent",
        None,  # a person's own line
    ]


MINUTES = note_hit(
    0,
    "참석: 한지수(진행), 장우성, 오민재, 노은채, 권태호\n불참: 배소윤 (휴가)\n기록: 오민재",
    "주간 회의록 — 2025-10-14 (화)",
)
OTHER = note_hit(
    1,
    "- 권태호: 후속 모델 학습 시작. 결과는 내년 2월 예상. 이번 회의에서는 세부 사항 공유 불가\n"
    "- 노은채: 숫자 표기 통일 규칙 초안 공유\n",
    "주간 회의록 — 2025-10-14 (화) > 4. 기타",
)
GROUP = note_hit(
    0,
    "A cross-lab reading group on LLM agents.\n\n"
    "- Co-coordinator: 오민재 (Hanbit AI Lab).\n"
    "- Coordinator: Priya Raman (Orchard Labs).\n",
    "Agents Reading Group — Autumn 2025",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits", "who"),
    [
        ("10월 14일 회의에 누가 빠졌어?", [OTHER, MINUTES], "배소윤"),
        ("10월 14일 회의록은 누가 기록했어?", [OTHER, MINUTES], "오민재"),
        ("Who missed the 10월 14일 회의?", [OTHER, MINUTES], "배소윤"),
        ("Who coordinates the agents reading group?", [GROUP], "Priya Raman"),
    ],
)
def test_the_labelled_line_answers(question: str, hits: list, who: str, analyzer: Analyzer) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == who


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("튜닝 로그 owner 누구?", {"keeper"}),
        ("Who maintains the notes repo?", {"keeper"}),
        ("노트 레포 관리자는?", {"keeper"}),
        ("Quill Q&A 녹취는 누가 했어?", {"transcriber"}),
        ("Who transcribed the Q&A?", {"transcriber"}),
        ("Who reviewed the Sparse Echo paper?", {"reviewer"}),
        ("Sparse Echo 논문 리뷰어는?", {"reviewer"}),
    ],
)
def test_the_keeper_transcriber_and_reviewer_are_asked(question: str, roles: set[str]) -> None:
    assert asked_roles(question) == roles


@pytest.mark.unit
def test_header_lines_name_the_keeper_transcriber_and_reviewer() -> None:
    units = build_units(
        "QUILL-2B TUNING LOG\nowner: Gaon Moon (문가온)\n"
        "Maintainer: Seojin Baek.\nTranscribed by: Dana Holt\nReviewer: 백서진\n"
        "hardware: 4x A6000\n",
        "",
    )
    assert [unit_role(u) for u in units] == [
        None,
        "keeper",
        "keeper",
        "transcriber",
        "reviewer",
        None,
    ]


LOG_HEADER = note_hit(
    0,
    "QUILL-2B TUNING LOG\nowner: Gaon Moon (문가온)\nhardware: 4x A6000 48GB\n",
    "",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["QUILL-2B tuning log owner 누구?", "Who owns the Quill-2B tuning log?"]
)
def test_the_owner_line_answers(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [LOG_HEADER], analyzer=analyzer, embedder=None)
    # The line writes the name twice ("Gaon Moon (문가온)"): either is the owner.
    assert ex.sentences[ex.lead].text.startswith("owner:")
    assert ex.short is not None and ex.short.text in ("Gaon Moon", "문가온")
