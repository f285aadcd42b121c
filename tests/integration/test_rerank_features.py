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
    rerank_scores = [h.explanation.rerank_score or 0.0 for h in head]
    assert rerank_scores == sorted(rerank_scores, reverse=True)
    # the reranker sets the order; the scores stay the fused ones (the head's, best
    # first), so the whole list is monotone and on one scale with the fused tail
    fused = [h.explanation.fused_score or 0.0 for h in head]
    assert [h.score for h in head] == sorted(fused, reverse=True)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
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


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_the_rows_are_read_once(engine: Engine, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The searcher hands the rows it fetched to the reranker (their stored terms): a
    reranked search reads the store as often as a fused one, and scores the same as
    the reranker reading the rows itself."""
    searcher = engine._get_searcher()
    store = searcher.store
    real_get = store.get
    calls: list[int] = []

    def counting_get(ids: list[str]) -> object:
        calls.append(len(ids))
        return real_get(ids)

    monkeypatch.setattr(store, "get", counting_get)
    plain = engine.search(QUERIES[lang], k=6, rerank="none")
    fused_reads = len(calls)
    calls.clear()
    hits = engine.search(QUERIES[lang], k=6)
    assert len(calls) == fused_reads
    head = [h for h in hits if h.explanation.reranker == "features"]
    by_id = {h.chunk_id: h for h in plain}
    own = searcher.reranker.rerank(QUERIES[lang], [by_id[h.chunk_id] for h in head])
    assert [h.explanation.rerank_score for h in head] == pytest.approx(list(own))


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_a_single_leg_reads_no_rerank_pool(
    engine: Engine, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`features` applies to hybrid only: a bm25 / dense search asks its leg for k (plus
    the duplicate slack), not for the reranker's N."""
    from notelens.retrieve.searcher import DEDUPE_SLACK

    searcher = engine._get_searcher()
    asked: list[int] = []
    real_terms, real_vectors = searcher.store.search_terms, searcher.store.search_vectors

    def terms(t: list[str], n: int, where: object = None) -> object:
        asked.append(n)
        return real_terms(t, n, where)  # type: ignore[arg-type]

    def vectors(m: object, n: int, where: object = None) -> object:
        asked.append(n)
        return real_vectors(m, n, where)  # type: ignore[arg-type]

    monkeypatch.setattr(searcher.store, "search_terms", terms)
    monkeypatch.setattr(searcher.store, "search_vectors", vectors)
    assert searcher.rerank_config.candidates == 4
    for mode in ("bm25", "dense"):
        engine.search(QUERIES[lang], k=2, mode=mode)
    assert asked == [2 + DEDUPE_SLACK] * 2
    asked.clear()
    engine.search(QUERIES[lang], k=2, mode="bm25", rerank="maxsim")  # applies to every mode
    assert asked == [4 + DEDUPE_SLACK]


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
def test_ask_reads_its_evidence_in_fused_order_unless_told(engine: Engine, lang: str) -> None:
    """The search reranks; ask's evidence is the fused top k (AnswerConfig.rerank), the
    order its unit priors and refusal threshold were tuned on; a call may name one."""
    fused = engine.search(QUERIES[lang], k=3, rerank="none")
    answer = engine.ask(QUERIES[lang], k=3)
    assert [h.chunk_id for h in answer.evidence] == [h.chunk_id for h in fused]
    assert all(h.explanation.reranker is None for h in answer.evidence)
    told = engine.ask(QUERIES[lang], k=3, rerank="features")
    assert {h.explanation.reranker for h in told.evidence} == {"features"}


def test_an_unknown_answer_reranker_is_a_config_error(
    index: Path, make_engine: Callable[..., Engine]
) -> None:
    from notelens.config import AnswerConfig
    from notelens.errors import ConfigError

    bad = replace(Settings(index_dir=index), answer=AnswerConfig(rerank="splade"))
    with pytest.raises(ConfigError, match="unknown reranker 'splade'"):
        make_engine(settings=bad)
    searched = replace(Settings(index_dir=index), answer=AnswerConfig(rerank=""))
    eng = make_engine(settings=searched)  # "": ask reranks as the search does
    evidence = eng.ask(QUERIES["mixed"], k=3).evidence
    assert {h.explanation.reranker for h in evidence} == {"features"}


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
