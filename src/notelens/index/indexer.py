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
keep using the old table and a killed rebuild resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from notelens import __version__
from notelens.analysis.base import Analyzer
from notelens.config import Settings
from notelens.embed.base import Embedder
from notelens.errors import IngestError, UnsupportedFileError
from notelens.index.lancedb_store import LanceDBStore
from notelens.index.layout import SCHEMA_VERSION, IndexLayout, IndexMeta, now_iso, table_name_for
from notelens.index.store import ChunkRecord, FileState
from notelens.types import Chunk, FileReport, FileStatus, IndexReport, Timings

if TYPE_CHECKING:
    from notelens.ingest.walker import Candidate

log = logging.getLogger("notelens.index")


class Progress(Protocol):
    """Receives progress of an index run (the CLI draws a Rich bar from it)."""

    def start(self, total_files: int) -> None: ...

    def file_done(self, report: FileReport) -> None: ...

    def phase(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class NullProgress:
    def start(self, total_files: int) -> None:
        pass

    def file_done(self, report: FileReport) -> None:
        pass

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


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


def chunk_id_for(source: str, chunk: Chunk) -> str:
    key = f"{source}\x00{chunk.ordinal}\x00{chunk.content_hash}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def sha256_hex(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def chunking_key(settings: Settings) -> str:
    return "c" + "-".join(str(v) for v in astuple(settings.chunking))


def guard_key(settings: Settings) -> str:
    """Part of the table name: another guard version or ingest policy re-flags every
    chunk through the rebuild path (vectors are reused)."""
    from notelens.guard.base import GUARD_VERSION

    g = settings.guard
    if g.ingest_pii == "off" and g.ingest_injection == "off":
        return ""
    return f"|{GUARD_VERSION}-{g.ingest_pii}-{g.ingest_injection}-{g.injection_threshold}"


@dataclass
class _Pending:
    """Files parsed and analyzed, waiting for embedding and commit."""

    sources: list[str] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)
    chunks: list[tuple[Chunk, str, str, int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    flags: list[tuple[str, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.chunks)


class Indexer:
    """Runs one index pass over ``roots`` into the index folder of ``settings``."""

    def __init__(
        self,
        settings: Settings,
        analyzer: Analyzer,
        embedder: Embedder,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.analyzer = analyzer
        self.embedder = embedder
        self.progress: Progress = progress or NullProgress()
        self.layout = IndexLayout(settings.index_dir)
        self._t = {"parse": 0.0, "analyze": 0.0, "embed": 0.0, "store": 0.0, "guard": 0.0}
        from notelens.guard.pipeline import GuardPipeline

        # Ingest checkpoint: flags per chunk, stored with it; the text is stored as is.
        self.guard = GuardPipeline(settings.guard)
        self._embedded = 0
        self._reused = 0

    # -- entry point ----------------------------------------------------------------------

    def run(self, roots: Sequence[str | Path], *, rebuild: bool = False) -> IndexReport:
        from notelens.ingest.walker import Problem, discover

        with self.layout.write_lock():
            meta = self.layout.read_meta()
            table = table_name_for(
                self.analyzer.version,
                self.embedder.id,
                chunking_key(self.settings) + guard_key(self.settings),
            )
            root_list = [str(Path(r).expanduser().resolve()) for r in roots]
            if not root_list and meta is not None:
                root_list = list(meta.roots)
            switching = meta is not None and meta.table != table
            if meta is not None and not switching:
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
            if switching and meta is not None:
                # A rebuild covers every folder the old index held, so nothing is dropped.
                root_list = list(dict.fromkeys([*meta.roots, *root_list]))
                log.info("index recipe changed (%s -> %s): rebuilding", meta.table, table)
            store = LanceDBStore(
                self.layout.lance_dir, table=table, dim=self.embedder.dim, dense=self.settings.dense
            )
            old_store = None
            if switching and meta is not None and meta.embedder == self.embedder.id:
                # Same vectors, new table: the old table still serves as embedding cache.
                old_store = LanceDBStore(
                    self.layout.lance_dir,
                    table=meta.table,
                    dim=meta.dim,
                    dense=self.settings.dense,
                    create=False,
                )

            if meta is None:
                # First run: publish the (empty) table now, so every batch committed
                # before a crash is already searchable.
                self.layout.write_meta(self._meta(table, root_list, None))

            reports: list[FileReport] = []
            candidates = []
            for item in discover([Path(r) for r in root_list], self.settings.ingest):
                if isinstance(item, Problem):
                    reports.append(FileReport(str(item.path), FileStatus.SKIPPED, item.reason))
                else:
                    candidates.append(item)

            for root in root_list:
                if os.path.isdir(root) and not any(_under(str(c.path), root) for c in candidates):
                    exts = ", ".join(self.settings.ingest.extensions)
                    reason = f"no notes found in this folder (looked for {exts})"
                    reports.append(FileReport(root, FileStatus.SKIPPED, reason))

            self.progress.start(len(candidates))
            for r in reports:
                self.progress.file_done(r)
            states = store.file_states()
            # --rebuild re-reads every file but still commits file by file (crash-safe)
            # and reuses vectors of unchanged text.
            known = {} if rebuild else states
            reports.extend(self._process(candidates, known, store, old_store))
            reports.extend(self._remove_missing(root_list, states, store))

            t0 = time.perf_counter()
            self.progress.phase("optimizing index")
            store.optimize()
            self._t["store"] += time.perf_counter() - t0

            new_meta = self._meta(table, root_list, meta)
            self.layout.write_meta(new_meta)
            if switching:
                store.drop_other_tables(keep=table)
        return IndexReport(
            files=tuple(reports),
            chunks_embedded=self._embedded,
            chunks_reused=self._reused,
            timings=Timings(**self._t),
        )

    def _meta(self, table: str, roots: Sequence[str], old: IndexMeta | None) -> IndexMeta:
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
            roots=tuple(sorted(set(roots) | set(old.roots if old else ()))),
        )

    # -- steps ------------------------------------------------------------------------------

    def _process(
        self,
        candidates: Sequence[Candidate],
        states: dict[str, FileState],
        store: LanceDBStore,
        old_store: LanceDBStore | None,
    ) -> list[FileReport]:
        from notelens.ingest.chunking import chunk_document
        from notelens.ingest.registry import loader_for

        reports: list[FileReport] = []
        pending = _Pending()
        for cand in candidates:
            path = cand.path
            source = str(path)
            t0 = time.perf_counter()
            try:
                st = path.stat()
                data = path.read_bytes()
            except OSError as exc:
                rep = FileReport(source, FileStatus.FAILED, f"cannot read: {exc.strerror or exc}")
                self._finish(reports, rep, states)
                continue
            file_hash = sha256_hex(data)
            old = states.get(source)
            if old is not None and old.file_hash == file_hash:
                self._t["parse"] += time.perf_counter() - t0
                rep = FileReport(source, FileStatus.UNCHANGED, chunks=old.chunks)
                reports.append(rep)
                self.progress.file_done(rep)
                continue
            try:
                doc = loader_for(path, data).load(path, data)
                chunks = chunk_document(doc, self.settings.chunking)
            except UnsupportedFileError as exc:
                self._t["parse"] += time.perf_counter() - t0
                self._finish(reports, FileReport(source, FileStatus.SKIPPED, exc.message), states)
                continue
            except IngestError as exc:
                self._t["parse"] += time.perf_counter() - t0
                self._finish(reports, FileReport(source, FileStatus.FAILED, exc.message), states)
                continue
            except (RecursionError, MemoryError, ValueError) as exc:
                # A parser bug must cost one file, not the run.
                self._t["parse"] += time.perf_counter() - t0
                msg = f"could not parse: {type(exc).__name__}: {exc}"
                self._finish(reports, FileReport(source, FileStatus.FAILED, msg), states)
                continue
            self._t["parse"] += time.perf_counter() - t0
            if not chunks:
                rep = FileReport(source, FileStatus.SKIPPED, "no text to index")
                self._finish(reports, rep, states)
                continue
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
                    chunks=len(chunks),
                    flagged=sum(1 for f in flags if f),
                    flags=flagged_kinds,
                )
            )
            for c, text, terms, fl in zip(chunks, texts, term_lists, flags, strict=True):
                pending.chunks.append((c, source, file_hash, st.st_size, st.st_mtime_ns))
                pending.texts.append(text)
                pending.terms.append(" ".join(terms))
                pending.flags.append(fl or ())
            if len(pending) >= self.settings.commit_every_chunks:
                reports.extend(self._commit(pending, store, old_store))
                pending = _Pending()
        if pending.sources:
            reports.extend(self._commit(pending, store, old_store))
        return reports

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
            res = self.guard.chunk(c.text, [lk.url for lk in c.links])
            out.append(None if res.blocked else res.flags)
            kinds.update(res.flags)
        self._t["guard"] += time.perf_counter() - t0
        return out, tuple(sorted(kinds))

    def _finish(
        self, reports: list[FileReport], rep: FileReport, states: dict[str, FileState]
    ) -> None:
        """Record a file that was not (re)indexed; its previous version, if any, stays."""
        if rep.status is FileStatus.FAILED and rep.path in states:
            rep = FileReport(rep.path, rep.status, rep.reason + " (previous version kept)")
        reports.append(rep)
        self.progress.file_done(rep)

    def _commit(
        self, pending: _Pending, store: LanceDBStore, old_store: LanceDBStore | None
    ) -> list[FileReport]:
        keys = [sha256_hex(t) for t in pending.texts]
        t0 = time.perf_counter()
        cached = store.vectors_for_hashes(keys)
        if old_store is not None:
            missing = [k for k in keys if k not in cached]
            if missing:
                cached.update(old_store.vectors_for_hashes(missing))
        self._t["store"] += time.perf_counter() - t0

        todo: dict[str, str] = {}
        for key, text in zip(keys, pending.texts, strict=True):
            if key not in cached and key not in todo:
                todo[key] = text
        self._reused += len(keys) - sum(1 for k in keys if k in todo)
        if todo:
            self.progress.phase("embedding", total=len(todo))
            t1 = time.perf_counter()
            items = list(todo.items())
            bs = self.settings.embed_batch_size
            for i in range(0, len(items), bs):
                batch = items[i : i + bs]
                vecs = self.embedder.embed_passages([t for _, t in batch])
                for (key, _), row in zip(batch, vecs, strict=True):
                    cached[key] = np.asarray(row, dtype=np.float32)
                self.progress.advance(len(batch))
            self._t["embed"] += time.perf_counter() - t1
            self._embedded += len(todo)

        records: list[ChunkRecord] = []
        for (chunk, source, file_hash, size, mtime), terms, key, flags in zip(
            pending.chunks, pending.terms, keys, pending.flags, strict=True
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
                )
            )
        t2 = time.perf_counter()
        self.progress.phase("writing")
        store.replace_sources(pending.sources, records)
        self._t["store"] += time.perf_counter() - t2
        for rep in pending.reports:
            self.progress.file_done(rep)
        return pending.reports

    def _remove_missing(
        self, roots: Sequence[str], states: dict[str, FileState], store: LanceDBStore
    ) -> list[FileReport]:
        """Delete rows of files that are gone from a root that still exists.

        A root that is missing entirely (an unmounted drive, a typo) removes nothing.
        """
        live_roots = [r for r in roots if os.path.exists(r)]
        gone = []
        for source in states:
            if any(_under(source, r) for r in live_roots) and not os.path.exists(source):
                gone.append(source)
        if not gone:
            return []
        t0 = time.perf_counter()
        store.delete_sources(gone)
        self._t["store"] += time.perf_counter() - t0
        reports = [FileReport(s, FileStatus.REMOVED, "file no longer exists") for s in sorted(gone)]
        for rep in reports:
            self.progress.file_done(rep)
        return reports
