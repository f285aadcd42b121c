"""Progress of long runs (index, eval): the seam the CLI draws a Rich bar from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from notelens.types import FileReport


class Progress(Protocol):
    """Receives progress of an index run (the CLI draws a Rich bar from it)."""

    def start(self, total_files: int) -> None: ...

    def reading(self, source: str) -> None:
        """The run starts on this file (read, parse, analyze): the bar names it and
        counts it, so the count moves from the first file on."""
        ...

    def file_done(self, report: FileReport) -> None: ...

    def phase(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class NullProgress:
    def start(self, total_files: int) -> None:
        pass

    def reading(self, source: str) -> None:
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
