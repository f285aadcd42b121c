"""Coalescing of concurrent query embeddings into batched calls.

A server answering many searches at once embeds one short query per request. Embedding
queries together costs less per query than one at a time (one pass over the weights
serves the whole batch: ~5.5-6.3 ms per query in batches of 8-4 against ~10 ms alone
here, benchmarks/search_parts.py), so concurrent requests hand their query to a queue and up to
``runners`` of the waiting threads embed what has queued, in order. A lone request is
embedded at once, with no added wait: batching only happens when requests overlap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


class _Item:
    __slots__ = ("done", "error", "event", "promoted", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text = text
        self.done = False
        self.promoted = False  # its thread holds a runner slot (from the start or handed over)
        self.event = threading.Event()  # set when done, or when promoted
        self.vector: Vector | None = None
        self.error: BaseException | None = None


class QueryBatcher:
    """Thread-safe ``embed(text)`` that batches concurrent calls to ``embed_many``.

    ``embed_many`` takes a list of texts and returns one vector per text; it is called by
    at most ``runners`` threads at a time (one per core is the useful maximum), each time
    with at most ``max_batch`` texts. An exception in ``embed_many`` is raised in every
    caller whose text was in that batch. Each caller sleeps on its own event: a finished
    batch wakes exactly its callers, and a runner that leaves hands its slot to the oldest
    queued caller (no thundering herd on a shared condition).
    """

    def __init__(
        self,
        embed_many: Callable[[list[str]], Sequence[Any] | npt.NDArray[np.float32]],
        *,
        max_batch: int = 8,
        runners: int = 2,
    ) -> None:
        if max_batch < 1 or runners < 1:
            raise ValueError("max_batch and runners must be at least 1")
        self._embed_many = embed_many
        self._max_batch = max_batch
        self._runners = runners
        self._active = 0
        self._queue: list[_Item] = []
        self._lock = threading.Lock()
        self.batches = 0  # calls made to embed_many (for tests and benchmarks)

    def embed(self, text: str) -> Vector:
        item = _Item(text)
        with self._lock:
            self._queue.append(item)
            runner = self._active < self._runners
            if runner:
                self._active += 1
                item.promoted = True
        if not runner:
            item.event.wait()
            with self._lock:
                if item.done:
                    if item.promoted:  # handed a slot, but another runner did our text
                        self._release()
                    return self._result(item)
                item.event.clear()  # this thread now holds the slot it was handed
                runner = True
        try:
            # Run batches (oldest texts first) until this thread's own text is done.
            while True:
                with self._lock:
                    if item.done:
                        break
                    batch = self._queue[: self._max_batch]
                    del self._queue[: self._max_batch]
                    if not batch:
                        # Another runner has our text: free the slot, wait for the text.
                        self._release()
                        runner = False
                if not batch:
                    item.event.wait()
                    break
                self._run(batch)
        finally:
            if runner:
                with self._lock:
                    self._release()
        return self._result(item)

    def _release(self) -> None:
        """Give up a runner slot (lock held): to the oldest queued caller without one."""
        for waiting in self._queue:
            if not waiting.promoted:
                waiting.promoted = True
                waiting.event.set()
                return
        self._active -= 1

    def _run(self, batch: list[_Item]) -> None:
        try:
            vectors = self._embed_many([it.text for it in batch])
            if len(vectors) != len(batch):
                raise RuntimeError(f"embedder returned {len(vectors)} vectors for {len(batch)}")
            for it, vec in zip(batch, vectors, strict=True):
                it.vector = np.asarray(vec, dtype=np.float32)
        except BaseException as exc:  # handed to every waiting caller, re-raised there
            for it in batch:
                it.error = exc
        with self._lock:
            self.batches += 1
            for it in batch:
                it.done = True
                it.event.set()

    @staticmethod
    def _result(item: _Item) -> Vector:
        if item.error is not None:
            raise item.error
        assert item.vector is not None
        return item.vector


__all__ = ["QueryBatcher"]
