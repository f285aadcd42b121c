"""The other language's name of a term (answer/glossed.py): which question asks for it,
which line pairs a term with it, and that the answer leads with that line and cuts the
asked side as the short answer.

Notes invented for the test: a training overview whose bullets pair an acronym with its
Korean name ("DPO (직접 선호 최적화)") under a line that names the acronyms again with
their English long forms, a numbered list of preprocessing steps written "한국어
(English)", and an English section list written "English (한국어)". Real Kiwi; Korean,
English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.glossed import asked_gloss_language, gloss_span, glossed
from notelens.answer.units import build_units
from notelens.types import Hit

OVERVIEW = note_hit(
    0,
    "- 정렬 학습에는 **DPO(Direct Preference Optimization)**와 **KTO(Kahneman-Tversky "
    "Optimization)**가 쓰임.\n"
    "  - **DPO (직접 선호 최적화)**\n"
    "    - 보상 모델 없이 선호 쌍으로 정책을 바로 학습.\n"
    "    - DPO는 학습이 안정적이라 작은 팀에서도 돌리기 쉬움.\n"
    "  - **KTO (단일 라벨 정렬)**\n"
    "    - 좋다/나쁘다 한쪽 라벨만으로 학습.\n",
    "학습 개요 > 정렬 단계",
)
STEPS = note_hit(
    1,
    "1. 품질 거르기 (Quality Filtering)\n"
    "- 낮은 품질의 문서를 점수로 걸러냄.\n"
    "2. 출처 섞기 (Source Mixing)\n"
    "- 여러 출처의 데이터를 비율에 맞춰 섞어 모델이 한쪽에 치우치지 않게 함.\n",
    "데이터 준비 > 전처리 단계",
)
SECTIONS = note_hit(
    2,
    "- Reviews of serving systems (서빙 시스템 리뷰)\n"
    "- Notes on failed experiments (실패한 실험 기록)\n",
    "notes-repo > Layout",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("DPO 한국어로 뭐라고 써있어?", "ko"),
        ("KTO를 한국어로 풀어서 뭐라고 적었어?", "ko"),
        ("What Korean gloss does the overview give for DPO?", "ko"),
        ("How is 'Notes on failed experiments' worded in Korean?", "ko"),
        ("출처 섞기는 영어로 뭐라고 적혀있어?", "en"),
        ("품질 거르기 영어로는 어떻게 돼 있어?", "en"),
        ("What's the English term for 출처 섞기?", "en"),
    ],
)
def test_questions_asking_for_the_other_wording(question: str, lang: str) -> None:
    assert asked_gloss_language(question) == lang


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        # A language named as data or as a model's skill, not as the wording asked.
        "한국어 데이터는 몇 개야?",
        "How well do the models do in Korean benchmarks?",
        "DPO가 뭐야?",
        "What does the overview say about DPO?",
        # Both languages named: no one side is asked.
        "한국어로 된 설명을 영어로 뭐라고 써놨어?",
    ],
)
def test_other_questions_ask_no_wording(question: str) -> None:
    assert asked_gloss_language(question) is None


@pytest.mark.unit
def test_the_asked_side_of_a_pair_line() -> None:
    units = [u for h in (OVERVIEW, STEPS, SECTIONS) for u in build_units(h.text, h.heading)]
    by_text = {u.text: u for u in units}
    dpo = next(u for t, u in by_text.items() if t.startswith("DPO (직"))
    span = gloss_span("DPO 한국어로 뭐라고 써있어?", dpo)
    assert span is not None and span.text == "직접 선호 최적화"
    assert dpo.text[span.start : span.end] == span.text
    mixing = next(u for t, u in by_text.items() if "Source Mixing" in t)
    span = gloss_span("출처 섞기는 영어로 뭐라고 적혀있어?", mixing)
    assert span is not None and span.text == "Source Mixing"
    failed = next(u for t, u in by_text.items() if "failed experiments" in t)
    span = gloss_span("How is 'Notes on failed experiments' worded in Korean?", failed)
    assert span is not None and span.text == "실패한 실험 기록"
    # The question names another term, or asks the side the line writes in its own
    # language: no span.
    assert gloss_span("KTO 한국어로 뭐라고 써있어?", dpo) is None
    assert gloss_span("출처 섞기는 한국어로 뭐라고 써있어?", mixing) is None
    # A pair inside a sentence is left alone: where its term starts is a guess.
    inline = next(u for t, u in by_text.items() if t.startswith("정렬 학습에는"))
    assert gloss_span("DPO 영어로 뭐라고 써있어?", inline) is None


@pytest.mark.unit
def test_glossed_finds_the_pair_in_any_passage() -> None:
    units = [build_units(h.text, h.heading) for h in (SECTIONS, STEPS)]
    found = glossed("품질 거르기 영어로는 어떻게 돼 있어?", units)
    assert found is not None and found[0] == 1 and "Quality Filtering" in found[1].text
    assert glossed("품질 거르기가 뭐야?", units) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits", "gloss"),
    [
        ("DPO 한국어로 풀어서 뭐라고 써있어?", [OVERVIEW], "직접 선호 최적화"),
        ("What Korean gloss does the overview give next to KTO?", [OVERVIEW], "단일 라벨 정렬"),
        ("출처 섞기는 영어로 뭐라고 적혀있어?", [STEPS], "Source Mixing"),
        (
            "research notes에서 'Reviews of serving systems'는 한국어로 뭐라고 써있어?",
            [SECTIONS],
            "서빙 시스템 리뷰",
        ),
    ],
)
def test_extract_leads_with_the_pair_and_cuts_the_gloss(
    question: str, hits: list[Hit], gloss: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert gloss in ex.sentences[ex.lead].text
    assert ex.short is not None and ex.short.text == gloss
