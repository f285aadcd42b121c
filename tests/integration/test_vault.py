"""Obsidian vaults, note-scope filters, links and coverage over a real index (Kiwi, e5,
LanceDB) of the test vault (tests/vault_fixture.py): through the engine, the CLI (a real
subprocess), the HTTP API (a real uvicorn) and the MCP server (stdio subprocess)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli_inprocess import CliResult, run_cli
from notelens.config import ServerConfig
from notelens.types import FileStatus, NoteFilter, NoteMeta
from serving import ROOT, serving
from vault_fixture import write_vault

pytestmark = pytest.mark.integration

LORA = "papers/LoRA 정리.md"
ATTN = "papers/attention.md"
WEEK = "study/week1.md"
BROKEN = "study/broken.md"
TRANSFORMER = "transformer.md"


@pytest.fixture(scope="module")
def vault(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Any]
) -> tuple[Any, Path]:
    work = tmp_path_factory.mktemp("vault")
    root = write_vault(work / "vault")
    engine = make_engine(work / "index")
    report = engine.index([root])
    assert report.ok
    return engine, root


def _rels(hits: list[Any], root: Path) -> set[str]:
    return {str(Path(h.source).relative_to(root)) for h in hits}


def test_vault_index_reads_obsidian_conventions(vault: tuple[Any, Path]) -> None:
    engine, root = vault
    cov = engine.coverage()
    assert cov is not None and cov.last_sync
    lines = {str(Path(f.path).relative_to(root)): f for f in cov.files}
    # Hidden tool folders and .notelensignore'd files are not even met.
    assert set(lines) == {LORA, ATTN, WEEK, BROKEN, TRANSFORMER}
    assert all(f.state == "indexed" for f in lines.values())
    # A broken front matter is a warning on the file; its body is still indexed.
    assert "front matter is not valid YAML" in lines[BROKEN].reason
    hits = engine.search("보상 모델 없이 정책을 직접 최적화", k=3, mode="bm25")
    assert str(root / BROKEN) in {h.source for h in hits}
    # Front matter is stored as the note's properties and indexed as a chunk of its own
    # (lines 4-8, title and tags left out): an alias or a custom field is found and cited
    # by its lines.
    rows = engine.searcher.store.records()
    lora = [r for r in rows if r.source == str(root / LORA)]
    assert lora and lora[0].note.tags == ("논문", "LLM/finetuning", "실험")
    assert lora[0].note.aliases == ("LoRA note", "로라")
    assert lora[0].note.date == "2024-03-05"
    assert ("project", "notelens") in lora[0].note.fields
    (props,) = [r for r in lora if "aliases" in r.text]
    assert "project: notelens" in props.text
    assert (props.location.line_start, props.location.line_end) == (4, 8)
    hits = engine.search("로라 별칭", k=3, mode="bm25")
    assert (
        hits and hits[0].source == str(root / LORA) and "aliases: LoRA note, 로라" in hits[0].text
    )
    assert all("project" not in r.text for r in rows if r is not props)
    # Wiki-links keep their readable text; code keeps its text as written.
    text = " ".join(r.text for r in lora)
    assert "트랜스포머" in text and "[[Transformer" not in text
    assert "attention > Scaled dot-product" in text
    assert "[[Nowhere]]" in text  # inside a code block: not a link
    wiki = {lk.url for r in lora for lk in r.links if lk.url.startswith("wiki:")}
    assert wiki == {
        "wiki:Transformer",
        "wiki:attention#Scaled dot-product",
        "wiki:lora-diagram.png",
    }


def test_filters_through_the_engine(vault: tuple[Any, Path]) -> None:
    engine, root = vault
    q = "attention 어텐션 LoRA 학습"

    def scope(**kw: Any) -> set[str]:
        hits = engine.search(q, k=10, note=NoteFilter(**kw))
        return _rels(hits, root)

    assert scope(tags=("논문",)) == {LORA}
    assert scope(tags=("llm",)) == {LORA, WEEK}  # 'llm' matches 'LLM/finetuning' too
    assert scope(tags=("paper",)) == {ATTN}
    assert scope(tags=("architecture",)) == {TRANSFORMER}  # an inline tag only
    assert scope(folder="papers") == {LORA, ATTN}
    assert scope(folder=str(root / "study")) == {WEEK, BROKEN}
    assert scope(since=date(2024, 1, 1), until=date(2024, 3, 31)) == {LORA}
    assert scope(since=date(2024, 5, 1)) == {WEEK, BROKEN, TRANSFORMER}  # by mtime
    assert scope(tags=("논문",), folder="study") == set()
    # ask: every piece of evidence comes from the scope.
    answer = engine.ask("LoRA는 무엇을 학습하나?", note=NoteFilter(folder="papers"))
    assert answer.evidence and _rels(list(answer.evidence), root) <= {LORA, ATTN}


def test_links_and_backlinks(vault: tuple[Any, Path]) -> None:
    engine, root = vault
    by_alias = engine.links("로라")  # an alias, case and extension free
    assert by_alias.note == str(root / LORA)
    out = {(r.target, r.target_heading): r.resolved for r in by_alias.outgoing}
    assert out == {
        ("Transformer", ""): str(root / TRANSFORMER),  # [[Note|alias]], stem match
        ("attention", "Scaled dot-product"): str(root / ATTN),  # [[Note#Heading]]
        ("lora-diagram.png", ""): None,  # ![[embed]] of a file that is not indexed
    }
    incoming = {(Path(r.source).name, r.text) for r in by_alias.incoming}
    assert incoming == {("attention.md", "LoRA 정리"), ("attention.md", "the LoRA note by alias")}
    attn = engine.links(str(root / ATTN))
    assert {Path(r.source).name for r in attn.incoming} == {"LoRA 정리.md", "week1.md"}
    week = engine.links("WEEK1")
    assert {r.target: r.resolved for r in week.outgoing} == {
        "papers/attention": str(root / ATTN),
        "Missing Note": None,  # unresolved: kept as text
    }


def _run(*args: str) -> CliResult:
    # In this process with the session's models (tests/cli_inprocess.py): the subject is
    # the filters, links and file counts the CLI prints, not a cold start; an escaping
    # exception fails the test (a traceback).
    return run_cli(*args, env={"COLUMNS": "200"})


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_filters_links_and_status_files(vault: tuple[Any, Path]) -> None:
    engine, root = vault
    index = str(engine.index_dir)
    res = _run(
        "search", "attention LoRA", "--index", index, "--json", "--tag", "LLM", "--folder", "papers"
    )
    assert res.returncode == 0, res.stderr
    assert {h["source"] for h in json.loads(res.stdout)["hits"]} == {str(root / LORA)}
    bad = _run("search", "x", "--index", index, "--since", "2024-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    links = _run("links", "attention", "--index", index, "--json")
    assert links.returncode == 0, links.stderr
    data = json.loads(links.stdout)
    assert data["note"] == str(root / ATTN) and len(data["incoming"]) == 2
    missing = _run("links", "no such note", "--index", index)
    assert missing.returncode == 2 and "no indexed note" in missing.stderr
    files = _run("status", "--files", "--json", "--index", index)
    assert files.returncode == 0, files.stderr
    cov = json.loads(files.stdout)
    assert cov["kinds"]["md"]["indexed"] == 5 and cov["counts"]["failed"] == 0
    text = _run("status", "--index", index)
    assert text.returncode == 0 and "last sync" in text.stdout


@pytest.fixture(scope="module")
def client(vault: tuple[Any, Path]) -> Iterator[httpx.Client]:
    from notelens.server import create_app

    engine, root = vault
    cfg = replace(ServerConfig(token=None), folders=(root,))
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(app) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c


def test_http_filters(client: httpx.Client, vault: tuple[Any, Path]) -> None:
    _, root = vault
    body = {"query": "attention LoRA 학습", "k": 10}
    res = client.post("/search", json={**body, "tags": ["#논문"]})
    assert res.status_code == 200, res.text
    assert {h["source"] for h in res.json()["hits"]} == {str(root / LORA)}
    res = client.post("/search", json={**body, "folder": "study", "since": "2024-05-01"})
    assert {Path(h["source"]).name for h in res.json()["hits"]} == {"week1.md", "broken.md"}
    res = client.post("/ask", json={"question": "LoRA는 무엇을 고정하나?", "tags": ["paper"]})
    assert res.status_code == 200, res.text
    assert {e["source"] for e in res.json()["evidence"]} <= {str(root / ATTN)}
    bad = client.post("/search", json={**body, "until": "yesterday"})
    assert 400 <= bad.status_code < 500 and "YYYY-MM-DD" in bad.text
    cov = client.get("/coverage")
    assert cov.status_code == 200 and cov.json()["last_sync"]


def test_mcp_filters(vault: tuple[Any, Path]) -> None:
    pytest.importorskip("mcp", reason="the mcp SDK is not installed")
    engine, root = vault

    async def session() -> tuple[Any, Any]:
        from mcp import Client
        from mcp.client.stdio import StdioServerParameters

        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "notelens", "mcp", "--index", str(engine.index_dir)],
            env={k: v for k, v in os.environ.items() if k.startswith(("NOTELENS_", "PYTHON"))},
            cwd=str(ROOT),
        )
        async with Client(params, read_timeout_seconds=180) as c:
            tagged = await c.call_tool("search", {"query": "attention", "tags": ["논문"]})
            bad = await c.call_tool("search", {"query": "attention", "since": "2024-02-30"})
            return tagged, bad

    tagged, bad = asyncio.run(asyncio.wait_for(session(), timeout=300))
    hits = tagged.structured_content["hits"]
    assert hits and {h["source"] for h in hits} == {str(root / LORA)}
    assert bad.is_error and "YYYY-MM-DD" in bad.content[0].text


def test_reindex_after_tag_removed_leaves_the_scope(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    root = write_vault(tmp_path / "v")
    engine = make_engine(tmp_path / "idx")
    engine.index([root])
    note = root / ATTN
    note.write_text(note.read_text(encoding="utf-8").replace("tags: paper", "tags: old"), "utf-8")
    report = engine.index([root])
    assert {f.path for f in report.files if f.status is FileStatus.INDEXED} == {str(note)}
    # tags file the note and are no text: no chunk changed, every vector is reused
    assert report.chunks_embedded == 0
    assert engine.search("attention", k=5, note=NoteFilter(tags=("paper",))) == []
    assert _rels(engine.search("attention", k=5, note=NoteFilter(tags=("old",))), root) == {ATTN}


def test_a_lancedb_table_from_before_the_note_column_is_still_searched(tmp_path: Path) -> None:
    """Until the next index run rebuilds it (the chunker version is in the table name),
    an older table without the `note` column answers searches and filters."""
    import lancedb

    from notelens.store.base import StoreFilter
    from notelens.store.lancedb import LanceDBStore
    from notelens.store.testing import rec, unit_vec

    new = LanceDBStore(tmp_path, table="new", dim=8)
    rows = [rec("/v/a.md", 0, "lora"), rec("/v/b.md", 0, "lora", vec=1)]
    lancedb.connect(str(tmp_path)).create_table("old", new._to_arrow(rows).drop_columns(["note"]))
    old = LanceDBStore(tmp_path, table="old", dim=8, create=False)
    assert {h.chunk_id for h in old.search_terms(["lora"], 5)} == {r.chunk_id for r in rows}
    assert [r.note for r in old.records()] == [NoteMeta(), NoteMeta()]
    glob = old.search_vector(unit_vec(0), 5, StoreFilter(source_glob="/v/a*"))
    assert [h.chunk_id for h in glob] == [rows[0].chunk_id]
    assert old.search_terms(["lora"], 5, StoreFilter(tags=("any",))) == []
    assert len(old.search_vector(unit_vec(0), 5, StoreFilter(folders=("/v",)))) == 2
