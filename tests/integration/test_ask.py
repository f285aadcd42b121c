"""`ask` end to end, extractive mode: real Kiwi, real e5 embedder, real LanceDB.

Corpus: examples/notes (written for this repo), indexed once for the module.
"""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from notelens import Engine
from notelens.answer.grounding import ground
from notelens.cli.app import app
from notelens.config import LLMConfig
from serving import build_example_index

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "notes"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, analyzer: Any, embedder: Any) -> Engine:
    # Its own index (with the session's models): the CLI test below reads the cited
    # path from 80-column output, which the shared index's longer temp path overflows.
    engine, _ = build_example_index(
        tmp_path_factory.mktemp("ask"), analyzer=analyzer, embedder=embedder
    )
    return engine


@pytest.mark.parametrize(
    ("question", "must_contain", "source_part"),
    [
        ("스터디에서 DPO 논문은 누가 발표했지?", "박지훈", "study/syllabus-2024.md"),
        ("LoRA는 trainable parameter를 얼마나 줄이나", "10,000", "papers/efficient-finetuning.md"),
        ("Chinchilla 기준으로 파라미터당 토큰 몇 개가 compute-optimal이야?", "20", "syllabus"),
        ("How does ColBERT's late interaction score a document?", "MaxSim", "rag/"),
    ],
)
def test_extractive_answers_with_verified_citations(
    engine: Engine, question: str, must_contain: str, source_part: str
) -> None:
    a = engine.ask(question)
    assert not a.refused and a.mode == "extractive"
    assert must_contain in a.answer
    assert a.citations and source_part in a.citations[0].source
    assert a.citations[0].location.line_start is not None
    ids = {h.chunk_id for h in a.evidence}
    assert all(c.chunk_id in ids for c in a.citations)
    # Every sentence carries a citation and is supported by the passage it cites.
    texts = {h.chunk_id: h.text for h in a.evidence}
    evidence = [texts[c.chunk_id] for c in a.citations]
    verdicts = ground(a.answer, evidence, analyzer=engine.analyzer)
    assert verdicts and all(v.cited and v.supported for v in verdicts), verdicts
    assert 1 <= len(verdicts) <= 3


@pytest.mark.parametrize(
    "question",
    [
        "김치찌개 맛있게 끓이는 법 알려줘",
        "Mamba 논문은 스터디에서 누가 발표했지?",
        "Who won the 2018 FIFA World Cup?",
        "How many GPUs were used to train BLOOM?",
    ],
)
def test_absent_topics_are_refused_with_closest_passages(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.refused and not a.citations
    assert "not found in your notes" in a.answer.lower()
    assert 1 <= len(a.evidence) <= 3


def test_ask_stream_events(engine: Engine) -> None:
    events = list(engine.ask_stream("GQA는 MQA와 무엇이 다른가", k=4))
    assert [e["event"] for e in events] == ["evidence", "answer"]
    evidence, answer = events[0]["data"], events[-1]["data"]
    assert 1 <= len(evidence) <= 4 and {"chunk_id", "text", "location"} <= set(evidence[0])
    assert list(answer) == ["question", "answer", "refused", "mode", "citations", "evidence"]
    assert answer["mode"] == "extractive" and not answer["refused"]
    json.dumps(events, ensure_ascii=False)  # SSE-ready


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_ask_json_human_and_errors(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    idx = str(engine.index_dir)
    r = runner.invoke(
        app, ["ask", "스터디에서 DPO 논문은 누가 발표했지?", "--index", idx, "--json"]
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["question"] and "박지훈" in d["answer"] and d["refused"] is False
    assert d["mode"] == "extractive" and d["citations"][0]["n"] == 1
    assert set(d["citations"][0]) == {"n", "chunk_id", "source", "heading", "location", "quote"}
    assert d["evidence"] and "rank" in d["evidence"][0]

    # The first call went through the real engine factory; the rest share the loaded
    # models (settings, environment included, are still read per call).
    def shared_models(index: object) -> Engine:
        return Engine(
            settings=replace(engine.settings, llm=LLMConfig.from_env()),
            analyzer=engine.analyzer,
            embedder=engine.embedder,
        )

    monkeypatch.setattr("notelens.cli.ask.make_engine", shared_models)
    r = runner.invoke(app, ["ask", "LoRA는 trainable parameter를 얼마나 줄이나", "--index", idx])
    assert r.exit_code == 0 and "[1]" in r.stdout and "efficient-finetuning.md" in r.stdout

    r = runner.invoke(app, ["ask", "What is the boiling point of mercury?", "--index", idx])
    assert r.exit_code == 0 and "Not found in your notes" in r.stdout
    assert "closest passages" in r.stdout

    r = runner.invoke(app, ["ask", "DPO?", "--index", idx, "--llm", "claude"])
    assert r.exit_code == 2 and "unknown --llm spec" in r.stderr and "Traceback" not in r.output

    # An absent server: a clear error naming the URL, or extractive with a note.
    url = f"http://127.0.0.1:{_free_port()}/v1#smol"
    monkeypatch.setenv("NOTELENS_LLM_FALLBACK", "0")
    r = runner.invoke(app, ["ask", "DPO 발표자는?", "--index", idx, "--llm", url])
    assert r.exit_code == 6 and "cannot reach the LLM server" in r.stderr
    assert "127.0.0.1" in r.stderr and "Traceback" not in r.output
    monkeypatch.setenv("NOTELENS_LLM_FALLBACK", "1")
    r = runner.invoke(app, ["ask", "DPO 발표자는?", "--index", idx, "--llm", url, "--json"])
    assert r.exit_code == 0 and "LLM unavailable" in r.stderr
    assert json.loads(r.stdout)["mode"] == "extractive"
