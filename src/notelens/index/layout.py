"""The index folder: ``meta.json`` (what built it), the store's tables, ``.lock``.

Where and how the tables are kept is the store backend's business
(:class:`~notelens.store.base.StoreFactory`; LanceDB keeps them in ``lance/``). What
``doctor --repair`` or ``index --rebuild`` cannot read is moved into ``damaged/<time>/``,
never deleted.

``meta.json`` is only ever replaced by an atomic rename, so a reader sees the old or
the new file, never a torn one. It names the table that holds the current chunks; a
rebuild (new analyzer or embedder) writes a new table and switches ``meta.json`` to it
only once the table is complete.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from notelens.errors import IndexLockedError, IndexMismatchError, IndexStoreError
from notelens.fileio import write_atomic
from notelens.progress import now_iso as now_iso  # re-exported: the indexer stamps with it

#: Bump when the stored columns or their meaning change. 2: per-chunk guard ``flags``.
#: An index of an older schema is rebuilt by the next ``notelens index`` (into a new
#: table, reusing its vectors); until then searches say so (IndexMismatchError).
SCHEMA_VERSION = 2
FORMAT = "notelens-index"


def table_name_for(analyzer: str, embedder: str, chunking: str) -> str:
    """One table per build recipe: a changed recipe builds a new table beside the old."""
    key = f"{SCHEMA_VERSION}|{analyzer}|{embedder}|{chunking}"
    return "chunks_" + hashlib.sha1(key.encode()).hexdigest()[:12]


#: Suffix of a recipe's second table: ``index --rebuild`` writes into whichever of the
#: two is not current and switches ``meta.json`` to it once complete.
ALTERNATE_SUFFIX = "_b"


def recipe_tables(table: str) -> tuple[str, str]:
    """The two table names of one recipe (see :data:`ALTERNATE_SUFFIX`)."""
    return (table, table + ALTERNATE_SUFFIX)


@dataclass(frozen=True, slots=True)
class IndexMeta:
    schema_version: int
    analyzer: str
    embedder: str
    dim: int
    table: str
    chunking: str
    notelens_version: str
    created: str
    updated: str
    roots: tuple[str, ...] = field(default_factory=tuple)
    format: str = FORMAT

    def to_json(self) -> str:
        data = asdict(self)
        data["roots"] = list(self.roots)
        return json.dumps(data, ensure_ascii=False, indent=2)

    def with_update(self, **changes: Any) -> IndexMeta:
        return replace(self, updated=now_iso(), **changes)


class SharedMeta(Protocol):
    """Where a store shared by several machines keeps the index's ``meta.json`` too
    (see :class:`~notelens.store.base.MetaSharingStoreFactory`)."""

    def load(self) -> str | None: ...

    def save(self, text: str) -> None: ...


class IndexLayout:
    """Paths inside one index folder.

    ``shared``: with a store that several machines share (Postgres), ``meta.json`` is
    also kept in the server; the server's copy wins when this folder's is missing or
    differs (it is written here as a cache), and every write goes to both. So a machine
    whose index folder is elsewhere, or empty, searches the team's index.
    """

    def __init__(self, index_dir: str | Path, shared: SharedMeta | None = None) -> None:
        self.root = Path(index_dir).expanduser()
        self.shared = shared
        self.meta_path = self.root / "meta.json"
        self.lock_path = self.root / ".lock"

    def damaged_dir(self) -> Path:
        """A new folder for what a repair sets aside (``damaged/<UTC time>``)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.root / "damaged" / stamp

    def move_meta_aside(self, dest: Path) -> Path | None:
        """Move an unreadable ``meta.json`` into ``dest``; None if there is none."""
        if not self.meta_path.exists():
            return None
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / self.meta_path.name
        os.replace(self.meta_path, target)
        return target

    def exists(self) -> bool:
        return self.meta_path.is_file()

    def read_meta(self) -> IndexMeta | None:
        """The index's meta, ``None`` if there is no index here yet."""
        if self.root.exists() and not self.root.is_dir():
            raise IndexStoreError("the index path is a file, not a folder", path=str(self.root))
        remote = self.shared.load() if self.shared is not None else None
        try:
            raw = self.meta_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            if remote is None:
                raise IndexStoreError(
                    f"cannot read index metadata: {exc}", path=str(self.meta_path)
                ) from exc
            raw = None
        if remote is not None and remote != raw:
            self._write_local(remote)  # the team's copy, cached here
            raw = remote
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("not a notelens index")
            data["roots"] = tuple(data.get("roots", ()))
            return IndexMeta(**data)
        except (ValueError, TypeError) as exc:
            raise IndexMismatchError(
                f"index metadata is unreadable ({exc})",
                path=str(self.meta_path),
                hint="rebuild it with `notelens index --rebuild PATH`",
            ) from exc

    def write_meta(self, meta: IndexMeta) -> None:
        text = meta.to_json()
        self._write_local(text)
        if self.shared is not None:
            self.shared.save(text)

    def _write_local(self, text: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        # The meta names the index's version and model: it must survive a power cut
        # whole, rename included.
        write_atomic(self.meta_path, text, fsync=True, fsync_dir=True, mode=0o644)

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Exclusive writer lock; the OS drops it if the process dies, so no stale locks."""
        if self.root.exists() and not self.root.is_dir():
            raise IndexStoreError(
                "the index path is not a folder",
                path=str(self.root),
                hint="give --index a folder (new or an existing index), not a file",
            )
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise IndexLockedError(
                        "another notelens process is indexing this folder",
                        path=str(self.root),
                        hint="wait for it to finish",
                    ) from None
                raise
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            os.close(fd)


def check_compatible(meta: IndexMeta, *, analyzer: str, embedder: str, dim: int) -> None:
    """Raise :class:`IndexMismatchError` if ``meta`` was built by another recipe."""
    problems = []
    if meta.schema_version != SCHEMA_VERSION:
        problems.append(
            f"schema version {meta.schema_version} (this notelens uses {SCHEMA_VERSION})"
        )
    if meta.analyzer != analyzer:
        problems.append(f"analyzer {meta.analyzer!r} (this notelens uses {analyzer!r})")
    if meta.embedder != embedder or meta.dim != dim:
        problems.append(f"embedder {meta.embedder!r} (configured: {embedder!r})")
    if problems:
        raise IndexMismatchError(
            "the index was built differently: " + "; ".join(problems),
            hint="rebuild it with `notelens index` (it re-indexes the recorded folders)",
        )
