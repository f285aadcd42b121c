"""Coalescing of concurrent per-query work (query embedding, dense scan) into batched calls.

A server answering many searches at once embeds one short query per request and scans
the vectors once per query. Both cost less per query in batches: one pass over the model
weights serves the whole batch (~5.5-6.3 ms per query in batches of 8-4 against ~10 ms
alone here), and one pass over the index vectors scores every query of the batch
(benchmarks/search_parts.py). So concurrent requests hand their item to a queue and up to
``runners`` of the waiting threads run what has queued, in order. A lone request runs at
once, with no added wait: batching only happens when requests overlap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class _Item(Generic[T, R]):
    __slots__ = ("done", "error", "event", "promoted", "result", "value")

    def __init__(self, value: T) -> None:
        self.value = value
        self.done = False
        self.promoted = False  # its thread holds a runner slot (from the start or handed over)
        self.event = threading.Event()  # set when done, or when promoted
        self.result: R | None = None
        self.error: BaseException | None = None


class Ticket:
    """A caller's announcement that it will submit soon (see :meth:`QueryBatcher.expecting`)."""

    __slots__ = ("open",)

    def __init__(self) -> None:
        self.open = True


class QueryBatcher(Generic[T, R]):
    """Thread-safe ``submit(item)`` that batches concurrent calls to ``run_many``.

    ``run_many`` takes a list of items and returns one result per item, in order; it is
    called by at most ``runners`` threads at a time (one per core is the useful maximum),
    each time with at most ``max_batch`` items. Runners beyond the first start only when
    ``spawn_backlog`` items (default: a full batch) are waiting. An exception in
    ``run_many`` is raised in every caller whose item was in that batch. Each caller
    sleeps on its own event: a finished batch wakes exactly its callers, and a runner
    that leaves hands its slot to the oldest queued caller (no thundering herd on a
    shared condition).

    With ``max_wait_s`` > 0, a runner about to start a batch that is not full waits up to
    that long for more: while callers that said they will submit shortly (with
    :meth:`expecting`, e.g. a search still on its BM25 leg) have not yet, or while the
    batch is smaller than recent ones (see :meth:`_await_more`). A lone request after
    idle time never waits. Full batches cost the least per query.
    """

    def __init__(
        self,
        run_many: Callable[[list[T]], Sequence[R]],
        *,
        max_batch: int = 8,
        runners: int = 2,
        max_wait_s: float = 0.0,
        spawn_backlog: int | None = None,
    ) -> None:
        if max_batch < 1 or runners < 1:
            raise ValueError("max_batch and runners must be at least 1")
        if max_wait_s < 0:
            raise ValueError("max_wait_s must be >= 0")
        if spawn_backlog is not None and spawn_backlog < 1:
            raise ValueError("spawn_backlog must be at least 1")
        self._run_many = run_many
        self._max_batch = max_batch
        self._spawn_at = spawn_backlog or max_batch
        self._runners = runners
        self._active = 0
        self._queue: list[_Item[T, R]] = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)  # an item queued or a ticket closed
        self._max_wait = max_wait_s
        self._expected = 0  # open tickets
        # Moving average of a batch's size plus what queued while it ran: about how
        # many callers are active at once (the batch just run and the next one).
        self._avg_load = 1.0
        self.batches = 0  # calls made to run_many (for tests and benchmarks)

    @contextmanager
    def expecting(self) -> Iterator[Ticket]:
        """Announce a :meth:`submit` to come; pass the ticket to it. Closed on exit."""
        ticket = Ticket()
        with self._lock:
            self._expected += 1
        try:
            yield ticket
        finally:
            with self._lock:
                self._close(ticket)

    def _close(self, ticket: Ticket | None) -> None:
        if ticket is not None and ticket.open:
            ticket.open = False
            self._expected -= 1
            self._arrived.notify_all()

    def submit(self, value: T, ticket: Ticket | None = None) -> R:
        item: _Item[T, R] = _Item(value)
        with self._lock:
            self._close(ticket)
            self._queue.append(item)
            self._arrived.notify_all()
            # Another runner only for a backlog of ``spawn_backlog`` items: while one
            # runner is busy, a free one would take each arrival alone, and batches of
            # one cost the most per query (~10 ms against ~5.5 in batches of 8 here,
            # benchmarks/search_parts.py).
            runner = self._active == 0 or (
                self._active < self._runners and len(self._queue) >= self._spawn_at
            )
            if runner:
                self._active += 1
                item.promoted = True
        if not runner:
            item.event.wait()
            with self._lock:
                if item.done:
                    if item.promoted:  # handed a slot, but another runner did our item
                        self._release()
                    return self._result(item)
                item.event.clear()  # this thread now holds the slot it was handed
                runner = True
        try:
            # Run batches (oldest items first) until this thread's own item is done.
            while True:
                with self._lock:
                    if item.done:
                        break
                    self._await_more()
                    batch = self._queue[: self._max_batch]
                    del self._queue[: self._max_batch]
                    if not batch:
                        # Another runner has our item: free the slot, wait for it.
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

    def _await_more(self) -> None:
        """(Lock held.) Let a batch that is not yet full wait a moment for more items.

        It waits while announced items are on their way, or while it holds fewer items
        than there are active callers (the recent batch size plus what queued during
        it): under concurrent load the callers of the batch that just finished are one
        response/request round trip away, and without the wait the load splits into
        alternating small batches for good (3 and 5, or 4 and 4, at 8 HTTP clients).
        A lone caller after idle time never waits (the average is then about one).
        """
        if self._max_wait <= 0:
            return
        typical = min(self._max_batch, int(self._avg_load + 0.5))
        deadline = time.monotonic() + self._max_wait
        while True:
            queued = len(self._queue)
            if queued >= self._max_batch:
                return
            if self._expected == 0 and not (typical >= 2 and queued < typical):
                return
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._arrived.wait(left)

    def _release(self) -> None:
        """Give up a runner slot (lock held): to the oldest queued caller without one."""
        for waiting in self._queue:
            if not waiting.promoted:
                waiting.promoted = True
                waiting.event.set()
                return
        self._active -= 1

    def _run(self, batch: list[_Item[T, R]]) -> None:
        try:
            results = self._run_many([it.value for it in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"batch call returned {len(results)} results for {len(batch)}")
            for it, res in zip(batch, results, strict=True):
                it.result = res
        except BaseException as exc:  # handed to every waiting caller, re-raised there
            for it in batch:
                it.error = exc
        with self._lock:
            self.batches += 1
            self._avg_load = 0.8 * self._avg_load + 0.2 * (len(batch) + len(self._queue))
            for it in batch:
                it.done = True
                it.event.set()

    @staticmethod
    def _result(item: _Item[T, R]) -> R:
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[return-value]  # set by _run when no error


__all__ = ["QueryBatcher", "Ticket"]
