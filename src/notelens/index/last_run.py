"""``last_run.json`` in the index folder: what the latest index run did, for
``notelens status`` (issue #21: "status lists the indexed folders and the last run").

Written by the indexer under the write lock, replaced atomically; a missing or
unreadable file is "no run recorded" (indexes built before this file existed).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from notelens.contracts import LastRunJSON
from notelens.fileio import write_atomic
from notelens.progress import now_iso
from notelens.types import FileReport, FileStatus

FILE = "last_run.json"


def summary(
    reports: Sequence[FileReport], embedded: int, reused: int, seconds: float
) -> LastRunJSON:
    counts = {s.value: 0 for s in FileStatus}
    for r in reports:
        counts[r.status.value] += 1
    return {
        "finished": now_iso(),
        "seconds": round(seconds, 1),
        "files": counts,
        "chunks_embedded": embedded,
        "chunks_reused": reused,
        "warnings": sum(1 for r in reports if r.warnings),
    }


def write(index_dir: Path, run: LastRunJSON) -> None:
    write_atomic(index_dir / FILE, json.dumps(run, ensure_ascii=False), mode=0o644)


def read(index_dir: Path) -> LastRunJSON | None:
    try:
        raw = json.loads((index_dir / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = ("finished", "seconds", "files", "chunks_embedded", "chunks_reused", "warnings")
    if not isinstance(raw, dict) or any(k not in raw for k in keys):
        return None
    run: LastRunJSON = {
        "finished": str(raw["finished"]),
        "seconds": float(raw["seconds"]),
        "files": {str(k): int(v) for k, v in dict(raw["files"]).items()},
        "chunks_embedded": int(raw["chunks_embedded"]),
        "chunks_reused": int(raw["chunks_reused"]),
        "warnings": int(raw["warnings"]),
    }
    return run
