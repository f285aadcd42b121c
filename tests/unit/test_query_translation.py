"""The query's terms in the other language for the hybrid's BM25 leg (issue #22, tenth
round): real Kiwi terms, Korean, English and mixed queries."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.config import FusionConfig
from notelens.retrieve.translate import add_translated, translated_terms
from notelens.store.base import Scored

pytestmark = pytest.mark.unit


def _terms(analyzer: Analyzer, text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(analyzer.terms(text)))


def test_an_english_question_gets_the_korean_table_headers(analyzer: Analyzer) -> None:
    # "who presents … and on what date" over a Korean table under 발표자 / 날짜
    terms = _terms(analyzer, "Who presents LoRA in the 2024 study, and on what date?")
    got = translated_terms(analyzer, terms)
    assert {"발표자", "날짜", "스터디"} <= set(got)
    # only the other script: no English term, nothing the query already holds
    assert not any(t.isascii() for t in got)
    assert not set(got) & set(terms)


def test_a_korean_question_gets_the_english_terms(analyzer: Analyzer) -> None:
    terms = _terms(analyzer, "레드팀 연구에서 모델의 성능과 비용은 어떻게 됐어?")
    got = translated_terms(analyzer, terms)
    # the analyzer's stems of performance, cost, model, research
    assert set(analyzer.terms("performance cost model research")) <= set(got)
    assert all(t.isascii() for t in got)


def test_a_mixed_question_translates_each_part_into_the_other_script(
    analyzer: Analyzer,
) -> None:
    terms = _terms(analyzer, "LoRA fine-tuning의 발표자는 누구야?")
    got = set(translated_terms(analyzer, terms))
    assert set(analyzer.terms("presenter")) <= got  # 발표자 -> English
    assert "파인튜닝" in got  # fine-tuning -> Korean
    assert not got & set(terms)


@pytest.mark.parametrize(
    "query",
    [
        "세종대왕이 훈민정음을 반포한 해는?",  # Korean, no general vocabulary of the lexicon
        # ("query" is general vocabulary since the eleventh round: 쿼리 / 질의; "attention"
        # and "cache" since the thirteenth: 어텐션 / 캐시)
        "why do grouped heads shrink the KV footprint",
        "GPT-4와 LLaMa 차이점",  # (비교 is general vocabulary since the eleventh round)
    ],
)
def test_a_query_outside_the_lexicon_translates_to_nothing(analyzer: Analyzer, query: str) -> None:
    assert translated_terms(analyzer, _terms(analyzer, query)) == ()


def test_same_script_pairs_of_the_lexicon_are_left_to_the_answer_stage(
    analyzer: Analyzer,
) -> None:
    # "three" / "3" is a pair of the lexicon, but both are Latin-script terms
    assert "3" not in translated_terms(analyzer, _terms(analyzer, "the three-line summary"))


def test_add_translated_is_bm25_of_the_expanded_query_at_the_weight() -> None:
    own = [Scored("en-note", 6.0), Scored("mixed", 2.0)]
    translated = [Scored("ko-table", 5.0), Scored("mixed", 4.0)]
    out = add_translated(own, translated, 0.5, n=10)
    assert [(s.chunk_id, s.score) for s in out] == [
        ("en-note", 6.0),
        ("mixed", 4.0),  # 2 + 0.5 * 4
        ("ko-table", 2.5),  # found by its translation only
    ]
    # the pool keeps the leg's depth
    assert [s.chunk_id for s in add_translated(own, translated, 0.5, n=2)] == [
        "en-note",
        "mixed",
    ]
    # nothing translated: the leg as it was
    assert add_translated(own, [], 0.5, n=10) == own


def test_an_english_query_has_its_own_weight_korean_and_mixed_share_one() -> None:
    fusion = FusionConfig(translated_weight_en=0.7, translated_weight_ko=0.2)
    assert fusion.translated_weight("en") == 0.7
    assert fusion.translated_weight("ko") == fusion.translated_weight("mixed") == 0.2
