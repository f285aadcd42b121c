"""Embedding progress per small batch (issue #21, item 2).

An index run embeds in calls of ``embed_batch_size`` texts (256: larger calls pack
better and stall less). Reporting progress once per call made the bar jump 0 -> 256;
smaller calls would cost speed. So the call stays large and tells how far it has come:

* an embedder with ``embed_passages_reporting`` (:class:`~notelens.embed.base.
  ReportingEmbedder`, the torch e5) reports texts as its packed batches finish;
* any other embedder is called in slices of :data:`FALLBACK_SLICE` texts, counted after
  each slice (the same vectors: embedding is per text).

The embed call runs on a pool thread; :meth:`EmbedCounter.steps` is read on the calling
thread, which owns the progress bar, so a ``Progress`` never sees another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures import wait as wait_futures

import numpy as np

from notelens.embed.base import Embedder, ReportingEmbedder, Vectors

#: Texts per slice for an embedder that cannot report within a call.
FALLBACK_SLICE = 32
#: How often the calling thread looks at the counter while a call runs (seconds); a
#: finished call is seen at once (the wait returns when the future completes).
POLL_S = 0.1


class EmbedCounter:
    """Texts finished by one embed call so far; written by the call's thread, read by
    the thread that draws progress."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = 0
        # Each report kept apart until read: a call that ran ahead of the bar (the
        # indexer embeds while it parses the next files) still shows its batches as
        # steps, not one jump made of all of them (how fast the machine is must not
        # decide what the bar shows).
        self._unread: list[int] = []

    def add(self, n: int) -> None:
        with self._lock:
            self._done += n
            self._unread.append(n)

    @property
    def done(self) -> int:
        with self._lock:
            return self._done

    def _take(self) -> list[int]:
        with self._lock:
            out, self._unread = self._unread, []
            return out

    def steps(self, fut: Future[Vectors], poll_s: float = POLL_S) -> Iterator[int]:
        """Yield the texts newly done, one step per report, until ``fut`` completes; the
        last step brings the count to the call's total only when the call succeeded
        (a failed call's exception is left for ``fut.result()``)."""
        while True:
            finished = bool(wait_futures([fut], timeout=poll_s).done)
            for n in self._take():
                if n > 0:
                    yield n
            if finished:
                return


def embed_counting(embedder: Embedder, texts: Sequence[str], counter: EmbedCounter) -> Vectors:
    """``embedder.embed_passages(texts)``, adding finished texts to ``counter`` as they
    finish; the count ends at ``len(texts)``."""
    if isinstance(embedder, ReportingEmbedder):
        out = embedder.embed_passages_reporting(texts, counter.add)
        # An embedder that under-reports (or reports nothing) still ends at the total.
        missing = len(texts) - counter.done
        if missing > 0:
            counter.add(missing)
        return out
    parts: list[Vectors] = []
    for i in range(0, len(texts), FALLBACK_SLICE):
        piece = texts[i : i + FALLBACK_SLICE]
        parts.append(embedder.embed_passages(piece))
        counter.add(len(piece))
    if not parts:
        return embedder.embed_passages(texts)
    return np.concatenate(parts, axis=0) if len(parts) > 1 else parts[0]
