"""The line windows' side file through real index runs (issues #15 / #22, twenty-second
round; index/windows.py): written for long chunks only, reused by content hash on the
next run, refreshed when a note changes, read by the engine's searcher, and an index
without it (built before windows existed) still searches and says how to add them.

Deterministic hash vectors (no model); the notes are written for this test."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index_fakes import HashEmbedder, WordAnalyzer
from notelens import Engine
from notelens.config import GuardConfig, Settings
from notelens.index.indexer import Indexer
from notelens.index.layout import IndexLayout
from notelens.index.windows import read_windows, windows_path

pytestmark = pytest.mark.integration

WEEKLY = (
    "# 주간 기록\n\n## 5월\n\n"
    + "\n".join(
        f"- {w}주차: 발표 {name}, paper on {topic} 정리와 토론, 다음 실험 계획 공유"
        for w, name, topic in [
            (1, "가람", "sparse retrieval"),
            (2, "누리", "reward modelling"),
            (3, "Dana Cho", "long-context evaluation"),
            (4, "하늘", "tokenizer drift"),
            (5, "Eli Moss", "distillation"),
            (6, "보라", "이미지 캡션 평가"),
        ]
    )
    + "\n"
)
SHORT = "# 메모\n\n다음 회의는 목요일. Bring the draft.\n"


def _settings(index_dir: Path) -> Settings:
    guard = GuardConfig(ingest_pii="off", ingest_injection="off")
    base = Settings(index_dir=index_dir, guard=guard)
    return replace(base, embed_batch_size=4, dense=replace(base.dense, windows=True))


def _run(tmp: Path, embedder: HashEmbedder) -> None:
    Indexer(_settings(tmp / "index"), WordAnalyzer(), embedder).run([tmp / "notes"])


def _table(tmp: Path) -> str:
    meta = IndexLayout(tmp / "index").read_meta()
    assert meta is not None
    return meta.table


def test_windows_are_written_for_long_chunks_and_reused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "weekly.md").write_text(WEEKLY, encoding="utf-8")
    (notes / "memo.md").write_text(SHORT, encoding="utf-8")
    first = HashEmbedder()
    _run(tmp_path, first)
    table = _table(tmp_path)
    wins = read_windows(tmp_path / "index", table, "test-hash")
    assert wins is not None and len(wins) >= 3
    assert len(set(wins.chunk_ids)) == 1  # the weekly block only; the memo is short
    assert np.allclose(np.linalg.norm(wins.vectors, axis=1), 1.0, atol=1e-5)
    assert any("3주차" in t and "Dana Cho" in t for t in first.texts)
    # Another recipe (embedder) reads as none.
    assert read_windows(tmp_path / "index", table, "another-embedder") is None

    # Nothing changed: no window is embedded again.
    again = HashEmbedder()
    _run(tmp_path, again)
    assert not any("주차" in t for t in again.texts)
    same = read_windows(tmp_path / "index", table, "test-hash")
    assert same is not None and np.array_equal(same.vectors, wins.vectors)

    # The weekly note changes: its windows are made anew.
    (notes / "weekly.md").write_text(WEEKLY.replace("Dana Cho", "Rui Tan"), encoding="utf-8")
    changed = HashEmbedder()
    _run(tmp_path, changed)
    assert any("Rui Tan" in t for t in changed.texts)
    now = read_windows(tmp_path / "index", _table(tmp_path), "test-hash")
    assert now is not None and len(now) == len(wins)


def test_the_engine_searches_with_windows_and_without_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "weekly.md").write_text(WEEKLY, encoding="utf-8")
    (notes / "memo.md").write_text(SHORT, encoding="utf-8")
    indexing = HashEmbedder()
    _run(tmp_path, indexing)
    settings = _settings(tmp_path / "index")
    engine = Engine(settings=settings, analyzer=WordAnalyzer(), embedder=HashEmbedder())
    assert engine._get_searcher().windows is not None
    # A window's own text as the query: with hash vectors only that window is close to
    # it, so the weekly chunk comes first by its window, not by its own vector.
    window = next(t for t in indexing.texts if "3주차" in t and t.count("주차") <= 3)
    hits = engine.search(window, k=2, mode="dense")
    assert "weekly.md" in hits[0].source
    assert hits[0].score == pytest.approx(1.0, abs=1e-4)
    engine.close()

    # An index built before windows existed: no side file. It searches, and says so.
    windows_path(tmp_path / "index", _table(tmp_path)).unlink()
    caplog.set_level(logging.WARNING, logger="notelens.index")
    old = Engine(settings=settings, analyzer=WordAnalyzer(), embedder=HashEmbedder())
    hits = old.search("주간 기록", k=2, mode="dense")
    assert hits
    assert old._get_searcher().windows is None
    assert "notelens index" in caplog.text
    old.close()
    # The next index run (no file changed) adds the side file back.
    _run(tmp_path, HashEmbedder())
    assert windows_path(tmp_path / "index", _table(tmp_path)).exists()


def test_windows_off_writes_and_reads_none(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "weekly.md").write_text(WEEKLY, encoding="utf-8")
    settings = _settings(tmp_path / "index")
    off = replace(settings, dense=replace(settings.dense, windows=False))
    assert not Settings().dense.windows  # off by default: the answers did not follow
    Indexer(off, WordAnalyzer(), HashEmbedder()).run([notes])
    assert not windows_path(tmp_path / "index", _table(tmp_path)).exists()
    # With the setting off, even a side file left by an earlier run is not read.
    Indexer(settings, WordAnalyzer(), HashEmbedder()).run([notes])
    engine = Engine(settings=off, analyzer=WordAnalyzer(), embedder=HashEmbedder())
    assert engine._get_searcher().windows is None
    engine.close()
