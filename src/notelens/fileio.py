"""Replacing a small side file of the index atomically (coverage, the entry ledger,
conversation sessions): readers see the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, fsync: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path`` (mode 0600), then rename it over
    ``path``; on any failure the temporary file is removed and ``path`` is untouched.
    ``fsync``: flush it to disk before the rename, for files whose loss after a power
    cut matters more than the write's cost."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
