"""Where a table version holds the rows its searches just found (LanceDB ``_rowid``s).

Why: past the ANN threshold, fetching a search's hits by ``chunk_id IN (...)`` probes the
B-tree and then reads the rows; the legs (LanceDB's vector and full-text searches) already
know each candidate's row id, so the fetch can ``take`` the rows directly instead
(docs/benchmarks.md, "The hit fetch at 1M, sixth round"). A row id is only valid for the
table version it was read at (compaction moves rows), so the memo is keyed by version and
forgets everything when the version changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

#: Row ids remembered per version before the memo starts over: a search's legs add ~200
#: (two legs of the fusion pool), so this holds the last few dozen searches' candidates.
MAX_REMEMBERED = 20_000


class RowIdMemo:
    """``chunk_id -> _rowid`` of the rows the legs returned at one table version."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._version = -1
        self._ids: dict[str, int] = {}

    def remember(self, version: int, found: Iterable[tuple[str, int]]) -> None:
        with self._lock:
            if version != self._version or len(self._ids) >= self._limit:
                self._version, self._ids = version, {}
            self._ids.update(found)

    def known(self, version: int, chunk_ids: Sequence[str]) -> dict[str, int]:
        """The row ids of those of ``chunk_ids`` seen at ``version`` (none at another)."""
        with self._lock:
            if version != self._version:
                return {}
            return {c: self._ids[c] for c in chunk_ids if c in self._ids}

    def forget(self) -> None:
        with self._lock:
            self._version, self._ids = -1, {}
