"""Follow-up questions for real (issue #19 item 6): Kiwi's proper nouns as topics, the
engine's sessions over the examples index, ``ask --session`` and ``chat`` on the CLI,
``POST /ask`` with a session, a damaged session file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from notelens import Engine
from notelens.answer.followup import Turn, key_entity, rewrite_rules
from notelens.cli.app import app
from notelens.config import ServerConfig
from notelens.server import create_app
from serving import serving

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(open_example: Callable[..., Engine]) -> Iterator[Engine]:
    eng = open_example()
    yield eng
    # Sessions are not part of the index: leave the shared folder as it was.
    for f in sorted((eng.index_dir / "sessions").glob("*")):
        f.unlink()


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("박지훈은 몇 주차에 발표했어?", "박지훈"),  # 박/NNP + 지훈/NNP: one name
        ("윤서연이 발표한 논문은 뭐야?", "윤서연"),
        ("Chinchilla 논문은 누가 발표했어?", "Chinchilla"),  # a Latin term leads
        ("Mistral 7B는 어떤 attention을 써?", "Mistral 7B"),
        ("스터디에서 발표한 사람은?", None),
    ],
)
def test_key_entity_with_kiwi(analyzer: Any, question: str, entity: str | None) -> None:
    assert key_entity(question, analyzer) == entity


def test_korean_rules_with_kiwi(analyzer: Any) -> None:
    history = [Turn("윤서연이 발표한 논문은 뭐야?", "윤서연이 발표한 논문은 뭐야?", "윤서연")]
    r = rewrite_rules("그 사람은 몇 주차에 발표했어?", history, analyzer)
    assert r.standalone == "윤서연은 몇 주차에 발표했어?" and r.method == "pronoun"
    # A standalone Korean question without an entity is left alone.
    q = "한국어 검색에서 형태소 분석이 왜 필요해?"
    assert rewrite_rules(q, history, analyzer).standalone == q
    # A question left without its subject gets the topic back.
    r = rewrite_rules("누가 발표했어?", [Turn("QLoRA?", "QLoRA는 몇 주차야?", "QLoRA")], analyzer)
    assert r.standalone == "QLoRA는 누가 발표했어?" and r.method == "subject"


def test_engine_session_rewrites_before_retrieval(engine: Engine) -> None:
    first = engine.ask("LoRA 논문은 누가 발표했어?", session="t-ko")
    assert first.session == "t-ko" and first.rewritten_question == first.question
    assert "오예린" in first.answer
    second = engine.ask("그럼 QLoRA는?", session="t-ko")
    assert second.question == "그럼 QLoRA는?"
    assert second.rewritten_question == "QLoRA 논문은 누가 발표했어?"
    assert "한도윤" in second.answer and not second.refused
    # Without the session the same follow-up has no subject to retrieve by.
    assert "한도윤" not in engine.ask("그럼 QLoRA는?").answer
    third = engine.ask("그건 몇 주차야?", session="t-ko")
    assert third.rewritten_question == "QLoRA는 몇 주차야?"
    saved = json.loads((engine.index_dir / "sessions" / "t-ko.json").read_text())
    assert [t["question"] for t in saved["turns"]] == [
        "LoRA 논문은 누가 발표했어?",
        "그럼 QLoRA는?",
        "그건 몇 주차야?",
    ]
    d = second.to_dict()
    assert d["session"] == "t-ko" and d["rewritten_question"] == second.rewritten_question
    assert "session" not in engine.ask("LoRA 논문은 누가 발표했어?").to_dict()


def test_english_follow_up_in_a_session(engine: Engine) -> None:
    engine.ask("How much does LoRA reduce trainable parameters?", session="t-en")
    a = engine.ask("What about QLoRA?", session="t-en")
    assert a.rewritten_question == "How much does QLoRA reduce trainable parameters?"
    b = engine.ask("Who presented it in the study?", session="t-en")
    assert b.rewritten_question == "Who presented QLoRA in the study?"
    # Retrieval now finds QLoRA (its presenter or its authors), not LoRA.
    assert not b.refused and ("한도윤" in b.answer or "Dettmers" in b.answer), b.answer


def test_damaged_session_file_is_one_note_and_a_fresh_start(engine: Engine) -> None:
    folder = engine.index_dir / "sessions"
    folder.mkdir(exist_ok=True)
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    a = engine.ask("그럼 QLoRA는?", session="broken")
    assert "damaged" in a.note and a.rewritten_question == "그럼 QLoRA는?"
    assert (folder / "broken.json.damaged").read_text() == "{ not json"
    assert json.loads((folder / "broken.json").read_text())["turns"][0]["question"]
    assert engine.status().chunks > 0  # the index untouched


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_ask_session_and_chat(engine: Engine) -> None:
    runner = CliRunner()
    index = str(engine.index_dir)
    base = ["--no-daemon", "ask", "--index", index, "--session", "cli-1"]
    r = runner.invoke(app, [*base, "DPO 논문은 누가 발표했지?"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, [*base, "그 논문은 언제 발표했어?", "--json"])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body["session"] == "cli-1" and "DPO" in body["rewritten_question"]
    assert "2024-06-12" in body["answer"]
    r = runner.invoke(app, [*base, "그럼 InstructGPT는?"])
    assert r.exit_code == 0 and "→ 질문:" in r.output and "InstructGPT" in r.output
    bad = runner.invoke(app, [*base[:-1], "../etc", "x"])
    assert bad.exit_code == 2 and "session id" in bad.output
    # The REPL: a question, a follow-up, /history, /new, /exit.
    chat = runner.invoke(
        app,
        ["--no-daemon", "chat", "--index", index, "--session", "repl-1"],
        input="LoRA 논문은 누가 발표했어?\n그럼 QLoRA는?\n/history\n/new\n/exit\n",
    )
    assert chat.exit_code == 0, chat.output
    assert "오예린" in chat.output and "한도윤" in chat.output
    assert "→ 질문: QLoRA 논문은 누가 발표했어?" in chat.output
    assert "new conversation" in chat.output


def test_http_ask_with_session(engine: Engine, example_index: Any) -> None:
    cfg = replace(ServerConfig(token=None), folders=(Path(example_index.notes),))
    api = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(api) as url, httpx.Client(base_url=url, timeout=120) as c:
        one = c.post("/ask", json={"question": "GQA는 누가 제안했어?", "session": "web-1"})
        assert one.status_code == 200, one.text
        two = c.post("/ask", json={"question": "What about FlashAttention?", "session": "web-1"})
        body = two.json()
        assert body["session"] == "web-1"
        assert "FlashAttention" in body["rewritten_question"]
        bad = c.post("/ask", json={"question": "x", "session": "../../etc/passwd"})
        assert bad.status_code == 422
        plain = c.post("/ask", json={"question": "What about FlashAttention?"}).json()
        assert "session" not in plain


def test_mcp_ask_with_session(engine: Engine) -> None:
    import asyncio

    pytest.importorskip("mcp")
    from notelens.mcp.server import build_server

    server = build_server(engine)

    async def calls() -> tuple[Any, Any, str]:
        await server.call_tool(
            "ask", {"question": "LoRA 논문은 누가 발표했어?", "session": "mcp-1"}
        )
        follow = await server.call_tool("ask", {"question": "그럼 QLoRA는?", "session": "mcp-1"})
        try:
            bad = await server.call_tool("ask", {"question": "x", "session": "../x"})
        except Exception as exc:  # the input schema refuses it: a tool error
            bad = exc
        return follow, bad, repr(follow)

    _follow, bad, text = asyncio.run(asyncio.wait_for(calls(), timeout=240))
    assert "QLoRA 논문은 누가 발표했어?" in text and "한도윤" in text
    assert "mcp-1" in text
    assert "session" in repr(bad).lower() or "pattern" in repr(bad).lower()
