"""Incremental, crash-safe indexing of note folders.

The run, in order:

1. discover files under the given roots (walker reports missing paths, loops, oversize);
2. hash each file; unchanged hashes are skipped;
3. load, chunk and analyze changed files; embed only chunks whose text is not already
   in the store (the embedding cache is the store itself, keyed by text hash);
4. commit in batches of whole files (``Store.replace_sources`` is atomic per call), so a
   killed run keeps every finished batch and loses at most the batch in flight;
5. delete the rows of files that no longer exist under a root that does;
6. fold new rows into the secondary indexes and record the run in ``meta.json``.

A recipe change (analyzer, embedder, chunking or schema) builds a new table beside the
old one and switches ``meta.json`` to it only when it is complete; until then searches
keep using the old table and a killed rebuild resumes where it stopped. ``--rebuild``
does the same into the recipe's other table (:func:`~notelens.index.layout.recipe_tables`)
so that nothing of a damaged table is carried over: an unreadable ``meta.json`` or table
is moved into ``damaged/``, and only sound vectors (finite, unit norm) are reused.

Steps 3 and 4 run as a pipeline (:meth:`Indexer._process`): a producer thread reads,
parses, guards and analyzes the next files while the embedder works on the batch before,
and one batch is written while the next one embeds. Batches are still committed one at a
time in file order, so a killed run loses at most the two batches in flight. Because the
steps overlap, the ``Timings`` of a run add up to more than its wall time: ``parse``,
``guard`` and ``analyze`` are the producer's time in each step (its waits for the CPU and
the GIL included), ``embed`` is the wall time during which at least one embed call was
running (tokenizing included), ``store`` the lookups, writes and final optimize.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from notelens._version import __version__
from notelens.analysis.base import Analyzer
from notelens.config import Settings
from notelens.embed.base import Embedder, Vectors
from notelens.errors import (
    ConfigError,
    IndexMismatchError,
    IndexStoreError,
    IngestError,
    UnsupportedFileError,
)
from notelens.index import file_warnings, last_run
from notelens.index.embed_progress import EmbedCounter, embed_counting
from notelens.index.layout import (
    SCHEMA_VERSION,
    IndexLayout,
    IndexMeta,
    now_iso,
    recipe_tables,
    table_name_for,
)
from notelens.index.windows import refresh_windows, windows_path
from notelens.paths import chunk_key_bytes, source_key, source_path
from notelens.progress import NullProgress, Progress
from notelens.store.base import (
    ChunkRecord,
    FileState,
    LockingStoreFactory,
    Store,
    StoreFactory,
    StoreMeta,
)
from notelens.store.resident import sound_vector
from notelens.types import Chunk, FileReport, FileStatus, IndexReport, Timings

if TYPE_CHECKING:
    from notelens.guard.pipeline import GuardPipeline
    from notelens.ingest.walker import Candidate

log = logging.getLogger("notelens.index")

#: Called at the end of a run, under its write lock, with the index folder, the store
#: and the run's file reports: side files derived from the rows (the entry ledger of
#: ``notelens digest``) are written in the same run. Its errors are logged, not raised.
RunHook = Callable[[Path, Store, Sequence[FileReport]], None]


def embed_input(chunk: Chunk) -> str:
    """The text that is embedded and BM25-indexed: the chunk under its heading path.

    The heading gives short entries (a one-line link, a table row) the context they
    lack on their own; the title is used when a chunk sits above every heading.
    """
    context = chunk.heading or chunk.title
    return f"{context}\n{chunk.text}" if context and context not in chunk.text[:200] else chunk.text


def _under(path: str, root: str) -> bool:
    """True if ``path`` is ``root`` or lies inside it (both absolute, resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _touched(source: str, changed: set[str]) -> bool:
    """``source`` is a changed path or lies in a changed folder (a folder renamed or
    deleted as a whole sends one event for the folder). String tests: this runs once per
    file of the folders on every watch sync."""
    return source in changed or any(_under(source, c) for c in changed)


def chunk_id_for(source: str, chunk: Chunk) -> str:
    # The name's own bytes: a name that is not UTF-8 must not stop the run (notelens.paths).
    key = chunk_key_bytes(source) + f"\x00{chunk.ordinal}\x00{chunk.content_hash}".encode()
    return hashlib.sha1(key).hexdigest()[:20]


def sha256_hex(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def chunking_key(settings: Settings) -> str:
    from notelens.ingest.chunking import CHUNKER_VERSION

    key = "c" + "-".join(str(v) for v in astuple(settings.chunking))
    # Version 1 chunkers left no mark, so indexes built by them keep their table names.
    return key if CHUNKER_VERSION == 1 else f"{key}-v{CHUNKER_VERSION}"


def guard_key(settings: Settings) -> str:
    """Part of the table name: another guard version or ingest policy re-flags every
    chunk through the rebuild path (vectors are reused)."""
    from notelens.guard.base import GUARD_VERSION

    g = settings.guard
    if g.ingest_pii == "off" and g.ingest_injection == "off":
        return ""
    return f"|{GUARD_VERSION}-{g.ingest_pii}-{g.ingest_injection}-{g.injection_threshold}"


#: Batches the producer may have ready beyond the two in flight (memory stays bounded:
#: about ``commit_every_chunks`` chunks each).
_PREPARED_AHEAD = 1
#: Sent once by the producer when the first file needs embedding: load the model now.
_WARM_UP = object()


@dataclass
class _Pending:
    """Files parsed and analyzed, waiting for embedding and commit.

    ``before``: reports of files met before this batch was full that are not in it
    (unchanged, skipped, failed); they are reported before the batch's own files.
    """

    before: list[FileReport] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)
    chunks: list[tuple[Chunk, str, str, int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    flags: list[tuple[str, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.chunks)


@dataclass
class _Flight:
    """A batch whose embed calls are submitted; completed (written) strictly in order."""

    pending: _Pending
    keys: list[str]
    cached: dict[str, npt.NDArray[np.float32]]
    borrowed: set[str]  # texts of the batch ahead (``prev``), vectors taken from it
    calls: list[tuple[list[tuple[str, str]], Future[Vectors], EmbedCounter]]
    prev: _Flight | None
    key_set: frozenset[str]
    after: list[FileReport] = field(default_factory=list)  # reported after this batch


class Indexer:
    """Runs one index pass over ``roots`` into the index folder of ``settings``."""

    def __init__(
        self,
        settings: Settings,
        analyzer: Analyzer,
        embedder: Embedder,
        progress: Progress | None = None,
        *,
        guard: GuardPipeline | None = None,
        stores: StoreFactory | None = None,
        after_run: RunHook | None = None,
    ) -> None:
        if stores is None:
            from notelens.store.registry import create

            stores = create(settings.store.backend, settings.store)
        self.stores = stores
        self.settings = settings
        self.analyzer = analyzer
        self.embedder = embedder
        self.progress: Progress = progress or NullProgress()
        self.layout = IndexLayout(
            settings.index_dir, shared=StoreMeta(lambda: stores, settings.index_dir)
        )
        self._t = {"parse": 0.0, "analyze": 0.0, "embed": 0.0, "store": 0.0, "guard": 0.0}
        # Ingest checkpoint: flags per chunk, stored with it; the text is stored as is. The
        # engine hands its own pipeline over, so its guard models load once per process,
        # not once per run (POST /index); alone, an indexer builds one from the settings.
        if guard is None:
            from notelens.guard.pipeline import GuardPipeline

            guard = GuardPipeline(settings.guard)
        self.guard = guard
        self.after_run = after_run
        self._embedded = 0
        self._reused = 0
        self._embed_lock = threading.Lock()
        self._embed_running = 0
        self._embed_since = 0.0
        # Repair bookkeeping: tables found unreadable (moved aside at the end of the run)
        # and whether the old table still serves as vector cache.
        self._unreadable: set[str] = set()
        self._old_store_ok = True
        self._old_table_names: set[str] = set()
        self._damaged_dir: Path | None = None

    # -- entry point ----------------------------------------------------------------------

    def run(
        self,
        roots: Sequence[str | Path],
        *,
        rebuild: bool = False,
        only: Sequence[str | Path] | None = None,
        forget: Sequence[str | Path] = (),
    ) -> IndexReport:
        """One pass over ``roots``. ``only`` (a folder watch's changed paths): only these
        files (and files in these folders) are checked, under the rules of a whole walk
        (:func:`~notelens.ingest.walker.admit`), read, and removed when gone; the rest is
        neither walked, hashed nor reported. ``forget``: recorded folders to drop, with
        their rows (a folder that is gone keeps its rows otherwise: it may be a drive
        that is not mounted)."""
        from notelens.index.coverage import merge, read_coverage, write_coverage
        from notelens.ingest.walker import Problem, admit, discover

        changed = (
            {source_key(Path(p).expanduser().absolute()) for p in only}
            if only is not None and not rebuild
            else None
        )

        # A shared backend (Postgres) also locks in the server: other machines' runs.
        store_lock = (
            self.stores.writer_lock(self.layout.root)
            if isinstance(self.stores, LockingStoreFactory)
            else nullcontext()
        )
        run_t0 = time.perf_counter()
        with self.layout.write_lock(), store_lock, file_warnings.routed():
            meta = self._read_meta(rebuild)
            table = table_name_for(
                self.analyzer.version,
                self.embedder.id,
                chunking_key(self.settings) + guard_key(self.settings),
            )
            forgotten = self._forgotten(forget, meta)
            root_list = [source_key(Path(r).expanduser().resolve()) for r in roots]
            if not root_list and meta is not None:
                root_list = list(meta.roots)
            root_list = [r for r in root_list if r not in forgotten]
            if not root_list and not forgotten:
                raise ConfigError(
                    "no folders to index (the index records none)",
                    hint="give them: `notelens index --rebuild ~/notes`",
                )
            if meta is not None and meta.table in recipe_tables(table):
                recipe = (meta.schema_version, meta.analyzer, meta.embedder, meta.dim)
                current = (
                    SCHEMA_VERSION,
                    self.analyzer.version,
                    self.embedder.id,
                    self.embedder.dim,
                )
                # The table name says it matches but the metadata disagrees (edited or
                # damaged): trust neither and re-read every file.
                rebuild = rebuild or recipe != current
            target, store, old_store = self._open_tables(meta, table, rebuild)
            switching = meta is not None and meta.table != target
            if switching:
                changed = None  # a new table is filled from every file
            if switching and meta is not None:
                # A rebuild covers every folder the old index held, so nothing is dropped.
                root_list = [
                    r for r in dict.fromkeys([*meta.roots, *root_list]) if r not in forgotten
                ]
                log.info("building table %s to replace %s", target, meta.table)

            if meta is None:
                # First run: publish the (empty) table now, so every batch committed
                # before a crash is already searchable.
                self.layout.write_meta(self._meta(target, root_list, None))

            reports: list[FileReport] = []
            candidates = []
            roots_paths = [source_path(r) for r in root_list]
            items = (
                # A watch sync: only the changed paths, under the rules of a whole walk.
                admit([source_path(c) for c in sorted(changed)], roots_paths, self.settings.ingest)
                if changed is not None
                else discover(roots_paths, self.settings.ingest)
            )
            for item in items:
                if isinstance(item, Problem):
                    reason = item.reason
                    recorded = meta.roots if meta is not None else ()
                    # Only a recorded folder has notes to keep; a typo has none.
                    if source_key(item.path) in recorded and not item.path.exists():
                        reason = (
                            f"{reason}: its notes stay in the index until the folder is back,"
                            f" or `notelens index --forget {item.path}` drops them"
                        )
                    skipped = FileReport(source_key(item.path), FileStatus.SKIPPED, reason)
                    reports.append(skipped)
                else:
                    candidates.append(item)

            for root in root_list if changed is None else ():
                if source_path(root).is_dir() and not any(
                    _under(source_key(c.path), root) for c in candidates
                ):
                    from notelens.ingest.registry import note_extensions

                    exts = ", ".join(note_extensions(self.settings.ingest))
                    reason = f"no notes found in this folder (looked for {exts})"
                    reports.append(FileReport(root, FileStatus.SKIPPED, reason))

            reached = {source_key(c.path) for c in candidates}
            self.progress.start(len(candidates))
            for r in reports:
                self.progress.file_done(r)
            states = store.file_states()
            # --rebuild re-reads every file but still commits file by file (crash-safe)
            # and reuses vectors of unchanged text.
            known = {} if rebuild else states
            reports.extend(self._process(candidates, known, store, old_store))
            all_roots = sorted(
                {*root_list, *(meta.roots if meta is not None else ())} - set(forgotten)
            )
            gone_states = (
                {s: st for s, st in states.items() if _touched(s, changed)}
                if changed is not None
                else states
            )
            reports.extend(
                self._remove_missing(root_list, all_roots, reached, gone_states, store, forgotten)
            )

            t0 = time.perf_counter()
            self.progress.phase("optimizing index")
            store.optimize()
            self._t["store"] += time.perf_counter() - t0
            touched = any(r.status in (FileStatus.INDEXED, FileStatus.REMOVED) for r in reports)
            if self.settings.dense.windows and (
                touched or not windows_path(self.layout.root, target).exists()
            ):
                # Before meta.json: a searcher reopened on the new meta reads these. A run
                # that changed no file (a watch sync of an unchanged tree) keeps the file.
                t0 = time.perf_counter()
                refresh_windows(self.layout.root, target, store, self.embedder)
                self._t["embed"] += time.perf_counter() - t0

            # A folder named on the command line that does not exist (a typo) is reported
            # and not recorded; a recorded one that went missing stays (_meta keeps it).
            existing = [r for r in root_list if source_path(r).exists()]
            new_meta = self._meta(target, existing, meta, forgotten)
            self.layout.write_meta(new_meta)
            # Coverage: this run's files; for a full pass, old lines under its roots that
            # it no longer met (deleted skipped files) go too.
            old_cov = read_coverage(self.layout.root)
            if old_cov is not None and changed is None and not switching:
                kept = tuple(
                    f
                    for f in old_cov.files
                    if not any(_under(f.path, r) for r in [*root_list, *forgotten])
                )
                old_cov = type(old_cov)(old_cov.last_sync, kept)
            elif switching:
                old_cov = None
            write_coverage(self.layout.root, merge(old_cov, reports, new_meta.updated))
            last_run.write(
                self.layout.root,
                last_run.summary(
                    reports, self._embedded, self._reused, time.perf_counter() - run_t0
                ),
            )
            if self.after_run is not None:
                try:
                    self.after_run(self.layout.root, store, reports)
                except Exception as exc:  # a side file (the entry ledger) never fails a run
                    log.warning("after the index run: %s", exc)
            # With the write lock held and meta.json naming `target`, any other table is
            # an old recipe's or what a killed rebuild left: none is published.
            self._set_aside_unreadable()
            self.stores.drop_others(self.layout.root, keep=target)
        return IndexReport(
            files=tuple(reports),
            chunks_embedded=self._embedded,
            chunks_reused=self._reused,
            timings=Timings(**self._t),
        )

    def _read_meta(self, rebuild: bool) -> IndexMeta | None:
        """``meta.json``; for a rebuild, an unreadable one is moved aside (None)."""
        try:
            return self.layout.read_meta()
        except IndexMismatchError as exc:
            if not rebuild:
                raise
            moved = self.layout.move_meta_aside(self._damaged())
            log.warning("unreadable index metadata moved to %s (%s)", moved, exc.message)
            return None

    def _damaged(self) -> Path:
        if self._damaged_dir is None:
            self._damaged_dir = self.layout.damaged_dir()
        return self._damaged_dir

    def _open_tables(
        self, meta: IndexMeta | None, table: str, rebuild: bool
    ) -> tuple[str, Store, Store | None]:
        """The table to write (its name and a handle) and the vector cache beside it.

        Normally the recipe's current table (``meta.table`` when it is one of the
        recipe's two, else ``table``: a changed recipe builds a new one, the old table
        serving as embedding cache when the embedder is the same). ``rebuild`` always
        writes a fresh table, the one of the recipe's two that is not current, so
        nothing unreadable or damaged is carried over; the current table only lends
        vectors, and only those that pass :func:`~notelens.store.resident.sound_vector`.
        A cache table that cannot be opened is moved aside; the run goes on without it.
        """
        root, dim, dense = self.layout.root, self.embedder.dim, self.settings.dense
        existing = set(self.stores.tables(root))
        cache: str | None = None
        if meta is not None and meta.embedder == self.embedder.id and meta.dim == dim:
            cache = meta.table
        if rebuild:
            if cache is None:  # no readable meta: a table this recipe left may hold vectors
                cache = next((t for t in recipe_tables(table) if t in existing), None)
            pair = recipe_tables(table)
            target = pair[1] if cache == pair[0] else pair[0]
            # Not published (meta.json names another table): what a killed rebuild left.
            self.stores.drop(root, target)
        else:
            target = (
                meta.table if meta is not None and meta.table in recipe_tables(table) else table
            )
        if cache == target:
            cache = None
        old_store: Store | None = None
        if cache is not None and cache in existing:
            try:
                old_store = self.stores.open(root, cache, dim=dim, dense=dense, create=False)
                self._old_table_names = {cache}
            except IndexStoreError as exc:
                log.warning("the old table cannot serve as vector cache: %s", exc)
                self._unreadable.add(cache)
        return target, self.stores.open(root, target, dim=dim, dense=dense), old_store

    def _set_aside_unreadable(self) -> None:
        """Move tables found unreadable during the run into ``damaged/`` (not deleted)."""
        for name in sorted(self._unreadable):
            try:
                moved = self.stores.move_aside(self.layout.root, name, self._damaged())
            except IndexStoreError as exc:
                log.warning("could not move the unreadable table %s aside: %s", name, exc)
            else:
                if moved is not None:
                    log.warning("unreadable table %s moved to %s", name, moved)

    def _forgotten(self, forget: Sequence[str | Path], meta: IndexMeta | None) -> list[str]:
        """The recorded folders ``forget`` names; a folder the index never recorded is
        an error (a typo must not pass as done)."""
        recorded = set(meta.roots) if meta is not None else set()
        keys = [source_key(Path(f).expanduser().resolve()) for f in forget]
        for key in keys:
            if key not in recorded:
                listed = ", ".join(sorted(recorded)) or "none"
                raise ConfigError(
                    f"{key} is not one of the index's folders ({listed})",
                    hint="`notelens status` lists the indexed folders",
                )
        return keys

    def _meta(
        self,
        table: str,
        roots: Sequence[str],
        old: IndexMeta | None,
        forgotten: Sequence[str] = (),
    ) -> IndexMeta:
        return IndexMeta(
            schema_version=SCHEMA_VERSION,
            analyzer=self.analyzer.version,
            embedder=self.embedder.id,
            dim=self.embedder.dim,
            table=table,
            chunking=chunking_key(self.settings),
            notelens_version=__version__,
            created=old.created if old is not None else now_iso(),
            updated=now_iso(),
            roots=tuple(sorted((set(roots) | set(old.roots if old else ())) - set(forgotten))),
        )

    # -- steps ------------------------------------------------------------------------------

    def _process(
        self,
        candidates: Sequence[Candidate],
        states: dict[str, FileState],
        store: Store,
        old_store: Store | None,
    ) -> list[FileReport]:
        """Prepare, embed and commit ``candidates`` as a three-stage pipeline.

        * a producer thread reads, parses, chunks, guards and analyzes files into batches
          of at least ``commit_every_chunks`` chunks (at most ``_PREPARED_AHEAD`` waiting);
        * the calling thread looks up cached vectors, hands each embed call to a
          two-thread pool (so one call tokenizes while the embedder's workers run the
          previous one) and commits batches strictly in file order;
        * the embedder's own workers run the model.

        At most two batches are in flight: batch k is written while batch k + 1 embeds.
        Progress events and reports are emitted on the calling thread in the order the
        serial loop produced them; an exception in any stage stops the others and is
        raised here, after every batch before it was committed.
        """
        reports: list[FileReport] = []
        chan: queue.Queue[_Pending | BaseException | object | None] = queue.Queue(
            maxsize=_PREPARED_AHEAD
        )
        stop = threading.Event()
        producer = threading.Thread(
            target=self._produce,
            args=(candidates, states, chan, stop),
            name="notelens-index-prepare",
            daemon=True,
        )
        embed_pool = ThreadPoolExecutor(2, thread_name_prefix="notelens-index-embed")
        inflight: deque[_Flight] = deque()
        producer.start()
        try:
            while True:
                item = self._next(chan, producer)
                if item is None:
                    break
                if isinstance(item, BaseException):
                    # As in a serial run: every batch prepared before the error is committed.
                    while inflight:
                        self._complete(inflight.popleft(), store, reports)
                    raise item
                if item is _WARM_UP:
                    warm = getattr(self.embedder, "warm_up", None)
                    if callable(warm):  # load the model while the first batch is prepared
                        embed_pool.submit(warm)
                    continue
                assert isinstance(item, _Pending)
                if inflight:  # reported after the batch ahead, as the serial loop did
                    inflight[-1].after.extend(item.before)
                else:
                    self._emit(reports, item.before)
                if item.sources:
                    prev = inflight[-1] if inflight else None
                    inflight.append(self._start(item, store, old_store, prev, embed_pool))
                while len(inflight) > 1:
                    self._complete(inflight.popleft(), store, reports)
            while inflight:
                self._complete(inflight.popleft(), store, reports)
        finally:
            stop.set()
            producer.join()
            embed_pool.shutdown(wait=True, cancel_futures=True)
        return reports

    @staticmethod
    def _next(
        chan: queue.Queue[_Pending | BaseException | object | None], producer: threading.Thread
    ) -> _Pending | BaseException | object | None:
        while True:
            try:
                return chan.get(timeout=0.5)
            except queue.Empty:
                if not producer.is_alive() and chan.empty():
                    return RuntimeError("the index producer thread ended without a result")

    def _emit(self, reports: list[FileReport], items: Sequence[FileReport]) -> None:
        for rep in items:
            reports.append(rep)
            self.progress.file_done(rep)

    # -- stage 1: read, parse, chunk, guard, analyze (producer thread) ----------------------

    def _produce(
        self,
        candidates: Sequence[Candidate],
        states: dict[str, FileState],
        chan: queue.Queue[_Pending | BaseException | object | None],
        stop: threading.Event,
    ) -> None:
        """Feed ``chan`` with batches (and the reports of files not indexed), then None.

        An exception ends the feed with the exception itself, for the consumer to raise.
        """

        def put(item: _Pending | BaseException | object | None) -> bool:
            while not stop.is_set():
                try:
                    chan.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        try:
            self._prepare_all(candidates, states, put, stop)
        except BaseException as exc:  # handed to the consumer thread, raised there
            put(exc)
        else:
            put(None)

    def _prepare_all(
        self,
        candidates: Sequence[Candidate],
        states: dict[str, FileState],
        put: Callable[[_Pending | BaseException | object | None], bool],
        stop: threading.Event,
    ) -> None:
        from notelens.ingest.budget import parse_file
        from notelens.ingest.walker import read_regular

        pending = _Pending()
        warmed = False
        last_put = time.perf_counter()
        # Optional (progress.ReadingProgress); called on this, the reader thread.
        reading = getattr(self.progress, "reading", None)

        def finish(rep: FileReport) -> None:
            """A file that was not (re)indexed; its previous version, if any, stays."""
            if rep.status is FileStatus.FAILED and rep.path in states:
                rep = replace(rep, reason=rep.reason + " (previous version kept)")
            pending.before.append(rep)

        for cand in candidates:
            if stop.is_set():
                return
            # Runs of files that need no embedding (unchanged, skipped) are passed on
            # every 64 files or 0.2 s, so the progress bar keeps moving.
            if (
                not pending.sources
                and pending.before
                and (len(pending.before) >= 64 or time.perf_counter() - last_put > 0.2)
            ):
                if not put(pending):
                    return
                pending = _Pending()
                last_put = time.perf_counter()
            path = cand.path
            source = source_key(path)
            if reading is not None:
                reading(source)
            # The file's third-party warnings (pypdf...) go on its report line.
            with file_warnings.capture() as caught:
                t0 = time.perf_counter()
                try:
                    st, data = read_regular(path, self.settings.ingest.max_file_bytes)
                except UnsupportedFileError as exc:
                    finish(
                        FileReport(source, FileStatus.SKIPPED, exc.message, warnings=tuple(caught))
                    )
                    continue
                except OSError as exc:
                    finish(
                        FileReport(source, FileStatus.FAILED, f"cannot read: {exc.strerror or exc}")
                    )
                    continue
                file_hash = sha256_hex(data)
                old = states.get(source)
                if old is not None and old.file_hash == file_hash:
                    self._t["parse"] += time.perf_counter() - t0
                    pending.before.append(
                        FileReport(source, FileStatus.UNCHANGED, chunks=old.chunks)
                    )
                    continue
                try:
                    doc, chunks = parse_file(
                        path, data, self.settings.chunking, self.settings.ingest.max_parse_seconds
                    )
                except UnsupportedFileError as exc:
                    self._t["parse"] += time.perf_counter() - t0
                    finish(
                        FileReport(source, FileStatus.SKIPPED, exc.message, warnings=tuple(caught))
                    )
                    continue
                except IngestError as exc:
                    self._t["parse"] += time.perf_counter() - t0
                    finish(
                        FileReport(source, FileStatus.FAILED, exc.message, warnings=tuple(caught))
                    )
                    continue
                except (RecursionError, MemoryError, ValueError) as exc:
                    # A parser bug must cost one file, not the run.
                    self._t["parse"] += time.perf_counter() - t0
                    msg = f"could not parse: {type(exc).__name__}: {exc}"
                    finish(FileReport(source, FileStatus.FAILED, msg, warnings=tuple(caught)))
                    continue
                self._t["parse"] += time.perf_counter() - t0
                if not chunks:
                    reason = "no text to index"
                    finish(FileReport(source, FileStatus.SKIPPED, reason, warnings=tuple(caught)))
                    continue
            if not warmed:
                warmed = True
                if not put(_WARM_UP):
                    return
            flags, flagged_kinds = self._guard_chunks(chunks)
            if any(f is None for f in flags):
                # `block` at ingest: the chunk stays out of the index (the file is kept).
                chunks = [c for c, f in zip(chunks, flags, strict=True) if f is not None]
                flags = [f for f in flags if f is not None]
            t1 = time.perf_counter()
            texts = [embed_input(c) for c in chunks]
            term_lists = self.analyzer.terms_batch(texts)
            self._t["analyze"] += time.perf_counter() - t1
            pending.sources.append(source)
            pending.reports.append(
                FileReport(
                    source,
                    FileStatus.INDEXED,
                    # Warnings that cost nothing but the file's properties (bad front matter).
                    reason="; ".join(doc.warnings),
                    chunks=len(chunks),
                    flagged=sum(1 for f in flags if f),
                    flags=flagged_kinds,
                    warnings=tuple(caught),
                )
            )
            for c, text, terms, fl in zip(chunks, texts, term_lists, flags, strict=True):
                pending.chunks.append((c, source, file_hash, st.st_size, st.st_mtime_ns))
                pending.texts.append(text)
                pending.terms.append(" ".join(terms))
                pending.flags.append(fl or ())
            if len(pending) >= self.settings.commit_every_chunks:
                if not put(pending):
                    return
                pending = _Pending()
                last_put = time.perf_counter()
        if pending.sources or pending.before:
            put(pending)

    def _guard_chunks(
        self, chunks: Sequence[Chunk]
    ) -> tuple[list[tuple[str, ...] | None], tuple[str, ...]]:
        """Flags per chunk (``None``: blocked) and the distinct kinds over the file."""
        if not self.guard.active("ingest"):
            return [() for _ in chunks], ()
        t0 = time.perf_counter()
        out: list[tuple[str, ...] | None] = []
        kinds: set[str] = set()
        for c in chunks:
            res = self.guard.chunk(c.text, [lk.url for lk in c.links], (c.title, c.heading))
            out.append(None if res.blocked else res.flags)
            kinds.update(res.flags)
        self._t["guard"] += time.perf_counter() - t0
        return out, tuple(sorted(kinds))

    # -- stage 2: cached vectors, embedding, commit (calling thread) ------------------------

    def _start(
        self,
        pending: _Pending,
        store: Store,
        old_store: Store | None,
        prev: _Flight | None,
        pool: ThreadPoolExecutor,
    ) -> _Flight:
        """Look up cached vectors of ``pending`` and submit the embed calls for the rest.

        ``prev`` is the batch ahead, embedded but maybe not yet written: texts it holds
        take their vectors from it (what the store would return once it is written).
        """
        keys = [sha256_hex(t) for t in pending.texts]
        ahead = prev.key_set if prev is not None else frozenset()
        t0 = time.perf_counter()
        # Only sound vectors are reused (finite, unit norm): a damaged data file can
        # hold anything, and a vector reused by text hash would carry the damage over.
        cached = {h: v for h, v in store.vectors_for_hashes(keys).items() if sound_vector(v)}
        if old_store is not None and self._old_store_ok:
            missing = [k for k in keys if k not in cached and k not in ahead]
            try:
                found = old_store.vectors_for_hashes(missing) if missing else {}
            except IndexStoreError as exc:
                # An unreadable old table costs re-embedding, not the run.
                log.warning("the old table stopped serving as vector cache: %s", exc)
                self._old_store_ok = False
                self._unreadable.update(self._old_table_names)
                found = {}
            cached.update({h: v for h, v in found.items() if sound_vector(v)})
        self._t["store"] += time.perf_counter() - t0

        todo: dict[str, str] = {}
        borrowed: set[str] = set()
        for key, text in zip(keys, pending.texts, strict=True):
            if key in cached or key in todo:
                continue
            if key in ahead:
                borrowed.add(key)
            else:
                todo[key] = text
        self._reused += len(keys) - sum(1 for k in keys if k in todo)
        self._embedded += len(todo)
        items = list(todo.items())
        bs = self.settings.embed_batch_size
        calls = []
        for i in range(0, len(items), bs):
            batch = items[i : i + bs]
            counter = EmbedCounter()
            fut = pool.submit(self._embed_call, [t for _, t in batch], counter)
            calls.append((batch, fut, counter))
        return _Flight(pending, keys, cached, borrowed, calls, prev, frozenset(keys))

    def _embed_call(self, texts: list[str], counter: EmbedCounter) -> Vectors:
        """One ``embed_passages`` call; the "embed" timing is the time any call is running.
        ``counter`` learns the texts done so far (see :func:`embed_counting`)."""
        with self._embed_lock:
            if self._embed_running == 0:
                self._embed_since = time.perf_counter()
            self._embed_running += 1
        try:
            return embed_counting(self.embedder, texts, counter)
        finally:
            with self._embed_lock:
                self._embed_running -= 1
                if self._embed_running == 0:
                    self._t["embed"] += time.perf_counter() - self._embed_since

    def _complete(self, flight: _Flight, store: Store, reports: list[FileReport]) -> None:
        """Wait for the vectors of ``flight``, write it, report its files."""
        pending, cached = flight.pending, flight.cached
        n_todo = sum(len(batch) for batch, _, _ in flight.calls)
        if n_todo:
            self.progress.phase("embedding", total=n_todo)
            for batch, fut, counter in flight.calls:
                # The bar advances here, on the calling thread, as the call's texts are
                # done (per packed batch of the embedder), not once per call.
                for step in counter.steps(fut):
                    self.progress.advance(step)
                vecs = fut.result()
                for (key, _), row in zip(batch, vecs, strict=True):
                    cached[key] = np.asarray(row, dtype=np.float32)
        if flight.borrowed:
            assert flight.prev is not None
            for key in flight.borrowed:
                cached[key] = flight.prev.cached[key]
        flight.prev = None  # completed batches are not kept alive by the next one
        flight.calls = []

        records: list[ChunkRecord] = []
        for (chunk, source, file_hash, size, mtime), terms, key, flags in zip(
            pending.chunks, pending.terms, flight.keys, pending.flags, strict=True
        ):
            vec: npt.NDArray[np.float32] = cached[key]
            records.append(
                ChunkRecord(
                    chunk_id=chunk_id_for(source, chunk),
                    source=source,
                    title=chunk.title,
                    heading=chunk.heading,
                    text=chunk.text,
                    terms=terms,
                    location=chunk.location,
                    lang=chunk.lang,
                    kind=chunk.kind,
                    links=chunk.links,
                    content_hash=key,
                    ordinal=chunk.ordinal,
                    file_hash=file_hash,
                    file_size=size,
                    file_mtime_ns=mtime,
                    vector=vec,
                    flags=flags,
                    note=chunk.note,
                )
            )
        t2 = time.perf_counter()
        self.progress.phase("writing")
        store.replace_sources(pending.sources, records)
        self._t["store"] += time.perf_counter() - t2
        self._emit(reports, pending.reports)
        self._emit(reports, flight.after)

    def _remove_missing(
        self,
        roots: Sequence[str],
        all_roots: Sequence[str],
        reached: set[str],
        states: dict[str, FileState],
        store: Store,
        forgotten: Sequence[str] = (),
    ) -> list[FileReport]:
        """Delete rows of files that are gone from a root that still exists, rows of a
        forgotten root's files that no other root holds, and rows outside every indexed
        root (reached once through a symlink) that this run's walk no longer reaches.

        A root that is missing entirely (an unmounted drive, a typo) removes nothing.
        """
        live_roots = [r for r in roots if source_path(r).exists()]
        gone: dict[str, str] = {}
        for source in states:
            if any(_under(source, r) for r in live_roots) and not source_path(source).exists():
                gone[source] = "file no longer exists"
            elif any(_under(source, r) for r in forgotten) and not any(
                _under(source, r) for r in all_roots
            ):
                gone[source] = "its folder was forgotten (--forget)"
            elif source not in reached and not any(_under(source, r) for r in all_roots):
                gone[source] = "outside the note folders and no longer reached from them"
        if not gone:
            return []
        t0 = time.perf_counter()
        store.delete_sources(list(gone))
        self._t["store"] += time.perf_counter() - t0
        reports = [FileReport(s, FileStatus.REMOVED, gone[s]) for s in sorted(gone)]
        for rep in reports:
            self.progress.file_done(rep)
        return reports
