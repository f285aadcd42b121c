"""Folder watch: keep an index in sync with its note folders as files change.

OS file events come from ``watchfiles`` (inotify, FSEvents, ReadDirectoryChangesW
through the Rust ``notify`` crate), debounced: a burst of events (an editor's save, a
``git pull``) becomes one batch. Each batch goes through the ordinary incremental index
run, restricted to the changed paths (``Indexer.run(only=...)``): the same write lock,
the same crash-safe commits, vectors reused by text hash (a renamed or moved note is
not re-embedded), the same ignore rules (hidden tool folders, ``.notelensignore``).

Editors' scratch files never start a sync: swap and backup files (``.x.swp``, ``x~``,
``.#x``, vim's ``4913`` probe, ``*.tmp``, partial downloads). A file still being written
is waited for: its size and mtime must hold still for ``settle_s`` before it is read.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelens.errors import ConfigError, IndexLockedError, NotelensError
from notelens.ingest.walker import IGNORE_FILE
from notelens.progress import now_iso
from notelens.types import FileStatus, IndexReport

__all__ = ["SyncResult", "WatchOptions", "is_scratch", "watch_folders"]

log = logging.getLogger("notelens.watch")

_SCRATCH_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".temp", ".part", ".crdownload", ".bak")
_SCRATCH_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})


def is_scratch(path: str | Path) -> bool:
    """An editor's or a tool's temporary file, never a note."""
    name = os.path.basename(str(path))
    return (
        name in _SCRATCH_NAMES
        or name.endswith("~")
        or name.startswith(".#")
        or name.lower().endswith(_SCRATCH_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))  # emacs auto-save
    )


def _hidden(path: str, roots: Sequence[str]) -> bool:
    """Inside a hidden folder (``.obsidian``, ``.trash``, ``.git``) below a root, or hidden."""
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            rel = path[len(root) :].strip(os.sep)
            return any(part.startswith(".") for part in rel.split(os.sep) if part)
    return os.path.basename(path).startswith(".")


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """``debounce_ms``: quiet time that ends a burst of events; ``settle_s``: how long a
    file's size and mtime must hold still before it is read (partial writes);
    ``max_settle_s``: a file still changing after this is read anyway (the next event
    syncs it again)."""

    debounce_ms: int = 300
    settle_s: float = 0.15
    max_settle_s: float = 5.0
    lock_retry_s: float = 1.0
    lock_retries: int = 30


@dataclass(frozen=True, slots=True)
class SyncResult:
    """One sync: when it ended, the paths it was given and what it did."""

    finished: str
    paths: tuple[str, ...]
    seconds: float
    report: IndexReport | None = None
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def settle(paths: Iterable[str], opts: WatchOptions, stop: threading.Event | None = None) -> None:
    """Wait until no existing path in ``paths`` changes size or mtime for
    ``opts.settle_s`` (at most ``opts.max_settle_s``): a file being written is read
    whole, not half."""
    files = [p for p in paths if os.path.isfile(p)]
    if not files:
        return
    deadline = time.monotonic() + opts.max_settle_s
    last = {p: _stamp(p) for p in files}
    wait = stop or threading.Event()
    while time.monotonic() < deadline:
        if wait.wait(opts.settle_s):
            return
        now = {p: _stamp(p) for p in files}
        if now == last:
            return
        last = now


def _sync_once(
    sync: Callable[[list[str]], IndexReport],
    paths: list[str],
    opts: WatchOptions,
    stop: threading.Event,
) -> SyncResult:
    t0 = time.perf_counter()
    for attempt in range(opts.lock_retries + 1):
        try:
            report = sync(paths)
        except IndexLockedError as exc:
            # Another run (a manual `notelens index`) holds the index: try again soon.
            if attempt == opts.lock_retries or stop.wait(opts.lock_retry_s):
                return SyncResult(now_iso(), tuple(paths), time.perf_counter() - t0, error=str(exc))
            continue
        except NotelensError as exc:
            return SyncResult(now_iso(), tuple(paths), time.perf_counter() - t0, error=str(exc))
        except Exception as exc:  # a long-running watch must outlive one bad sync
            log.exception("sync of %d paths failed", len(paths))
            error = f"unexpected {type(exc).__name__}: {exc}"
            return SyncResult(now_iso(), tuple(paths), time.perf_counter() - t0, error=error)
        counts = {s.value: report.count(s) for s in FileStatus if report.count(s)}
        return SyncResult(
            now_iso(), tuple(paths), time.perf_counter() - t0, report=report, counts=counts
        )
    raise AssertionError("unreachable")  # pragma: no cover


def watch_folders(
    roots: Sequence[str | Path],
    sync: Callable[[list[str]], IndexReport],
    *,
    options: WatchOptions | None = None,
    stop: threading.Event | None = None,
    on_sync: Callable[[SyncResult], None] | None = None,
    ready: threading.Event | None = None,
    exclude: Sequence[str | Path] = (),
) -> None:
    """Watch ``roots`` until ``stop`` is set, calling ``sync(changed_paths)`` per batch.

    ``ready`` is set once the OS watches are in place (tests and ``serve --watch`` wait
    for it); ``exclude``: folders whose events are ignored (the index folder, when it
    lies inside a note folder). Errors of one sync are reported through ``on_sync`` and
    the watch goes on.
    """
    try:
        import watchfiles
    except ImportError as exc:  # pragma: no cover - an optional extra
        raise ConfigError(
            "folder watch needs the watchfiles package",
            hint="pip install 'notelens[watch]'",
        ) from exc
    opts = options or WatchOptions()
    stop = stop or threading.Event()
    real_roots = [str(Path(r).expanduser().resolve()) for r in roots]
    missing = [r for r in real_roots if not os.path.isdir(r)]
    if missing:
        raise ConfigError(f"cannot watch {missing[0]}: not a folder", path=missing[0])
    skip = [str(Path(p).expanduser().resolve()) for p in exclude]

    def keep(change: Any, path: str) -> bool:
        if os.path.basename(path) == IGNORE_FILE:
            return True  # hidden, but it changes what is indexed: a whole pass
        if is_scratch(path) or _hidden(path, real_roots):
            return False
        return not any(path == s or path.startswith(s.rstrip(os.sep) + os.sep) for s in skip)

    class _Filter(watchfiles.DefaultFilter):
        """watchfiles' own ignores (``.git``, ``node_modules``, ...) and ours."""

        def __call__(self, change: Any, path: str) -> bool:
            return bool(super().__call__(change, path)) and keep(change, path)

    batches = watchfiles.watch(
        *real_roots,
        watch_filter=_Filter(),
        debounce=opts.debounce_ms,
        step=50,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=200,
        raise_interrupt=False,
    )
    for changes in batches:
        if ready is not None and not ready.is_set():
            # The first (timeout) yield comes after the watches were registered.
            ready.set()
        if stop.is_set():
            break
        if not changes:
            continue
        found = {path for _, path in changes}
        if any(not os.path.exists(p) for p in found):
            # A deletion may be half of a move whose other half comes in the next batch:
            # take that one too (at most one more quiet period), so the moved note's
            # vectors are still in the store when it is indexed under its new path.
            found |= {path for _, path in next(batches, set())}
        paths = sorted(found)
        settle(paths, opts, stop)
        if stop.is_set():
            break
        result = _sync_once(sync, paths, opts, stop)
        if result.error:
            log.warning("sync of %d paths failed: %s", len(paths), result.error)
        if on_sync is not None:
            on_sync(result)
