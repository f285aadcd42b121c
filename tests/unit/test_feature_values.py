"""The ``features`` reranker's feature rows on real text (Kiwi terms), Korean, English and
mixed: what the fusion cannot see (the query's terms together in one sentence, in a
short window, in the query's order) must show in the rows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notelens.analysis.base import Analyzer
from notelens.config import RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.rerank import RERANKERS, create_reranker
from notelens.retrieve.rerankers.feature_values import NAMES, smallest_window
from notelens.retrieve.rerankers.features import FeatureReranker, FeatureWeights
from notelens.types import Explanation, Hit, Location

pytestmark = pytest.mark.unit

# (query, a passage stating the answer in one sentence, a passage with the same words
# spread over sentences that do not state it)
CASES = {
    "ko": (
        "세종대왕이 훈민정음을 반포한 해는 언제인가?",
        "세종대왕은 1446년에 훈민정음을 반포하였다. 이후 여러 문헌이 한글로 간행되었다.",
        "훈민정음 해례본은 국보이다. 세종대왕의 업적은 많다. 반포 기념일은 한글날이다.",
    ),
    "en": (
        "when did the university open its medical school",
        "The university opened its medical school in 1893, after a gift from the city.",
        "The medical library moved in 1950. The school of law is older. "
        "The university did open a new campus later.",
    ),
    "mixed": (
        "LoRA rank r은 보통 몇으로 설정하나",
        "LoRA의 rank r은 보통 8 또는 16으로 설정한다. 학습 파라미터가 줄어든다.",
        "rank 선택은 실험마다 다르다. LoRA 논문은 2021년에 나왔다. 보통 학습률을 먼저 조정한다.",
    ),
}


def _hit(rank: int, text: str, bm25: float, dense: float) -> Hit:
    expl = Explanation(
        bm25_rank=rank,
        bm25_score=bm25,
        dense_rank=rank,
        dense_score=dense,
        fused_rank=rank,
        fused_score=1.0 / rank,
    )
    return Hit(
        rank,
        1.0 / rank,
        f"c{rank}",
        f"/n{rank}.md",
        "n",
        "",
        text,
        Location(1, 1),
        "ko",
        explanation=expl,
    )


def _reranker(analyzer: Analyzer) -> FeatureReranker:
    reranker = FeatureReranker()
    reranker.bind_analyzer(analyzer)  # no store bound: the hits' texts are analyzed
    return reranker


def test_smallest_window_counts_distinct_terms_and_the_shortest_span() -> None:
    assert smallest_window(["a", "x", "b", "y", "y", "a", "b"], {"a", "b", "c"}) == (2, 2)
    assert smallest_window(["a", "x", "x", "b"], {"a", "b"}) == (2, 4)
    assert smallest_window(["x", "y"], {"a"}) == (0, 0)


@pytest.mark.parametrize("lang", sorted(CASES))
def test_rows_see_terms_together_in_one_sentence(analyzer: Analyzer, lang: str) -> None:
    query, stating, spread = CASES[lang]
    # the spread passage ranks first in the fusion, as the misses of issue #22 do
    hits = [_hit(1, spread, 9.0, 0.85), _hit(2, stating, 8.0, 0.84)]
    rows = _reranker(analyzer).rows(query, hits)
    col = {n: i for i, n in enumerate(NAMES)}
    first, second = rows
    assert second[col["sentence"]] > first[col["sentence"]]
    assert second[col["proximity"]] > first[col["proximity"]]
    assert first[col["fused"]] == 0.0 and second[col["fused"]] < 0.0
    assert first[col["bm25"]] == 1.0 and 0 < second[col["bm25"]] < 1.0
    assert all(0.0 <= r[col[n]] <= 1.0 for r in rows for n in ("coverage", "sentence", "bigrams"))


def test_rerank_gives_one_score_and_the_feature_values_per_hit(analyzer: Analyzer) -> None:
    query, stating, spread = CASES["mixed"]
    hits = [
        _hit(1, spread, 9.0, 0.85),
        _hit(2, stating, 8.0, 0.84),
        _hit(3, "무관한 문장.", 0.0, 0.7),
    ]
    scored = _reranker(analyzer).rerank_explained(query, hits)
    assert len(scored) == 3
    for score, evidence in scored:
        assert [m.passage for m in evidence] == list(NAMES)
        assert isinstance(score, float)
    assert list(_reranker(analyzer).rerank(query, [])) == []


def test_registry_and_bad_setup_are_clear_errors() -> None:
    assert "features" in RERANKERS.names()
    made = create_reranker(RerankConfig(method="features"))
    assert isinstance(made, FeatureReranker)
    with pytest.raises(ConfigError, match="needs the index's analyzer"):
        made.rerank("query", [_hit(1, "text", 1.0, 0.5)])
    with pytest.raises(ValueError, match="feature weights need"):
        FeatureWeights(en=(1.0,), ko=(1.0,))


@pytest.mark.parametrize("lang", sorted(CASES))
def test_fitted_weights_lift_the_stating_passage_over_a_close_fused_first(
    analyzer: Analyzer, lang: str
) -> None:
    query, stating, spread = CASES[lang]
    first = replace(_hit(1, spread, 9.0, 0.85), score=1.0)
    second = _hit(2, stating, 8.0, 0.84)
    second = replace(second, explanation=replace(second.explanation, fused_score=0.9))
    first = replace(first, explanation=replace(first.explanation, fused_score=1.0))
    spread_score, stating_score = _reranker(analyzer).rerank(query, [first, second])
    assert stating_score > spread_score
