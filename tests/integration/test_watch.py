"""Folder watch under a running watcher (real OS events through watchfiles, real Kiwi, e5
and LanceDB): create, edit, rename, delete, editor scratch files, a partial write.

Every step is checked by polling the index until a deadline (a bounded wait), never by
sleeping and then asserting.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from notelens.index.watch import SyncResult, WatchOptions

pytestmark = pytest.mark.integration

pytest.importorskip("watchfiles")

DEADLINE_S = 90.0


def wait_for(what: str, check: Callable[[], bool], timeout: float = DEADLINE_S) -> None:
    """Poll ``check`` until it holds; fail with ``what`` past the deadline."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def _synced(syncs: list[SyncResult], name: str) -> bool:
    """A recorded sync embedded something for the note called ``name``."""
    return any(
        s.report is not None
        and s.report.chunks_embedded > 0
        and any(Path(p).name == name for p in s.paths)
        for s in syncs
    )


def _covered(w: Watching) -> set[str]:
    """The names of the files in the index's coverage (none before the first run)."""
    cov = w.engine.coverage()
    return set() if cov is None else {Path(f.path).name for f in cov.files}


class Watching:
    def __init__(self, engine: Any, root: Path) -> None:
        self.engine = engine
        self.root = root
        self.syncs: list[SyncResult] = []
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="test-watch", daemon=True)

    def _run(self) -> None:
        try:
            self.engine.watch(
                [self.root],
                stop=self.stop,
                ready=self.ready,
                on_sync=self.syncs.append,
                options=WatchOptions(debounce_ms=150, settle_s=0.1),
            )
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc

    def sources(self) -> dict[str, list[str]]:
        """Indexed source -> its chunk texts (fresh from the store)."""
        store = self.engine.searcher.store
        store.refresh()
        out: dict[str, list[str]] = {}
        for r in store.records():
            out.setdefault(Path(r.source).name, []).append(r.text)
        return out


@pytest.fixture
def watching(tmp_path: Path, make_engine: Callable[..., Any]) -> Iterator[Watching]:
    root = (tmp_path / "notes").resolve()
    root.mkdir()
    (root / "gqa.md").write_text(
        "# GQA\n\nGQA는 query head를 그룹으로 나누어 KV head를 공유한다.\n", encoding="utf-8"
    )
    engine = make_engine(tmp_path / "index")
    assert engine.index([root]).ok
    w = Watching(engine, root)
    w.thread.start()
    assert w.ready.wait(30), "the watcher did not start"
    yield w
    w.stop.set()
    w.thread.join(10)
    assert not w.thread.is_alive()
    assert w.error is None


def test_create_edit_rename_delete_under_a_running_watcher(watching: Watching) -> None:
    w, root = watching, watching.root
    # create
    (root / "lora.md").write_text(
        "# LoRA\n\nLoRA는 저랭크 행렬 두 개만 학습한다. adapters for finetuning.\n",
        encoding="utf-8",
    )
    wait_for("a new note is indexed", lambda: "lora.md" in w.sources())
    # A sync's rows are visible before the watcher hands its record to on_sync: wait for
    # the record too, or a late one is counted in the next step (seen on a loaded VM).
    wait_for("the new note's sync is recorded", lambda: _synced(w.syncs, "lora.md"))
    embedded_before = sum(s.report.chunks_embedded for s in w.syncs if s.report)
    recorded = len(w.syncs)

    # edit: the new text is searchable, the old text gone, no duplicate rows
    (root / "lora.md").write_text(
        "# LoRA\n\nLoRA freezes the pretrained weights; 랭크 r은 8이면 충분하다.\n",
        encoding="utf-8",
    )
    wait_for("the edit is indexed", lambda: any("랭크 r은" in t for t in w.sources()["lora.md"]))
    wait_for("the edit's sync is recorded", lambda: _synced(w.syncs[recorded:], "lora.md"))
    assert len(w.sources()["lora.md"]) == 1
    hits = w.engine.search("랭크 r은 얼마", k=3)
    assert hits and Path(hits[0].source).name == "lora.md"

    # rename: the new path is indexed, the old one removed, the text not re-embedded
    embedded = sum(s.report.chunks_embedded for s in w.syncs if s.report)
    os.rename(root / "lora.md", root / "lora-renamed.md")
    wait_for(
        "the rename is indexed",
        lambda: "lora-renamed.md" in (src := w.sources()) and "lora.md" not in src,
    )
    syncs = [(s.paths, s.report.chunks_embedded if s.report else None) for s in w.syncs]
    assert sum(s.report.chunks_embedded for s in w.syncs if s.report) == embedded, syncs
    assert embedded > embedded_before  # the edit itself was embedded

    # editor scratch files never reach the index; a partial write is read once complete
    (root / ".lora-renamed.md.swp").write_bytes(b"\x00binary swap")
    (root / "lora-renamed.md~").write_text("# backup\n", encoding="utf-8")
    (root / "4913").write_text("", encoding="utf-8")
    with open(root / "big.md", "w", encoding="utf-8") as fh:
        fh.write("# Big note\n\n첫 부분만 쓰였다.\n")
        fh.flush()
        time.sleep(0.05)  # a writer mid-way (not an assertion)
        fh.write("FlashAttention은 타일 단위로 계산해 HBM 접근을 줄인다.\n")
    wait_for(
        "the written note is indexed whole",
        lambda: any("HBM" in t for t in w.sources().get("big.md", [])),
    )
    assert set(w.sources()) == {"gqa.md", "lora-renamed.md", "big.md"}

    # delete
    (root / "big.md").unlink()
    wait_for("a deleted note leaves the index", lambda: "big.md" not in w.sources())
    # The coverage (the run's file table) is written as the sync ends, after its rows are
    # visible: wait for the deletion to reach it too (seen on a loaded VM).
    wait_for("the deletion reaches the coverage", lambda: "big.md" not in _covered(w))
    assert all(not s.error for s in w.syncs), [s.error for s in w.syncs]
    cov = w.engine.coverage()
    assert cov is not None
    assert {Path(f.path).name for f in cov.files} == {"gqa.md", "lora-renamed.md"}
