"""Near misses of the twenty-ninth round (issue #15): a value quoted from a unit about
another subject (answer/other_subject.py), a setting's measure asked by its name
(``asked.asks_metric``: a threshold, a resolution), and a week past the schedule's end
that the typed floor no longer lifts (``strength.judge``).

Notes invented for the test: an overview with a model's entry that gives no size next to
another model's entry that gives one, a filtering note that names its method and no
threshold, and a reading group's four-week schedule. Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.asked import asks_metric
from notelens.answer.extractive import extract
from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.other_subject import other_subject_factor
from notelens.answer.qtype import answer_type

pytestmark = pytest.mark.unit

OVERVIEW = note_hit(
    0,
    "- Wrenfield: 과학 논문으로 학습한 모델, 논문 검색과 요약에 강점.\n"
    "- Tamsin 9B: 2T tokens로 학습, context 8K.\n",
    "개요 > 모델 정리",
)
FILTERING = note_hit(
    1,
    "- 중복 제거: Quailnet은 fuzzy deduplication으로 비슷한 문서를 지움.\n"
    "- 품질 필터: 분류기로 낮은 품질 문서를 걸러냄.\n",
    "데이터 전처리 > Quailnet",
)
SCHEDULE = note_hit(
    2,
    "| 주차 | 논문 | 발표자 |\n|---|---|---|\n| 1 주차 | Orbit LM | 김하늘 |\n"
    "| 2 주차 | Kestrel | 박서준 |\n| 3 주차 | Pelican | 이도윤 |\n| 4 주차 | Heron | 최유나 |\n",
    "[스터디] RLX 읽기 모임 > 발표 순서",
)


@pytest.mark.parametrize(
    ("question", "unit_kind", "unit", "unit_missing", "missing", "factor"),
    [
        # The unit names none of the question's names but a sized name of its own, the
        # notes name the subject, and the unit holds a token of the asked type: a value
        # of another subject.
        ("How many tokens was Wrenfield trained on?", "item", "Tamsin 9B: 2T tokens", 1, 0, 0.3),
        ("Wrenfield 학습 토큰 몇 T야?", "item", "Tamsin 9B: 2T tokens로 학습", 1, 0, 0.3),
        ("Wrenfield 모델 크기 몇 B야?", "sentence", "Tamsin 9B는 2T tokens로 학습", 1, 0, 0.3),
        # Another entry's title with its year.
        ("Wrenfield report 연도", "title", "Tamsin: Open Models (2021)", 1, 0, 0.3),
        # A unit that names no subject of its own may describe the asked one under
        # another name (its paper's title in the heading).
        (
            "Wrenfield에서 0으로 둔 layer 몇 개야?",
            "item",
            "0으로 둔 Zero Layer 2개 사용",
            1,
            0,
            1.0,
        ),
        # The unit names the subject (partly): its value may be the one asked.
        ("How many tokens was Tamsin trained on?", "item", "Tamsin 9B: 2T tokens", 0, 0, 1.0),
        ("Wrenfield와 Tamsin 학습 토큰 몇 T야?", "item", "Tamsin 9B: 2T tokens", 0.5, 0, 1.0),
        # No passage names the subject: the names check answers for that.
        ("How many tokens was Corvid trained on?", "item", "Tamsin 9B: 2T tokens", 1, 1, 1.0),
        # The unit holds no token of the asked type: the type check answers for that.
        ("How many tokens was Wrenfield trained on?", "title", "Tamsin 논문 요약", 1, 0, 1.0),
        # A question of no value type.
        ("Wrenfield는 어떤 모델이야?", "item", "Tamsin 9B: 2T tokens로 학습", 1, 0, 1.0),
    ],
)
def test_other_subject_factor(
    question: str, unit_kind: str, unit: str, unit_missing: float, missing: float, factor: float
) -> None:
    kind = answer_type(question).kind
    got = other_subject_factor(question, kind, unit_kind, unit, unit_missing, missing)
    assert got == pytest.approx(factor)
    assert factor in (1.0, pytest.approx(1.0 - SIBLING_PENALTY))


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What similarity threshold does Quailnet's deduplication use?", True),
        ("What resolution did Heron raise the input images to?", True),
        ("Quailnet 중복 제거 임계값 얼마야?", True),
        ("Heron 입력 이미지 해상도 몇 픽셀로 올렸어?", True),
        ("Quailnet dedup threshold 몇으로 했어?", True),
        # The threshold named, no value asked.
        ("abstention threshold 뜻", False),
        ("What retrieval-score threshold triggers abstention?", False),
        ("Quailnet 임계값을 그대로 쓰면 어떻게 돼?", False),
    ],
)
def test_a_setting_measure_asked(question: str, asked: bool) -> None:
    assert asks_metric(question) is asked


@pytest.mark.parametrize(
    "question",
    [
        "RLX 읽기 모임 22주차 발표자 누구야?",
        "Who presents week 22 of the RLX reading group?",
        "RLX 모임 week 22 발표자 누구야?",
    ],
)
def test_a_week_past_the_schedule_is_refused(question: str, analyzer: Analyzer) -> None:
    assert extract(question, [SCHEDULE], analyzer=analyzer, embedder=None).strength < 0.36


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        ("What similarity threshold does Quailnet's fuzzy deduplication use?", [FILTERING]),
        ("Quailnet 중복 제거 threshold 몇으로 했어?", [FILTERING]),
        ("How many tokens was Wrenfield trained on, per the overview?", [OVERVIEW]),
    ],
)
def test_the_near_miss_is_refused(question: str, hits: list, analyzer: Analyzer) -> None:
    assert extract(question, hits, analyzer=analyzer, embedder=None).strength < 0.36


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        ("RLX 읽기 모임 3주차 발표자 누구야?", [SCHEDULE]),
        ("Who presents week 3 of the RLX reading group?", [SCHEDULE]),
    ],
)
def test_the_answer_stands(question: str, hits: list, analyzer: Analyzer) -> None:
    assert extract(question, hits, analyzer=analyzer, embedder=None).strength >= 0.36
