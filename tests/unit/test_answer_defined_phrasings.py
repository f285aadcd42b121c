"""The other ways a Korean question asks what a term means ("X 뜻", "X의 의미는?", "X란?",
"X 정의해줘", "X 설명해 줘"), and glossary bullets whose term carries its other name in
parentheses ("- TTFT (time to first token): …"): the defining line answers them."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.defined import asked_terms, defines_asked
from notelens.answer.extractive import extract
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("upcycling 뜻", ("upcycling",)),
        ("MRR의 의미는?", ("mrr",)),
        ("upcycling이란?", ("upcycling",)),
        ("GQA란 무엇인가?", ("gqa",)),
        ("router z-loss 정의해줘", ("router z-loss",)),
        ("retrieval head 설명해 줘", ("retrieval head",)),
        ("DPO 정의 알려줘", ("dpo",)),
        ("KV cache 개념 설명해줘", ("kv cache",)),
        ("RAG의 정의는 뭐야?", ("rag",)),
        ("평가 인식(eval awareness) 뜻", ("평가 인식", "eval awareness")),
        ("길이 일반화 뜻", ("길이 일반화",)),
    ],
)
def test_korean_ways_of_asking_a_meaning(question: str, terms: tuple[str, ...]) -> None:
    assert asked_terms(question) == terms


@pytest.mark.parametrize(
    "question",
    [
        "LoRA가 왜 효율적인지 설명해줘",  # a reason
        "DPO랑 PPO 차이 설명해줘",  # a comparison
        "어떤 모델이 좋은지 설명해줘",
        "이 논문 설명해줘",  # a pointer, not a term
        "스터디 일정 알려줘",
    ],
)
def test_not_a_meaning_question(question: str) -> None:
    assert asked_terms(question) == ()


GLOSSARY = (
    "- **DPO** (Direct Preference Optimization): reward model 없이 선호쌍으로 정책을 바로 최적화\n"
    "- TTFT (time to first token): 요청 후 첫 토큰이 나올 때까지 걸린 시간\n"
    "- **Upcycling**: dense 모델의 FFN을 복사해 여러 expert로 만든 MoE\n"
)
DIGEST = (
    "- 📜 [Lab] Serving notes\n"
    "    - prefix caching 추가, 첫 토큰 지연(TTFT) 40% 감소\n"
    "    - 선호 데이터 500쌍부터 DPO 효과를 측정함\n"
)


def test_a_glossary_bullet_term_keeps_its_other_name() -> None:
    dpo, ttft, up = (u for u in build_units(GLOSSARY, "용어집") if u.kind == "definition")
    assert (dpo.term, ttft.term, up.term) == (
        "DPO (Direct Preference Optimization)",
        "TTFT (time to first token)",
        "Upcycling",
    )
    assert defines_asked(ttft, asked_terms("TTFT 뜻"), first_under_label=False)
    assert defines_asked(dpo, asked_terms("What is DPO?"), first_under_label=False)
    # in a paragraph the same shape stays prose (an aside, not a glossary entry)
    prose = build_units("전문가 혼합 (mixture of experts): 일부 FFN만 고르는 구조.", "개요")
    assert [u.kind for u in prose] == ["sentence"]


@pytest.mark.parametrize(
    ("question", "meaning"),
    [
        ("TTFT 뜻", "첫 토큰이 나올 때까지 걸린 시간"),
        ("DPO 정의 알려줘", "선호쌍으로 정책을 바로 최적화"),
        ("What does TTFT stand for?", "첫 토큰이 나올 때까지 걸린 시간"),
    ],
)
def test_the_glossary_line_answers(question: str, meaning: str, analyzer: Analyzer) -> None:
    # The digest ranks first and uses both terms; the glossary line defines them.
    hits = [note_hit(0, DIGEST, "archive > 3월"), note_hit(1, GLOSSARY, "용어집")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert meaning in ex.sentences[0].text, (question, ex.sentences[0].text)


def test_a_reference_line_under_the_term_heading_does_not_define_it() -> None:
    text = (
        'Ainslie et al., 2023, "GQA: Training Generalized Multi-Query Transformers" '
        "(https://arxiv.org/abs/2305.13245).\n"
    )
    (ref,) = build_units(text, "Attention 정리 > GQA (Grouped-Query Attention)")
    assert not defines_asked(ref, asked_terms("GQA란?"), first_under_label=True)
    (line,) = build_units("query head를 G개 그룹으로 나눠 KV head를 공유한다.\n", ref.context)
    assert defines_asked(line, asked_terms("GQA란?"), first_under_label=True)
