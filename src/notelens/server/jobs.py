"""``POST /index``: one index run at a time, in a background thread.

Searches keep answering during a run: the indexer commits in batches to LanceDB, whose
readers see a consistent table version; the engine's open store rebuilds its search
snapshots in the background after each commit and is caught up by ``Store.refresh`` on
the run's thread at its end. A second ``POST /index`` while one runs gets 409.

The run's thread lowers its own scheduling priority (Linux: ``nice`` 10 and the
``SCHED_IDLE`` policy, both per thread), and the embedder runs work asked for by a
lowered thread on a worker pool of the same low priority (threads inherit both), so an
index run takes the cores searches leave idle instead of competing with them. A server
saturated by searches therefore advances its index run only slowly; readers come first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from notelens.errors import NotelensError
from notelens.progress import now_iso
from notelens.types import IndexReport

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10


def lower_thread_priority(nice: int = BACKGROUND_NICE) -> bool:
    """Raise the calling thread's nice value to at least ``nice`` and move it to the
    ``SCHED_IDLE`` policy where allowed; False where unsupported.

    On Linux ``setpriority(PRIO_PROCESS, tid)`` and ``sched_setscheduler(tid)`` affect one
    thread only. ``SCHED_IDLE`` runs the thread only on a core no normal thread wants;
    beside 8 search clients it kept their p99 lower than nice 10 alone in each of two
    A/B pairs (load_bench.py, docs/benchmarks.md: 123-128 vs 150-206 ms, and after
    later changes 149-192 vs 164-211 ms). A thread cannot raise its priority back
    without privileges, so only use this on a thread that ends with the work.
    """
    # Elsewhere PRIO_PROCESS with a thread id would name a process, not this thread.
    if not sys.platform.startswith("linux"):
        return False
    try:
        tid = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, tid) < nice:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
    except OSError:
        return False
    # Some sandboxes forbid the policy change; nice alone still applies then.
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
    return True


JobState = Literal["running", "done", "failed"]


@dataclass
class Job:
    id: int
    rebuild: bool
    folders: list[str]
    started: str = field(default_factory=now_iso)
    state: JobState = "running"
    finished: str | None = None
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "rebuild": self.rebuild,
            "folders": list(self.folders),
            "started": self.started,
            "finished": self.finished,
            "report": self.report,
            "error": self.error,
        }


class IndexBusyError(Exception):
    """An index run is already going in this server."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"index run {job.id} is still running")
        self.job = job


IndexFn = Callable[[Sequence[Path], bool], IndexReport]


class IndexRunner:
    """Starts index runs in a daemon thread; remembers the current or last one."""

    def __init__(self, index: IndexFn, error_body: Callable[[NotelensError], dict[str, Any]]):
        self._index = index
        self._error_body = error_body
        self._lock = threading.Lock()  # held for the whole run: the "one at a time" rule
        self._state = threading.Lock()  # guards _job / _next_id
        self._job: Job | None = None
        self._next_id = 1
        self._thread: threading.Thread | None = None

    @property
    def job(self) -> Job | None:
        with self._state:
            return self._job

    def start(self, folders: Sequence[Path], *, rebuild: bool = False) -> Job:
        """Start a run now, or raise :class:`IndexBusyError` if one is going."""
        if not self._lock.acquire(blocking=False):
            current = self.job
            assert current is not None
            raise IndexBusyError(current)
        try:
            with self._state:
                job = Job(self._next_id, rebuild, [str(f) for f in folders])
                self._next_id += 1
                self._job = job
            thread = threading.Thread(
                target=self._run, args=(job, list(folders)), name=f"nl-index-{job.id}", daemon=True
            )
            self._thread = thread
            thread.start()
        except BaseException:
            self._lock.release()
            raise
        return job

    def wait(self, timeout: float | None = None) -> Job | None:
        """Block until the current run ends (tests, shutdown); returns it."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.job

    def _run(self, job: Job, folders: list[Path]) -> None:
        lower_thread_priority()
        try:
            report = self._index(folders, job.rebuild)
            with self._state:
                job.report = report.to_dict()
                job.state = "done" if report.ok else "failed"
        except NotelensError as exc:
            with self._state:
                job.error = self._error_body(exc)["error"]
                job.state = "failed"
        except Exception as exc:  # a bug; keep the server up and say so in the job
            log.exception("index run %d failed", job.id)
            with self._state:
                job.error = {
                    "type": type(exc).__name__,
                    "stage": "index",
                    "message": f"unexpected error: {exc}",
                    "hint": None,
                    "status": 500,
                }
                job.state = "failed"
        finally:
            with self._state:
                job.finished = now_iso()
            self._lock.release()
