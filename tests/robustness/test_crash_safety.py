"""kill -9 an index run at several points; the index must stay whole per file.

A child process indexes a folder and reports its progress on stdout, one event per
line; the parent SIGKILLs it when a chosen event shows up. After each kill the index
must open, answer, and hold for every file either all of its old chunks or all of its
new ones. The next run must complete the work.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from notelens.engine import Engine

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # 13 child index runs, most killed

N_FILES = 6

CHILD = textwrap.dedent(
    """
    import json, sys
    from dataclasses import replace
    from notelens.config import Settings
    from notelens.engine import Engine

    class Events:
        def _emit(self, kind, detail=""):
            sys.stdout.write(json.dumps({"event": kind, "detail": detail}) + "\\n")
            sys.stdout.flush()
        def start(self, total_files): self._emit("start", total_files)
        def file_done(self, report): self._emit("file_done", report.status.value)
        def phase(self, name, total=None): self._emit("phase", name)
        def advance(self, n=1): self._emit("advance", n)

    index_dir, notes = sys.argv[1], sys.argv[2]
    # Small commit batches so the run has many commit points to be killed between.
    settings = replace(Settings(index_dir=index_dir), commit_every_chunks=3, embed_batch_size=2)
    report = Engine(settings=settings).index([notes], progress=Events())
    sys.stdout.write(json.dumps({"event": "done", "detail": report.ok}) + "\\n")
    """
)


def _note(i: int, version: str) -> str:
    body = []
    for s in range(3):
        body.append(f"## Section {s}\n")
        body.append(
            f"Marker {version}-file{i}-section{s}. LoRA와 QLoRA를 비교한 {version} 노트입니다. "
            f"This paragraph of version {version} discusses adapter rank {s + i} in detail.\n"
        )
    return f"# Note {i}\n\n" + "\n".join(body)


def _write_notes(folder: Path, version: str) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for i in range(N_FILES):
        p = folder / f"note{i}.md"
        text = _note(i, version)
        p.write_text(text, encoding="utf-8")
        hashes[str(p.resolve())] = hashlib.sha256(text.encode()).hexdigest()
    return hashes


def _run_child(index_dir: Path, notes: Path, kill_on: tuple[str, str, int] | None) -> bool:
    """Run the child; SIGKILL it at the n-th matching event. True if it was killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(index_dir), str(notes)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "LANCE_LOG": "error"},
    )
    seen = 0
    killed = False
    assert proc.stdout is not None
    for line in proc.stdout:
        ev = json.loads(line)
        if kill_on and ev["event"] == kill_on[0] and str(ev["detail"]) == kill_on[1]:
            seen += 1
            if seen == kill_on[2]:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
    proc.wait(timeout=300)
    return killed


def _check_whole(
    make_engine: Callable[..., Engine], index_dir: Path, old: dict[str, str], new: dict[str, str]
) -> dict[str, str]:
    """Every file in the index is entirely old or entirely new. Returns source -> version."""
    # a fresh engine on the session's models (conftest.py), closed here: a PostgreSQL
    # store's pools must not outlive this check
    with make_engine(index_dir) as engine:
        hits = engine.search("LoRA QLoRA adapter rank", k=200, mode="bm25")
        assert hits, "the index must open and answer after a kill"
        versions: dict[str, str] = {}
        by_source: dict[str, list[str]] = {}
        store = engine._get_searcher().store
        # Every stored row, not the hits: near-identical passages of several files fold
        # into one hit (also_in), and a file must be judged by all of its rows.
        for row in store.records():
            by_source.setdefault(row.source, []).append(row.text)
        for source, texts in by_source.items():
            kinds = {("v1" if "v1-" in t else "v2") for t in texts if "Marker" in t}
            assert len(kinds) == 1, f"{source} mixes versions: {kinds}"
            versions[source] = kinds.pop()
        states = store.file_states()
        for source, st in states.items():
            expected = old[source] if versions.get(source) == "v1" else new[source]
            assert st.file_hash == expected, f"{source}: rows of another version than its text says"
            assert st.chunks == 3, f"{source}: {st.chunks} chunks, a half-written file"
    return versions


@pytest.fixture(scope="module")
def v1_index(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]
) -> tuple[Path, dict[str, str]]:
    """The complete first (v1) run every re-index kill starts from: made once by the child
    and checked whole, then copied per test (a copy keeps the notes' absolute paths, which
    the index stores; the tests run one at a time in this folder)."""
    work = tmp_path_factory.mktemp("crash")
    notes = work / "notes"
    old = _write_notes(notes, "v1")
    assert not _run_child(work / "index-v1", notes, None)
    assert set(_check_whole(make_engine, work / "index-v1", old, old).values()) == {"v1"}
    return work, old


@pytest.mark.parametrize(
    "kill_on",
    [
        ("start", str(N_FILES), 1),  # before any work
        ("phase", "embedding", 1),  # while embedding the first batch
        ("phase", "writing", 2),  # while committing the second batch
        ("file_done", "indexed", 3),  # between batches
        ("phase", "optimizing index", 1),  # after all commits, during index upkeep
    ],
    ids=["start", "embedding", "writing", "between-batches", "optimize"],
)
def test_kill_during_reindex_keeps_each_file_whole(
    v1_index: tuple[Path, dict[str, str]],
    kill_on: tuple[str, str, int],
    make_engine: Callable[..., Engine],
) -> None:
    work, old = v1_index
    notes = work / "notes"
    index_dir = work / "index"
    # A fresh copy of the complete v1 index, its notes back at v1 (same paths).
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.copytree(work / "index-v1", index_dir)
    assert _write_notes(notes, "v1") == old

    new = _write_notes(notes, "v2")
    assert _run_child(index_dir, notes, kill_on), "the child finished before the kill point"
    _check_whole(make_engine, index_dir, old, new)

    # The next run completes the work.
    assert not _run_child(index_dir, notes, None)
    versions = _check_whole(make_engine, index_dir, old, new)
    assert set(versions.values()) == {"v2"} and len(versions) == N_FILES


def test_kill_during_first_run_leaves_searchable_index(
    tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    notes = tmp_path / "notes"
    index_dir = tmp_path / "index"
    new = _write_notes(notes, "v1")
    assert _run_child(index_dir, notes, ("file_done", "indexed", 3))
    committed = make_engine(index_dir).search("LoRA QLoRA", k=50, mode="bm25")
    assert committed, "batches committed before the kill must be searchable"
    assert not _run_child(index_dir, notes, None)
    versions = _check_whole(make_engine, index_dir, new, new)
    assert len(versions) == N_FILES
