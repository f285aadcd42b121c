"""QueryBatcher plumbing: results per caller, batching under concurrency, errors.

A stand-in embed function is used on purpose: this tests the queueing, not a model
(the real embedder goes through it in every search test).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from notelens.retrieve.batching import QueryBatcher

pytestmark = pytest.mark.unit


def _vec(text: str) -> np.ndarray:
    return np.array([len(text), sum(map(ord, text)) % 997], dtype=np.float32)


def test_single_call_is_immediate() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[np.ndarray]:
        calls.append(texts)
        return [_vec(t) for t in texts]

    b = QueryBatcher(embed)
    assert np.array_equal(b.submit("LoRA를 쓰면"), _vec("LoRA를 쓰면"))
    assert calls == [["LoRA를 쓰면"]]


def _until(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll ``check`` until it holds (a bounded wait on the batcher's own state, not a
    sleep that a slow or loaded machine can outlast)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.001)


def test_concurrent_calls_are_batched_and_each_gets_its_own_vector() -> None:
    sizes: list[int] = []
    lock = threading.Lock()

    def embed(texts: list[str]) -> list[np.ndarray]:
        with lock:
            sizes.append(len(texts))
            first = len(sizes) == 1
        if first:  # the others queue up behind the first call (however slow the machine)
            _until(lambda: len(b._queue) + len(texts) == 24, "the other callers did not queue")
        return [_vec(t) for t in texts]

    b = QueryBatcher(embed, max_batch=8, runners=1)
    texts = [f"질문 {i} query" for i in range(24)]
    with ThreadPoolExecutor(24) as pool:
        out = list(pool.map(b.submit, texts))
    for t, v in zip(texts, out, strict=True):
        assert np.array_equal(v, _vec(t))
    assert sum(sizes) == 24
    # The first call took what had queued by then; the rest went in full batches.
    assert max(sizes) == 8 and all(n == 8 for n in sizes[1:-1]), sizes
    assert b.batches == len(sizes) <= 4


class _Counting:
    """An embed function that records how many calls ran at once."""

    def __init__(self, delay: Callable[[], float], hold_first_until: int = 0) -> None:
        self.active = 0
        self.peak = 0
        self._delay = delay
        self._lock = threading.Lock()
        self._calls = 0
        # The first call waits (up to 10 s) until this many run at once, so that a test
        # of a second runner does not depend on the callers queueing within ``delay``.
        self._hold = hold_first_until
        self._reached = threading.Event()

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self._calls += 1
            first = self._calls == 1
            if self.peak >= self._hold:
                self._reached.set()
        if first:
            self._reached.wait(10)
        time.sleep(self._delay())
        with self._lock:
            self.active -= 1
        return [_vec(t) for t in texts]


def test_runners_bound_concurrency() -> None:
    embed = _Counting(lambda: 0.01)
    b = QueryBatcher(embed, max_batch=2, runners=2)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(b.submit, [str(i) for i in range(40)]))
    assert embed.peak <= 2


def test_errors_reach_every_caller_in_the_batch_and_later_calls_work() -> None:
    fail = threading.Event()
    fail.set()

    def embed(texts: list[str]) -> list[np.ndarray]:
        time.sleep(0.01)
        if fail.is_set():
            raise RuntimeError("model crashed")
        return [_vec(t) for t in texts]

    b = QueryBatcher(embed, runners=1)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(b.submit, str(i)) for i in range(6)]
        for f in futures:
            with pytest.raises(RuntimeError, match="model crashed"):
                f.result()
    fail.clear()
    assert np.array_equal(b.submit("ok"), _vec("ok"))


def test_wrong_vector_count_is_an_error() -> None:
    b = QueryBatcher(lambda texts: [])
    with pytest.raises(RuntimeError, match="0 results for 1"):
        b.submit("x")
    with pytest.raises(ValueError):
        QueryBatcher(lambda texts: [], max_batch=0)


def test_stress_no_caller_is_left_waiting() -> None:
    """Many callers with jittered timings: every call returns its own vector, none hangs."""
    import random

    rnd = random.Random(1)
    embed = _Counting(lambda: rnd.random() * 0.004)

    b = QueryBatcher(embed, max_batch=3, runners=2)

    def call(i: int) -> bool:
        time.sleep(rnd.random() * 0.003)
        return bool(np.array_equal(b.submit(f"q{i}"), _vec(f"q{i}")))

    for _ in range(5):
        with ThreadPoolExecutor(12) as pool:
            futures = [pool.submit(call, i) for i in range(120)]
            assert all(f.result(timeout=30) for f in futures)
    assert embed.peak <= 2
    assert b._active == 0 and not b._queue


def test_a_second_runner_starts_only_for_a_full_batch_backlog() -> None:
    """While one batch runs, a few arrivals wait and go together, not one by one."""
    started = threading.Event()
    release = threading.Event()
    sizes: list[int] = []
    lock = threading.Lock()

    def embed(texts: list[str]) -> list[np.ndarray]:
        with lock:
            sizes.append(len(texts))
            first = len(sizes) == 1
        if first:
            started.set()
            release.wait(10)
        return [_vec(t) for t in texts]

    b = QueryBatcher(embed, max_batch=8, runners=2)
    with ThreadPoolExecutor(4) as pool:
        head = pool.submit(b.submit, "first")
        assert started.wait(10)
        rest = [pool.submit(b.submit, f"q{i}") for i in range(3)]
        # Each caller decides under the lock, as it queues, whether it runs a batch:
        # once all three have queued, none may have started one of its own.
        _until(lambda: len(b._queue) == 3, "the three callers did not queue")
        assert sizes == [1] and b._active == 1
        release.set()
        assert np.array_equal(head.result(10), _vec("first"))
        for i, f in enumerate(rest):
            assert np.array_equal(f.result(10), _vec(f"q{i}"))
    assert sizes == [1, 3]


def test_a_full_backlog_gets_a_second_runner() -> None:
    embed = _Counting(lambda: 0.02, hold_first_until=2)
    b = QueryBatcher(embed, max_batch=4, runners=2)
    with ThreadPoolExecutor(24) as pool:
        list(pool.map(b.submit, [str(i) for i in range(96)]))
    assert embed.peak == 2


def test_announced_callers_join_the_batch_a_runner_is_about_to_start() -> None:
    sizes: list[int] = []

    def embed(texts: list[str]) -> list[np.ndarray]:
        sizes.append(len(texts))
        return [_vec(t) for t in texts]

    b = QueryBatcher(embed, max_batch=8, runners=1, max_wait_s=5.0)
    go = threading.Barrier(4)

    def late(i: int) -> np.ndarray:
        with b.expecting() as ticket:
            go.wait(10)
            time.sleep(0.02 * (i + 1))  # still on its "BM25 leg"
            return b.submit(f"late {i}", ticket)

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(late, i) for i in range(3)]
        go.wait(10)
        t0 = time.perf_counter()
        first = b.submit("now")
        waited = time.perf_counter() - t0
        assert np.array_equal(first, _vec("now"))
        for i, f in enumerate(futures):
            assert np.array_equal(f.result(10), _vec(f"late {i}"))
    assert sizes == [4]
    assert waited < 2.0  # it waited for the announced ones, not for max_wait_s


def test_a_lone_caller_and_a_withdrawn_ticket_never_wait() -> None:
    b = QueryBatcher(lambda texts: [_vec(t) for t in texts], max_wait_s=5.0)
    t0 = time.perf_counter()
    b.submit("alone")
    with b.expecting():
        pass  # e.g. the BM25 leg raised: the ticket closes on the way out
    b.submit("after a withdrawn ticket")
    assert time.perf_counter() - t0 < 1.0
    assert b._expected == 0
    with pytest.raises(ValueError):
        QueryBatcher(lambda texts: [], max_wait_s=-1)
    with pytest.raises(ValueError):
        QueryBatcher(lambda texts: [], spawn_backlog=0)


def test_a_half_batch_backlog_starts_a_second_runner_when_asked() -> None:
    embed = _Counting(lambda: 0.02, hold_first_until=2)
    b = QueryBatcher(embed, max_batch=8, runners=2, spawn_backlog=2)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(b.submit, [str(i) for i in range(36)]))
    assert embed.peak == 2
