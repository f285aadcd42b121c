"""The pipelined indexer: a producer thread prepares batches while earlier ones embed.

Real LanceDB in a temporary folder; a whitespace analyzer and a hashing embedder keep the
runs fast (the model and Kiwi are covered by test_engine.py and test_crash_safety.py).
Small batches (2 chunks per commit, 2 texts per embed call) give many commit points.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index_fakes import DIM, HashEmbedder, WordAnalyzer, fake_vector
from notelens.config import GuardConfig, Settings
from notelens.index.indexer import Indexer, embed_input
from notelens.index.layout import IndexLayout
from notelens.store.base import Store
from notelens.store.lancedb import LanceDBStore, LanceDBStoreFactory
from notelens.types import FileReport, FileStatus, IndexReport

pytestmark = pytest.mark.integration


class Events:
    """Records progress events, and the thread each came from."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.threads: set[str] = set()

    def _add(self, kind: str, detail: Any) -> None:
        self.events.append((kind, detail))
        self.threads.add(threading.current_thread().name)

    def start(self, total_files: int) -> None:
        self._add("start", total_files)

    def file_done(self, report: FileReport) -> None:
        self._add("file_done", (Path(report.path).name, report.status))

    def phase(self, name: str, total: int | None = None) -> None:
        self._add("phase", (name, total))

    def advance(self, n: int = 1) -> None:
        self._add("advance", n)


def _settings(index_dir: Path, **kw: Any) -> Settings:
    guard = GuardConfig(ingest_pii="off", ingest_injection="off")
    base = Settings(index_dir=index_dir, guard=guard)
    return replace(base, **{"commit_every_chunks": 2, "embed_batch_size": 2, **kw})


def _note(i: int, sections: int = 2) -> str:
    body = "\n\n".join(
        f"## Part {s}\n\nFile {i} section {s} talks about topic{i * 10 + s} at length."
        for s in range(sections)
    )
    return f"# Note {i}\n\n{body}\n"


def _write(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"n{i:02d}.md"
        p.write_text(_note(i), encoding="utf-8")
        paths.append(p)
    return paths


def _index(
    tmp: Path, notes: Path, embedder: HashEmbedder, progress: Events | None = None, **kw: Any
) -> IndexReport:
    indexer = Indexer(_settings(tmp / "index", **kw), WordAnalyzer(), embedder, progress)
    return indexer.run([notes])


def _store(tmp: Path) -> Store:
    meta = IndexLayout(tmp / "index").read_meta()
    assert meta is not None
    return LanceDBStoreFactory().open(tmp / "index", meta.table, dim=DIM)


def _no_pipeline_threads() -> bool:
    names = [t.name for t in threading.enumerate()]
    return not any(n.startswith(("notelens-index-prepare", "notelens-index-embed")) for n in names)


def test_order_reports_progress_and_vectors(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _write(notes, 9)
    (notes / "n03.md").write_text("", encoding="utf-8")  # no text: skipped mid-run
    (notes / "n05.pdf").write_bytes(b"%PDF-1.4 this is not a pdf at all")  # fails mid-run
    events = Events()
    embedder = HashEmbedder()
    report = _index(tmp_path, notes, embedder, events)

    names = [Path(f.path).name for f in report.files]
    status = {Path(f.path).name: f.status for f in report.files}
    assert sorted(names) == sorted(p.name for p in notes.iterdir())
    assert status["n03.md"] is FileStatus.SKIPPED
    assert status["n05.pdf"] is FileStatus.FAILED
    assert all(s is FileStatus.INDEXED for n, s in status.items() if n not in {"n03.md", "n05.pdf"})
    # Commits in file order: indexed files are reported in the order they were found.
    indexed = [n for n in names if status[n] is FileStatus.INDEXED]
    assert indexed == sorted(indexed)
    # Each skipped or failed file is reported before the files after it are committed.
    assert names.index("n03.md") < names.index("n04.md")
    assert names.index("n05.pdf") < names.index("n06.md")

    # Progress: start first, one file_done per report in report order, all on the
    # calling thread; every embedded text advanced exactly once, inside an embedding phase.
    assert events.events[0] == ("start", len(names))
    done = [d for k, d in events.events if k == "file_done"]
    assert done == [(Path(f.path).name, f.status) for f in report.files]
    assert events.threads == {threading.current_thread().name}
    total = 0
    phase: tuple[str, int | None] | None = None
    for kind, detail in events.events:
        if kind == "phase":
            phase = detail
        elif kind == "advance":
            assert phase is not None and phase[0] == "embedding"
            total += detail
    assert total == report.chunks_embedded == sum(len(c) for c in embedder.calls)
    assert all(len(c) <= 2 for c in embedder.calls)

    # The store holds every indexed file whole, with each text's own vector.
    store = _store(tmp_path)
    states = {Path(s).name: st for s, st in store.file_states().items()}
    assert set(states) == set(indexed)
    rows = store.records()
    assert len(rows) == sum(f.chunks for f in report.files if f.status is FileStatus.INDEXED)
    for r in store.get([r.chunk_id for r in rows], with_vectors=True):
        assert r.vector is not None
        text = embed_input_of(r)
        np.testing.assert_array_equal(np.asarray(r.vector, dtype=np.float32), fake_vector(text))
    assert report.timings.embed > 0 and report.timings.store > 0
    assert _no_pipeline_threads()

    # A second run: everything unchanged, reported in order, nothing embedded.
    again = _index(tmp_path, notes, HashEmbedder())
    assert [Path(f.path).name for f in again.files if f.status is FileStatus.UNCHANGED] == indexed
    assert again.chunks_embedded == 0


def embed_input_of(row: Any) -> str:
    """The embedded text of a stored row (chunk under its heading)."""
    from notelens.types import Chunk

    chunk = Chunk(
        source=row.source,
        text=row.text,
        title=row.title,
        heading=row.heading,
        ordinal=row.ordinal,
        location=row.location,
        lang=row.lang,
        kind=row.kind,
        links=row.links,
        content_hash=row.content_hash,
    )
    return embed_input(chunk)


def test_same_text_in_adjacent_batches_is_embedded_once(tmp_path: Path) -> None:
    """A text of the batch still embedding is reused by the next one, as if committed."""
    notes = tmp_path / "notes"
    notes.mkdir()
    same = "# Same\n\n## Part\n\nThe very same paragraph in several files.\n"
    for i in range(6):
        (notes / f"d{i}.md").write_text(same, encoding="utf-8")
    embedder = HashEmbedder()
    report = _index(tmp_path, notes, embedder, commit_every_chunks=1)
    assert report.ok and report.count(FileStatus.INDEXED) == 6
    assert report.chunks_embedded == 1 and report.chunks_reused == 5
    assert sum(len(c) for c in embedder.calls) == 1
    store = _store(tmp_path)
    rows = store.get([r.chunk_id for r in store.records()], with_vectors=True)
    assert len(rows) == 6
    first = np.asarray(rows[0].vector)
    assert all(np.array_equal(np.asarray(r.vector), first) for r in rows)


def _run_in_thread(fn: Callable[[], IndexReport]) -> BaseException | None:
    """Run ``fn``; return what it raised. Fails the test instead of hanging."""
    box: dict[str, BaseException | None] = {"exc": None}

    def target() -> None:
        try:
            fn()
        except BaseException as exc:  # the test looks at it
            box["exc"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout=120)
    assert not t.is_alive(), "the index run hung"
    return box["exc"]


def _committed_whole(tmp: Path, notes: Path) -> set[str]:
    """Names of the files in the index; each must hold all of its chunks."""
    states = _store(tmp).file_states()
    for st in states.values():
        assert st.chunks == 2, "a half-written file"
    return {Path(s).name for s in states}


def test_embedder_error_mid_run_surfaces_and_keeps_committed_batches(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _write(notes, 8)
    exc = _run_in_thread(lambda: _index(tmp_path, notes, HashEmbedder(fail_on=4)))
    assert isinstance(exc, RuntimeError) and "embedder broke on call 4" in str(exc)
    assert _no_pipeline_threads()
    kept = _committed_whole(tmp_path, notes)
    # One file per commit (2 chunks), one embed call per commit: calls 1-3 were committed.
    assert kept == {"n00.md", "n01.md", "n02.md"}
    # The next run finishes the job and reuses what was committed.
    report = _index(tmp_path, notes, HashEmbedder())
    assert report.ok
    assert report.count(FileStatus.UNCHANGED) == 3 and report.count(FileStatus.INDEXED) == 5
    assert _committed_whole(tmp_path, notes) == {p.name for p in notes.iterdir()}


def test_store_error_mid_run_surfaces_and_keeps_committed_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    _write(notes, 8)
    real = LanceDBStore.replace_sources
    calls = {"n": 0}

    def flaky(self: LanceDBStore, sources: Sequence[str], records: Sequence[Any]) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(self, sources, records)

    monkeypatch.setattr(LanceDBStore, "replace_sources", flaky)
    exc = _run_in_thread(lambda: _index(tmp_path, notes, HashEmbedder()))
    assert isinstance(exc, OSError) and "disk full" in str(exc)
    assert _no_pipeline_threads()
    monkeypatch.setattr(LanceDBStore, "replace_sources", real)
    assert _committed_whole(tmp_path, notes) == {"n00.md", "n01.md"}


def test_producer_error_surfaces_without_hanging(tmp_path: Path) -> None:
    """An unexpected exception while preparing files is raised by ``run``, not lost."""
    notes = tmp_path / "notes"
    _write(notes, 8)

    class BrokenAnalyzer(WordAnalyzer):
        def __init__(self) -> None:
            self.n = 0

        def terms_batch(self, texts: list[str]) -> list[list[str]]:
            self.n += 1
            if self.n == 5:
                raise KeyError("analyzer state lost")
            return super().terms_batch(texts)

    events = Events()
    indexer = Indexer(
        _settings(tmp_path / "index"), BrokenAnalyzer(), HashEmbedder(), progress=events
    )
    exc = _run_in_thread(lambda: indexer.run([notes]))
    assert isinstance(exc, KeyError) and "analyzer state lost" in str(exc)
    assert _no_pipeline_threads()
    kept = _committed_whole(tmp_path, notes)
    # Files 0-3 were prepared before the error; every batch ahead of it was committed.
    assert kept == {"n00.md", "n01.md", "n02.md", "n03.md"}
    done = [d[0] for k, d in events.events if k == "file_done"]
    assert done == ["n00.md", "n01.md", "n02.md", "n03.md"]


def test_skips_and_failures_only(tmp_path: Path) -> None:
    """Nothing to embed: no model call, every file reported in order."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(100):
        (notes / f"e{i:03d}.md").write_text("   \n", encoding="utf-8")
    embedder = HashEmbedder()
    events = Events()
    report = _index(tmp_path, notes, embedder, events)
    names = [Path(f.path).name for f in report.files]
    assert names == sorted(names) and len(names) == 100
    assert all(f.status is FileStatus.SKIPPED for f in report.files)
    assert embedder.calls == []
    assert [d[0] for k, d in events.events if k == "file_done"] == names


def test_a_chunker_version_bump_rebuilds_once_reusing_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built by an older chunker is rebuilt into a new table by the next run
    (its chunks could differ from what this version yields), without re-embedding text
    it already holds; the run after that finds nothing to do."""
    from notelens.ingest import chunking

    notes = tmp_path / "notes"
    _write(notes, 3)
    embedder = HashEmbedder()
    monkeypatch.setattr(chunking, "CHUNKER_VERSION", 1)
    _index(tmp_path, notes, embedder)
    old = IndexLayout(tmp_path / "index").read_meta()
    assert old is not None
    embedded_before = sum(len(c) for c in embedder.calls)
    rows_before = _store(tmp_path).stats().rows

    monkeypatch.setattr(chunking, "CHUNKER_VERSION", 2)
    report = _index(tmp_path, notes, embedder)
    new = IndexLayout(tmp_path / "index").read_meta()
    assert new is not None and new.table != old.table
    assert sum(len(c) for c in embedder.calls) == embedded_before  # vectors reused
    assert sum(f.status == FileStatus.INDEXED for f in report.files) == 3
    assert _store(tmp_path).stats().rows == rows_before

    again = _index(tmp_path, notes, embedder)
    assert all(f.status == FileStatus.UNCHANGED for f in again.files)
