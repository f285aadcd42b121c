"""A unit in the other language is ranked by the question terms it can hold at all
(``answer/reach.py``): a Korean question's Korean words without a translation cannot be
in an English bullet, nor an English question's plain words in a Korean one. Notes and
questions written for these tests; real Kiwi terms and e5 (session fixtures).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract, translations
from notelens.answer.grounding import latin_names
from notelens.answer.reach import reachable, reachable_total
from notelens.embed.base import Embedder


def _reach(analyzer: Analyzer, question: str, korean: bool) -> dict[str, bool]:
    terms = list(dict.fromkeys(analyzer.terms(question)))
    alts = translations(terms, analyzer)
    names = " ".join(sorted(latin_names(question)))
    return {t: reachable(t, alts[t], korean, names) for t in terms}


def test_korean_question_reaches_its_latin_and_translated_terms(analyzer: Analyzer) -> None:
    seen = _reach(analyzer, "Heron-3B의 DPO 선호 데이터는 몇 쌍이야?", korean=True)
    # Names and numbers are written alike in an English note; 선호 / 데이터 translate.
    assert seen["dpo"] and seen["선호"] and seen["데이터"]
    assert any(seen[t] for t in seen if "heron" in t)
    # 쌍 ("pairs") has no translation: no English unit can hold it.
    assert not seen["쌍"]


def test_english_question_reaches_names_digits_and_translations(analyzer: Analyzer) -> None:
    seen = _reach(analyzer, "How much memory did the KV-Quant-4 rerun save on Heron-3B?", False)
    assert seen["kv-quant-4"] and seen["4"]
    # "memory" translates (메모리); "rerun" neither translates nor names anything.
    assert any(seen[t] for t in seen if t.startswith("memor"))
    assert not any(seen[t] for t in seen if t.startswith("rerun"))


def test_mixed_question_counts_its_english_words_as_reachable(analyzer: Analyzer) -> None:
    seen = _reach(analyzer, "reranker latency 재현하면 몇 ms 늘었어?", korean=True)
    # The English words of a Korean question are written as they are in an English note.
    assert seen["rerank"] and seen["latenc"] and seen["ms"]
    # 재현 ("reproduction") has no translation.
    assert not seen["재현"]


def test_unreachable_terms_count_a_share_of_their_weight() -> None:
    weights = {"dpo": 2.0, "쌍": 1.0, "선호": 1.0}
    alts = {"dpo": frozenset(), "쌍": frozenset(), "선호": frozenset({"prefer"})}
    assert reachable_total(weights, alts, True, "", 0.5) == pytest.approx(3.5)
    assert reachable_total(weights, alts, True, "", 1.0) == pytest.approx(4.0)
    assert reachable_total({}, {}, True, "", 0.5) == 0.0


# An English reading log and a Korean digest line that restates the question's subject.
KO_DIGEST = "- Heron-3B 레시피를 그대로 9B로 키움, 학습 토큰 4조\n- 코드와 가중치 공개"
EN_LOG = (
    "- SFT on 380,000 instruction pairs\n"
    "- DPO on 45,000 preference pairs after SFT\n"
    "- eval: KoBEST 71.2, 2 epochs"
)
# An English paper line beside a Korean memo of the lab's own rerun.
EN_PAPER = "- KV-Quant-4 paper: cache 3.7x smaller than fp16\n- accuracy drop under 0.5 points"
KO_MEMO = "- 우리 재현: KV-Quant-4로 32k 문맥 메모리 2.8배 절감\n- 긴 문맥에서는 속도 이득 없음"


# (question, the notes of the hits in rank order, the text the lead must hold)
CASES = [
    # Korean question: 쌍 ("pairs") cannot be in the English bullet that answers; the
    # Korean digest line led when it counted in full.
    ("Heron-3B의 DPO 선호 데이터는 몇 쌍이야?", (KO_DIGEST, EN_LOG), "45,000"),
    # Mixed question (an English word in Korean), the same bullet.
    ("Heron-3B의 DPO preference 데이터는 몇 쌍이야?", (KO_DIGEST, EN_LOG), "45,000"),
    # English question: "reproduction" (재현 has no pair) cannot be in the Korean memo
    # that answers; the English paper line led.
    ("How much memory did our own KV-Quant-4 reproduction save?", (EN_PAPER, KO_MEMO), "2.8배"),
]
HEADINGS = {
    KO_DIGEST: ("주간 다이제스트 > 모델", "ko"),
    EN_LOG: ("Reading log > Heron-3B tech report", "en"),
    EN_PAPER: ("Reading log > KV-Quant-4", "en"),
    KO_MEMO: ("KV cache 메모 > 숫자", "ko"),
}


@pytest.mark.integration
@pytest.mark.parametrize(("question", "notes", "gold"), CASES)
def test_the_other_language_unit_that_answers_leads(
    question: str, notes: tuple[str, ...], gold: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(i, text, *HEADINGS[text]) for i, text in enumerate(notes)]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert gold in ex.sentences[ex.lead].text
