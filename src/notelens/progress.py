"""Progress of long runs (index, eval): the seam the CLI draws a Rich bar from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from notelens.types import FileReport


class Progress(Protocol):
    """Receives progress of an index run (the CLI draws a Rich bar from it)."""

    def start(self, total_files: int) -> None: ...

    def file_done(self, report: FileReport) -> None: ...

    def phase(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class ReadingProgress(Protocol):
    """Optional: a :class:`Progress` that also has ``reading`` is told each file as
    the run reaches it (read, parse, analyze), before its batch is written -- so a bar
    can name the current file and count from the first one on. It is called from the
    indexer's reader thread, not the calling thread: keep it thread-safe (Rich's
    Progress is)."""

    def reading(self, source: str) -> None: ...


class NullProgress:
    def start(self, total_files: int) -> None:
        pass

    def file_done(self, report: FileReport) -> None:
        pass

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


def now_iso() -> str:
    """The time stamps of runs and index metadata: UTC, seconds, ISO 8601."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
