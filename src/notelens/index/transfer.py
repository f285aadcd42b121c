"""Move an index between store backends without re-embedding.

``notelens index --from-index DIR`` (``Engine.import_index``): the rows and vectors of the
index in ``DIR`` (read with its own backend, LanceDB by default) are written into this
engine's backend under the same table name, file by file, each file in one
``replace_sources`` (so a killed copy leaves each file old or new, and running it again
finishes it); files the target holds that the source does not are deleted; then the
target's ``meta.json`` is written with the source's recipe, so the next ``notelens
index`` sees every file unchanged. Both the folder lock and a shared backend's writer
lock are held throughout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from notelens.errors import ConfigError, IndexNotFoundError
from notelens.index.layout import IndexLayout
from notelens.store.base import ChunkRecord, LockingStoreFactory, Store, StoreFactory, StoreMeta

#: Rows read (with their vectors) per round trip to the source.
BATCH_ROWS = 2000


@dataclass(frozen=True, slots=True)
class CopyReport:
    table: str
    files: int
    rows: int
    deleted_files: int


def _files(rows: list[ChunkRecord]) -> Iterator[list[ChunkRecord]]:
    """Rows grouped by source, in the order ``records`` gives (source, ordinal)."""
    group: list[ChunkRecord] = []
    for r in rows:
        if group and group[-1].source != r.source:
            yield group
            group = []
        group.append(r)
    if group:
        yield group


def copy_index(
    source_dir: Path,
    source_stores: StoreFactory,
    target_dir: Path,
    target_stores: StoreFactory,
) -> CopyReport:
    """Copy the index in ``source_dir`` into ``target_dir`` (see the module docstring)."""
    source_layout = IndexLayout(source_dir, shared=StoreMeta(lambda: source_stores, source_dir))
    target_layout = IndexLayout(target_dir, shared=StoreMeta(lambda: target_stores, target_dir))
    if source_layout.root.resolve() == target_layout.root.resolve() and (
        source_stores.name == target_stores.name
    ):
        raise ConfigError("--from-index names the index being written")
    meta = source_layout.read_meta()
    if meta is None:
        raise IndexNotFoundError(
            "no index to copy from", path=str(source_dir), hint="give the folder of an index"
        )
    source = source_stores.open(source_dir, meta.table, dim=meta.dim, create=False)
    with ExitStack() as locks:
        locks.enter_context(target_layout.write_lock())
        if isinstance(target_stores, LockingStoreFactory):
            locks.enter_context(target_stores.writer_lock(target_layout.root))
        target = target_stores.open(target_dir, meta.table, dim=meta.dim)
        files, rows = _copy_rows(source, target)
        stale = sorted(set(target.file_states()) - files)
        if stale:
            target.delete_sources(stale)
        target.optimize()
        target_stores.drop_others(target_layout.root, keep=meta.table)
        target_layout.write_meta(meta.with_update())
    return CopyReport(meta.table, len(files), rows, len(stale))


def _copy_rows(source: Store, target: Store) -> tuple[set[str], int]:
    files: set[str] = set()
    rows = 0
    batch: list[list[ChunkRecord]] = []

    def flush() -> None:
        ids = [r.chunk_id for group in batch for r in group]
        full = {r.chunk_id: r for r in source.get(ids, with_vectors=True)}
        for group in batch:
            target.replace_sources([group[0].source], [full[r.chunk_id] for r in group])
        batch.clear()

    for group in _files(source.records()):
        files.add(group[0].source)
        rows += len(group)
        batch.append(group)
        if sum(len(g) for g in batch) >= BATCH_ROWS:
            flush()
    flush()
    return files, rows


__all__ = ["BATCH_ROWS", "CopyReport", "copy_index"]
