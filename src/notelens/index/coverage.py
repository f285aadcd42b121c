"""Coverage: what the last index run (or watch sync) did with every file it met.

Each run reports every file it reached (indexed, unchanged, skipped with a reason,
failed with a reason, removed), so its report *is* the index's coverage. The indexer
writes it as ``coverage.json`` in the index folder, atomically (a temporary file renamed
over the old one), at the end of every run; ``notelens status`` summarises it per kind
(file extension) and ``status --files`` lists it. Kept beside ``meta.json`` rather than
in the store: it holds files that have no rows (skipped, failed) and must not cost the
store a schema change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from notelens.fileio import write_atomic
from notelens.types import FileReport, FileStatus

__all__ = ["COVERAGE_FILE", "Coverage", "FileLine", "read_coverage", "write_coverage"]

COVERAGE_FILE = "coverage.json"
_FORMAT = "notelens-coverage-1"


def _kind(path: str) -> str:
    suffix = PurePath(path).suffix.lower().lstrip(".")
    return suffix or "(none)"


@dataclass(frozen=True, slots=True)
class FileLine:
    """One file of the coverage: its state (``indexed``, ``skipped``, ``failed``) and why."""

    path: str
    kind: str
    state: str
    reason: str
    chunks: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "state": self.state,
            "reason": self.reason,
            "chunks": self.chunks,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """Files per kind indexed / skipped (by reason) / failed, and the last sync."""

    last_sync: str | None
    files: tuple[FileLine, ...]

    def kinds(self) -> dict[str, dict[str, Any]]:
        """``{kind: {"indexed": n, "skipped": n, "failed": n, "reasons": {reason: n}}}``."""
        out: dict[str, dict[str, Any]] = {}
        for f in self.files:
            row = out.setdefault(f.kind, {"indexed": 0, "skipped": 0, "failed": 0, "reasons": {}})
            row[f.state] += 1
            if f.state != "indexed" and f.reason:
                reasons: dict[str, int] = row["reasons"]
                reasons[f.reason] = reasons.get(f.reason, 0) + 1
        return dict(sorted(out.items()))

    def count(self, state: str) -> int:
        return sum(1 for f in self.files if f.state == state)

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_sync": self.last_sync,
            "counts": {s: self.count(s) for s in ("indexed", "skipped", "failed")},
            "kinds": self.kinds(),
            "files": [f.to_dict() for f in self.files],
        }


def _line(rep: FileReport) -> FileLine | None:
    if rep.status is FileStatus.REMOVED:
        return None
    state = {
        FileStatus.INDEXED: "indexed",
        FileStatus.UNCHANGED: "indexed",
        FileStatus.SKIPPED: "skipped",
        FileStatus.FAILED: "failed",
    }[rep.status]
    return FileLine(rep.path, _kind(rep.path), state, rep.reason, rep.chunks)


def merge(old: Coverage | None, reports: Sequence[FileReport], when: str) -> Coverage:
    """The coverage after a run: this run's files, plus, for a run over some paths only
    (a watch sync), the old lines of the files it did not reach; removed files go."""
    lines: dict[str, FileLine] = {}
    if old is not None:
        lines = {f.path: f for f in old.files}
    for rep in reports:
        line = _line(rep)
        if line is None:
            lines.pop(rep.path, None)
        else:
            lines[rep.path] = line
    return Coverage(when, tuple(sorted(lines.values(), key=lambda f: f.path)))


def write_coverage(index_dir: Path, coverage: Coverage) -> None:
    """Write ``coverage.json`` atomically (never a half-written file)."""
    data = {
        "format": _FORMAT,
        "last_sync": coverage.last_sync,
        "files": [[f.path, f.kind, f.state, f.reason, f.chunks] for f in coverage.files],
    }
    write_atomic(index_dir / COVERAGE_FILE, json.dumps(data, ensure_ascii=False))


def read_coverage(index_dir: Path) -> Coverage | None:
    """The last written coverage; ``None`` when there is none or it cannot be read (it
    is a report, rebuilt by the next run, never a reason to fail)."""
    try:
        data = json.loads((index_dir / COVERAGE_FILE).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return None
        # Rows, not objects: a 5,000-note folder's file is rewritten on every watch sync.
        files = tuple(
            FileLine(str(path), str(kind), str(state), str(reason), int(chunks))
            for path, kind, state, reason, chunks in data["files"]
        )
        return Coverage(data.get("last_sync"), files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
