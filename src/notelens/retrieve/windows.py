"""The dense leg with each long chunk scored by its best window (issues #15, #22).

The windows and why they exist: :mod:`notelens.index.windows`. Here a chunk's dense
score becomes the higher of its own cosine and its best window's, so one bullet of a
dozen can carry its chunk into the leg as if it were a chunk of its own
(``benchmarks/window_probe.py``: realq3's gold@1 0.676 -> 0.718, its cross-language rows
0.487 -> 0.564; top 1 rises on every notes set). The answers did not follow, so
``DenseConfig.windows`` is off by default (docs/benchmarks.md, twenty-second round).
A chunk that has no windows (a short one) keeps its own score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from notelens.index.windows import WindowVectors
from notelens.store.base import Scored


class WindowScorer:
    """Scores one query vector against every window of an index, once per search."""

    def __init__(self, windows: WindowVectors) -> None:
        self.windows = windows
        self._owner_ids = list(dict.fromkeys(windows.chunk_ids))
        self._index = {c: i for i, c in enumerate(self._owner_ids)}
        owner = np.asarray([self._index[c] for c in windows.chunk_ids], dtype=np.int64)
        # Windows grouped by chunk, so that a chunk's best is one reduceat segment
        # (np.maximum.at is ~50x slower: 45 ms a search at 30k windows).
        order = np.argsort(owner, kind="stable")
        self._vectors = np.ascontiguousarray(windows.vectors[order], dtype=np.float32)
        self._starts = np.flatnonzero(np.r_[True, np.diff(owner[order]) != 0])

    def best(
        self, query: npt.NDArray[np.float32], n: int, among: Sequence[str] = ()
    ) -> dict[str, float]:
        """The best window cosine with ``query`` (made unit length) of the ``n`` windowed
        chunks whose best window ranks highest, and of the chunks ``among`` that have
        windows: all that :func:`best_window_leg` can use for a leg of ``n``. A few
        hundred numbers per search instead of one per windowed chunk."""
        q = np.asarray(query, dtype=np.float32).ravel()
        norm = float(np.linalg.norm(q))
        if norm > 0:
            q = q / norm
        best = np.maximum.reduceat(self._vectors @ q, self._starts)
        top = np.argpartition(-best, n - 1)[:n] if 0 < n < len(best) else range(len(best))
        out = {self._owner_ids[i]: float(best[i]) for i in top}
        for chunk_id in among:
            i = self._index.get(chunk_id)
            if i is not None:
                out[chunk_id] = float(best[i])
        return out


def best_window_leg(
    leg: Sequence[Scored], best: dict[str, float], n: int, *, admit_new: bool
) -> list[Scored]:
    """``leg`` (the store's dense top ``n``, cosines) with each chunk scored by
    ``max(own cosine, best window cosine)``, best first, ``n`` at most.

    ``admit_new``: chunks outside ``leg`` whose best window beats its ``n``-th score enter
    it (the unfiltered search: every window is a candidate). Under a filter the store
    alone knows which chunks pass it, so only the leg's own chunks are rescored. The
    merge is exact: a chunk outside the store's top ``n`` has its own cosine below the
    ``n``-th, so its window score is the only one that can place it."""
    scores = {s.chunk_id: s.score for s in leg}
    for chunk_id, score in scores.items():
        window = best.get(chunk_id)
        if window is not None and window > score:
            scores[chunk_id] = window
    if admit_new:
        for chunk_id, window in best.items():
            if chunk_id not in scores:
                scores[chunk_id] = window
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:n]
    return [Scored(c, s) for c, s in ranked]
