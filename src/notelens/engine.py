"""The one entry point every interface (CLI, HTTP server, MCP, Python) goes through."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from notelens.analysis.base import Analyzer
from notelens.config import Settings
from notelens.embed.base import Embedder
from notelens.errors import ConfigError, IndexNotFoundError, IndexStoreError, NotelensError
from notelens.index.indexer import Indexer, Progress
from notelens.index.layout import IndexLayout, IndexMeta, check_compatible
from notelens.index.store import StoreFilter
from notelens.retrieve.searcher import Searcher
from notelens.types import Hit, IndexReport, IndexStatus, Lang


class Engine:
    """Index note folders and search them.

    ``Engine(index_dir)`` is cheap: the analyzer, the embedding model and the store are
    loaded on first use and then kept warm. One engine may be shared by threads for
    searching; index runs are serialised by a lock file in the index folder, which also
    keeps other processes from writing at the same time.
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        analyzer: Analyzer | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        base = settings or Settings()
        self.settings = base.with_index(index_dir).validate()
        self.layout = IndexLayout(self.settings.index_dir)
        self._analyzer = analyzer
        self._embedder = embedder
        self._searcher: Searcher | None = None
        self._searcher_key: tuple[str, float] | None = None
        self._lock = threading.RLock()

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    @property
    def analyzer(self) -> Analyzer:
        with self._lock:
            if self._analyzer is None:
                from notelens.analysis.registry import create_analyzer

                self._analyzer = create_analyzer()
            return self._analyzer

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from notelens.embed.registry import create

                self._embedder = create(self.settings.embedder)
            return self._embedder

    # -- indexing ---------------------------------------------------------------------------

    def index(
        self,
        paths: Sequence[str | Path] = (),
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Index ``paths`` (files or folders) incrementally; see :mod:`notelens.index.indexer`.

        With no paths, re-indexes the folders recorded by earlier runs. Per-file problems
        are lines in the report, not exceptions; an exception means the index itself
        could not be written (locked, unwritable, ...).
        """
        if not paths:
            meta = self.layout.read_meta()
            if meta is None or not meta.roots:
                raise ConfigError("no folders to index", hint="give one: `notelens index ~/notes`")
        indexer = Indexer(self.settings, self.analyzer, self.embedder, progress)
        report = indexer.run(list(paths), rebuild=rebuild)
        with self._lock:
            self._searcher = None  # the next search opens the new table version
        return report

    # -- searching --------------------------------------------------------------------------

    def _meta(self) -> IndexMeta:
        meta = self.layout.read_meta()
        if meta is None:
            raise IndexNotFoundError(
                "no index here yet",
                path=str(self.layout.root),
                hint="create it with `notelens index PATH`",
            )
        return meta

    def _get_searcher(self) -> Searcher:
        from notelens.index.lancedb_store import LanceDBStore

        meta = self._meta()
        try:
            stamp = self.layout.meta_path.stat().st_mtime
        except OSError:
            stamp = 0.0
        key = (meta.table, stamp)
        with self._lock:
            if self._searcher is not None and self._searcher_key == key:
                return self._searcher
            check_compatible(
                meta,
                analyzer=self.analyzer.version,
                embedder=self.embedder.id,
                dim=self.embedder.dim,
            )
            try:
                store = LanceDBStore(
                    self.layout.lance_dir,
                    table=meta.table,
                    dim=meta.dim,
                    dense=self.settings.dense,
                    create=False,
                    read_consistency_s=1.0,
                )
            except IndexStoreError as exc:
                raise IndexStoreError(
                    f"the index is damaged: {exc.message}",
                    path=str(self.layout.root),
                    hint="rebuild it with `notelens index --rebuild`",
                ) from exc
            self._searcher = Searcher(store, self.analyzer, self.embedder, self.settings.fusion)
            self._searcher_key = key
            return self._searcher

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        *,
        source: str | None = None,
        lang: Lang | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages for ``query``.

        ``mode`` is ``hybrid`` (weighted RRF of BM25 and dense), ``bm25`` or ``dense``;
        ``source`` is a glob on the stored absolute path (``*/papers/*``); ``lang`` keeps
        only chunks of one language.
        """
        where = StoreFilter(source_glob=source, lang=lang)
        return self._get_searcher().search(query, k=k, mode=mode, where=where)

    # -- status -----------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        """What the index holds, and whether this notelens can search it."""
        root = str(self.layout.root)
        try:
            meta = self.layout.read_meta()
        except NotelensError as exc:
            return IndexStatus(index_dir=root, exists=True, compatible=False, problem=str(exc))
        if meta is None:
            return IndexStatus(index_dir=root, exists=False)
        problem = ""
        compatible = True
        try:
            searcher = self._get_searcher()
            stats = searcher.store.stats()
        except NotelensError as exc:
            compatible, problem = False, str(exc)
            stats = None
        return IndexStatus(
            index_dir=root,
            exists=True,
            files=stats.files if stats else 0,
            chunks=stats.rows if stats else 0,
            langs=stats.langs if stats else {},
            schema_version=meta.schema_version,
            analyzer=meta.analyzer,
            embedder=meta.embedder,
            dense_index=stats.dense_index if stats else "exact",
            created=meta.created,
            updated=meta.updated,
            compatible=compatible,
            problem=problem,
        )
