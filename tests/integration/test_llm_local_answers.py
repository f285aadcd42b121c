"""The optional local Qwen2.5-Coder model (``make llm``) answers small notes for real.

Skipped, naming ``make llm``, when the GGUF is not in the user cache (CI covers the LLM
plumbing with SmolLM2 in test_llm_local.py). Where it is installed, the 1.5B model
(the focused prompt: answer/prompt.py, build_focused_prompt) must give a Korean and an
English answerable question a cited answer that contains the fact and passes the
citation check against the cited passages, and must not answer a question the notes
cannot answer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from llm_checks import assert_cited_fact
from notelens import Engine
from notelens.answer.generators.fetch import installed_model
from notelens.config import AnswerConfig, LLMConfig, Settings
from notelens.errors import GeneratorError

pytestmark = [pytest.mark.integration, pytest.mark.slow]

pytest.importorskip("xllamacpp")

# Written for this test: a weekly link digest with nested bullets (Korean summaries of
# English papers) and a study table, the shapes of real research notes.
NOTES = {
    "weekly.md": """# 2025 링크 모음

## 3월

<details><summary>2주차</summary>

- 📜 [Google] [Gemma 3 Technical Report](https://example.org/gemma3)
  - 1B부터 27B까지 네 가지 크기로 공개
  - context length는 128K tokens, 이미지 입력 지원
- 📜 [Meta] [Byte Latent Transformer](https://example.org/blt)
  - 토큰 대신 byte patch 단위로 학습해서 같은 FLOPs에서 Llama 3와 비슷한 성능
</details>
""",
    "study.md": """# 논문 스터디 시즌2

| 주차 | 논문 | 발표자 |
|---|---|---|
| 1 주차 | Transformer (Attention Is All You Need) | 한서윤 |
| 2 주차 | DPO (Direct Preference Optimization) | 박지훈 |
| 3 주차 | LoRA (Low-Rank Adaptation) | 오예린 |
""",
    "lora.md": """# LoRA notes

LoRA freezes the pretrained weights and trains two low-rank matrices per layer.
It cuts the number of trainable parameters by up to 10,000 times.
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, analyzer: Any, embedder: Any) -> Engine:
    try:
        installed_model("1.5b")
    except GeneratorError as exc:
        pytest.skip(f"optional local model absent ({exc.hint})")
    work: Path = tmp_path_factory.mktemp("llm-local-answers")
    (work / "notes").mkdir()
    for name, text in NOTES.items():
        (work / "notes" / name).write_text(text, encoding="utf-8")
    settings = replace(
        Settings(index_dir=work / "index"),
        answer=replace(AnswerConfig(), max_answer_tokens=48),
        # One thread: llama.cpp's spinning workers crawl when CI shares the cores.
        llm=replace(LLMConfig(), n_ctx=2048, n_threads=1),
    )
    eng = Engine(settings=settings, analyzer=analyzer, embedder=embedder)  # session's models
    assert eng.index([work / "notes"]).ok
    return eng


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("논문 스터디 시즌2에서 DPO 논문은 누가 발표했어?", "박지훈"),
        ("What is the context length of Gemma 3?", "128K"),
        ("Gemma 3의 context length는 얼마야?", "128K"),
        ("By how much does LoRA cut the number of trainable parameters?", "10,000"),
    ],
)
def test_local_1_5b_gives_a_cited_answer_with_the_fact(
    engine: Engine, question: str, gold: str
) -> None:
    answer = engine.ask(question, k=3, llm="local:1.5b")
    assert_cited_fact(answer, gold, engine.analyzer, question)


@pytest.mark.parametrize(
    "question",
    ["Mixtral 8x22B의 expert 수는 몇 개야?", "Who presented the Mamba paper in week 5?"],
)
def test_local_1_5b_refuses_what_the_notes_do_not_hold(engine: Engine, question: str) -> None:
    answer = engine.ask(question, k=3, llm="local:1.5b")
    assert answer.refused and not answer.citations, answer.answer
