"""The `siblings` and `llm` rerankers on a real index (Kiwi, e5, LanceDB), Korean and mixed.

`siblings`: a note that answers in several chunks rises above one that mentions the
words once, and the list stays one row per chunk with `-k 1` the head of `-k 6`.
`llm`: the local Qwen GGUF of `make llm` judges the passages (slow; skipped, saying
so, when no model was fetched).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from notelens import Engine
from notelens.config import RerankConfig, Settings
from notelens.retrieve.rerankers.llm import LLMReranker, default_model

pytestmark = pytest.mark.integration

# A study note whose schedule and notes both speak of the question, beside a digest that
# lists the same paper in one line (the notes set's commonest top-1 miss).
FILLER_KO = "매주 수요일 저녁에 모여 논문 한 편을 읽고, 발표 40분과 토론 20분으로 진행한다. " * 6
NOTES = {
    "study/syllabus.md": "# 2024 LLM 스터디 일정\n\n## 7주차 LoRA\n\nLoRA 발표는 김지훈이 "
    "맡는다. LoRA는 가중치를 고정하고 저랭크 행렬만 학습한다. " + FILLER_KO + "\n\n"
    "## 7주차 토론\n\nLoRA 발표 뒤 토론에서 rank r은 8과 16을 비교했고, 발표자 김지훈은 "
    "r = 8 을 추천했다. " + FILLER_KO + "\n\n## 8주차 QLoRA\n\nQLoRA 발표는 다음 주에 "
    "한다. LoRA에 4-bit 양자화를 더한 방법이다. " + FILLER_KO + "\n",
    "digest/w18.md": "# Weekly digest\n\n- LoRA 발표 자료 링크 모음: LoRA, QLoRA, DoRA 논문.\n",
    "attention/gqa.md": "# GQA\n\nGrouped-query attention groups query heads; each group "
    "shares one KV head, so the KV cache shrinks.\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("siblings")
    notes = work / "notes"
    for name, text in NOTES.items():
        path = notes / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


@pytest.mark.parametrize(
    "query", ["LoRA 발표는 누가 해?", "LoRA presenter 김지훈 rank r 추천"], ids=["ko", "mixed"]
)
def test_siblings_lifts_the_note_that_answers_in_several_chunks(
    index: Path, make_engine: Callable[..., Engine], query: str
) -> None:
    engine = make_engine(
        settings=replace(Settings(index_dir=index), rerank=RerankConfig("siblings"))
    )
    fused = engine.search(query, k=6, rerank="identity")
    hits = engine.search(query, k=6)
    assert sorted(h.chunk_id for h in hits) == sorted(h.chunk_id for h in fused)  # same rows
    if query.startswith("LoRA 발표는"):  # the digest's one line leads the fused order
        assert fused[0].source.endswith("w18.md")
    assert hits[0].source.endswith("syllabus.md")
    assert sum(h.source.endswith("syllabus.md") for h in hits[:3]) >= 2
    assert hits[0].explanation.reranker == "siblings"
    # a syllabus chunk gains its siblings' share: above its own normalised fused score
    top = max(h.explanation.fused_score or 0.0 for h in fused)
    low = min(h.explanation.fused_score or 0.0 for h in fused)
    own = ((hits[0].explanation.fused_score or 0.0) - low) / (top - low)
    assert hits[0].score > own
    assert [h.chunk_id for h in engine.search(query, k=1)] == [hits[0].chunk_id]


@pytest.mark.slow
def test_llm_judges_korean_and_mixed_passages(
    index: Path, make_engine: Callable[..., Engine]
) -> None:
    if default_model() is None:
        pytest.skip("no local GGUF in <cache>/llm: run `make llm` to test the llm reranker")
    pytest.importorskip("xllamacpp", reason="the llm extra (xllamacpp) is not installed")
    engine = make_engine(settings=replace(Settings(index_dir=index), rerank=RerankConfig("llm", 3)))
    hits = engine.search("LoRA 발표자는 누구야?", k=3)
    assert len(hits) == 3 and hits[0].explanation.reranker == "llm"
    assert [h.explanation.rerank_rank for h in hits] == [1, 2, 3]
    reranker = LLMReranker(RerankConfig("llm", 3))
    # the passage that names the presenter is judged above an unrelated English one
    gqa = next(h for h in engine.search("GQA KV head", k=3, rerank="identity"))
    lora = next(h for h in hits if "김지훈" in h.text)
    scores = reranker.rerank("LoRA 발표자는 누구야?", [gqa, lora])
    assert scores[1] > scores[0]
    scores = reranker.rerank("Who presents LoRA in the 2024 스터디?", [gqa, lora])
    assert scores[1] > scores[0]
