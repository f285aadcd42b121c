"""The hybrid's BM25 leg with the query's translated terms, through a real index (Kiwi,
e5, LanceDB): an English question over a Korean table, a Korean question over an English
note, a mixed one; a same-language query keeps its order (issue #22, tenth round)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine
from notelens.config import FusionConfig, Settings
from notelens.types import Hit

pytestmark = pytest.mark.integration

NOTES = {
    # a Korean schedule table: the answer of "who presents … and when" sits under 발표자 / 날짜
    "study/schedule.md": "# 2024 스터디 일정\n\n| 주차 | 논문 | 발표자 | 날짜 |\n|---|---|---|---|\n"
    "| 3 | Mixture of Experts 정리 | 김하늘 | 2024-04-02 |\n"
    "| 4 | Speculative decoding | 이서준 | 2024-04-09 |\n",
    # an English note on the same paper: it holds the question's English words
    "papers/moe.md": "# Mixture of Experts\n\nThe study of Mixture of Experts layers: who "
    "presents the routing idea first, and when the experts were made sparse, is in the paper.\n",
    # an English note whose Korean summary answers a Korean question
    "papers/scaling.md": "# Scaling laws\n\nPerformance improves as a power law of model size, "
    "dataset size and compute; the cost grows with all three.\n",
    "papers/scaling-ko.md": "# 스케일링 메모\n\n스케일링 법칙 논문을 읽고 든 생각. 학습 곡선과 스케일링 "
    "실험은 다음 주에 다시 정리한다.\n",
    "misc/sejong.md": "# 세종\n\n세종대왕은 1446년에 훈민정음을 반포하였다.\n",
}
EN_OVER_KO = "Who presents Mixture of Experts in the 2024 study, and on what date?"
KO_OVER_EN = "스케일링 법칙에서 성능은 비용과 어떤 관계야?"
MIXED = "Mixture of Experts 발표자와 날짜는?"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("translate")
    assert make_engine(work / "index").index([write_notes(work / "notes", NOTES)]).ok
    return work / "index"


def _engine(make_engine: Callable[..., Engine], index: Path, fusion: FusionConfig) -> Engine:
    return make_engine(settings=replace(Settings(index_dir=index), fusion=fusion))


@pytest.fixture(scope="module")
def plain(index: Path, make_engine: Callable[..., Engine]) -> Engine:
    return _engine(make_engine, index, FusionConfig(translated_weight_en=0, translated_weight_ko=0))


@pytest.fixture(scope="module")
def translating(index: Path, make_engine: Callable[..., Engine]) -> Engine:
    return _engine(make_engine, index, FusionConfig())  # the shipped weights


def _find(hits: list[Hit], source_tail: str) -> Hit:
    return next(h for h in hits if h.source.endswith(source_tail))


def test_an_english_question_finds_the_korean_table_by_its_headers(
    plain: Engine, translating: Engine
) -> None:
    before = _find(plain.search(EN_OVER_KO, k=10, rerank="identity"), "schedule.md")
    after = _find(translating.search(EN_OVER_KO, k=10, rerank="identity"), "schedule.md")
    # 발표자 / 날짜 / 스터디 are the question's presents / date / study in Korean: the BM25
    # leg scores the table higher (by their BM25 score), its rank does not fall
    assert (after.explanation.bm25_score or 0.0) > (before.explanation.bm25_score or 0.0)
    assert (after.explanation.bm25_rank or 99) <= (before.explanation.bm25_rank or 99)
    assert (after.explanation.fused_rank or 99) <= (before.explanation.fused_rank or 99)


def test_a_korean_question_finds_the_english_note(plain: Engine, translating: Engine) -> None:
    before = _find(plain.search(KO_OVER_EN, k=10, rerank="identity"), "scaling.md")
    after = _find(translating.search(KO_OVER_EN, k=10, rerank="identity"), "scaling.md")
    assert (after.explanation.bm25_score or 0.0) > (before.explanation.bm25_score or 0.0)
    assert (after.explanation.bm25_rank or 99) <= (before.explanation.bm25_rank or 99)


def test_a_mixed_question_finds_the_table_by_its_korean_and_english_words(
    translating: Engine,
) -> None:
    hits = translating.search(MIXED, k=3, rerank="identity")
    assert hits[0].source.endswith("schedule.md")


def test_a_same_language_query_without_lexicon_words_keeps_its_order(
    plain: Engine, translating: Engine
) -> None:
    query = "세종대왕이 훈민정음을 반포한 해는?"
    assert translating.searcher.plan(query).translated == ()
    order = [(h.chunk_id, h.score) for h in plain.search(query, k=5)]
    assert [(h.chunk_id, h.score) for h in translating.search(query, k=5)] == order


def test_only_the_hybrid_search_translates(plain: Engine, translating: Engine) -> None:
    """A bm25 search is the query's own words (what a user picking that mode asks for),
    and a dense one has no BM25 leg: neither looks its terms up in the lexicon."""
    assert translating.searcher.plan(EN_OVER_KO).translated
    for mode in ("bm25", "dense"):
        plan = translating.searcher.plan(EN_OVER_KO, mode)
        assert plan.translated == () and plan.translated_weight == 0.0
    order = [(h.chunk_id, h.score) for h in plain.search(EN_OVER_KO, k=10, mode="bm25")]
    assert order
    assert [(h.chunk_id, h.score) for h in translating.search(EN_OVER_KO, k=10, mode="bm25")] == (
        order
    )
