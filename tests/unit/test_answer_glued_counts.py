"""A count glued to the asked counter by a hyphen (``answer/numbers.py``,
``AskedUnit.fit``): "256-shot" answers "how many shots", in an English or a Korean
line alike. Lines and questions written for these tests.
"""

from __future__ import annotations

import pytest

from notelens.answer.numbers import asked_unit

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("At how many shots does the attack work on most models?", "128-shot에서 대부분 뚫림"),
        ("How many layers does the draft model have?", "a 6-layer draft model"),
        ("몇 shot부터 성능이 포화돼?", "32-shot부터 포화"),
    ],
)
def test_a_count_glued_to_the_asked_counter_fits(question: str, line: str) -> None:
    unit = asked_unit(question)
    assert unit is not None and unit.fit(line) == 1


def test_a_glued_token_of_another_word_does_not() -> None:
    unit = asked_unit("How many shots were used?")
    assert unit is not None
    assert unit.fit("top-2 routing over 8-bit weights") == 0
    assert unit.fit("GPT-4 was the judge") == 0
