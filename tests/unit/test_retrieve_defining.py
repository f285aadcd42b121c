"""A "what is X" question puts the passages that define X first, and a defining line is
told from a line that only uses X (retrieve/defining.py, issue #15, twentieth round).

The notes here are written for these tests: a Korean glossary table, an English
glossary, a mixed page of bold definitions, callouts and headings, and the lines that
merely mention the same terms (a setting, a list of names, a syllabus row)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.defining import (
    MAX_DEFINING,
    asked_terms,
    cites,
    defines_line,
    defines_passage,
    defines_row,
    defining_first,
)
from notelens.retrieve.searcher import check_retrieval

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("MLA란?", ("mla",)),
        ("SwiGLU 뜻", ("swiglu",)),
        ("SimPO 뭐임", ("simpo",)),
        ("RMSNorm 뭐야?", ("rmsnorm",)),
        ("Speculative sampling?", ("speculative sampling",)),
        ("What is RMSNorm?", ("rmsnorm",)),
        ("Define tail latency", ("tail latency",)),
        ("라우터의 load balancing이 뭐야?", ("라우터의 load balancing", "load balancing")),
    ],
)
def test_asked_terms_read_the_many_phrasings(question: str, terms: tuple[str, ...]) -> None:
    assert asked_terms(question) == terms


@pytest.mark.parametrize(
    "question",
    [
        "마감일?",  # a Korean word alone asks a value, not a meaning
        "Who?",
        "Is it done?",
        "What is the accuracy of the 7B model?",
        "이 논문 뭐야?",
        "What is MLA and why is it cheaper?",
    ],
)
def test_not_a_term_question(question: str) -> None:
    assert asked_terms(question) == ()


@pytest.mark.parametrize(
    "line",
    [
        "- **MLA**: key/value를 저차원 latent로 압축해서 캐시하는 attention",
        "- MLA (multi-head latent attention): KV를 latent 벡터로 줄여 저장하는 방식",
        "* **MLA** — key와 value를 작은 latent로 압축하는 attention 변형",
        "MLA는 key/value를 저차원 벡터로 압축해 캐시를 줄이는 방법이다.",
        "MLA란 KV 캐시를 latent로 줄이는 기법을 말한다.",
        "MLA is an attention variant that caches a compressed latent instead of keys.",
        "MLA refers to caching one small latent vector per token.",
        "> **MLA**: latent 벡터 하나로 KV cache를 대신하는 attention",
    ],
)
def test_defining_lines_in_korean_and_english(line: str) -> None:
    assert defines_line(line, ("mla",))


@pytest.mark.parametrize(
    "line",
    [
        "- MLA: 512",  # a setting
        "- MLA rank 512, RoPE dim 64",
        "- 비교 대상: MHA, GQA, MLA 구현 포함",  # a list of names
        "MLA를 쓰면 캐시가 1/8로 줄었다.",  # the term as an object
        "MLA는 다음 주에 다시 보기로 함",  # the term as subject, no class word
        "MLA-style caching: 다음 실험에서 확인",  # another, longer term
        "- **MLA**: DeepSeek et al., 2024 (https://example.org/mla)",  # a reference
    ],
)
def test_lines_that_only_use_the_term(line: str) -> None:
    assert not defines_line(line, ("mla",))


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ('- 정원 외, 2024, "Sparse Lanterns: 긴 문맥의 희소 주의" (https://example.org/p)', True),
        ("- Okafor et al. 2025, Tidal Routing for MoE", True),
        ("- arXiv 2501.01234 참고", True),
        ("- [Tidal Routing](https://example.org/tidal): expert를 파도처럼 나누는 라우팅", True),
        ("- **Tidal routing**: expert 부하를 시간대별로 나누는 MoE 라우팅 방법", False),
        ("Lantern attention은 긴 문맥에서 일부 토큰만 보는 attention 방식이다.", False),
    ],
)
def test_reference_lines_are_told_apart(line: str, reference: bool) -> None:
    """The search and the answer stage share one reading of a reference line (a paper
    cited with its authors, a URL, an arXiv id): it never defines a term."""
    assert cites(line) is reference
    if reference:
        assert not defines_line(line, ("tidal routing", "sparse lanterns"))


def test_glossary_row_needs_a_description_column() -> None:
    glossary = (("용어", "SimPO"), ("뜻", "참조 모델 없이 길이로 정규화한 보상으로 선호를 학습"))
    assert defines_row(glossary, ("simpo",))
    # The term in a later cell, its long form beside it ("한국어 | English | 정의").
    mixed = (
        ("한국어", "단순 선호 최적화"),
        ("English", "SimPO"),
        ("한 줄 정의", "참조 모델 없이 학습"),
    )
    assert defines_row(mixed, ("simpo",))
    syllabus = (("주차", "7주차"), ("주제", "SimPO"), ("논문", "Simple Preference Optimization"))
    assert not defines_row(syllabus, ("simpo",))


_KO_GLOSSARY = """| 용어 | 뜻 | 출처 |
| --- | --- | --- |
| SwiGLU | gate를 곱해 주는 FFN 활성화 함수 | 3주차 |
| MLA | key/value를 latent 벡터로 압축해 캐시하는 attention | 5주차 |
"""

_EN_GLOSSARY = """## Terms

- **Tail latency**: the slowest requests' latency, usually read at p99
- **Warmup**: the first steps where the learning rate climbs from zero
"""

_MIXED = """### Speculative sampling

작은 draft 모델이 여러 토큰을 제안하고 큰 모델이 한 번에 검증하는 디코딩.

<details><summary>RMSNorm</summary>

평균을 빼지 않고 제곱평균으로만 나누는 정규화.
</details>

> [!note] Warmup
> 학습 초반에 learning rate를 0에서 천천히 올리는 구간.
"""

_USES = """- 실험 설정: MLA rank 512, SwiGLU, warmup 2000 step
- Tail latency p99 1.8s → 0.9s
- Speculative sampling 켜면 2.1배 빨라짐
"""


@pytest.mark.parametrize(
    ("text", "heading", "term"),
    [
        (_KO_GLOSSARY, "용어집", "mla"),
        (_KO_GLOSSARY, "용어집", "swiglu"),
        (_EN_GLOSSARY, "Glossary", "tail latency"),
        (_EN_GLOSSARY, "Glossary", "warmup"),
        (_MIXED, "Notes", "speculative sampling"),
        (_MIXED, "Notes", "rmsnorm"),
        (_MIXED, "Notes", "warmup"),
        # The passage's own heading is the term: its first line defines it.
        (
            "key와 value를 토큰마다 저장해 다시 계산하지 않게 하는 것.",
            "추론 > KV cache",
            "kv cache",
        ),
    ],
)
def test_defining_passages(text: str, heading: str, term: str) -> None:
    assert defines_passage(text, heading, (term,))


@pytest.mark.parametrize(
    "term", ["mla", "swiglu", "tail latency", "speculative sampling", "warmup"]
)
def test_passages_that_only_use_the_term(term: str) -> None:
    assert not defines_passage(_USES, "실험 로그", (term,))


def test_syllabus_table_does_not_define() -> None:
    table = "| 주차 | 주제 | 논문 |\n| --- | --- | --- |\n| 5주차 | MLA | Latent Attention Revisited |\n"
    assert not defines_passage(table, "스터디 일정", ("mla",))


def test_defining_first_moves_at_most_two_and_keeps_the_scores() -> None:
    ranked = [("a", 3.0), ("b", 2.0), ("c", 1.5), ("d", 1.0), ("e", 0.5)]
    out = defining_first(ranked, ["d", "e", "c"][: MAX_DEFINING + 1])
    assert [cid for cid, _ in out] == ["d", "e", "a", "b", "c"]
    assert [s for _, s in out] == [3.0, 2.0, 1.5, 1.0, 0.5]
    assert defining_first(ranked, []) == ranked


def test_definition_depth_is_checked() -> None:
    check_retrieval(FusionConfig(definition_depth=0), RerankConfig())
    with pytest.raises(ConfigError, match="definition_depth"):
        check_retrieval(FusionConfig(definition_depth=101), RerankConfig())


def test_the_label_is_the_whole_term() -> None:
    # A label naming part of the asked term defines something else.
    assert not defines_line("- 라이선스: 상업적 사용 가능한 Apache 2.0", ("orbit-serve 라이선스",))
    assert defines_line(
        "- **Top-k (상위 k개 샘플링)**: 확률 상위 k개 토큰 중에서만 고르는 방법", ("top-k",)
    )
    assert asked_terms("XYZ 약자 뭐야?") == ("xyz",)


def test_a_paper_title_after_the_name_is_not_a_description() -> None:
    title = "2. MLA: Compressing Keys and Values Into One Latent Vector(2024)"
    assert not defines_line(title, ("mla",))
    # The acronym spelled out is its long form: it says what the term is.
    assert defines_line("- MQA: Multi-Query Attention", ("mqa",))


def test_a_formula_is_not_a_definition() -> None:
    assert not defines_line("MLA(x) = W_up · W_down · x", ("mla",))
    assert not defines_line("- MLA latent dim = 512 (KV 압축 차원)", ("mla",))
