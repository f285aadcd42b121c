"""A Korean question's translations at full weight in the English passages, through a real
index (Kiwi, e5, LanceDB; retrieve/across.py, issue #15 / #22, sixteenth round): the English
note that answers gains its BM25 score, a mixed note keeps its own, and an English question
or a corpus without English passages searches as before."""

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
    # an English page of a paper club: the answer of the Korean question below
    "club/paper-club.md": "# Paper club\n\nThe paper club meets on Fridays in the small "
    "lecture room. This term's guest speaker came from a robotics company; the seats are "
    "limited to twenty people.\n",
    # a Korean note that shares the question's topic words (논문, 모임, 발표) but not its answer
    "club/plan-ko.md": "# 논문 모임 계획\n\n논문 모임 발표 순서와 읽을 논문 목록을 정리한다. "
    "발표 자료는 모임 하루 전까지 올린다.\n",
    # a mixed note: Korean sentences with the English words of the translations
    "club/mixed.md": "# 스터디 메모\n\nrobotics company 출신 발표자가 온다는 소문. paper 목록은 "
    "아직 정하지 않았다.\n",
    "misc/tea.md": "# 차 메모\n\n녹차는 70도 물에 2분 우린다.\n",
}
KO_OVER_EN = "논문 모임에 온 발표자는 어느 회사 사람이야?"
EN_QUESTION = "Which company did the paper club's guest speaker come from?"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("across")
    assert make_engine(work / "index").index([write_notes(work / "notes", NOTES)]).ok
    return work / "index"


def _engine(make_engine: Callable[..., Engine], index: Path, across: float) -> Engine:
    fusion = FusionConfig(translated_weight_across=across)
    return make_engine(settings=replace(Settings(index_dir=index), fusion=fusion))


@pytest.fixture(scope="module")
def before(index: Path, make_engine: Callable[..., Engine]) -> Engine:
    # at or below the Korean query's own translated weight the step is off
    return _engine(make_engine, index, across=0.0)


@pytest.fixture(scope="module")
def after(index: Path, make_engine: Callable[..., Engine]) -> Engine:
    # the measured setting (off by default): an English query's own translated weight
    return _engine(make_engine, index, across=FusionConfig().translated_weight("en"))


def _find(hits: list[Hit], source_tail: str) -> Hit:
    return next(h for h in hits if h.source.endswith(source_tail))


def test_the_english_note_scores_its_translations_at_full_weight(
    before: Engine, after: Engine
) -> None:
    old = _find(before.search(KO_OVER_EN, k=10, rerank="identity"), "paper-club.md")
    new = _find(after.search(KO_OVER_EN, k=10, rerank="identity"), "paper-club.md")
    # paper / company / presenter ... are the Korean question's words in English: the
    # English note's BM25 score grows, its fused rank does not fall
    assert (new.explanation.bm25_score or 0.0) > (old.explanation.bm25_score or 0.0)
    assert (new.explanation.fused_rank or 99) <= (old.explanation.fused_rank or 99)


def test_a_mixed_and_a_korean_note_keep_their_bm25_scores(before: Engine, after: Engine) -> None:
    old = before.search(KO_OVER_EN, k=10, mode="hybrid", rerank="identity")
    new = after.search(KO_OVER_EN, k=10, mode="hybrid", rerank="identity")
    for tail in ("mixed.md", "plan-ko.md"):
        assert _find(new, tail).explanation.bm25_score == _find(old, tail).explanation.bm25_score


def test_an_english_question_searches_as_before(before: Engine, after: Engine) -> None:
    # its translations already count in full (translated_weight_en): nothing to add
    old = before.search(EN_QUESTION, k=10, rerank="identity")
    new = after.search(EN_QUESTION, k=10, rerank="identity")
    assert [(h.chunk_id, h.score) for h in new] == [(h.chunk_id, h.score) for h in old]


def test_the_plan_names_the_other_script(after: Engine, before: Engine) -> None:
    searcher = after._get_searcher()
    plan = searcher.plan(KO_OVER_EN)
    assert plan.translated and plan.across == "en" and plan.across_weight == 1.0
    assert searcher.plan(EN_QUESTION).across is None
    # a single leg does not translate, so it has no such step
    assert searcher.plan(KO_OVER_EN, mode="bm25").across is None
    # nor does the default (off)
    assert before._get_searcher().plan(KO_OVER_EN).across is None
