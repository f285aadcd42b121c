"""The CLI as a user runs it: a real subprocess, real models, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contracts import HIT_KEYS

pytestmark = pytest.mark.integration


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "LANCE_LOG": "error", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "notelens", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("cli")
    notes = work / "notes"
    notes.mkdir()
    (notes / "attention.md").write_text(
        "# 어텐션 변형\n\n## GQA\n\nGQA는 query head를 G개 그룹으로 나누고 그룹마다 KV head를 공유한다. "
        "MQA는 KV head가 하나뿐이다.\n\n## FlashAttention\n\nFlashAttention tiles the attention "
        "computation to cut HBM reads and writes.\n",
        encoding="utf-8",
    )
    (notes / "lora.txt").write_text(
        "LoRA freezes the pretrained weights and trains two low-rank matrices per layer, "
        "cutting trainable parameters by orders of magnitude.\n",
        encoding="utf-8",
    )
    index = work / "index"
    res = run("index", str(notes), "--index", str(index))
    assert res.returncode == 0, res.stderr
    assert "2 indexed" in res.stdout
    return index, notes


def test_search_json_contract(cli_index: tuple[Path, Path]) -> None:
    index, notes = cli_index
    res = run("search", "GQA는 MQA와 무엇이 다른가", "--index", str(index), "--json", "-k", "2")
    assert res.returncode == 0, res.stderr
    payload = json.loads(res.stdout)  # exactly one JSON object on stdout
    assert set(payload) == {"query", "mode", "hits"}
    assert payload["query"] == "GQA는 MQA와 무엇이 다른가" and payload["mode"] == "hybrid"
    assert 1 <= len(payload["hits"]) <= 2
    top = payload["hits"][0]
    assert set(top) == HIT_KEYS
    assert top["rank"] == 1 and isinstance(top["score"], float)
    assert top["source"] == str((notes / "attention.md").resolve())
    assert "GQA" in top["text"] and top["heading"].endswith("GQA")
    assert set(top["location"]) == {"line_start", "line_end", "page", "part"}
    assert top["location"]["page"] is None and top["location"]["line_start"] >= 1
    assert top["lang"] in {"ko", "en", "mixed"}


def test_search_readable_and_env_index(cli_index: tuple[Path, Path]) -> None:
    index, _ = cli_index
    res = run(
        "search", "how does LoRA cut trainable parameters", env={"NOTELENS_INDEX": str(index)}
    )
    assert res.returncode == 0, res.stderr
    assert "lora.txt" in res.stdout.splitlines()[0]
    res = run("search", "LoRA", "--mode", "bm25", "--explain", env={"NOTELENS_INDEX": str(index)})
    assert "bm25 rank 1" in res.stdout and "matched: lora" in res.stdout


def test_status(cli_index: tuple[Path, Path]) -> None:
    index, _ = cli_index
    res = run("status", "--index", str(index), "--json")
    assert res.returncode == 0, res.stderr
    st = json.loads(res.stdout)
    assert st["files"] == 2 and st["chunks"] >= 2 and st["compatible"] is True
    assert st["embedder"] == "multilingual-e5-small"


def test_unchanged_second_run(cli_index: tuple[Path, Path]) -> None:
    index, notes = cli_index
    res = run("index", str(notes), "--index", str(index), "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["counts"]["unchanged"] == 2 and report["chunks_embedded"] == 0


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("search", "lora"), 3, "no index here yet"),
        (("search", "lora", "--mode", "magic"), 2, "unknown mode"),
        (("search", "   "), 2, "query is empty"),
        (("search", "lora", "--lang", "fr"), 2, "--lang"),
        (("index", "/definitely/not/here"), 1, "no such file or directory"),
        (("index", "--forget", "/not/an/indexed/folder"), 2, "not one of the index's folders"),
    ],
)
def test_user_mistakes_get_one_clear_line(
    cli_index: tuple[Path, Path], tmp_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    index, _ = cli_index
    target = (
        tmp_path / "empty-index" if args[:2] == ("search", "lora") and len(args) == 2 else index
    )
    res = run(*args, "--index", str(target))
    assert res.returncode == code, (res.stdout, res.stderr)
    both = res.stdout + res.stderr
    assert needle in both
    assert "Traceback" not in both
