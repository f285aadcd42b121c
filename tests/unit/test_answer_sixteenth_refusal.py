"""Near misses of the sixteenth round (docs/benchmarks.md "Refusals, sixteenth round
(issue #15)"): a qualifier another passage writes and the best unit's entry does not
(answer/unit_qualifiers.py), the noun an English "how many …?" counts
(answer/counted.py), and a plural glued to a qualified name ("A100s"). Korean, English
and mixed questions over notes written for the test; the last tests run the extractor
with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.counted import count_stated, counted_noun
from notelens.answer.extractive import extract
from notelens.answer.refusal import MEASURE_PENALTY, measure_factor, qualifiers
from notelens.answer.unit_qualifiers import (
    UNQUOTED_PENALTY,
    unquoted_factor,
    unquoted_qualifiers,
)
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

# -- the counted noun of an English question ----------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many GPUs did Marigold Lab use to train Fennel-MoE?", "gpu"),
        ("How many H100s does the cluster have?", "h100"),
        ("How many hand-labelled examples are in the Quokka set?", "example"),
        ("How many red-team prompts does the safety card list?", "prompt"),
        ("How many classes does the taxonomy have?", "class"),
        ("How many batches were skipped?", "batch"),
        # People and occurrences are every count's ("명", "번"); a possessive is no plural.
        ("How many people came to the workshop?", None),
        ("How many times did the run diverge?", None),
        ("How many of Fennel's 8 experts are active?", None),
        ("What is the corpus size?", None),
    ],
)
def test_the_counted_noun_is_the_plural_after_how_many(question: str, noun: str | None) -> None:
    assert counted_noun(question) == noun


@pytest.mark.unit
def test_a_count_is_stated_by_the_noun_or_a_korean_counter() -> None:
    assert count_stated("gpu", "Fennel-MoE: 512 GPUs for 20 days")
    assert count_stated("gpu", "학습에 GPU 256장 사용")
    assert count_stated("dimension", "a 4,096-dimensional projection")
    # A Korean note writes the noun as its counter.
    assert count_stated("session", "수료 조건: 출석 6회 이상")
    assert count_stated("pair", "질의응답 12,000쌍")
    assert count_stated("hour", "음성 2,400시간")
    # Another setting's number, without the noun or a counter.
    assert not count_stated("gpu", "Fennel-MoE-2 aux loss 0.002 (new in v2)")
    assert not count_stated("example", "accuracy 71.2 → 74.0")
    # A count of another measure, a particle or a size beside a numeral word: no counter.
    assert not count_stated("gpu", "총 3조 토큰 학습")
    assert not count_stated("gpu", "layer 3은 그대로")
    assert not count_stated("gpu", "모델 크기 8B / 34B 두 가지")


@pytest.mark.unit
def test_the_english_count_weighs_on_note_units_only() -> None:
    question = "How many GPUs did Marigold Lab use to train Fennel-MoE?"
    assert measure_factor(question, "Fennel-MoE-2 aux loss 0.002", "item") == pytest.approx(
        1.0 - MEASURE_PENALTY
    )
    assert measure_factor(question, "Fennel-MoE: 512 GPUs, 20 days", "item") == 1.0
    # Prose spells counts and names the noun in the sentence before.
    prose = "They trained it for three weeks on the lab's own cluster."
    assert measure_factor(question, prose, "sentence") == 1.0
    # An attribute with its own value form ("how many parameters") is that rule's.
    assert measure_factor("How many parameters does Fennel have?", "Fennel-7B", "item") == 1.0


# -- qualifiers read in the best unit's entry -----------------------------------------------


@pytest.mark.unit
def test_a_plural_is_no_part_of_a_qualified_name() -> None:
    assert ("H", "100") in qualifiers("How many H100s does the cluster have?")
    assert ("GPT", "4o") in qualifiers("What does GPT-4o score?")


ENTRY = "📜 [Marigold Lab] Fennel-2: Scaling Korean Pretraining"
EVIDENCE = (
    "archive > March\n"
    f"- {ENTRY}\n  - 총 3조 토큰 학습\n  - 모델 크기 8B / 34B\n"
    "cards > Fennel family\n- Fennel-12B (2025)\n  - training tokens 1.2T\n"
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "missing"),
    [
        # "12B" is the predecessor's (another passage), not written in Fennel-2's entry.
        ("Fennel-2 12B 모델은 몇 토큰 학습했어?", ["12B"]),
        ("How many tokens was the 12B Fennel-2 model trained on?", ["12B"]),
        # The entry's own size; a name no passage writes is qualifier_factor's.
        ("Fennel-2 8B 모델은 몇 토큰 학습했어?", []),
        ("Fennel-2 70B 모델은 몇 토큰 학습했어?", []),
    ],
)
def test_a_qualifier_written_elsewhere_but_not_in_the_entry(
    question: str, missing: list[str]
) -> None:
    unit = f"archive > March\n{ENTRY}\n총 3조 토큰 학습\n모델 크기 8B / 34B"
    assert unquoted_qualifiers(question, unit, EVIDENCE) == missing


@pytest.mark.unit
def test_a_count_in_the_question_is_no_qualifier() -> None:
    evidence = "- GPU 8장 기준 최대 1M 토큰\n- Fennel GPU 8 nodes\n"
    unit = "archive\nRing Attention 메모\n8장 기준 최대 1M 토큰"
    assert unquoted_qualifiers("GPU 8장에서 학습할 수 있는 최대 길이는?", unit, evidence) == []
    # A particle after the number: a member's name ("Fennel 2의").
    assert unquoted_qualifiers("Fennel 2의 길이는?", unit, "Fennel 2 길이\n") == ["Fennel2"]


@pytest.mark.unit
def test_an_entry_may_write_the_name_and_its_size_apart() -> None:
    evidence = "- Fennel-3B의 후속\n- Fennel: A 3B Bilingual Model (2025)\n  - 학습 토큰 2.2T\n"
    unit = "archive\nFennel: A 3B Bilingual Model (2025)\n학습 토큰 2.2T"
    assert unquoted_qualifiers("Fennel-3B 학습 토큰은?", unit, evidence) == []
    # A number glued to a Korean counter is no release number.
    unit2 = "archive\nFennel 소개\n총 2조 토큰"
    assert unquoted_qualifiers("Fennel-2 학습 토큰은?", unit2, "Fennel-2 2T\n") == ["Fennel2"]


@pytest.mark.unit
def test_the_unquoted_qualifier_spares_prose() -> None:
    question = "Fennel-2 12B 모델은 몇 토큰 학습했어?"
    unit = f"archive > March\n{ENTRY}\n총 3조 토큰 학습"
    assert unquoted_factor(question, "item", unit, EVIDENCE) == pytest.approx(
        1.0 - UNQUOTED_PENALTY
    )
    assert unquoted_factor(question, "sentence", unit, EVIDENCE) == 1.0


# -- the extractor -----------------------------------------------------------------------

HITS = [
    note_hit(
        0,
        f"- {ENTRY}\n    - 총 3조 토큰 학습, 한국어 비율 40%\n    - 모델 크기 8B / 34B 두 가지 공개\n",
        "archive 2026 > March > 첫째 주",
    ),
    note_hit(
        1,
        "- Fennel-12B (2025)\n  - params 12B, context 8K\n  - training tokens 1.2T\n",
        "Model cards > Fennel family (Marigold Lab)",
    ),
    note_hit(
        2,
        "- 📜 [Marigold Lab] Fennel-MoE\n    - expert 64개, top-4 routing\n"
        "- 📜 [Marigold Lab] Fennel-MoE-2\n    - aux loss 계수 0.002 (v2에서 추가)\n",
        "archive 2026 > April > 2nd week",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Fennel-2 12B 모델은 몇 토큰 학습했어?",
        "How many GPUs did Marigold Lab use to train Fennel-MoE?",
    ],
)
def test_the_near_misses_are_refused(question: str, analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Fennel-2의 한국어 비율은 몇 %야?", "40%"),
        ("How many experts does Fennel-MoE have?", "64"),
    ],
)
def test_the_facts_the_notes_give_are_answered(
    question: str, value: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert value in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below


RUN_TABLE = note_hit(
    1,
    "| run | rank | score |\n|---|---|---|\n| r05 | 16 | 6.11 |\n| r06 | 64 | 6.01 |\n",
    "QUILL-2B TUNING LOG > RUN TABLE",
)
RUN_NOTES = note_hit(
    0,
    "[2031-05-12]\nr05 attn+mlp. 점수 6.11.\n"
    "r06 rank 64는 6.01로 하락. 과적합 의심: train loss 1.38, eval loss 1.80 으로 벌어짐.\n",
    "QUILL-2B TUNING LOG > NOTES BY DATE",
)


@pytest.mark.integration
def test_a_qualifier_on_the_units_own_line_is_its_own(
    analyzer: Analyzer, embedder: Embedder
) -> None:
    # "r06" opens the line whose labelled part answers: the run is the unit's own, not
    # only the other passage's (the run table's).
    ex = extract(
        "r06 과적합 의심한 근거", [RUN_NOTES, RUN_TABLE], analyzer=analyzer, embedder=embedder
    )
    assert "train loss 1.38" in ex.sentences[ex.lead].text
    assert ex.strength >= AnswerConfig().refuse_below
