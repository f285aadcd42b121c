"""A question that names a section reads that section's parts first
(retrieve/named_sections.py, issues #15 / #22, nineteenth round)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.named_sections import (
    MAX_PARTS,
    Part,
    heading_keys,
    named_first,
    named_section,
    section_names,
)
from notelens.retrieve.searcher import check_retrieval

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Safety Evals 섹션 논문 목록", "safety evals"),
        ("KD 섹션에서 아직 링크 없는 항목들 뭐야?", "kd"),
        ("증류 기법 섹션에 뭐 있어?", "증류 기법"),
        ("최적화의 섹션 요약", "최적화"),  # the particle is not the name's
        ("What is listed in the Data Pipelines section?", "data pipelines"),
        ("papers in the section on Sparse Attention", "sparse attention"),
        ("Serving 챕터 첫 항목은?", "serving"),
        # what a heading files: "X 목록", "X 밑에 / 아래 / 하위", "the X list", "under X"
        ("Quantization 목록 두번째 논문은?", "quantization"),
        ("증류 기법 밑에 뭐 적혀 있어?", "증류 기법"),
        ("평가 지표 아래 첫 줄 알려줘", "평가 지표"),
        ("Serving 하위 항목 몇 개야?", "serving"),
        ("What is the second entry of the Data Pipelines list?", "data pipelines"),
        ("the first paper under Sparse Attention in my notes", "sparse attention"),
        ("What is listed under the Benchmarks heading?", "benchmarks"),
        ("Under 평가 지표, what comes first?", "평가 지표"),
    ],
)
def test_the_name_before_or_after_the_cue(question: str, name: str) -> None:
    assert name in section_names(question)


@pytest.mark.parametrize(
    "question",
    [
        "어느 섹션에 있어?",  # asks which section: no name
        "Which section is it in?",
        "증류 논문 언제 나왔어?",  # no cue at all
        "Under which heading is it filed?",  # asks which: no name
        "어느 목록에 있어?",
    ],
)
def test_no_name(question: str) -> None:
    assert section_names(question) == []


def test_longest_name_first() -> None:
    names = section_names("SSL 스터디 Safety Evals 섹션")
    assert names.index("safety evals") < names.index("evals")


@pytest.mark.parametrize(
    ("question", "name", "frame"),
    [
        # the longer name of two cues first: the frame's one word ("paper list") after it
        (
            "What's the first paper under Sparse Attention in the paper list?",
            "sparse attention",
            "paper",
        ),
        ("Sparse Attention 밑에 있는 논문 목록", "sparse attention", "논문"),
        ("Sparse Attention 밑에 있는 paper list", "sparse attention", "paper"),
    ],
)
def test_longest_name_first_across_cues(question: str, name: str, frame: str) -> None:
    names = section_names(question)
    assert names.index(name) < names.index(frame)


@pytest.mark.parametrize(
    ("segment", "key"),
    [
        ("Knowledge Distillation", "kd"),
        ("Large Language Models", "llm"),  # a final plural "s" is no initial
        ("Mixture of Experts", "me"),  # function words skipped
        ("GQA (Grouped-Query Attention)", "gqa"),
        ("GQA (Grouped-Query Attention)", "grouped-query attention"),
        ("Grouped-Query Attention", "gqa"),  # a hyphenated word gives one initial each
        ("증류 기법", "증류 기법"),
        ("Red  Teaming", "red teaming"),
    ],
)
def test_heading_keys(segment: str, key: str) -> None:
    assert key in heading_keys(segment)


def test_no_initials_of_one_word_or_of_hangul() -> None:
    assert heading_keys("Methods") == frozenset({"methods"})
    assert heading_keys("증류 기법") == frozenset({"증류 기법"})


def _parts() -> list[Part]:
    return [
        Part("intro", "papers.md", "", (1, 1)),
        Part("llm-1", "papers.md", "Large Language Models", (10, 20)),
        Part("llm-2", "papers.md", "Large Language Models", (21, 30)),
        Part("llm-3", "papers.md", "Large Language Models", (31, 40)),
        Part("kd-1", "papers.md", "Knowledge Distillation", (42, 50)),
        Part("sub", "survey.md", "개요 > LLM 학습 > 데이터", (5, 9)),
        Part("sub-top", "survey.md", "개요 > LLM 학습", (3, 4)),
    ]


def test_an_acronym_names_the_section_whole() -> None:
    # "LLM" is a word of "LLM 학습" but no heading of survey.md *is* LLM: only the section
    # whose initials spell it answers, with every part, in file order
    got = named_section(["llm"], _parts(), ["llm-3", "sub", "intro"])
    assert got == ["llm-1", "llm-2", "llm-3"]
    assert named_section(["llms"], _parts(), []) == ["llm-1", "llm-2", "llm-3"]


def test_a_parent_section_holds_its_children() -> None:
    assert named_section(["llm 학습"], _parts(), []) == ["sub-top", "sub"]


def test_no_heading_no_section() -> None:
    assert named_section(["어느"], _parts(), ["intro"]) == []


def test_among_several_the_best_ranked() -> None:
    parts = [
        Part("a-1", "a.md", "Methods", (1, 5)),
        Part("b-1", "b.md", "Methods", (1, 5)),
        Part("b-2", "b.md", "Methods", (6, 9)),
    ]
    assert named_section(["methods"], parts, ["x", "b-2", "a-1"]) == ["b-1", "b-2"]


def test_at_most_max_parts() -> None:
    parts = [Part(f"p{i}", "a.md", "Log", (i, i)) for i in range(MAX_PARTS + 3)]
    assert named_section(["log"], parts, []) == [f"p{i}" for i in range(MAX_PARTS)]


def test_the_parts_take_the_first_places_with_their_scores() -> None:
    ranked = [("x", 3.0), ("y", 2.0), ("s2", 1.0), ("z", 0.5)]
    out = named_first(ranked, ["s1", "s2"])
    assert [cid for cid, _ in out] == ["s1", "s2", "x", "y", "z"]
    assert [s for _, s in out] == [3.0, 2.0, 1.0, 0.5, 0.5]
    assert named_first(ranked, []) == ranked


def test_the_depth_is_checked() -> None:
    check_retrieval(FusionConfig(named_section_depth=0), RerankConfig())
    with pytest.raises(ConfigError, match="named_section_depth"):
        check_retrieval(FusionConfig(named_section_depth=101), RerankConfig())
