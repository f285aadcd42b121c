"""The example a note gives for a named thing (answer/examples.py): the line that opens
as an example under the bullet naming it. Korean, English and mixed questions."""

from __future__ import annotations

import pytest

from notelens.answer.examples import asked_example, example_line
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit

NOTE = """- Tuning에는 DPO와 KTO가 있음.
  - DPO는 선호 쌍만으로 정책을 바로 학습함.
    - 예: 요약 모델에 사람이 고른 요약 쌍으로 DPO 적용.
  - KTO는 좋다/나쁘다 표시 하나로 학습함.
    - 예: 고객 상담 로그의 thumbs-up 표시로 KTO 학습.
"""


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("DPO 예시로 든 거 뭐야", ["dpo"]),
        ("What example is given for KTO in the notes?", ["kto"]),
        ("KTO 설명에서 든 적용 example은?", ["kto"]),
        # A place or a count among examples is the list modules' or the number's.
        ("DPO 예시 중 두번째?", []),
        ("How many examples does the DPO line give?", []),
        ("DPO는 뭐야?", []),
    ],
)
def test_which_questions_ask_an_example(question: str, names: list[str]) -> None:
    assert asked_example(question) == names


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("KTO 예시로 든 거 뭐야", "고객 상담"),
        ("What example is given for DPO?", "요약 모델"),
        ("DPO 설명에 든 example 뭐였지", "요약 모델"),
    ],
)
def test_the_example_under_the_named_bullet(question: str, line: str) -> None:
    found = example_line(question, [build_units(NOTE, "notes > Tuning")])
    # The bullet right above the line names the thing; the one above both names both.
    assert found is not None and line in found[1].text


def test_no_example_line_no_answer() -> None:
    units = [build_units("- DPO는 선호 쌍만으로 학습함.\n", "notes")]
    assert example_line("DPO 예시로 든 거 뭐야", units) is None
