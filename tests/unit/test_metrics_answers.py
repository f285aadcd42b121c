"""Answer metrics (SQuAD / KorQuAD normalisation) and the set-based ranking metrics,
against values worked out by hand from the formulas in their docstrings."""

from __future__ import annotations

import pytest

from notelens.evaluate.metrics import (
    average_precision,
    citation_precision,
    contains_gold,
    exact_match,
    f1_at_k,
    hit_at_k,
    precision_at_k,
    refusal_rate,
    token_f1,
)
from notelens.evaluate.metrics.normalize import normalize_korquad, normalize_squad

pytestmark = pytest.mark.unit

QRELS = {"d1": 1.0, "d3": 2.0, "d9": 1.0}
RUN = ["d3", "d2", "d1", "d4", "d5"]


def test_precision_f1_hit_map() -> None:
    assert precision_at_k(RUN, QRELS, 1) == 1.0
    assert precision_at_k(RUN, QRELS, 5) == pytest.approx(2 / 5)
    # Shorter run than k: still divided by k (trec_eval P_k).
    assert precision_at_k(["d3"], QRELS, 10) == pytest.approx(0.1)
    p, r = 2 / 5, 2 / 3
    assert f1_at_k(RUN, QRELS, 5) == pytest.approx(2 * p * r / (p + r))
    assert f1_at_k(["x"], QRELS, 1) == 0.0
    assert hit_at_k(RUN, QRELS, 1) == 1.0
    assert hit_at_k(["x", "d9"], QRELS, 1) == 0.0
    assert hit_at_k(["x", "d9"], QRELS, 2) == 1.0
    # AP: relevant at ranks 1 and 3 -> (1/1 + 2/3) / 3 relevant documents.
    assert average_precision(RUN, QRELS, 100) == pytest.approx((1 + 2 / 3) / 3)
    assert average_precision(RUN, QRELS, 2) == pytest.approx(1 / 3)
    assert average_precision(RUN, {}, 10) == 0.0


def test_squad_normalisation() -> None:
    assert normalize_squad("The  Transformer!") == "transformer"
    assert normalize_squad("an LLM, a model") == "llm model"
    assert exact_match("the Transformer.", ["Transformer"]) == 1.0
    assert exact_match("Transformers", ["Transformer"]) == 0.0
    # SQuAD word-level F1: pred 3 words, gold "grouped query attention gqa" 4: P 1, R 0.75.
    assert token_f1("grouped query attention", ["grouped query attention (GQA)"]) == pytest.approx(
        2 * 1.0 * 0.75 / 1.75
    )
    assert token_f1("", ["x"]) == 0.0
    assert token_f1("anything", ["a", "anything"]) == 1.0  # max over golds


def test_korquad_normalisation_is_character_level() -> None:
    # Korean gold: KorQuAD F1 over characters without spaces; articles are not removed.
    assert normalize_korquad("  서울특별시  에서. ") == "서울특별시 에서"
    # pred chars: 서울에서 (4), gold: 서울 (2), common 2 -> P 0.5, R 1 -> 0.667
    assert token_f1("서울에서", ["서울"]) == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    # Word-level F1 would give 0 here (서울에서 != 서울): the reason for KorQuAD's scheme.
    assert exact_match("서울.", ["서울"]) == 1.0
    # Mixed Korean/English gold answer uses the Korean scheme.
    assert token_f1("LoRA 어댑터", ["LoRA어댑터"]) == 1.0
    assert exact_match("the LoRA", ["the LoRA 기법"]) == 0.0


def test_containment_refusal_citations() -> None:
    assert contains_gold("GQA는 query head를 G개 그룹으로 나눈다.", ["G개 그룹"]) == 1.0
    assert contains_gold("It cuts parameters by 10,000 times.", ["10,000 times"]) == 1.0
    assert contains_gold("It cuts parameters.", ["10,000 times"]) == 0.0
    assert contains_gold("anything", [""]) == 0.0  # an empty gold proves nothing
    assert refusal_rate([True, False, False, True]) == 0.5
    assert refusal_rate([]) == 0.0
    assert citation_precision(["d1", "d2", "d3", "d1"], QRELS) == pytest.approx(3 / 4)
    assert citation_precision([], QRELS) == 0.0


def test_token_f1_scheme_scores_every_answer_as_its_dataset_does() -> None:
    # KorQuAD's official script scores every answer on characters, a Hangul-free one
    # too: "1989" against "1989년" shares 4 of 5 characters. The mixed-set default
    # ("auto") scores a Hangul-free gold on words, where that is a miss.
    assert token_f1("1989년", ["1989"], scheme="korquad") == pytest.approx(2 * 0.8 * 1 / 1.8)
    assert token_f1("1989년", ["1989"]) == 0.0
    # SQuAD's words for every answer, even a Korean one.
    assert token_f1("서울에서 열렸다", ["서울"], scheme="squad") == 0.0
    assert token_f1("서울에서 열렸다", ["서울"], scheme="korquad") == pytest.approx(
        2 * (2 / 7) / (1 + 2 / 7)
    )
