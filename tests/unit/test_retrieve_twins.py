"""A note's other-language version of a passage, for a question that names that version
(retrieve/twins.py, ``FusionConfig.twin_depth``; issues #15 / #22, twenty-ninth round)."""

from __future__ import annotations

import pytest

from notelens.answer.crosslang import asked_language
from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.searcher import check_retrieval
from notelens.retrieve.twins import MAX_TWINS, asks_version, neighbours, twins_first, versions


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("영어 버전 두 번째 항목에서 무엇을 기록한다고 해?", "en"),  # Korean, English asked
        ("영문 소개는 이 노트를 뭐라고 불러?", "en"),
        ("What does the Korean intro of the lab wiki promise?", "ko"),  # English, Korean asked
        ("In the Korean version, which tools are listed?", "ko"),
        ("lab-wiki README 영어 설명에서 onboarding 관련 문장", "en"),  # mixed
    ],
)
def test_a_question_naming_the_other_version(question: str, lang: str) -> None:
    assert asked_language(question) == lang
    assert asks_version(question)


@pytest.mark.parametrize(
    "question",
    [
        "Adapter 논문 부제 영어로 뭐였지?",  # the wording of one English name, no version
        "이 노트에서 다루는 주제는?",  # no language at all
        "What does the intro say about onboarding?",
        "Which benchmark has Korean QA accuracy above 80?",  # a language as data
        "Sparse MoE 논문 원래 제목 영어로 알려줘",  # mixed: a title, no version
    ],
)
def test_no_version_named(question: str) -> None:
    assert not (asked_language(question) and asks_version(question))


def test_neighbours_are_the_passages_before_and_after() -> None:
    order = ["intro-ko", "intro-en", "layout"]
    assert neighbours(order, "intro-ko") == ["intro-en"]
    assert neighbours(order, "intro-en") == ["intro-ko", "layout"]
    assert neighbours(order, "elsewhere") == []


def test_versions_are_about_as_long() -> None:
    ko = "실험 기록과 읽은 논문을 정리하는 저장소입니다. 다루는 주제는 다음과 같습니다."
    en = "This repository keeps lab logs and notes on papers. It covers the following topics."
    assert versions(ko, en)
    assert not versions("Layout", en)  # a one-word heading restates nothing
    assert not versions("", en)


def test_the_twin_goes_just_above_its_passage_each_place_keeping_its_score() -> None:
    ranked = [("intro-ko", 0.9), ("guide", 0.8), ("faq", 0.7), ("todo", 0.6)]
    out = twins_first(ranked, {"intro-ko": "intro-en"})
    assert out == [
        ("intro-en", 0.9),
        ("intro-ko", 0.8),
        ("guide", 0.7),
        ("faq", 0.6),
        ("todo", 0.6),
    ]


def test_a_twin_below_moves_up_and_one_above_stays() -> None:
    ranked = [
        ("guide", 0.9),
        ("layout-en", 0.8),
        ("layout-ko", 0.7),
        ("intro-ko", 0.6),
        ("intro-en", 0.5),
    ]
    out = twins_first(ranked, {"layout-ko": "layout-en", "intro-ko": "intro-en"})
    assert [cid for cid, _ in out] == ["guide", "layout-en", "layout-ko", "intro-en", "intro-ko"]
    assert [s for _, s in out] == [s for _, s in ranked]


def test_at_most_max_twins_and_none_changes_nothing() -> None:
    ranked = [(f"p{i}", 1.0 - i / 10) for i in range(5)]
    twins = {f"p{i}": f"t{i}" for i in range(5)}
    out = [cid for cid, _ in twins_first(ranked, twins)]
    assert sum(cid.startswith("t") for cid in out) == MAX_TWINS
    assert out[:2] == ["t0", "p0"]
    assert twins_first(ranked, {}) == ranked


def test_the_step_is_on_by_default() -> None:
    assert FusionConfig().twin_depth == 5


def test_the_depth_is_checked() -> None:
    check_retrieval(FusionConfig(twin_depth=0), RerankConfig())
    with pytest.raises(ConfigError, match="twin_depth -1 is not between 0"):
        check_retrieval(FusionConfig(twin_depth=-1), RerankConfig())
    with pytest.raises(ConfigError, match="twin_depth"):
        check_retrieval(FusionConfig(twin_depth=101), RerankConfig())
