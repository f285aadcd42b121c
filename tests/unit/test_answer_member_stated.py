"""members.member_stated: a series member the question names, found written in a text in
either language (the one reading behind evidence.series_present and refusal.qualifier_stated)."""

from __future__ import annotations

import pytest

from notelens.answer.members import member_stated

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("asked", "text"),
    [
        ("season4", "거꾸로 읽는 ssl 시즌4 일정"),
        ("시즌4", "reading group, season 4 schedule"),
        ("week 3", "3주차 발표: 김하늘"),
    ],
)
def test_the_same_member_in_either_language_is_stated(asked: str, text: str) -> None:
    assert member_stated(asked, text)


@pytest.mark.parametrize(
    ("asked", "text"),
    [
        ("season5", "거꾸로 읽는 ssl 시즌4 일정"),  # another member of the series
        ("week 3", "13주차 발표: 김하늘"),  # a number that only ends in the asked one
        ("LoRA", "season 4"),  # nothing counted is asked
    ],
)
def test_another_member_or_none_asked_is_not_stated(asked: str, text: str) -> None:
    assert not member_stated(asked, text)
