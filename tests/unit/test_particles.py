"""The trailing-particle patterns the answer rules share (analysis/particles.py)."""

from __future__ import annotations

import importlib
import re

import pytest

from notelens.analysis.particles import CASE_PARTICLES, trailing_particle

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("단계는", "단계"),
        ("토큰으로", "토큰"),
        ("LoRA를", "LoRA"),
        ("모델의", "모델"),
        ("토큰", "토큰"),
    ],
)
def test_case_particles_are_cut(word: str, stem: str) -> None:
    assert trailing_particle().sub("", word) == stem


def test_extra_endings_only_where_asked() -> None:
    plain, counter = trailing_particle(), trailing_particle("마다", "까지", "씩")
    assert plain.sub("", "개월마다") == "개월마다"
    assert counter.sub("", "개월마다") == "개월"
    assert counter.sub("", "주차까지") == "주차"
    # the longest ending wins whatever the order given: "으로" over "로"
    assert trailing_particle("로").sub("", "방식으로") == "방식"


def test_a_particle_alone_is_a_full_match() -> None:
    pattern = trailing_particle("에서")
    assert pattern.fullmatch("에서") and pattern.fullmatch("으로")
    assert not pattern.fullmatch("토큰에서")
    assert set(CASE_PARTICLES) <= {"으로", "로", "은", "는", "이", "가", "을", "를", "의", "에"}


def _endings(pattern: re.Pattern[str]) -> set[str]:
    assert pattern.pattern.startswith("(?:") and pattern.pattern.endswith(")$")
    return set(pattern.pattern[3:-2].split("|"))


@pytest.mark.parametrize(
    ("module", "extra"),
    [
        ("lists", "와 과 도 만"),
        ("refusal", "까지 마다 부터 짜리 정도 이야 이나 인가 인지 이면 야 나 면 씩 쯤"),
        ("unwritten", "에서 도 만 과 와 까지 부터 보다 이나 나 쯤 씩"),
    ],
)
def test_each_rule_keeps_its_own_endings(module: str, extra: str) -> None:
    # the endings each rule stripped when it wrote its own pattern out
    pattern = importlib.import_module(f"notelens.answer.{module}")._PARTICLE_RE
    assert _endings(pattern) == set(CASE_PARTICLES) | set(extra.split())
