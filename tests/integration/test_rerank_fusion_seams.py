"""The fusion and rerank seams on a real index (Kiwi, e5, LanceDB): the searcher's hybrid
order is exactly ``fuse()`` over its two legs, the identity reranker changes nothing, and
a registered reranker reorders the fused top N."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine
from notelens.config import FusionConfig, RerankConfig, Settings
from notelens.errors import ConfigError, SearchError
from notelens.retrieve.fusion import ABSENT, floored, fuse
from notelens.retrieve.rerank import RERANKERS, IdentityReranker
from notelens.types import Hit

pytestmark = pytest.mark.integration

NOTES = {
    "lora.md": "# LoRA 정리\n\nLoRA는 가중치 업데이트를 저랭크 행렬 A, B로 분해해 "
    "trainable parameter 수를 크게 줄인다. rank r은 보통 8 또는 16.\n",
    "gqa.md": "# GQA와 MQA\n\nGQA(grouped-query attention)는 쿼리 헤드를 그룹으로 묶어 "
    "KV 헤드를 공유한다. MQA는 KV 헤드가 하나뿐이다.\n",
    "dpo.md": "# DPO study\n\nDirect Preference Optimization trains on preference pairs "
    "without a reward model. 14주차 DPO 논문 발표: 박지훈.\n",
    "rrf.md": "# Fusion\n\nReciprocal rank fusion adds 1/(k + rank) per list, k = 60. "
    "하이브리드 검색에서 BM25와 dense 결과를 합친다.\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("seams")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


@pytest.fixture(scope="module")
def _engine(make_engine: Callable[..., Engine]) -> Callable[..., Engine]:
    """``_engine(index, **settings)``: a new Engine on ``index`` with the session's models."""

    def make(index: Path, **kw: object) -> Engine:
        return make_engine(settings=replace(Settings(index_dir=index), **kw))

    return make


@pytest.mark.parametrize("method", ["zscore", "rrf"])
@pytest.mark.parametrize(
    "query", ["LoRA는 파라미터를 얼마나 줄이나", "how does GQA share KV heads"]
)
def test_hybrid_order_is_fuse_over_the_legs(
    index: Path, method: str, query: str, _engine: Callable[..., Engine]
) -> None:
    # the fused order itself: no reranker (the default `features` reorders the top N)
    engine = _engine(index, fusion=FusionConfig(method=method), rerank=RerankConfig("identity"))
    hits = engine.search(query, k=4)
    searcher = engine._get_searcher()
    plan = searcher.plan(query)
    n = searcher.fusion.candidates
    bm25 = [(s.chunk_id, s.score) for s in searcher.store.search_terms(list(plan.terms), n)]
    dense = [
        (s.chunk_id, s.score) for s in searcher.store.search_vector(searcher.query_vector(query), n)
    ]
    # four notes: the BM25 leg holds every match (absent_floor may score the rest 0)
    assert len(bm25) < n
    bm25 = floored(bm25, dense, searcher.fusion.absent_floor)
    fused = [
        x for x in fuse(method, [bm25, dense], plan.weights, searcher.fusion) if x[0] != ABSENT
    ]
    fused = fused[:4]
    assert [(h.chunk_id, pytest.approx(h.score)) for h in hits] == fused
    assert isinstance(searcher.reranker, IdentityReranker)


class _Reverse:
    """A reranker that puts the fused order upside down (easy to check)."""

    name = "reverse"

    def __init__(self, config: RerankConfig) -> None:
        self.seen: list[tuple[str, int]] = []

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        self.seen.append((query, len(hits)))
        return [float(i) for i in range(len(hits))]


def test_a_registered_reranker_reorders_the_fused_top_n(
    index: Path, _engine: Callable[..., Engine]
) -> None:
    query = "DPO 논문은 누가 발표했지?"
    plain = _engine(index).search(query, k=4, mode="hybrid", rerank="identity")
    RERANKERS.register("reverse", _Reverse)
    try:
        engine = _engine(index, rerank=RerankConfig(method="reverse", candidates=4))
        top2 = engine.search(query, k=2)
        reranker = engine._get_searcher().reranker
        assert isinstance(reranker, _Reverse) and reranker.seen == [(query, 4)]
        # the fused 4th and 3rd come first now, renumbered; the reranker's scores are in
        # the explanation, the hits keep the fused scale (rank r: the r-th fused score)
        assert [h.chunk_id for h in top2] == [plain[3].chunk_id, plain[2].chunk_id]
        assert [(h.rank, h.explanation.rerank_score) for h in top2] == [(1, 3.0), (2, 2.0)]
        assert [h.score for h in top2] == [plain[0].score, plain[1].score]
        assert [h.explanation.fused_score for h in top2] == [plain[3].score, plain[2].score]
    finally:
        RERANKERS.unregister("reverse")


def test_rerank_errors_are_clear(index: Path, _engine: Callable[..., Engine]) -> None:
    with pytest.raises(ConfigError, match="unknown reranker 'cross-encoder'"):
        _engine(index, rerank=RerankConfig(method="cross-encoder"))

    class Short:
        name = "short"

        def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
            return [1.0]

    RERANKERS.register("short", lambda config: Short())
    try:
        engine = _engine(index, rerank=RerankConfig(method="short", candidates=3))
        with pytest.raises(SearchError, match="returned 1 scores for 3 hits"):
            engine.search("GQA MQA 차이", k=3)
    finally:
        RERANKERS.unregister("short")
