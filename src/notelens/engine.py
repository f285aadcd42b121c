"""The one entry point every interface (CLI, HTTP server, MCP, Python) goes through."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelens.analysis.base import Analyzer
from notelens.config import Settings
from notelens.embed.base import Embedder
from notelens.errors import (
    ConfigError,
    GeneratorError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStoreError,
    NotelensError,
)
from notelens.index.indexer import Indexer
from notelens.index.layout import IndexLayout, IndexMeta, check_compatible
from notelens.index.windows import WindowVectors, read_windows
from notelens.progress import Progress
from notelens.retrieve.searcher import Searcher, check_retrieval
from notelens.store.base import (
    REPAIR_HINT,
    ClosingStoreFactory,
    DescribingStoreFactory,
    StoreFactory,
    StoreFilter,
    StoreMeta,
)
from notelens.types import (
    Answer,
    FileReport,
    Hit,
    IndexReport,
    IndexStatus,
    Lang,
    NoteFilter,
    NoteHit,
    Passage,
    SearchMode,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from notelens.answer.base import Generator
    from notelens.answer.cag import CagContext
    from notelens.answer.followup import Rewrite, Turn
    from notelens.answer.grounding import SentenceSupport
    from notelens.answer.service import Answerer
    from notelens.answer.session import SessionStore
    from notelens.curate.digest import Digest, EntryPassage
    from notelens.curate.dups import DupReport
    from notelens.curate.glossary import Glossary, Term
    from notelens.curate.related import RelatedList
    from notelens.curate.summary import Summary
    from notelens.guard.pipeline import GuardPipeline
    from notelens.index.coverage import Coverage
    from notelens.index.doctor import DoctorReport
    from notelens.index.links import NoteLinks
    from notelens.index.transfer import CopyReport
    from notelens.index.watch import SyncResult, WatchOptions
    from notelens.store.base import ChunkRecord, Store


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
        stores: StoreFactory | None = None,
    ) -> None:
        base = settings or Settings.from_env()
        self.settings = base.with_index(index_dir).validate()
        check_retrieval(self.settings.fusion, self.settings.rerank, self.settings.answer.rerank)
        # A shared store (Postgres) also keeps meta.json: the team's index from any folder.
        self.layout = IndexLayout(
            self.settings.index_dir, shared=StoreMeta(lambda: self.stores, self.settings.index_dir)
        )
        self._analyzer = analyzer
        self._embedder = embedder
        self._stores = stores
        # A factory handed in is its caller's to close; one made here is ours (``close``).
        self._owns_stores = stores is None
        self._searcher: Searcher | None = None
        # (table, meta.json's stamp) of the open searcher
        self._searcher_key: tuple[str, tuple[int, int, int] | None] | None = None
        self._lock = threading.RLock()
        self._answerer: Answerer | None = None
        self._guard: GuardPipeline | None = None

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    @property
    def analyzer(self) -> Analyzer:
        with self._lock:
            if self._analyzer is None:
                from notelens.analysis.registry import create_analyzer

                self._analyzer = create_analyzer(self.settings.analyzer)
            return self._analyzer

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from notelens.embed.registry import create

                self._embedder = create(self.settings.embedder, self.settings.e5)
            return self._embedder

    @property
    def stores(self) -> StoreFactory:
        """The store backend (``Settings.store``; see :mod:`notelens.store.registry`)."""
        with self._lock:
            if self._stores is None:
                from notelens.store.registry import create

                self._stores = create(self.settings.store.backend, self.settings.store)
            return self._stores

    def close(self) -> None:
        """Release what the engine holds open between calls: a server store's connection
        pools (PostgreSQL), which otherwise outlive the engine and keep reconnecting to a
        server that went away. The embedded store holds nothing. A factory handed to the
        engine is left open (its caller's). Idempotent; an engine used after ``close``
        opens a fresh store."""
        with self._lock:
            self._searcher = None  # it reads through the store's connections
            self._searcher_key = None
            if not self._owns_stores:
                return
            stores, self._stores = self._stores, None
        if isinstance(stores, ClosingStoreFactory):
            stores.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- indexing ---------------------------------------------------------------------------

    def index(
        self,
        paths: Sequence[str | Path] = (),
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        only: Sequence[str | Path] | None = None,
        forget: Sequence[str | Path] = (),
    ) -> IndexReport:
        """Index ``paths`` (files or folders) incrementally; see :mod:`notelens.index.indexer`.

        With no paths, re-indexes the folders recorded by earlier runs. ``forget``: recorded
        folders to stop indexing, their notes removed (a moved or deleted folder). Per-file problems
        are lines in the report, not exceptions; an exception means the index itself
        could not be written (locked, unwritable, ...).
        """
        if not paths:
            try:
                meta = self.layout.read_meta()
            except IndexMismatchError as exc:
                if not rebuild:
                    raise
                # The folders it covered are recorded only there.
                raise ConfigError(
                    f"{exc.message}, so the folders it covered are unknown",
                    path=exc.path,
                    hint="name them: `notelens index --rebuild ~/notes`",
                ) from exc
            if meta is None or not meta.roots:
                raise ConfigError("no folders to index", hint="give one: `notelens index ~/notes`")
        indexer = Indexer(
            self.settings,
            self.analyzer,
            self.embedder,
            progress,
            guard=self.guard,
            stores=self.stores,
            after_run=_ledger_hook,
        )
        report = indexer.run(list(paths), rebuild=rebuild, only=only, forget=forget)
        with self._lock:
            searcher, key = self._searcher, self._searcher_key
        meta = self.layout.read_meta()
        if searcher is not None and key is not None and meta is not None and meta.table == key[0]:
            # Same table: catch the open store up here, on the run's thread, so that the
            # next searches neither miss the new rows nor wait for a fresh store's
            # snapshots (searches answer from the old ones until this returns).
            searcher.store.refresh()
        else:
            with self._lock:
                self._searcher = None  # another table: the next search opens it
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
        # One stat per search; the meta file is read again only when it was rewritten
        # (reading and parsing it on every search cost ~3 % of a loaded server's CPU).
        try:
            st = self.layout.meta_path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        with self._lock:
            current = self._searcher_key
            if stamp is not None and self._searcher is not None and current and current[1] == stamp:
                return self._searcher
        meta = self._meta()
        key = (meta.table, stamp)
        with self._lock:
            if self._searcher is not None and self._searcher_key == key:
                return self._searcher  # opened by another thread meanwhile
            check_compatible(
                meta,
                analyzer=self.analyzer.version,
                embedder=self.embedder.id,
                dim=self.embedder.dim,
            )
            current = self._searcher_key
            if self._searcher is not None and current is not None and current[0] == meta.table:
                # meta.json rewritten by an index run into the same table: keep the open
                # store (it follows the table's versions itself) and its warm snapshots;
                # the run rewrote the windows' side file before meta.json.
                self._searcher.use_windows(self._windows(meta.table))
                self._searcher_key = key
                return self._searcher
            try:
                store = self.stores.open(
                    self.layout.root,
                    meta.table,
                    dim=meta.dim,
                    dense=self.settings.dense,
                    create=False,
                    consistency_s=1.0,
                )
            except IndexStoreError as exc:
                raise IndexStoreError(
                    f"the index is damaged: {exc.message}",
                    path=str(self.layout.root),
                    hint=REPAIR_HINT,
                ) from exc
            self._searcher = Searcher(
                store,
                self.analyzer,
                self.embedder,
                self.settings.fusion,
                rerank=self.settings.rerank,
                windows=self._windows(meta.table),
            )
            self._searcher_key = key
            return self._searcher

    def _windows(self, table: str) -> WindowVectors | None:
        """The index's line windows (index/windows.py); an index built before them
        searches on its chunk vectors alone until the next ``notelens index`` adds them."""
        if not self.settings.dense.windows:
            return None
        windows = read_windows(self.layout.root, table, self.embedder.id)
        if windows is None:
            logging.getLogger("notelens.index").warning(
                "this index has no line windows for the dense search (built by an older"
                " notelens): run `notelens index` once to add them"
            )
        return windows

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        *,
        source: str | None = None,
        lang: Lang | None = None,
        rerank: str | None = None,
        note: NoteFilter | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages for ``query``.

        ``mode`` is ``hybrid`` (BM25 and dense fused, see :mod:`notelens.retrieve.fusion`),
        ``bm25`` or ``dense``;
        ``source`` is a glob on the stored absolute path (``*/papers/*``); ``lang`` keeps
        only chunks of one language; ``rerank`` names a reranker for this call
        (``None``: the configured one, ``"none"``: the fused order); ``note`` scopes by
        tag, folder and date (:class:`~notelens.types.NoteFilter`).
        """
        guard = self.guard
        if guard.active("query"):
            # Query checkpoint: `block` raises GuardError; `flag` is logged.
            checked = guard.query(query)
            if checked.findings:
                import logging

                logging.getLogger("notelens.guard").warning(
                    "question flagged: %s", ", ".join(checked.flags)
                )
        where = self.store_filter(source=source, lang=lang, note=note)
        hits = self._get_searcher().search(query, k=k, mode=mode, where=where, rerank=rerank)
        # Text, title and heading: PII of guard.redact_kinds masked (the stored text is
        # unchanged); one step for every surface that shows hits (CLI, JSON, HTTP, MCP, ask).
        return guard.redact_hits(hits)

    # -- guard ------------------------------------------------------------------------------

    @property
    def guard(self) -> GuardPipeline:
        """The guard pipeline of this engine's settings (see :mod:`notelens.guard`)."""
        with self._lock:
            if self._guard is None:
                from notelens.guard.pipeline import GuardPipeline

                self._guard = GuardPipeline(self.settings.guard)
            return self._guard

    def guard_answer(self, answer: Answer) -> Answer:
        """Answer checkpoint: high-risk PII masked in the answer text and its quotes;
        under a ``block`` policy with findings, the answer is withheld."""
        from dataclasses import replace

        guard = self.guard
        if not guard.active("answer"):
            return answer
        res = guard.answer(answer.answer)
        if res.blocked:
            return replace(
                answer,
                answer="[withheld by the guard: " + ", ".join(res.flags) + "]",
                citations=(),
                note="the answer was withheld by the guard policy",
            )
        citations = tuple(replace(c, quote=guard.answer(c.quote).text) for c in answer.citations)
        return replace(answer, answer=res.text, citations=citations)

    # -- answering --------------------------------------------------------------------------

    def uses_llm(self, llm: str | None = None) -> bool:
        """Whether :meth:`ask` with this ``llm`` spec (``None``: the configured one)
        answers with an LLM rather than extractively; raises ``ConfigError`` for a bad spec."""
        from notelens.answer.registry import parse_spec

        return parse_spec(llm, self.settings.llm).kind != "none"

    def ground(
        self,
        answer: str,
        passages: Sequence[str],
        *,
        dense: bool = False,
        threshold: float | None = None,
    ) -> list[SentenceSupport]:
        """Score every sentence of ``answer`` against the passages it cites (``[n]`` is
        ``passages[n-1]``) with this engine's analyzer, and with ``dense`` its embedder;
        ``threshold`` defaults to ``AnswerConfig.support_threshold``.
        See :func:`notelens.answer.grounding.ground`."""
        from notelens.answer.grounding import ground

        return ground(
            answer,
            passages,
            analyzer=self.analyzer,
            embedder=self.embedder if dense else None,
            threshold=self.settings.answer.support_threshold if threshold is None else threshold,
        )

    def _evidence_rerank(self, rerank: str | None) -> str | None:
        """The reranker of ask's evidence: the call's, else AnswerConfig.rerank (the fused
        order unless set; "" is the search's own, None here): see AnswerConfig for why."""
        return rerank if rerank is not None else (self.settings.answer.rerank or None)

    def _get_answerer(self) -> Answerer:
        from notelens.answer.service import Answerer

        with self._lock:
            if self._answerer is None:
                evidence_rerank = self._evidence_rerank(None)
                self._answerer = Answerer(
                    # ask's evidence as _ask_events searches it (AnswerConfig.rerank)
                    lambda q, n: self.search(q, k=n, rerank=evidence_rerank),
                    self.analyzer,
                    self.embedder,
                    self.settings.answer,
                    self.settings.llm,
                    # The question's vector from the searcher's LRU (it embedded the
                    # question a moment ago), not a second e5 call.
                    query_vector=lambda q: self.searcher.query_vector(q),
                )
            return self._answerer

    def ask_stream(
        self,
        question: str,
        *,
        k: int = 5,
        llm: str | None = None,
        mode: SearchMode = "hybrid",
        source: str | None = None,
        lang: Lang | None = None,
        rerank: str | None = None,
        note: NoteFilter | None = None,
        session: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Answer ``question`` as events (for server-sent events and live CLIs).

        Yields ``{"event": "evidence", "data": [hit dicts]}``, then zero or more
        ``{"event": "token", "data": str}`` (LLM mode only), then exactly one
        ``{"event": "answer", "data": Answer.to_dict()}``. Arguments as in :meth:`ask`.
        """
        for event, data in self._ask_events(
            question, k, llm, mode, source, lang, rerank, note, session
        ):
            if event == "evidence":
                yield {"event": "evidence", "data": [h.to_dict() for h in data]}
            elif event == "answer":
                yield {"event": "answer", "data": data.to_dict()}
            else:
                yield {"event": event, "data": data}

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        llm: str | None = None,
        mode: SearchMode = "hybrid",
        source: str | None = None,
        lang: Lang | None = None,
        on_token: Callable[[str], None] | None = None,
        rerank: str | None = None,
        note: NoteFilter | None = None,
        session: str | None = None,
    ) -> Answer:
        """Answer ``question`` from the notes, every sentence cited, or refuse.

        ``k`` passages are retrieved (``mode``, ``source``, ``lang`` as in
        :meth:`search`). ``llm`` is a generator spec (``openai:MODEL``, ``gguf:PATH``,
        ``smollm2``, ... see :mod:`notelens.answer.registry`); ``None`` uses
        ``NOTELENS_LLM``, and no spec means extractive answers (no LLM).
        ``on_token`` receives the LLM's raw tokens as they stream (unverified; the
        returned answer is the checked one). ``session`` names a conversation (kept in
        ``<index>/sessions/``): a follow-up is rewritten into a standalone question from
        its last turns before retrieval (``Answer.rewritten_question``), and the turn is
        added to it (see :mod:`notelens.answer.followup`).
        """
        answer: Answer | None = None
        for event, data in self._ask_events(
            question, k, llm, mode, source, lang, rerank, note, session
        ):
            if event == "answer":
                answer = data
            elif event == "token" and on_token is not None:
                on_token(data)
        assert answer is not None
        return answer

    def _ask_events(
        self,
        question: str,
        k: int,
        llm: str | None,
        mode: SearchMode,
        source: str | None,
        lang: Lang | None,
        rerank: str | None = None,
        note: NoteFilter | None = None,
        session: str | None = None,
    ) -> Iterator[tuple[str, Any]]:
        answerer = self._get_answerer()
        evidence_rerank = self._evidence_rerank(rerank)

        def search(q: str, n: int) -> list[Hit]:
            return self.search(
                q, k=n, mode=mode, source=source, lang=lang, rerank=evidence_rerank, note=note
            )

        if session is not None:

            def answer(q: str) -> Iterator[tuple[str, Any]]:
                return answerer.stream(q, k=k, llm=llm, search=search)

            yield from self.in_session(question, session, answer, llm=llm)
            return
        for event, data in answerer.stream(question, k=k, llm=llm, search=search):
            # Streamed LLM tokens pass as they come; the final answer is checked.
            yield event, (self.guard_answer(data) if event == "answer" else data)

    # -- conversations (issue #19 item 6) ---------------------------------------------------

    def sessions(self) -> SessionStore:
        """The conversations kept in this index folder (``<index>/sessions/``)."""
        from notelens.answer.session import SessionStore

        return SessionStore(self.layout.root)

    def rewrite_followup(
        self, question: str, history: Sequence[Turn], *, llm: str | None = None
    ) -> Rewrite:
        """``question`` as a standalone question given the turns before it: the rules
        of :mod:`notelens.answer.followup`, then the LLM ``llm`` names when one answers
        (its rewrite kept only when it keeps the entity the rules found)."""
        from notelens.answer.followup import rewrite_llm, rewrite_rules

        rules = rewrite_rules(question, history, self.analyzer)
        if not history or not self.uses_llm(llm):
            return rules
        generator = self.generator(llm)
        return rules if generator is None else rewrite_llm(question, history, rules, generator)

    def in_session(
        self,
        question: str,
        session: str,
        answer: Callable[[str], Iterator[tuple[str, Any]]],
        *,
        llm: str | None = None,
    ) -> Iterator[tuple[str, Any]]:
        """``answer``'s events for ``question`` made standalone in the conversation
        ``session``: the rewrite first, then the answer (guarded, with
        ``rewritten_question`` and ``session`` set), then the turn saved. ``answer``
        maps a standalone question to ask-style events (RAG's or CAG's)."""
        from dataclasses import replace

        from notelens.answer.followup import Turn, key_entity

        store = self.sessions()
        conversation = store.load(session)
        rewrite = self.rewrite_followup(question, conversation.turns, llm=llm)
        for event, data in answer(rewrite.standalone):
            if event != "answer":
                yield event, data
                continue
            checked = self.guard_answer(data)
            note = "; ".join(x for x in (conversation.problem, checked.note) if x)
            checked = replace(
                checked,
                question=question.strip(),
                rewritten_question=rewrite.standalone,
                session=conversation.id,
                note=note,
            )
            topic = rewrite.topic or key_entity(rewrite.standalone, self.analyzer)
            text = "" if checked.refused else checked.answer
            conversation.add(Turn(question.strip(), rewrite.standalone, topic, text))
            store.save(conversation)
            yield event, checked

    # -- CAG (issue #19 item 7) -------------------------------------------------------------

    def cag(
        self,
        *,
        llm: str | None = None,
        source: str | None = None,
        lang: Lang | None = None,
        note: NoteFilter | None = None,
        n_ctx: int | None = None,
        preload: bool = True,
    ) -> CagContext:
        """The notes in scope (``source``, ``lang``, ``note`` as in :meth:`search`)
        preloaded into the local GGUF model ``llm`` names, with a context of ``n_ctx``
        tokens (default ``CAG_N_CTX``); ask it questions with ``.ask``/``.stream``, close
        it with ``.generator.close()``. See :mod:`notelens.answer.cag`."""
        from dataclasses import replace

        from notelens.answer.cag import CAG_N_CTX, CagContext, note_hits
        from notelens.answer.registry import create_generator, parse_spec

        spec = parse_spec(llm, self.settings.llm)
        if spec.kind != "gguf":
            raise ConfigError(
                "CAG needs a local GGUF model (its KV cache is kept between questions)",
                hint="--llm local, --llm smollm2 or --llm gguf:PATH",
            )
        ctx = n_ctx or CAG_N_CTX
        if ctx < 512:
            raise ConfigError(f"the CAG context must hold at least 512 tokens, not {ctx}")
        where = self.store_filter(source=source, lang=lang, note=note)
        hits = self.guard.redact_hits(note_hits(self._get_searcher().store.records(where)))
        answerer = self._get_answerer()
        cfg = self.settings.answer
        # Checked before the model loads: a too-big note set costs no load.
        CagContext.check_fits(hits, n_ctx=ctx, max_answer_tokens=cfg.max_answer_tokens)
        generator = create_generator(spec, replace(self.settings.llm, n_ctx=ctx))
        assert generator is not None
        context = CagContext(
            hits, generator, answerer, n_ctx=ctx, max_answer_tokens=cfg.max_answer_tokens
        )
        if preload:
            try:
                context.preload()
            except BaseException:
                context.close()  # the model is not kept for a context that failed
                raise
        return context

    # -- parts used by evaluation (notelens.evaluate.api) and benchmarks ------------------

    @property
    def searcher(self) -> Searcher:
        """The searcher over this index (opened on first use, reopened after a rebuild)."""
        return self._get_searcher()

    def generator(self, llm: str | None = None) -> Generator | None:
        """The LLM generator ``llm`` names (``None``: the configured spec); ``None`` when
        answers are extractive."""
        return self._get_answerer().generator(llm)

    def import_index(self, source_dir: str | Path, *, backend: str = "lancedb") -> CopyReport:
        """Copy the index in ``source_dir`` (held by ``backend``) into this engine's
        store without re-embedding (``notelens index --from-index``)."""
        from notelens.index.transfer import copy_index
        from notelens.store.registry import create

        with self._lock:
            return copy_index(
                Path(source_dir).expanduser(),
                create(backend),
                self.layout.root,
                self.stores,
            )

    # -- doctor -----------------------------------------------------------------------------

    def doctor(
        self,
        *,
        repair: bool = False,
        paths: Sequence[str | Path] = (),
        progress: Progress | None = None,
    ) -> DoctorReport:
        """Check the index (meta, table, rows, vectors, vector cache; see
        :mod:`notelens.index.doctor`); with ``repair`` and any check failing, move aside
        what cannot be read and rebuild from the note files (``paths``, or the folders
        ``meta.json`` records), reusing only sound vectors."""
        from notelens.index.doctor import DoctorReport, Recipe, diagnose

        recipe = Recipe(self.analyzer.version, self.embedder.id, self.embedder.dim)
        if not self.layout.exists() and not self.stores.tables(self.layout.root):
            raise IndexNotFoundError(
                "no index here yet",
                path=str(self.layout.root),
                hint="create it with `notelens index PATH`",
            )
        checks = diagnose(self.layout, self.stores, recipe)
        if all(c.ok for c in checks) or not repair:
            return DoctorReport(str(self.layout.root), checks)
        with self._lock:
            self._searcher = None  # never searched again: it may hold the damaged table
        damaged = self.layout.root / "damaged"
        before = set(damaged.rglob("*")) if damaged.is_dir() else set()
        unreadable_table = any(c.unreadable and c.name != "meta" for c in checks)
        meta = None if any(c.unreadable and c.name == "meta" for c in checks) else self._meta()
        if unreadable_table and meta is not None:
            # What cannot be read cannot lend vectors either: set it apart first.
            with self.layout.write_lock():
                self.stores.move_aside(self.layout.root, meta.table, self.layout.damaged_dir())
        report = self.index(paths, rebuild=True, progress=progress)
        after = set(damaged.rglob("*")) if damaged.is_dir() else set()
        moved = sorted(
            str(p) for p in after - before if p.parent.parent == damaged and p not in before
        )
        return DoctorReport(
            str(self.layout.root),
            checks,
            repaired=True,
            moved=tuple(moved),
            rebuild=report,
            after=diagnose(self.layout, self.stores, recipe),
        )

    # -- note files ---------------------------------------------------------------------------

    def read_note(self, path: Path) -> bytes:
        """The bytes of the note file ``path`` as it is now, within the indexing size limit;
        a FIFO, device or oversized file raises :class:`UnsupportedFileError`, an unreadable
        one ``OSError`` (the HTTP ``/passage`` view; see ``ingest.walker.read_regular``)."""
        from notelens.ingest.walker import read_regular

        return read_regular(path, self.settings.ingest.max_file_bytes)[1]

    # -- status -----------------------------------------------------------------------------

    def _store_where(self) -> dict[str, Any]:
        """IndexStatus' store fields: the backend and, for a server, where it is."""
        stores = self.stores
        where = stores.describe() if isinstance(stores, DescribingStoreFactory) else {}
        return {
            "store": stores.name,
            "store_dsn": where.get("dsn"),
            "store_replica": where.get("replica"),
            "store_namespace": where.get("namespace"),
            "store_bm25": where.get("bm25"),
        }

    def status(self) -> IndexStatus:
        """What the index holds, and whether this notelens can search it."""
        from notelens.index import last_run

        root = str(self.layout.root)
        where = self._store_where()
        try:
            meta = self.layout.read_meta()
        except NotelensError as exc:
            return IndexStatus(
                index_dir=root, exists=True, compatible=False, problem=str(exc), **where
            )
        if meta is None:
            return IndexStatus(index_dir=root, exists=False, **where)
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
            dense_unindexed=stats.dense_unindexed if stats else 0,
            created=meta.created,
            updated=meta.updated,
            compatible=compatible,
            problem=problem,
            flagged_chunks=stats.flagged if stats else 0,
            flags=stats.flags if stats else {},
            roots=tuple(meta.roots),
            last_run=last_run.read(self.layout.root),
            **where,
        )

    # -- note scope (issue #18) -------------------------------------------------------------

    def store_filter(
        self,
        *,
        source: str | None = None,
        lang: Lang | None = None,
        note: NoteFilter | None = None,
    ) -> StoreFilter:
        """The store filter of a search: ``note.folder`` becomes absolute paths (as given
        when absolute, else under each indexed root), so every backend compares paths."""
        if note is None or note.empty:
            return StoreFilter(source_glob=source, lang=lang)
        folders: tuple[str, ...] = ()
        if note.folder is not None:
            from notelens.paths import source_key

            given = Path(note.folder).expanduser()
            if given.is_absolute():
                folders = (source_key(given.resolve()),)
            else:
                rel = note.folder.strip().strip("/")
                meta = self.layout.read_meta()
                roots = meta.roots if meta is not None else ()
                folders = tuple(f"{r.rstrip('/')}/{rel}" if rel else r for r in roots) or (rel,)
        return StoreFilter(
            source_glob=source,
            lang=lang,
            tags=note.tags,
            folders=folders,
            since=note.since,
            until=note.until,
        )

    def links(self, note: str) -> NoteLinks:
        """Outgoing wiki-links and backlinks of ``note`` (a path, note name or alias);
        see :mod:`notelens.index.links`."""
        from notelens.index.links import note_links

        return note_links(self._get_searcher().store, note)

    def coverage(self) -> Coverage | None:
        """What the last index run or watch sync did with each file (``None``: no run
        recorded one yet); see :mod:`notelens.index.coverage`."""
        from notelens.index.coverage import read_coverage

        return read_coverage(self.layout.root)

    def watch(
        self,
        paths: Sequence[str | Path] = (),
        *,
        stop: threading.Event | None = None,
        on_sync: Callable[[SyncResult], None] | None = None,
        ready: threading.Event | None = None,
        options: WatchOptions | None = None,
        debounce_ms: int | None = None,
    ) -> None:
        """Keep the index in sync with ``paths`` (default: the indexed folders) until
        ``stop`` is set; each debounced batch of changes is an index run over the changed
        paths only. See :mod:`notelens.index.watch`."""
        from dataclasses import replace

        from notelens.index.watch import WatchOptions, watch_folders
        from notelens.ingest.walker import IGNORE_FILE

        if debounce_ms is not None:
            options = replace(options or WatchOptions(), debounce_ms=debounce_ms)
        roots = [str(p) for p in paths] or list(self._meta().roots)

        def sync(changed: list[str]) -> IndexReport:
            # A changed ignore file can admit or drop any file below it: a whole pass.
            whole = any(Path(p).name == IGNORE_FILE for p in changed)
            return self.index(roots, only=None if whole else changed)

        watch_folders(
            roots,
            sync,
            options=options,
            stop=stop,
            on_sync=on_sync,
            ready=ready,
            exclude=[self.layout.root],
        )

    # -- curation (notelens.curate) ----------------------------------------------------

    def duplicates(
        self, *, threshold: float | None = None, level: str = "all", embeddings: bool = True
    ) -> DupReport:
        """Near-duplicate entries and notes of the index (``notelens dups``).

        ``threshold``: the shingle Jaccard (default ``Settings.curate.dup_threshold``);
        ``level``: ``entry``, ``note`` or ``all``; ``embeddings``: also look for the same
        entry in another language or words (embeds every entry once)."""
        from dataclasses import replace

        from notelens.curate.dups import find_duplicates

        if level not in ("all", "entry", "note"):
            raise ConfigError(f"level must be all, entry or note, not {level!r}")
        config = self.settings.curate
        if threshold is not None:
            config = replace(config, dup_threshold=threshold)
            config.validate()
        store = self._get_searcher().store
        records = store.records()
        embed = self.embedder.embed_passages if embeddings else None
        vectors = self._vectors(records) if embeddings else None
        return find_duplicates(
            records, self.analyzer, config, embed=embed, vectors=vectors, level=level
        )

    def _vectors(self, records: Sequence[ChunkRecord]) -> dict[str, npt.NDArray[np.float32]]:
        store = self._get_searcher().store
        rows = store.get([r.chunk_id for r in records], with_vectors=True)
        return {r.chunk_id: r.vector for r in rows if r.vector is not None}

    def related(self, note: str, *, k: int = 5) -> RelatedList:
        """The ``k`` notes most related to ``note`` (a path, file name or title)."""
        from notelens.curate.related import related_notes

        records = self._get_searcher().store.records()
        return related_notes(note, records, self._vectors(records), k=k)

    def glossary(self) -> Glossary:
        """The concepts the notes define, merged across files and languages."""
        from notelens.curate.glossary import build_glossary

        return build_glossary(self._get_searcher().store.records())

    def glossary_term(self, term: str) -> Term:
        """One term's page: definitions, the notes that use it, related terms."""
        from notelens.curate.glossary import find_term

        return find_term(self.glossary(), term)

    def summarize(
        self,
        note: str,
        *,
        lines: int = 3,
        lang: Lang | None = None,
        llm: str | None = None,
        read_files: bool = True,
    ) -> Summary:
        """A ``lines``-line summary of an indexed note (path, file name or title) or of
        a file read on the spot: extractive, or written by the LLM ``llm`` names (the
        configured one for ``None``) with every line checked against its passage.
        ``read_files=False`` (the HTTP API) accepts indexed notes only."""
        from dataclasses import replace

        from notelens.curate.summary import extractive_summary, llm_summary

        if not 1 <= lines <= 20:
            raise ConfigError("lines must be between 1 and 20")
        source, passages = self._note_passages(note, read_files=read_files)
        if not self.uses_llm(llm):
            return extractive_summary(
                source, passages, self.embedder.embed_passages, lines=lines, lang=lang
            )
        generator = self.generator(llm)
        assert generator is not None
        try:
            return llm_summary(
                source,
                passages,
                generator,
                self.analyzer,
                self.settings.answer,
                lines=lines,
                lang=lang,
            )
        except GeneratorError as exc:
            # As for ask: a model that fails (unreachable, context too small for the
            # note) falls back to the extractive lines unless NOTELENS_LLM_FALLBACK=0.
            if not self.settings.llm.fallback_extractive:
                raise
            summary = extractive_summary(
                source, passages, self.embedder.embed_passages, lines=lines, lang=lang
            )
            return replace(summary, method=f"extractive (the LLM failed: {exc.message})")

    def _note_passages(
        self, note: str, *, read_files: bool = True
    ) -> tuple[str, Sequence[Passage]]:
        """The chunks of an indexed note, or of a file that is not indexed (read and
        chunked now, nothing stored)."""
        from notelens.curate.related import resolve_note
        from notelens.ingest import load_file
        from notelens.ingest.chunking import chunk_document

        path = Path(note).expanduser()
        records = self._get_searcher().store.records() if self.layout.exists() else []
        by_source: dict[str, list[ChunkRecord]] = {}
        for r in records:
            by_source.setdefault(r.source, []).append(r)
        if read_files and path.is_file():
            resolved = str(path.resolve())
            if resolved in by_source:
                return resolved, by_source[resolved]
            doc = load_file(path, self.settings.ingest)
            return doc.source, chunk_document(doc, self.settings.chunking)
        titles = {s: rs[0].title for s, rs in by_source.items()}
        source = resolve_note(note, sorted(by_source), titles)
        return source, by_source[source]

    # -- "which note" search (issue #22 item 3) ----------------------------------------------

    def search_notes(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        *,
        source: str | None = None,
        lang: Lang | None = None,
        rerank: str | None = None,
        per_note: int = 3,
        note: NoteFilter | None = None,
    ) -> list[NoteHit]:
        """Top ``k`` notes for ``query``: one row per note, scored by its best passage
        plus a small share of its next ones (:mod:`notelens.retrieve.aggregate`), with
        its ``per_note`` best passages. Same options as :meth:`search`."""
        from notelens.config import LIMITS
        from notelens.retrieve.aggregate import note_depth, notes_of

        if per_note < 1:
            raise ConfigError("per_note must be >= 1")
        depth = note_depth(k, per_note, LIMITS.max_k)
        hits = self.search(
            query, k=depth, mode=mode, source=source, lang=lang, rerank=rerank, note=note
        )
        return notes_of(hits, k, per_note=per_note)

    # -- weekly digest (issue #19 item 5) -------------------------------------------------

    def digest(
        self,
        *,
        since: str = "7d",
        until: str | None = None,
        origin: str = "auto",
        llm: str | None = None,
    ) -> Digest:
        """Archive entries added or changed between ``since`` and ``until`` (a span such
        as ``7d``, a day or an ISO time; ``until`` defaults to now), grouped by heading,
        each with a one-line summary. ``origin``: ``git`` (the folder's commits),
        ``ledger`` (the index's entry ledger) or ``auto`` (git for folders in a
        repository, the ledger for the rest)."""
        from datetime import UTC, datetime

        from notelens.curate import digest as dg
        from notelens.curate.ledger import REPAIR, LedgerError, read_ledger

        if origin not in ("auto", "git", "ledger"):
            raise ConfigError(f"origin must be auto, git or ledger, not {origin!r}")
        now = datetime.now(UTC)
        start = dg.parse_when(since, now)
        end = dg.parse_when(until, now, end=True) if until else now
        if start > end:
            raise ConfigError(f"the period starts after it ends ({since} > {until})")
        meta = self._meta()
        records = self._get_searcher().store.records()
        indexed = {r.source for r in records}
        roots = [Path(r) for r in meta.roots]
        in_git = [r for r in roots if origin != "ledger" and dg.git_top(r) is not None]
        if origin == "git" and not in_git:
            raise ConfigError(
                "none of the indexed folders is in a git repository",
                hint="use `--from ledger` (the index's own entry history)",
            )
        changes: list[dg.Change] = []
        reader = dg.chunk_reader(self.settings)
        for root in in_git:
            changes += dg.from_git(root, indexed, start, end, reader)
        rest = [str(r) for r in roots if r not in in_git]
        if rest:
            ledger = read_ledger(self.layout.root)
            if ledger is None:
                raise LedgerError(
                    "the index has no entry ledger yet", path=str(self.layout.root), hint=REPAIR
                )
            under = [r.rstrip("/") + "/" for r in rest]
            changes += [
                c
                for c in dg.from_ledger(ledger, records, start, end)
                if any(c.entry.source.startswith(u) for u in under)
            ]
        summarise, method = self._digest_summariser(llm)
        items = dg.with_summaries(changes, summarise)
        return dg.Digest(start, end, tuple(items), method)

    def _digest_summariser(
        self, llm: str | None
    ) -> tuple[Callable[[Sequence[EntryPassage]], list[str]], str]:
        """One grounded line per entry: extractive (one embedding batch for all), or
        the LLM's, with the extractive line where the model fails or writes nothing
        the entry supports."""
        from notelens.curate.digest import extractive_lines
        from notelens.curate.summary import llm_summary

        def extractive(ps: Sequence[EntryPassage]) -> list[str]:
            return extractive_lines(ps, self.embedder.embed_passages)

        if not self.uses_llm(llm):
            return extractive, "extractive"
        generator = self.generator(llm)
        assert generator is not None

        def written(ps: Sequence[EntryPassage]) -> list[str]:
            fallback = extractive(ps)
            out: list[str] = []
            for p, spare in zip(ps, fallback, strict=True):
                try:
                    s = llm_summary(
                        p.source, [p], generator, self.analyzer, self.settings.answer, lines=1
                    )
                except GeneratorError:
                    if not self.settings.llm.fallback_extractive:
                        raise
                    s = None
                out.append(s.lines[0].text if s is not None and s.lines else spare)
            return out

        return written, f"llm:{generator.name} (extractive where no line was supported)"


def _ledger_hook(index_dir: Path, store: Store, reports: Sequence[FileReport]) -> None:
    """The entry ledger of ``notelens digest``, updated in every index run."""
    from notelens.curate.ledger import update_ledger

    update_ledger(index_dir, store, reports)
