"""Defects 4 and 7: one redaction step over every field that carries note text, on
every surface, per the table "PII per surface" of docs/guide.md:

=====================  ==========================  ===========  ==============
kind                   local CLI (text, --json)     --show-pii   HTTP, MCP
=====================  ==========================  ===========  ==============
RRN, card, account     masked                       shown        masked
phone, e-mail          shown (the owner's notes)    shown        masked
=====================  ==========================  ===========  ==============

An RRN in a heading or the title, and one typed in full-width digits, count too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli_inprocess import run_cli
from serving import serving

pytestmark = pytest.mark.integration

RRN = "850315-1234566"  # valid check digit
RRN_DIGITS = ("1234566", "１２３４５６６")
CARD = "4111 1111 1111 1111"
ACCOUNT = "110-123-456789"
PHONE = "010-1234-5678"
EMAIL = "kim.researcher@example.com"
HIGH = {"rrn": RRN_DIGITS, "card": ("1111 1111 1111",), "account": ("123-456789",)}
CONTACT = {"phone": (PHONE,), "email": (EMAIL,)}

NOTE = f"""# 인사 기록 {RRN}

## 담당 {RRN} 연락처

이번 실험 노트의 담당자 전화는 {PHONE} 이고 메일은 {EMAIL} 이다.
전각으로 적힌 주민번호 ８５０３１５－１２３４５６６ 도 있다.
신한은행 계좌 {ACCOUNT} 로 입금했고 카드 {CARD} 로 결제했다.
"""


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Any]
) -> tuple[Any, Path, Path]:
    work = tmp_path_factory.mktemp("pii")
    notes = work / "notes"
    notes.mkdir()
    (notes / "pii.md").write_text(NOTE, encoding="utf-8")
    (notes / "other.md").write_text("# 다른 노트\n\nLoRA rank 실험 기록.\n", encoding="utf-8")
    engine = make_engine(work / "index")
    report = engine.index([notes])
    assert report.ok
    flagged = {k for f in report.files for k in f.flags}
    assert {"pii:rrn", "pii:phone", "pii:email", "pii:account", "pii:card"} <= flagged
    return engine, notes, work / "index"


def _absent(text: str, kinds: dict[str, tuple[str, ...]]) -> None:
    for kind, needles in kinds.items():
        for n in needles:
            assert n not in text, f"{kind} leaked: {n!r}"


def _present(text: str, kinds: dict[str, tuple[str, ...]]) -> None:
    for kind, needles in kinds.items():
        assert needles[0] in text, f"{kind} missing"


def _cli(index: Path, *args: str) -> str:
    # In this process with the session's models (tests/cli_inprocess.py): the subject is
    # what the CLI prints, not a cold start.
    proc = run_cli(*args, "--index", str(index), env={"COLUMNS": "250"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


QUERY = "담당자 전화 메일 주민번호 계좌 카드"


def test_engine_hits_mask_title_heading_and_fullwidth(indexed: tuple[Any, Path, Path]) -> None:
    engine, _, _ = indexed
    hits = engine.search(QUERY, k=3)
    top = next(h for h in hits if h.source.endswith("pii.md"))
    assert "[redacted:rrn]" in top.title and "[redacted:rrn]" in top.heading
    _absent(json.dumps([h.to_dict() for h in hits], ensure_ascii=False), HIGH)
    _present(top.text, CONTACT)


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_search_and_ask(indexed: tuple[Any, Path, Path]) -> None:
    _, _, index = indexed
    as_json = _cli(index, "search", QUERY, "--json")
    _absent(as_json, HIGH)
    _present(as_json, CONTACT)
    text = _cli(index, "search", QUERY)
    _absent(text, HIGH)
    _present(text, {"phone": (PHONE,)})
    ask = _cli(index, "ask", "담당자 전화번호와 주민번호는?", "--json")
    _absent(ask, HIGH)
    _present(ask, {"phone": (PHONE,)})


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_show_pii_is_the_owners_switch(indexed: tuple[Any, Path, Path]) -> None:
    _, _, index = indexed
    shown = _cli(index, "search", QUERY, "--json", "--show-pii")
    assert RRN in shown and "８５０３１５－１２３４５６６" in shown
    _present(shown, {"card": (CARD,), "account": (ACCOUNT,), **CONTACT})
    ask = _cli(index, "ask", "담당자 전화번호와 주민번호는?", "--json", "--show-pii")
    assert RRN in ask


@pytest.fixture(scope="module")
def client(indexed: tuple[Any, Path, Path]) -> Iterator[httpx.Client]:
    from notelens.config import ServerConfig
    from notelens.server.app import create_app

    engine, notes, _ = indexed
    cfg = replace(ServerConfig(token=None), folders=(notes,))
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(app) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c


def test_http_search_ask_and_passage(client: httpx.Client, indexed: tuple[Any, Path, Path]) -> None:
    _, notes, _ = indexed
    everything = {**HIGH, **CONTACT}
    search = client.post("/search", json={"query": QUERY, "k": 3})
    assert search.status_code == 200
    _absent(search.text, everything)
    assert "[redacted:phone]" in search.text and "[redacted:rrn]" in search.text
    ask = client.post("/ask", json={"question": "담당자 전화번호와 주민번호는?", "stream": False})
    assert ask.status_code == 200
    _absent(ask.text, everything)
    stream = client.post("/ask", json={"question": "담당자 메일 주소는?", "stream": True})
    assert stream.status_code == 200
    _absent(stream.text, everything)
    source = str((notes / "pii.md").resolve())
    passage = client.get("/passage", params={"source": source, "line_start": 1, "line_end": 7})
    assert passage.status_code == 200
    lines = "\n".join(passage.json()["lines"])
    _absent(lines, everything)
    assert "[redacted:rrn]" in lines and "[redacted:email]" in lines


def test_mcp_search_and_ask(indexed: tuple[Any, Path, Path]) -> None:
    from notelens.mcp.server import build_server

    engine, _, _ = indexed
    server = build_server(engine)

    async def calls() -> str:
        a = await server.call_tool("search", {"query": QUERY, "k": 3})
        b = await server.call_tool("ask", {"question": "담당자 전화번호와 주민번호는?"})
        return repr(a) + repr(b)

    out = asyncio.run(asyncio.wait_for(calls(), timeout=240))
    assert "pii.md" in out
    _absent(out, {**HIGH, **CONTACT})
