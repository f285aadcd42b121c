"""Citation verification (answer/grounding.py) with the real Kiwi analyzer."""

from __future__ import annotations

import pytest

from notelens.analysis.korean import KiwiAnalyzer
from notelens.answer.grounding import answer_sentences, ground, strip_citations, support

pytestmark = pytest.mark.unit

LORA = (
    "LoRA는 pretrained weight를 freeze하고 rank r의 두 행렬 B, A만 학습한다. "
    "GPT-3 175B 대비 trainable parameter 수를 최대 10,000배, GPU memory를 3배 줄인다."
)
DPO = "14주차 DPO 논문 발표: 박지훈. reference model 없이 하는 ORPO도 다음에 보기로 함."
ENGLISH = (
    "Reciprocal Rank Fusion (Cormack et al., 2009) sums 1/(k + rank) over rankers, "
    "with k = 60 as the usual constant."
)


# ``analyzer``: the session's Kiwi analyzer (conftest.py).


def test_verbatim_sentence_is_fully_supported(analyzer: KiwiAnalyzer) -> None:
    s = support("14주차 DPO 논문 발표: 박지훈.", DPO, analyzer=analyzer)
    assert s.supported and s.lexical == 1.0 and s.numbers_ok and s.names_ok
    assert s.dense is None  # no embedder given


def test_paraphrase_with_particles_is_supported(analyzer: KiwiAnalyzer) -> None:
    s = support(
        "LoRA를 쓰면 trainable parameter 수가 최대 10000배 줄어든다", LORA, analyzer=analyzer
    )
    assert s.numbers_ok  # 10,000 == 10000
    assert s.supported, s


def test_wrong_number_fails_even_with_high_overlap(analyzer: KiwiAnalyzer) -> None:
    s = support("LoRA는 trainable parameter 수를 최대 1,000배 줄인다.", LORA, analyzer=analyzer)
    assert not s.numbers_ok
    assert not s.supported
    assert s.lexical > 0.5  # words match; the number is what is wrong


def test_wrong_latin_name_fails(analyzer: KiwiAnalyzer) -> None:
    s = support("GPT-4 175B 대비 trainable parameter 수를 줄인다.", LORA, analyzer=analyzer)
    assert not s.names_ok and not s.supported


def test_unrelated_sentence_fails(analyzer: KiwiAnalyzer) -> None:
    s = support("김치찌개는 돼지고기와 묵은지로 끓인다.", LORA, analyzer=analyzer)
    assert s.lexical < 0.2 and not s.supported


def test_english_number_and_name_checks(analyzer: KiwiAnalyzer) -> None:
    assert support("Reciprocal Rank Fusion uses k = 60 [1].", ENGLISH, analyzer=analyzer).supported
    bad = support("Reciprocal Rank Fusion uses k = 100 [1].", ENGLISH, analyzer=analyzer)
    assert not bad.numbers_ok and not bad.supported


def test_ground_reads_citations_and_spans(analyzer: KiwiAnalyzer) -> None:
    answer = (
        "DPO 논문은 14주차에 박지훈이 발표했다 [2]. "
        "LoRA는 GPT-3 175B 대비 parameter 수를 최대 10,000배 줄인다 [1, 2]. "
        "Reciprocal Rank Fusion uses k = 60."
    )
    out = ground(answer, [LORA, DPO, ENGLISH], analyzer=analyzer)
    assert [s.cited for s in out] == [(2,), (1, 2), ()]
    assert [s.best for s in out] == [2, 1, 3]  # uncited: best of all passages
    assert all(s.supported for s in out), out
    for s in out:
        a, b = s.span
        assert strip_citations(answer[a:b]) == s.sentence


def test_ground_flags_wrong_citation_and_out_of_range(analyzer: KiwiAnalyzer) -> None:
    answer = "박지훈이 DPO 논문을 발표했다 [1]. LoRA는 rank r 행렬만 학습한다 [9]."
    out = ground(answer, [LORA, DPO], analyzer=analyzer)
    assert out[0].cited == (1,) and not out[0].supported  # cites the LoRA note
    assert out[1].cited == (9,) and out[1].best is None and not out[1].supported


def test_citation_only_sentence_joins_previous(analyzer: KiwiAnalyzer) -> None:
    answer = "14주차 DPO 논문 발표는 박지훈. [2] [1]"
    spans = answer_sentences(answer)
    assert spans == [(0, len(answer))]
    out = ground(answer, [LORA, DPO], analyzer=analyzer)
    assert len(out) == 1 and out[0].cited == (2, 1) and out[0].best == 2 and out[0].supported


def test_empty_answer_gives_no_sentences(analyzer: KiwiAnalyzer) -> None:
    assert ground("", [LORA], analyzer=analyzer) == []
    assert ground("   ", [LORA], analyzer=analyzer) == []


def test_leading_markers_belong_to_previous_sentence(analyzer: KiwiAnalyzer) -> None:
    answer = "14주차 DPO 논문 발표: 박지훈. [2] LoRA는 rank r의 두 행렬 B, A만 학습한다. [1]"
    out = ground(answer, [LORA, DPO], analyzer=analyzer)
    assert [s.cited for s in out] == [(2,), (1,)]
    assert all(s.supported for s in out)


def test_wrong_korean_name_fails(analyzer: KiwiAnalyzer) -> None:
    ok = support("DPO 논문은 14주차에 박지훈이 발표했다.", DPO, analyzer=analyzer)
    bad = support("DPO 논문은 14주차에 정우진이 발표했다.", DPO, analyzer=analyzer)
    assert ok.supported and ok.names_ok
    assert not bad.names_ok and not bad.supported
