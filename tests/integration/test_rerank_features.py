"""The ``features`` reranker through a real index (Kiwi, e5, LanceDB) and the CLI: Korean,
English and mixed queries, the feature values in ``--explain``, ``-k 5`` the head of
``-k 100``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from note_files import write_notes
from notelens import Engine
from notelens.cli.app import app
from notelens.config import RerankConfig, Settings
from notelens.retrieve.rerankers.feature_values import NAMES

pytestmark = pytest.mark.integration

NOTES = {
    # two paragraphs of one "article": the same words, only the first states the answer
    "sejong/1.md": "# 세종\n\n세종대왕은 1446년에 훈민정음을 반포하였다. 반포 이후 한글 문헌이 간행되었다.\n",
    "sejong/2.md": "# 세종\n\n훈민정음 해례본은 국보로 지정되었다. 세종대왕의 업적 가운데 반포 기념일은 "
    "한글날로 이어졌다.\n",
    "gqa.md": "# GQA and MQA\n\nGrouped-query attention (GQA) splits the query heads into "
    "groups; each group shares one key/value head, so the KV cache shrinks by the group size.\n",
    "mqa.md": "# Attention variants\n\nThe KV cache of multi-query attention holds one head. "
    "Query groups are a later idea. Heads shrink in other designs too.\n",
    "lora.md": "# LoRA 정리\n\nLoRA의 rank r은 보통 8 또는 16으로 설정한다. trainable parameter 수가 "
    "1% 미만으로 줄어든다.\n",
    "lora-notes.md": "# 실험 메모\n\nrank 선택은 실험마다 다르다. LoRA 논문은 2021년에 나왔다. 보통 "
    "학습률을 먼저 조정한다.\n",
}
QUERIES = {
    "ko": "세종대왕이 훈민정음을 반포한 해는?",
    "en": "how does grouped-query attention shrink the KV cache",
    "mixed": "LoRA rank r은 보통 몇으로 설정하나",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("features")
    assert make_engine(work / "index").index([write_notes(work / "notes", NOTES)]).ok
    return work / "index"


@pytest.fixture(scope="module")
def engine(index: Path, make_engine: Callable[..., Engine]) -> Engine:
    settings = replace(Settings(index_dir=index), rerank=RerankConfig("features", candidates=4))
    return make_engine(settings=settings)


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_features_rescore_the_top_n_with_their_values(engine: Engine, lang: str) -> None:
    hits = engine.search(QUERIES[lang], k=6)
    head = [h for h in hits if h.explanation.reranker == "features"]
    assert len(head) == 4 and hits[:4] == head
    for h in head:
        assert [m.passage for m in h.explanation.token_matches] == list(NAMES)
        assert h.explanation.rerank_score == h.score
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    # the answering passage is first (the fused order and the features agree here)
    assert {"ko": "1446", "en": "shrinks", "mixed": "8 또는 16"}[lang] in hits[0].text


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_top_five_is_the_head_of_top_hundred(engine: Engine, lang: str) -> None:
    five = engine.search(QUERIES[lang], k=5)
    hundred = engine.search(QUERIES[lang], k=100)
    assert [(h.chunk_id, h.score) for h in five] == [(h.chunk_id, h.score) for h in hundred[:5]]


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_single_leg_modes_keep_their_order(engine: Engine, lang: str) -> None:
    """The weights were fitted on the fused score: `--mode bm25`/`dense` keep their leg's
    order, hybrid is reranked."""
    hybrid = engine.search(QUERIES[lang], k=3)
    assert {h.explanation.reranker for h in hybrid} == {"features"}
    for mode in ("bm25", "dense"):
        hits = engine.search(QUERIES[lang], k=3, mode=mode)
        assert hits and all(h.explanation.reranker is None for h in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


RERANK_FEATURES = ("--rerank", "features", "--explain", "--json")


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_rerank_features_explains_its_values(index: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(
        app,
        ["search", QUERIES["mixed"], "--index", str(index), "-k", "2", *RERANK_FEATURES],
    )
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)["hits"]
    assert hits[0]["explain"]["reranker"] == "features"
    assert [m["passage"] for m in hits[0]["explain"]["token_matches"]] == list(NAMES)
    res = runner.invoke(
        app, ["search", QUERIES["ko"], "--index", str(index), "--rerank", "features", "--explain"]
    )
    assert res.exit_code == 0 and "features" in res.stdout and "Traceback" not in res.output
