"""The ``features`` reranker counts a query term's other-language spellings (the lexicon's
translations the BM25 leg searches) as the term (issue #22, thirteenth round): real Kiwi
terms and the real lexicon, a Korean question over an English note, an English question
over a Korean note, and mixed ones; a same-language passage keeps its row."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notelens.analysis.base import Analyzer
from notelens.retrieve.rerankers.feature_values import (
    NAMES,
    Passage,
    aliases,
    canonical,
    feature_rows,
    sentence_share,
)
from notelens.retrieve.rerankers.features import WEIGHTS, FeatureReranker
from notelens.types import Explanation, Hit, Location

pytestmark = pytest.mark.unit

COL = {n: i for i, n in enumerate(NAMES)}


def _hit(rank: int, text: str, fused: float, heading: str = "") -> Hit:
    expl = Explanation(
        bm25_rank=rank,
        bm25_score=10.0 - rank,
        dense_rank=rank,
        dense_score=0.9 - 0.01 * rank,
        fused_rank=rank,
        fused_score=fused,
    )
    return Hit(rank, fused, f"c{rank}", f"/n{rank}.md", "n", heading, text, Location(1, 1), "ko",
               explanation=expl)  # fmt: skip


def _reranker(analyzer: Analyzer) -> FeatureReranker:
    reranker = FeatureReranker()
    reranker.bind_analyzer(analyzer)  # no store: the hits' texts are analyzed
    return reranker


def _plain_rows(analyzer: Analyzer, query: str, hits: list[Hit]) -> list[list[float]]:
    """The rows without other-language forms (the reranker before this round)."""
    passages = [Passage(analyzer.terms(h.text), h) for h in hits]
    return feature_rows(analyzer.terms(query), passages, query)


def test_a_korean_question_is_covered_by_an_english_passage(analyzer: Analyzer) -> None:
    query = "Chinchilla는 몇 개의 토큰으로 학습했어?"
    english = "Chinchilla (Hoffmann et al., 2022) was trained on 1.4 trillion tokens."
    korean = "Llama 3는 15T 토큰으로 학습했다. Chinchilla 기준을 한참 넘는다."
    hits = [_hit(1, korean, 1.0), _hit(2, english, 0.9)]
    plain = _plain_rows(analyzer, query, hits)
    rows = _reranker(analyzer).rows(query, hits)
    for name in ("coverage", "sentence"):
        assert rows[1][COL[name]] > plain[1][COL[name]]  # token / train now count
        assert rows[1][COL[name]] == pytest.approx(1.0)
    # the Korean passage holds the question's own words: still all of them (its sentence
    # share moves only with the local IDF, now that both passages hold 토큰 and 학습)
    assert rows[0][COL["coverage"]] == plain[0][COL["coverage"]] == pytest.approx(1.0)
    # the shipped weights close the gap to the Korean passage the fusion put first
    w = WEIGHTS.for_lang("ko")

    def gap(r: list[list[float]]) -> float:
        return sum(x * (b - a) for x, a, b in zip(w, r[0], r[1], strict=True))

    assert gap(rows) > gap(plain)
    assert _reranker(analyzer).rerank(query, hits)[1] - _reranker(analyzer).rerank(query, hits)[
        0
    ] == pytest.approx(gap(rows))


def test_an_english_question_is_covered_by_a_korean_table(analyzer: Analyzer) -> None:
    query = "Who is the presenter of the LoRA paper, and on what date?"
    table = "| 논문 | 발표자 | 날짜 |\n|---|---|---|\n| LoRA | 오예린 | 2024-04-12 |"
    hits = [_hit(1, "LoRA is a paper on low-rank adapters.", 1.0), _hit(2, table, 0.8)]
    plain = _plain_rows(analyzer, query, hits)
    rows = _reranker(analyzer).rows(query, hits)
    assert rows[1][COL["coverage"]] > plain[1][COL["coverage"]]
    assert rows[1][COL["proximity"]] >= plain[1][COL["proximity"]]


def test_mixed_question_and_heading_in_the_other_language(analyzer: Analyzer) -> None:
    # a mixed question; the passage and its heading name the asked thing in English
    query = "LoRA의 성능 곡선은 어떤 모양이야?"
    passage = "The performance curve of LoRA over the rank r has a flat shape after r = 8."
    hit = _hit(1, passage, 1.0, heading="LoRA > Performance curve shape")
    other = _hit(2, "LoRA는 2021년 논문이다.", 0.9)
    plain = _plain_rows(analyzer, query, [hit, other])
    rows = _reranker(analyzer).rows(query, [hit, other])
    assert rows[0][COL["heading"]] > plain[0][COL["heading"]]
    assert rows[0][COL["coverage"]] > plain[0][COL["coverage"]]
    # the Korean passage holds LoRA alone, with or without the forms
    assert rows[1][COL["coverage"]] < rows[0][COL["coverage"]]
    # without them the two looked alike to coverage (LoRA only in each)
    assert plain[1][COL["coverage"]] == pytest.approx(plain[0][COL["coverage"]])


def test_same_language_rows_are_unchanged(analyzer: Analyzer) -> None:
    # the question's translations (성능 -> performance, open -> 열다 …) are in none of
    # these passages: the rows are bit-identical to the rows without forms
    for query, texts in (
        ("세종대왕이 훈민정음을 반포한 해는?", ["세종대왕은 1446년에 훈민정음을 반포하였다.", "한글날은 10월 9일이다."]),
        ("when did the university open", ["The university opened in 1893.", "The city grew."]),
    ):  # fmt: skip
        hits = [_hit(i + 1, t, 1.0 - 0.1 * i) for i, t in enumerate(texts)]
        assert _reranker(analyzer).rows(query, hits) == _plain_rows(analyzer, query, hits)


def test_aliases_and_spellings_rules() -> None:
    # a query term is never an alias; a form shared by two terms goes to the first
    got = aliases(["학습", "훈련", "train"], {"학습": ["train", "learn"], "훈련": ["learn"]})
    assert got == {"learn": "학습"}
    assert canonical(["model", "learn", "x"], got) == ["model", "학습", "x"]
    assert aliases(["a"], None) == {}
    # a sentence holds the term through any of its spellings
    idf = {"토큰": 1.0, "학습": 1.0}
    text = "Short intro. It was trained on many tokens."
    spelled = {"토큰": {"token"}, "학습": {"train"}}
    assert sentence_share(text, {"토큰", "학습"}, idf, 2.0, spelled) == pytest.approx(1.0)
    assert sentence_share(text, {"토큰", "학습"}, idf, 2.0) == 0.0


def test_rows_without_forms_keep_the_old_signature(analyzer: Analyzer) -> None:
    hit = replace(_hit(1, "LoRA rank r은 8이다.", 1.0))
    rows = feature_rows(analyzer.terms("LoRA rank"), [Passage(analyzer.terms(hit.text), hit)])
    assert len(rows) == 1 and len(rows[0]) == len(NAMES)
