"""Replacing a file atomically (the index meta, the last run, coverage, the entry ledger,
conversation sessions, the weights cache): readers see the old file or the new one,
never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

#: What to write: text (UTF-8), bytes, or a function that writes into the open file
#: (for large payloads such as ``np.savez`` that should not be copied into memory).
Payload = str | bytes | Callable[[BinaryIO], None]


def write_atomic(
    path: Path,
    data: Payload,
    *,
    fsync: bool = False,
    fsync_dir: bool = False,
    mode: int = 0o600,
) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``;
    on any failure the temporary file is removed and ``path`` is untouched. ``mode``:
    the file's permissions (0600 by default: side files may hold note text; the index
    meta, which other readers of a shared index folder need, passes 0644).
    ``fsync``: flush it to disk before the rename, for files whose loss after a power
    cut matters more than the write's cost; ``fsync_dir``: also flush the folder after
    the rename, so the rename itself survives a power cut (the index meta)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if fsync_dir:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Some filesystems refuse to open or fsync a folder; the rename is then as durable
    # as the platform makes it, which is no worse than before.
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
