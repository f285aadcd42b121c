"""The `llm` reranker with the local Qwen GGUF of `make llm` on a real index (Kiwi, e5,
LanceDB): Korean and mixed Korean/English questions. Slow (a few seconds per passage on
a CPU); skipped, saying so, when no model was fetched or xllamacpp is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine
from notelens.config import RerankConfig, Settings
from notelens.retrieve.rerankers.llm import LLMReranker, default_model

pytestmark = pytest.mark.integration

# A study note that names the presenter, a digest that lists the same paper in one line
# (the notes set's commonest top-1 miss: another note naming the entity), an English note.
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
    work = tmp_path_factory.mktemp("llm-rerank")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


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
    assert "김지훈" in hits[0].text  # a passage naming the presenter is judged first
    # mixed Korean/English: the presenter's passage above an unrelated English note
    reranker = LLMReranker(RerankConfig("llm", 3))
    gqa = engine.search("GQA KV head", k=1, rerank="identity")[0]
    assert gqa.source.endswith("gqa.md")
    scores = reranker.rerank("Who presents LoRA in the 2024 스터디?", [gqa, hits[0]])
    assert scores[1] > scores[0]
