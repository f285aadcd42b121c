"""MCP round trip through the SDK's own stdio client: `python -m notelens mcp` as a
subprocess over a real index of examples/notes."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from notelens.contracts import SEARCH_K
from serving import ROOT

if TYPE_CHECKING:
    from conftest import ExampleIndex

pytestmark = pytest.mark.integration

mcp = pytest.importorskip("mcp", reason="the mcp SDK is not installed")


@pytest.fixture(scope="module")
def index_dir(example_index: ExampleIndex) -> tuple[Path, Path]:
    # The session's examples/notes index (conftest.py): the MCP tools only read it.
    return example_index.index, example_index.notes


async def _session(index: Path) -> dict[str, Any]:
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "notelens", "mcp", "--index", str(index)],
        env={k: v for k, v in os.environ.items() if k.startswith(("NOTELENS_", "PYTHON"))},
        cwd=str(ROOT),
    )
    out: dict[str, Any] = {}
    async with Client(params, read_timeout_seconds=120) as client:
        tools = await client.list_tools()
        out["tools"] = {t.name: t for t in tools.tools}
        out["search_ko"] = await client.call_tool(
            "search", {"query": "GQA는 MQA와 무엇이 다른가", "k": 3}
        )
        out["search_mixed"] = await client.call_tool(
            "search", {"query": "LoRA는 trainable parameter를 얼마나 줄이나", "k": 3}
        )
        out["ask"] = await client.call_tool(
            "ask", {"question": "스터디에서 DPO 논문은 누가 발표했지?"}
        )
        out["notes_scoped"] = await client.call_tool(
            "search_notes",
            {"query": "LoRA는 trainable parameter를 얼마나 줄이나", "k": 3, "folder": "rag"},
        )
        # No k: the default of POST /search and the CLI (contracts.SEARCH_K).
        out["explained"] = await client.call_tool(
            "search", {"query": "LoRA rank와 파라미터 수", "explain": True}
        )
        out["notes_explained"] = await client.call_tool(
            "search_notes", {"query": "KV cache 메모리", "k": 2, "explain": True}
        )
        out["status"] = await client.call_tool("index_status", {})
        out["bad"] = await client.call_tool("search", {"query": "GQA", "k": 0})
        out["related"] = await client.call_tool(
            "related_notes", {"note": "attention-variants", "k": 3}
        )
        out["term"] = await client.call_tool("glossary_term", {"term": "rrf"})
        out["summary"] = await client.call_tool(
            "summarize_note", {"note": "korean-retrieval", "lines": 3}
        )
        out["summary_file"] = await client.call_tool("summarize_note", {"note": "/etc/hostname"})
        out["digest"] = await client.call_tool(
            "weekly_digest", {"since": "2000-01-01", "until": "2000-01-07"}
        )
        out["digest_bad"] = await client.call_tool("weekly_digest", {"since": "지난주"})
    return out


def test_mcp_round_trip(index_dir: tuple[Path, Path]) -> None:
    index, notes = index_dir
    out = asyncio.run(asyncio.wait_for(_session(index), timeout=240))

    tools = out["tools"]
    assert set(tools) >= {"search", "ask", "index_status"}
    schema = tools["search"].input_schema
    assert schema["required"] == ["query"]
    assert {"query", "k", "mode", "source", "lang"} <= set(schema["properties"])
    assert tools["ask"].input_schema["required"] == ["question"]

    ko = out["search_ko"]
    assert not ko.is_error
    hits = ko.structured_content["hits"]
    assert Path(hits[0]["source"]).relative_to(notes).as_posix() == "papers/attention-variants.txt"
    assert hits[0]["heading"] and hits[0]["location"]["line_start"] >= 1
    assert ko.content and "attention-variants.txt" in ko.content[0].text  # text form too

    mixed = out["search_mixed"].structured_content["hits"]
    assert any(h["source"].endswith("papers/efficient-finetuning.md") for h in mixed)

    # search_notes takes the same note filters as search (one declaration for both)
    assert tools["search_notes"].input_schema["properties"].keys() >= {"tags", "folder", "since"}
    scoped = out["notes_scoped"].structured_content["notes"]
    assert scoped
    assert all(Path(n["source"]).relative_to(notes).parts[0] == "rag" for n in scoped)

    # the HTTP /search parameters, with its defaults (tests/unit/test_search_params.py)
    explained = out["explained"].structured_content["hits"]
    assert len(explained) == SEARCH_K
    assert all("explain" in h for h in explained)
    assert any(h["explain"]["matched_terms"] for h in explained)
    assert "explain" not in hits[0]  # only when asked for
    noted = out["notes_explained"].structured_content["notes"]
    assert len(noted) == 2 and all("explain" in h for n in noted for h in n["hits"])

    ans = out["ask"]
    assert not ans.is_error
    data = ans.structured_content
    assert "박지훈" in data["answer"] and not data["refused"]
    assert data["short_answer"] == "박지훈" and data["flags"] == []
    assert data["citations"][0]["source"].endswith("study/syllabus-2024.md")

    st = out["status"].structured_content
    assert st["chunks"] > 0 and st["compatible"] and st["roots"] == [str(notes)]

    assert out["bad"].is_error  # k=0 breaks the input schema: a tool error, not a crash

    # curation tools (issue #19)
    related = out["related"].structured_content
    assert related["note"].endswith("papers/attention-variants.txt")
    assert len(related["related"]) == 3
    term = out["term"].structured_content
    assert term["term"] == "RRF" and "Reciprocal Rank Fusion" in term["aliases"]
    assert term["definitions"][0]["source"].endswith("rag/retrieval-notes.md")
    summary = out["summary"].structured_content
    assert summary["method"] == "extractive" and len(summary["lines"]) == 3
    # a file outside the index is never read by path through MCP
    assert out["summary_file"].is_error
    # a week with no change (the entries themselves: tests/integration/test_digest.py)
    digest = out["digest"].structured_content
    assert digest["markdown"].startswith("## 2000-01-01 ~ 2000-01-07") and not digest["items"]
    assert out["digest_bad"].is_error
