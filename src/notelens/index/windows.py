"""A long chunk's windows of a few lines, embedded beside the chunk (issues #15, #22).

A weekly archive's chunk holds a dozen entries; its one e5 vector is their average, so
the meaning of one bullet is diluted among the others. A question in the other language
than the bullet shares no BM25 term with it, so the dense leg is all it has, and the
diluted vector loses to short passages about the question's topic as a whole. Each
window (a few consecutive lines under the chunk's heading, the way the chunk itself is
embedded) gets its own vector at index time, kept in a side file beside the table
(``windows-<table>.npz``); the searcher scores a chunk by the better of its own vector and
its best window's (:mod:`notelens.retrieve.windows`).

The side file is keyed by each chunk's ``content_hash`` (the store's vector-cache key), so
an index run embeds the windows of new or changed chunks only. Its ``format`` and
recipe (embedder, lines, shortest chunk) are checked on reading: a file of another
recipe, or none (an index built before windows existed), reads as ``None``, the search
runs on the chunk vectors alone and says that the next ``notelens index`` adds them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from notelens.embed.base import Embedder
from notelens.fileio import write_atomic
from notelens.store.base import Store
from notelens.store.resident import unit_rows

log = logging.getLogger("notelens.index")

#: Bump when the file's arrays or the way windows are cut change.
WINDOWS_FORMAT = "notelens-windows-1"
#: Lines per window, and the shortest chunk that is windowed: a shorter chunk says one
#: thing, and its one vector is already its window. Lines chosen on realq3 (the probe
#: ``benchmarks/window_probe.py``: 3 lines beat 5); 150 chars did worse on 6 of 9 sets.
WINDOW_LINES = 3
WINDOW_MIN_CHARS = 300
PREFIX = "windows-"


def chunk_windows(
    heading: str, text: str, *, lines: int = WINDOW_LINES, min_chars: int = WINDOW_MIN_CHARS
) -> Iterator[str]:
    """The texts to embed for ``text``'s windows: ``lines`` consecutive non-blank lines,
    overlapping by one line (an entry cut by a window's edge is whole in the next), each
    under ``heading``. None for a chunk under ``min_chars`` or of ``lines`` lines or
    fewer."""
    if lines < 1:
        raise ValueError("a window needs at least one line")
    if len(text) < min_chars:
        return
    rows = [line.strip() for line in text.splitlines() if line.strip()]
    if len(rows) <= lines:
        return
    step = max(1, lines - 1)
    prefix = f"{heading}\n" if heading else ""
    start = 0
    while True:
        yield prefix + "\n".join(rows[start : start + lines])
        if start + lines >= len(rows):
            return
        start += step


@dataclass(frozen=True, slots=True)
class WindowVectors:
    """Every window of an index: the chunk it belongs to (id and content hash) and its
    unit-length vector, one row per window."""

    chunk_ids: tuple[str, ...]
    hashes: tuple[str, ...]
    vectors: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.chunk_ids)


def windows_path(root: Path, table: str) -> Path:
    return root / f"{PREFIX}{table}.npz"


def _recipe(embedder: str) -> str:
    return f"{WINDOWS_FORMAT}|{embedder}|{WINDOW_LINES}|{WINDOW_MIN_CHARS}"


def read_windows(root: Path, table: str, embedder: str) -> WindowVectors | None:
    """The table's windows, or ``None`` when there is no file or it is of another recipe
    or unreadable (then the search uses the chunk vectors alone)."""
    path = windows_path(root, table)
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["recipe"]) != _recipe(embedder):
                return None
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            ids = tuple(str(x) for x in data["chunk_ids"])
            hashes = tuple(str(x) for x in data["hashes"])
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError) as exc:
        log.warning("the line windows in %s cannot be read (%s): searching without them", path, exc)
        return None
    if vectors.ndim != 2 or len(vectors) != len(ids) or len(ids) != len(hashes):
        return None
    return WindowVectors(ids, hashes, vectors)


def refresh_windows(root: Path, table: str, store: Store, embedder: Embedder) -> int:
    """Write the side file for ``table`` from the store's current chunks: the windows of
    chunks already in the old file are reused by content hash, the others embedded.
    Returns how many windows were embedded; other tables' files are removed."""
    old = read_windows(root, table, embedder.id)
    reuse: dict[str, list[npt.NDArray[np.float32]]] = {}
    if old is not None:
        for h, vec in zip(old.hashes, old.vectors, strict=True):
            reuse.setdefault(h, []).append(vec)
    ids: list[str] = []
    hashes: list[str] = []
    rows: list[npt.NDArray[np.float32] | None] = []
    todo: list[str] = []
    for rec in store.records():
        texts = list(chunk_windows(rec.heading, rec.text))
        kept = reuse.get(rec.content_hash)
        for i, text in enumerate(texts):
            ids.append(rec.chunk_id)
            hashes.append(rec.content_hash)
            if kept is not None and len(kept) == len(texts):
                rows.append(kept[i])
            else:
                rows.append(None)
                todo.append(text)
    fresh = (
        unit_rows(embedder.embed_passages(todo))
        if todo
        else np.zeros((0, embedder.dim), np.float32)
    )
    it = iter(fresh)
    mat = np.stack([r if r is not None else next(it) for r in rows]) if rows else fresh
    buf = io.BytesIO()
    np.savez(
        buf,
        recipe=np.asarray(_recipe(embedder.id)),
        chunk_ids=np.asarray(ids, dtype=str),
        hashes=np.asarray(hashes, dtype=str),
        vectors=mat.astype(np.float32).reshape(len(ids), embedder.dim),
    )
    write_atomic(windows_path(root, table), buf.getvalue())
    keep = windows_path(root, table).name
    for other in root.glob(f"{PREFIX}*.npz"):
        if other.name != keep:
            other.unlink(missing_ok=True)
    return len(todo)
