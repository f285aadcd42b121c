"""The question's distinctive words no top passage writes (answer/unwritten.py): a number
of two digits or more, and an English term of a Korean question. "chunk 크기를 2048로
바꾼 결과는?" over notes that give 1024 shares every other word with them. Korean,
English and mixed questions; month names and language compounds are no Latin names
(answer/grounding.py); the last tests run the extractor with real Kiwi and e5 over
invented notes for the unwritten and the written word.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.grounding import latin_names, month_name
from notelens.answer.refusal import qualifiers
from notelens.answer.unsettled import OPEN_PENALTY, asks_itself, asks_result, open_factor
from notelens.answer.unwritten import (
    UNWRITTEN_PENALTY,
    korean_terms,
    question_numbers,
    unwritten,
    unwritten_factor,
)
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("Marlin-serve chunk 크기를 2048로 바꾼 결과는?", ["2048"]),
        ("2025년 12월 1주차 다이제스트에는 뭐가 있었어?", ["2025", "12"]),
        ("Who won the 2018 World Cup?", ["2018"]),
        ("batch를 1,024로 키우면 EM은?", ["1024"]),
        ("What changed in evalkit 0.9?", ["0.9"]),
        ("동시 사용자 64명일 때 처리량은?", ["64"]),
        # Inside a name or glued to a measure: the names' rule (grounding.latin_names).
        ("GPT-4와 Wren-2-160M 비교", []),
        ("32k context에서 v2는?", []),
        ("SOLAR 10.7B의 nDCG@10은?", []),
        # One digit singles out nothing ("3분할", "top 5").
        ("헬스장 3분할 루틴 짜 줘", []),
        ("What is the top 5 accuracy?", []),
    ],
)
def test_question_numbers(question: str, numbers: list[str]) -> None:
    assert question_numbers(question) == numbers


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("용어집에서 flash attention은 어떻게 정의돼 있어?", ["flash", "attention"]),
        ("v4에서 gradient clipping 값은?", ["gradient", "clipping"]),
        ("RefuseBench의 over-refusal은?", ["over-refusal"]),
        # English questions: every word is lowercase there; names have capitals or digits.
        ("How is flash attention defined in the glossary?", []),
        ("LoRA와 GQA를 e5로 비교", []),
        # "bullet" names a part of the note, which no note writes (twenty-sixth round).
        ("prompt tuning 아래 bullet 뭐야", ["prompt", "tuning"]),
    ],
)
def test_korean_terms(question: str, terms: list[str]) -> None:
    assert korean_terms(question) == terms


def _held(*texts: str, analyzer: Analyzer) -> tuple[str, object]:
    evidence = "\n".join(texts)
    return evidence, frozenset(t for x in texts for t in analyzer.terms(x)).__contains__


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "evidence", "missing"),
    [
        # Korean, English, mixed: the asked number against what the notes write.
        ("chunk 크기를 2048로 바꾼 결과는?", "chunk 크기만 다름 (우리는 1024)", ["2048"]),
        ("chunk 크기를 2048로 바꾼 결과는?", "chunk 2,048로 바꾸니 TTFT −12%", []),
        ("What happened when the chunk size went to 2048?", "chunk 1024 fixed", ["2048"]),
        ("2026년 12월 1주차 다이제스트", "📬 다이제스트 > 2026-12-01 주간", []),
        ("Who won the 2018 World Cup?", "MoE 읽기 모임 2026 가을", ["2018"]),
        ("What did Wren-1.3B score at 160M?", "Wren-2-160M: ARC-e 40.1", []),
        # English terms of a Korean question: the word, its stem, an abbreviation, a
        # translation.
        ("용어집에서 flash attention은 어떻게 정의돼?", "GQA (grouped-query attention)", ["flash"]),
        ("용어집에서 flash attention은 어떻게 정의돼?", "FlashAttention: tiling으로 …", []),
        ("v4에서 gradient clipping 값은?", "grad clip 1.0 → 0.5", []),
        ("layer는 몇 개야?", "레이어 32개", []),
        (
            "SparseGPT는 sparsity 몇 %까지 pruning 했어?",
            "SparseGPT: one-shot pruning",
            ["sparsity"],
        ),
        # An English question's lowercase words are no terms.
        ("How is flash attention defined?", "GQA (grouped-query attention)", []),
        # The question shortens a term the notes spell out: the same term (twenty-third
        # round); its twin over notes without it stays unwritten.
        ("GPT-3 dedup에 쓴 기법?", "Fuzzy deduplication으로 문서 제거", []),
        ("GPT-3 dedup에 쓴 기법?", "품질 필터로 문서 제거", ["dedup"]),
        ("Wren-2 quant 방식은?", "4-bit quantization (GPTQ)", []),
    ],
)
def test_unwritten(question: str, evidence: str, missing: list[str], analyzer: Analyzer) -> None:
    text, held = _held(evidence, analyzer=analyzer)
    q_terms = list(dict.fromkeys(analyzer.terms(question)))
    from notelens.answer.extractive import translations

    alts = translations(q_terms, analyzer)
    assert unwritten(question, text, analyzer.terms, held, alts) == missing  # type: ignore[arg-type]


@pytest.mark.unit
def test_unwritten_factor() -> None:
    def nothing(_: str) -> bool:
        return False

    q = "Marlin-serve chunk 크기를 2048로 바꾼 결과는?"
    other = "chunk 크기만 다름 (우리는 1024)"
    factor = unwritten_factor(q, "item", other, str.split, nothing, {})
    assert factor == pytest.approx(1 - UNWRITTEN_PENALTY)
    assert unwritten_factor(q, "row", "chunk 2048: TTFT −12%", str.split, nothing, {}) == 1.0
    # Prose is left alone: "a hundred years" for "100 years", the article's year elsewhere.
    prose = "It was laid out almost a hundred years before Darwin's theory."
    asked = "It was developed 100 years before whose theory?"
    assert unwritten_factor(asked, "sentence", prose, str.split, nothing, {}) == 1.0
    assert unwritten_factor(asked, "item", prose, str.split, nothing, {}) < 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "names"),
    [
        # A month is part of a date the notes write "10/20" or "10월 20일".
        ("Who attended the October 20 lab meeting?", set()),
        ("Why is there no meeting on Oct 2?", set()),
        ("Which base model was chosen at the Sep. 15 meeting of Tern-7B?", {"tern-7b"}),
        # A language glued to a word is the language ("한국어 코호트").
        ("How many sessions must a Korean-cohort member attend?", {"korean"}),
        ("English-only 세션은 언제야?", {"english"}),
        # Other capitalised compounds stay names.
        ("What does Marlin-serve use?", {"marlin-serve"}),
        ("Who is June Carter?", {"carter"}),
    ],
)
def test_months_and_language_compounds_are_no_names(question: str, names: set[str]) -> None:
    assert latin_names(question) == names


@pytest.mark.unit
def test_a_month_and_day_is_no_qualified_name() -> None:
    assert month_name("October") and month_name("Sep.") and not month_name("Octopus")
    assert qualifiers("Who attended the October 20 lab meeting?") == []
    assert qualifiers("Flash Attention 3 vs GPT-4") == [("Attention", "3"), ("GPT", "4")]


HITS = [
    note_hit(
        0,
        "- chunked prefill 적용: chunk 크기만 다름 (우리는 1024)\n"
        "- TTFT p99 −43%, throughput +12%\n",
        "Marlin-serve 메모 > chunked prefill",
    ),
    note_hit(
        1,
        "- 용어: 그룹 쿼리 어텐션 · English: GQA (grouped-query attention) · 정의: query head "
        "여러 개가 key/value head 하나를 공유\n",
        "용어집 > attention",
    ),
    note_hit(2, "- Marlin-serve 기본 설정: γ=4, draft Wren-160M\n", "Marlin-serve 메모 > 설정"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Marlin-serve chunk 크기를 2048로 바꾼 결과는?",
        "What changed when Marlin-serve's chunk size went to 2048?",
        "용어집에서 flash attention은 어떻게 정의돼 있어?",
    ],
)
def test_an_unwritten_word_is_weakened_and_refused(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below
    monkeypatch.setattr("notelens.answer.unwritten.UNWRITTEN_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx((1 - UNWRITTEN_PENALTY) * without.strength)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("chunked prefill의 chunk 크기는?", "1024"),
        ("Marlin-serve chunk 크기를 1024로 둔 이유는?", "1024"),
        ("What chunk size does Marlin-serve use for chunked prefill?", "1024"),
        ("용어집에서 grouped-query attention은 어떻게 정의돼 있어?", "GQA"),
        ("What is grouped-query attention in the glossary?", "GQA"),
    ],
)
def test_the_written_word_is_answered(
    question: str, expected: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert expected in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Wren-2-160M을 draft로 쓴 Marlin-serve 재측정 결과는?", True),
        ("β를 0.01로 두면 결과가 어때?", True),
        ("What happened to answer EM when half of the KV cache was evicted?", True),
        ("What was the outcome of the Wren-2 re-run?", True),
        ("Wren-2 재측정은 어떻게 됐어?", True),
        # A result as the subject of another question, or one of several results.
        ("agent가 결과를 지어낸 비율은?", False),
        ("시범 사용 결과 세 가지는?", False),
        ("What results table does the report have?", False),
    ],
)
def test_asks_result(question: str, asks: bool) -> None:
    assert asks_result(question) is asks


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "open_"),
    [
        ("메모: Marlin-serve draft를 Wren-2-160M으로 바꾸면? 12월에 재측정", True),
        ("Try γ=8 next? not run yet", True),
        ("Wren-2로 바꾸면 괜찮을까?", True),
        # Answered in the unit, or no question at all.
        ("Q: Wren-2로 재측정했나? A: 11/3 재측정, 28.1 tok/s", False),
        ("질문: 재측정했어? 답: 28.1 tok/s", False),
        ("eviction 50%: answer EM 44.9 → 31.2", False),
        ("?", False),
    ],
)
def test_asks_itself(text: str, open_: bool) -> None:
    assert asks_itself(text) is open_


@pytest.mark.unit
def test_a_result_asked_of_a_plan_is_weakened() -> None:
    plan = "메모: Marlin-serve draft를 Wren-2-160M으로 바꾸면? 12월에 재측정"
    q_ko = "Wren-2-160M을 draft로 쓴 Marlin-serve 재측정 결과는?"
    q_en = "What was the outcome of re-running Marlin-serve with Wren-2-160M as the draft?"
    for q in (q_ko, q_en):
        assert open_factor(q, plan) == pytest.approx(1 - OPEN_PENALTY)
        assert open_factor(q, "Wren-2-160M draft: 28.1 tok/s (11/3 재측정)") == 1.0
    # Not a result question: "what will we try?" is answered by the plan itself.
    assert open_factor("Marlin-serve에서 다음에 뭘 바꿔 보기로 했어?", plan) == 1.0


# A question shortening a term the notes spell out (twenty-third round), Korean and
# English, each with its unanswerable twin.
SHORTENED_HITS = [
    note_hit(
        0,
        "- 중복 제거: Fuzzy deduplication으로 거의 같은 문서를 지움\n"
        "- 품질 필터: 분류기로 저품질 웹 문서를 거름\n",
        "Orca-2 데이터 메모 > 전처리",
    ),
    note_hit(
        1,
        "- Quantization: 4-bit GPTQ, group size 128\n- Serving: vLLM on one A100\n",
        "Orca-2 deployment notes",
        lang="en",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "penalised"),
    [
        ("Orca-2 전처리에서 dedup은 어떻게 했어?", False),
        ("Orca-2 전처리에서 toxicity 필터는 어떻게 했어?", True),
        ("Orca-2 배포에서 quant 방식은 뭐야?", False),
        ("Orca-2 배포에서 pruning 방식은 뭐야?", True),
    ],
)
def test_a_shortened_term_is_written(
    question: str,
    penalised: bool,
    analyzer: Analyzer,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hits = SHORTENED_HITS
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    monkeypatch.setattr("notelens.answer.unwritten.UNWRITTEN_PENALTY", 0.0)
    without = extract(question, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    scale = 1 - UNWRITTEN_PENALTY if penalised else 1.0
    assert ex.strength == pytest.approx(scale * without.strength)
    if not penalised:
        # the shortened term is the notes' own: answered
        assert ex.strength >= AnswerConfig().refuse_below
