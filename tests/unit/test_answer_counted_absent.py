"""A Korean count of a thing no quoted passage names (answer/counted_absent.py, issue #15,
thirtieth round): "저장소 스타 몇 개야?" over a README that never writes stars.

Texts invented for the test: a repo's README line, a benchmark's schedule row, a model's
summary that counts its layers. Korean and mixed questions.
"""

from __future__ import annotations

import pytest

from notelens.answer.counted_absent import counted_thing, counted_unnamed

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("quill-notes 저장소 스타 몇 개야?", "스타"),
        ("Brindle-Bench 질문 몇 개로 구성돼 있어?", "질문"),
        ("Heron Guard 위험 분류 카테고리 몇 개야?", "카테고리"),
        ("Tamsin 샘플 수 몇 개야?", "샘플"),
        ("Tamsin 데이터셋 샘플이 몇 개야?", "샘플"),
        ("Orbit은 몇 개의 레이어를 써?", "레이어"),
        ("Orbit 비교군은 몇 개 layer만 튜닝했어?", "layer"),
        ("Tamsin 평가 스킬을 몇 개로 나눴어?", "스킬"),
        # No thing counted: an adverb before "몇 개", a span of months, no "몇 개".
        ("Orbit 정확히 몇 개야?", None),
        # A noun of one syllable, its particle cut off, is too short to look for.
        ("한 선수가 몇 개의 퀸을 가질 수 있어?", None),
        ("Orbit 학습에 몇 개월 걸렸어?", None),
        # Another counter that begins with 개 counts its own thing ("몇 개국" countries).
        ("Orbit 평가에 참가한 국가는 몇 개국이야?", None),
        ("Orbit 협력 기관은 몇 개사야?", None),
        # The count ended by 에서 / 중 / 부터 still counts the noun before it.
        ("Orbit 벤치마크 몇개에서 1등 했어?", "벤치마크"),
        ("Orbit 파라미터 몇 개부터 큰 모델이야?", "파라미터"),
        ("Orbit 모델 크기 몇 B야?", None),
        ("How many layers does Orbit have?", None),
    ],
)
def test_counted_thing(question: str, thing: str | None) -> None:
    assert counted_thing(question) == thing


@pytest.mark.parametrize(
    ("question", "passages", "unnamed"),
    [
        # The README names the repo and never its stars.
        (
            "quill-notes 저장소 스타 몇 개야?",
            "quill-notes\n읽은 자료를 기록하는 용도의 저장소입니다.",
            True,
        ),
        # A schedule row names the benchmark and no questions.
        (
            "Brindle-Bench 질문 몇 개로 구성돼 있어?",
            "발표 순서\n18 주차 · Paper title: Judging with Brindle-Bench · Speaker: 김하늘",
            True,
        ),
        # The counted thing written: the count may be there.
        ("Orbit은 레이어 몇 개 써?", "Orbit: 초기 가중치가 0인 레이어 2개 사용", False),
        # In the other language: "레이어" is "layer".
        ("Orbit에서 초기 가중치 0인 레이어 몇 개 써?", "Orbit: 2개의 Zero Layer 사용", False),
        ("Orbit 비교군은 몇 개 layer만 튜닝했어?", "Orbit 비교군: 마지막 2개 층만 튜닝", False),
        ("Tamsin 벤치마크 몇 개 중에 몇 개 1등?", "Tamsin: 12개 벤치마크 중 11개에서 최고", False),
        # No thing counted: nothing to look for.
        ("Orbit 정확히 몇 개야?", "Orbit 요약", False),
    ],
)
def test_counted_unnamed(question: str, passages: str, unnamed: bool) -> None:
    assert counted_unnamed(question, passages) is unnamed
