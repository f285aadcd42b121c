"""Search over a :class:`~notelens.store.base.Store`: BM25, dense, or fused hybrid."""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from notelens.analysis.asked_language import asked_language
from notelens.analysis.base import Analyzer, MorphemeTagger
from notelens.analysis.lang import detect_lang
from notelens.analysis.lexicon import word_translations
from notelens.analysis.loanwords import latin_spelling
from notelens.analysis.typos import note_spelling
from notelens.config import LIMITS, FusionConfig, RerankConfig
from notelens.embed.base import Embedder
from notelens.errors import ConfigError, SearchError
from notelens.index.windows import WindowVectors
from notelens.retrieve import acronyms, dated_entries, defining, named_notes, named_sections
from notelens.retrieve.across import other_script
from notelens.retrieve.batching import QueryBatcher, Ticket
from notelens.retrieve.dedupe import DuplicateFolder
from notelens.retrieve.fusion import ABSENT, FLOORS, FUSION_METHODS, floored, fuse
from notelens.retrieve.rerank import (
    NO_RERANK,
    RERANKERS,
    IdentityReranker,
    Reranker,
    applies_to,
    create_reranker,
    rerank_with_evidence,
)
from notelens.retrieve.sections import Part, asks_for_end, last_parts_first
from notelens.retrieve.translate import add_translated, translated_terms
from notelens.retrieve.twins import asks_version, neighbours, twins_first, versions
from notelens.retrieve.windows import WindowScorer, best_window_leg
from notelens.store.base import ChunkRecord, Scored, Store, StoreFilter
from notelens.types import SEARCH_MODES, Explanation, Hit, Lang

MAX_QUERY_CHARS = LIMITS.max_question_chars
MAX_K = LIMITS.max_k
# How long a batch of dense legs may wait for more searches: those still on their BM25
# leg, or under load the next requests of the clients just answered (a round trip of a
# few ms); small against a batch's ~30-40 ms, and a lone search after idle never waits.
BATCH_WAIT_S = 0.005
BATCH_MAX = 8
# Extra rows a single-leg search reads so that k distinct passages remain after
# duplicates fold (a bm25/dense list with more than this many copies in its top k
# returns fewer than k hits; hybrid reads its 100-row pool either way).
DEDUPE_SLACK = 8


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What a query turned into: its terms, language and fusion weights."""

    text: str
    terms: tuple[str, ...]
    lang: str
    weights: tuple[float, float]
    #: The terms' translations into the other language (retrieve/translate.py), which the
    #: hybrid's BM25 leg adds at ``translated_weight``.
    translated: tuple[str, ...] = ()
    translated_weight: float = 0.0
    #: The stored language of the passages in the other script than the query's, where
    #: the translations count ``across_weight`` in all (retrieve/across.py); ``None``:
    #: no such step (no translations, or no more weight there than everywhere).
    across: Lang | None = None
    across_weight: float = 0.0


@dataclass(frozen=True, slots=True)
class _DenseJob:
    """One search's dense leg, as queued for a batch."""

    query: str
    n: int
    where: StoreFilter | None


def check_retrieval(fusion: FusionConfig, rerank: RerankConfig, *more_rerankers: str) -> None:
    """Raise ``ConfigError`` now when the settings name an unknown fusion method or
    reranker (built-in or plugin; ``more_rerankers``: other settings naming one, empty
    ones skipped), instead of at the first search."""
    FUSION_METHODS.factory(fusion.method)
    if fusion.absent_floor not in FLOORS:
        raise ConfigError(
            f"unknown FusionConfig.absent_floor {fusion.absent_floor!r}: one of {', '.join(FLOORS)}"
        )
    # Each step that reads the fused head reads at most the candidates fused; 0 turns it off.
    for name in (
        "end_parts_depth",
        "named_section_depth",
        "dated_entry_depth",
        "named_note_depth",
        "definition_depth",
        "twin_depth",
    ):
        depth = getattr(fusion, name)
        if not 0 <= depth <= fusion.candidates:
            raise ConfigError(
                f"FusionConfig.{name} {depth!r} is not between"
                f" 0 (off) and FusionConfig.candidates ({fusion.candidates})"
            )
    RERANKERS.factory(rerank.method)
    for name in more_rerankers:  # per-call style names: "none" / "off" mean identity
        if name and name not in NO_RERANK:
            RERANKERS.factory(name)


class Searcher:
    """Stateless apart from a small LRU of query vectors (queries repeat in UIs)."""

    def __init__(
        self,
        store: Store,
        analyzer: Analyzer,
        embedder: Embedder,
        fusion: FusionConfig | None = None,
        cache_size: int = 256,
        *,
        rerank: RerankConfig | None = None,
        reranker: Reranker | None = None,
        windows: WindowVectors | None = None,
    ) -> None:
        self.store = store
        self.use_windows(windows)
        self.analyzer = analyzer
        self.embedder = embedder
        self.fusion = fusion or FusionConfig()
        self.rerank_config = rerank or RerankConfig()
        check_retrieval(self.fusion, self.rerank_config)
        self.reranker = self._bound(reranker or create_reranker(self.rerank_config))
        self._rerankers: dict[str, Reranker] = {}
        self._qcache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        # Concurrent searches (the server) share their dense legs: one batch embeds the
        # queued queries in one call and scores them in one pass over the vectors. Up
        # to one runner per core, since the embedder keeps each call on one thread; the
        # next one starts when half a batch waits (two half batches on two cores beat
        # one full batch on one: docs/benchmarks.md, "Batched dense legs").
        self._batcher: QueryBatcher[_DenseJob, list[Scored]] = QueryBatcher(
            self._dense_many,
            max_batch=BATCH_MAX,
            runners=max(1, min(4, os.cpu_count() or 1)),
            max_wait_s=BATCH_WAIT_S,
            spawn_backlog=BATCH_MAX // 2,
        )

    def use_windows(self, windows: WindowVectors | None) -> None:
        """Score long chunks by their best window in the dense leg (index/windows.py);
        ``None``: by their own vector only (an index without windows)."""
        self.windows = WindowScorer(windows) if windows is not None and len(windows) else None

    def plan(self, query: str, mode: str = "hybrid") -> QueryPlan:
        lang = detect_lang(query)
        terms = tuple(dict.fromkeys(self.analyzer.terms(query)))
        # Only the hybrid's BM25 leg searches the translations: a bm25 or dense search
        # does not pay for the lexicon lookups.
        weight = self.fusion.translated_weight(lang) if mode == "hybrid" else 0.0
        translated = translated_terms(self.analyzer, terms) if weight > 0 else ()
        across = self.fusion.translated_weight_across
        return QueryPlan(
            text=query,
            terms=terms,
            lang=lang,
            weights=self.fusion.weights_for(lang),
            translated=translated,
            translated_weight=weight,
            across=other_script(query, lang) if translated and across > weight else None,
            across_weight=across,
        )

    def query_vectors(self, queries: Sequence[str]) -> list[npt.NDArray[np.float32]]:
        """One vector per query: from the LRU when cached, the rest embedded in one call."""
        found: list[npt.NDArray[np.float32] | None] = []
        with self._lock:
            for q in queries:
                hit = self._qcache.get(q)
                if hit is not None:
                    self._qcache.move_to_end(q)
                found.append(hit)
        missing = list(dict.fromkeys(q for q, v in zip(queries, found, strict=True) if v is None))
        if not missing:
            return [v for v in found if v is not None]
        embedded = self.embedder.embed_queries(missing)
        if len(embedded) != len(missing):
            raise SearchError(f"the embedder returned {len(embedded)} vectors for {len(missing)}")
        new = {q: np.asarray(v, dtype=np.float32) for q, v in zip(missing, embedded, strict=True)}
        with self._lock:
            for q, v in new.items():
                self._qcache[q] = v
            while len(self._qcache) > self._cache_size:
                self._qcache.popitem(last=False)
        return [v if v is not None else new[q] for q, v in zip(queries, found, strict=True)]

    def query_vector(self, query: str) -> npt.NDArray[np.float32]:
        return self.query_vectors([query])[0]

    def _dense_many(self, jobs: list[_DenseJob]) -> list[list[Scored]]:
        """The dense legs of a batch of searches; jobs with the same filter share a scan."""
        vectors = self.query_vectors([j.query for j in jobs])
        groups: dict[StoreFilter | None, list[int]] = {}
        for i, job in enumerate(jobs):
            groups.setdefault(job.where, []).append(i)
        out: list[list[Scored]] = [[] for _ in jobs]
        for where, members in groups.items():
            n = max(jobs[i].n for i in members)
            matrix = np.stack([vectors[i] for i in members])
            results = self.store.search_vectors(matrix, n, where)
            scorer = self.windows
            for i, res in zip(members, results, strict=True):
                if scorer is not None:
                    # A filtered search rescores its own chunks only: which chunks pass
                    # the filter is the store's to say.
                    best = scorer.best(vectors[i], n, [s.chunk_id for s in res])
                    free = where is None or where.empty
                    res = best_window_leg(res, best, n, admit_new=free)
                out[i] = res[: jobs[i].n]
        return out

    def _dense(
        self, query: str, n: int, where: StoreFilter | None, ticket: Ticket | None = None
    ) -> list[Scored]:
        return self._batcher.submit(_DenseJob(query, n, where), ticket)

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        where: StoreFilter | None = None,
        *,
        rerank: str | None = None,
        typos: bool = True,
    ) -> list[Hit]:
        """Top ``k`` distinct passages; ``rerank`` names a reranker for this call only
        (``None``: the configured one; ``identity``/``none``: none); ``typos``: search
        again with a name of the query spelled as the candidates misspell it."""
        query = query.strip()
        if not query:
            raise SearchError("the query is empty")
        if len(query) > MAX_QUERY_CHARS:
            raise SearchError(f"the query is longer than {MAX_QUERY_CHARS} characters")
        if mode not in SEARCH_MODES:
            raise SearchError(f"unknown mode {mode!r}", hint="use hybrid, bm25 or dense")
        if not 1 <= k <= MAX_K:
            raise SearchError(f"k must be between 1 and {MAX_K}")
        reranker = self.reranker_for(rerank)
        # Candidate depth does not follow k (issue #22 item 5): hybrid fuses a fixed pool
        # of `fusion.candidates` per leg (z-scores over that pool), so `-k 5` is the first
        # five of `-k 100`. Deeper requests append the deeper fusion's order below it. A
        # single leg reads the reranker's N only when the reranker applies to the mode
        # and language (`features` is hybrid-only: a bm25 search does not pay for 20).
        pool = self.fusion.candidates

        bm25: list[Scored] = []
        dense: list[Scored] = []
        # One thread per search: BM25 takes ~1 ms in memory, and a second thread for the
        # dense leg measured ~5 % fewer searches/s under concurrent load (the hand-off
        # costs more than the overlap saves; concurrency comes from callers). In hybrid
        # mode the ticket tells a starting dense batch that this search will join shortly.
        announce = self._batcher.expecting() if mode == "hybrid" else nullcontext(None)
        with announce as ticket:
            plan = self.plan(query, mode)
            rerank_n = self._rerank_depth(reranker, plan, mode)
            n = max(k, pool) if mode == "hybrid" else max(k, rerank_n) + DEDUPE_SLACK
            if mode != "dense":
                bm25 = self.store.search_terms(list(plan.terms), n, where)
            if mode == "hybrid" and plan.translated:
                other = self.store.search_terms(list(plan.translated), n, where)
                bm25 = add_translated(bm25, other, plan.translated_weight, n)
                if plan.across is not None and (where is None or where.lang is None):
                    # The passages in the other script: the rest of the weight there.
                    only = replace(where or StoreFilter(), lang=plan.across)
                    theirs = self.store.search_terms(list(plan.translated), n, only)
                    extra = plan.across_weight - plan.translated_weight
                    bm25 = add_translated(bm25, theirs, extra, n)
            if mode != "bm25":
                dense = self._dense(query, n, where, ticket)

        bm25_pos = {s.chunk_id: (i, s.score) for i, s in enumerate(bm25, 1)}
        dense_pos = {s.chunk_id: (i, s.score) for i, s in enumerate(dense, 1)}
        if mode == "bm25":
            ranked = [(s.chunk_id, s.score) for s in bm25]
        elif mode == "dense":
            ranked = [(s.chunk_id, s.score) for s in dense]
        else:
            ranked = self._fuse(bm25, dense, plan, pool)
            # The question is read before the fused head is fetched: most name no note.
            places = self._places(query) if self.fusion.named_note_depth > 0 else set()
            if self.fusion.named_note_depth > 0 and named_notes.may_name(
                query, word_translations, places
            ):
                ranked = self._named_note_first(ranked, query, self.fusion.named_note_depth, places)
            depth = self.fusion.named_section_depth
            names = named_sections.section_names(query) if depth > 0 else []
            if names:
                ranked = self._named_section_first(ranked, names, depth, where)
            days_depth = self.fusion.dated_entry_depth
            days = dated_entries.asked_days(query) if days_depth > 0 else set()
            if days:
                ranked = self._dated_entry_first(ranked, days, days_depth, where)
            if self.fusion.end_parts_depth > 0 and asks_for_end(query):
                ranked = self._last_parts_first(ranked, self.fusion.end_parts_depth)
            if self.fusion.definition_depth > 0:
                ranked = self._defining_first(ranked, query, self.fusion.definition_depth)
            asked = asked_language(query) if self.fusion.twin_depth > 0 else None
            if asked is not None and asks_version(query):
                ranked = self._twins_first(ranked, asked, self.fusion.twin_depth, where)
        # Enough distinct passages for the reranker's top N and for k (duplicates fold).
        want = max(k, rerank_n)
        folder = DuplicateFolder()
        terms: dict[str, str] = {}  # the kept rows' stored terms, for a TermsReranker
        start = 0
        while len(folder) < want and start < len(ranked):
            step = ranked[start : start + max(2 * (want - len(folder)), 16)]
            start += len(step)
            records = {r.chunk_id: r for r in self.store.get([cid for cid, _ in step])}
            for cid, score in step:
                rec = records.get(cid)
                if rec is None:
                    continue
                b = bm25_pos.get(cid)
                d = dense_pos.get(cid)
                doc_terms = set(rec.terms.split())
                terms[cid] = rec.terms
                folder.add(
                    Hit(
                        rank=0,
                        score=float(score),
                        chunk_id=cid,
                        source=rec.source,
                        title=rec.title,
                        heading=rec.heading,
                        text=rec.text,
                        location=rec.location,
                        lang=rec.lang,
                        links=rec.links,
                        flags=rec.flags,
                        explanation=Explanation(
                            bm25_rank=b[0] if b else None,
                            bm25_score=b[1] if b else None,
                            dense_rank=d[0] if d else None,
                            dense_score=d[1] if d else None,
                            matched_terms=tuple(t for t in plan.terms if t in doc_terms),
                        ),
                    )
                )
        hits = [
            replace(h, explanation=replace(h.explanation, fused_rank=h.rank, fused_score=h.score))
            for h in folder.hits()
        ]
        if mode != "dense":
            # A name typed in Hangul that the candidates write in Latin letters (친칠라 /
            # Chinchilla; analysis/loanwords.py) matches nothing in BM25: search again with
            # the candidates' spelling (each search respells at least one Hangul word, so
            # this ends: in practice once).
            texts = [h.text for h in hits]
            respelled = latin_spelling(query, texts, self.analyzer.terms)
            if typos:
                # A name the candidates misspell (Gemini / Gmeini; analysis/typos.py):
                # once, so that two spellings cannot send the search back and forth.
                shown = [f"{h.heading}\n{h.text}" for h in hits]  # "### Flaminog"
                respelled = note_spelling(respelled, shown, self.analyzer.terms)
            if respelled != query:
                return self.search(respelled, k, mode, where, rerank=rerank, typos=False)
        return self._rerank(reranker, plan, rerank_n, hits, terms)[:k]

    def _fuse(
        self, bm25: list[Scored], dense: list[Scored], plan: QueryPlan, pool: int
    ) -> list[tuple[str, float]]:
        """Fusion of the top ``pool`` of each leg; what the legs hold below that pool is
        fused over the full legs and appended (only a request deeper than the pool)."""

        def fused(depth: int) -> list[tuple[str, float]]:
            legs = [[(s.chunk_id, s.score) for s in leg[:depth]] for leg in (bm25, dense)]
            if len(bm25) < pool:  # the BM25 leg holds every passage with a query term
                legs[0] = floored(legs[0], legs[1], self.fusion.absent_floor)
            out = fuse(self.fusion.method, legs, plan.weights, self.fusion)
            return [x for x in out if x[0] != ABSENT]

        top = fused(pool)
        if len(bm25) <= pool and len(dense) <= pool:
            return top
        seen = {cid for cid, _ in top}
        return top + [(cid, sc) for cid, sc in fused(max(len(bm25), len(dense))) if cid not in seen]

    def _section_parts(
        self, ranked: list[tuple[str, float]], depth: int, where: StoreFilter | None
    ) -> list[named_sections.Part]:
        """Every stored passage of the notes the fused top ``depth`` comes from (``where``
        kept), as retrieve/named_sections.py reads them: a section's later part may be
        outside the fused list altogether."""
        head = [cid for cid, _ in ranked[:depth]]
        sources = list(dict.fromkeys(r.source for r in self.store.get(head)))
        parts: list[named_sections.Part] = []
        for source in sources:
            for r in self._note_records(source, where):
                loc = r.location
                at = (
                    (loc.line_start or 0, loc.line_end or 0) if loc.line_start else (loc.page or 0,)
                )
                parts.append(named_sections.Part(r.chunk_id, r.source, r.heading, at))
        return parts

    def _note_records(self, source: str, where: StoreFilter | None) -> list[ChunkRecord]:
        """Every stored passage of the note ``source`` (``where`` kept)."""
        only = replace(where or StoreFilter(), source_glob=_glob_escape(source))
        return self.store.records(only)

    def _places(self, query: str) -> set[int]:
        """Where a locative particle begins in ``query`` ("논문정리에서": 4), by the
        analyzer's morphemes (tag ``JKB``); none with an analyzer that gives none."""
        if not isinstance(self.analyzer, MorphemeTagger):
            return set()
        return {start for _form, tag, start, _end in self.analyzer.morphemes(query) if tag == "JKB"}

    def _named_note_first(
        self,
        ranked: list[tuple[str, float]],
        query: str,
        depth: int,
        places: set[int] | None = None,
    ) -> list[tuple[str, float]]:
        """The passages of the note whose title the question names
        (retrieve/named_notes.py), in fused order, first: the titles are those of the
        notes the fused top ``depth`` comes from. A note with a passage under a heading
        that is not its title is "sectioned" (all its passages read, not only the
        head's): a locative particle after its name names it (``places``)."""
        head = [cid for cid, _ in ranked[:depth]]
        records = self.store.get(head)
        notes = list(dict.fromkeys((r.source, r.title) for r in records))
        passages = [(r.source, f"{r.heading}\n{r.text}") for r in records]

        def sectioned(source: str) -> bool:
            return any(
                r.heading.strip() and r.title.strip() and r.title.strip() not in r.heading
                for r in self._note_records(source, None)
            )

        source = named_notes.named_note(
            query,
            notes,
            word_translations,
            passages,
            places or (),
            sectioned,
            lambda src: [f"{r.heading}\n{r.text}" for r in self._note_records(src, None)],
        )
        if source is None:
            return ranked
        # The note's passages anywhere in the fused list, not only in its head.
        ids = [cid for cid, _ in ranked]
        mine = {r.chunk_id for r in self.store.get(ids) if r.source == source}
        if any(cid in mine for cid in ids[: named_notes.MAX_PARTS]):
            # The note is in the places ask reads already: its passages there won on the
            # question's own words, and moving the others up only thins the evidence
            # (realq6: three right answers lost their strength).
            return ranked
        chosen = [cid for cid in ids if cid in mine][: named_notes.MAX_PARTS]
        return named_sections.named_first(ranked, chosen)

    def _named_section_first(
        self,
        ranked: list[tuple[str, float]],
        names: list[str],
        depth: int,
        where: StoreFilter | None,
    ) -> list[tuple[str, float]]:
        """The parts of the section the question names, first (retrieve/named_sections.py):
        the sections are looked for in the notes of the fused top ``depth``, all of
        their passages read (the part that answers may be outside the fused list)."""
        parts = self._section_parts(ranked, depth, where)
        section = named_sections.named_section(names, parts, [cid for cid, _ in ranked])
        return named_sections.named_first(ranked, section)

    def _dated_entry_first(
        self,
        ranked: list[tuple[str, float]],
        days: set[tuple[int, int]],
        depth: int,
        where: StoreFilter | None,
    ) -> list[tuple[str, float]]:
        """The parts of the entry filed under the day the question names
        (retrieve/dated_entries.py), first: looked for, as a named section is, in every
        passage of the notes the fused top ``depth`` comes from."""
        parts = self._section_parts(ranked, depth, where)
        entry = dated_entries.dated_entry(days, parts, [cid for cid, _ in ranked])
        return named_sections.named_first(ranked, entry)

    def _defining_first(
        self, ranked: list[tuple[str, float]], query: str, depth: int
    ) -> list[tuple[str, float]]:
        """The passages of the fused top ``depth`` that define the term a "what is X"
        question asks about (retrieve/defining.py), or spell out the acronym it asks to
        expand (retrieve/acronyms.py), first: a glossary passage is long and shares one
        word with the question, so the passages that merely use the term outrank it."""
        asked = defining.asked_terms(query)
        acronym = acronyms.asked_acronym(query)
        if not asked and acronym is None:
            return ranked
        head = [cid for cid, _ in ranked[:depth]]
        records = {r.chunk_id: r for r in self.store.get(head)}
        found = [
            cid
            for cid in head
            if (r := records.get(cid)) is not None
            and (
                defining.defines_passage(r.text, r.heading, asked)
                or (acronym is not None and acronyms.expands(acronym, r.text))
            )
        ]
        return defining.defining_first(ranked, found)

    def _twins_first(
        self, ranked: list[tuple[str, float]], asked: str, depth: int, where: StoreFilter | None
    ) -> list[tuple[str, float]]:
        """The other-language versions of the fused head's passages (retrieve/twins.py),
        just above them, for a question that names that language's version: a passage
        of the first ``depth`` not written in ``asked`` whose neighbour in its note (the
        stored passage right before or after it in line order) is."""
        head = ranked[:depth]
        records = {r.chunk_id: r for r in self.store.get([cid for cid, _ in head])}
        own = [cid for cid, _ in head if (r := records.get(cid)) and r.lang != asked]
        if not own:
            return ranked
        twins: dict[str, str] = {}
        for source in dict.fromkeys(records[cid].source for cid in own):
            note = [
                r for r in self._note_records(source, where) if r.location.line_start is not None
            ]
            note.sort(key=lambda r: (r.location.line_start or 0, r.location.line_end or 0))
            by_id = {r.chunk_id: r for r in note}
            order = list(by_id)
            for cid in own:
                if records[cid].source != source:
                    continue
                for other in neighbours(order, cid):
                    if by_id[other].lang == asked and versions(by_id[other].text, by_id[cid].text):
                        twins[cid] = other
                        break
        return twins_first(ranked, twins)

    def _last_parts_first(
        self, ranked: list[tuple[str, float]], depth: int
    ) -> list[tuple[str, float]]:
        """The fused head's parts of one split section, last part first in the places
        they hold (retrieve/sections.py); below ``depth`` the list as fused. A section
        is a file's non-empty heading path; a part's position is its line range (or page)."""
        head = ranked[:depth]
        parts: dict[str, Part | None] = {}
        for r in self.store.get([cid for cid, _ in head]):
            loc = r.location
            where: tuple[int, ...] = ()
            if loc.line_end is not None:
                where = (loc.line_end, loc.line_start or 0)
            elif loc.page is not None:
                where = (loc.page,)
            ok = bool(r.heading) and bool(where)
            parts[r.chunk_id] = ((r.source, r.heading), where) if ok else None
        return last_parts_first(head, parts) + ranked[depth:]

    def reranker_for(self, name: str | None) -> Reranker:
        """The configured reranker (``None``), or the one ``name`` picks for one call
        (``identity``/``none``/``off``: no reranking); created once, on first use."""
        if name is None:
            return self.reranker
        name = "identity" if name in NO_RERANK else name
        if name == self.reranker.name:
            return self.reranker
        with self._lock:
            found = self._rerankers.get(name)
        if found is None:
            try:
                found = self._bound(create_reranker(replace(self.rerank_config, method=name)))
            except ConfigError as exc:
                raise SearchError(str(exc), hint=exc.hint) from exc
            with self._lock:
                found = self._rerankers.setdefault(name, found)
        return found

    def _bound(self, reranker: Reranker) -> Reranker:
        """A reranker that can reuse the index's embedder, analyzer or store
        (``bind_embedder``, ``bind_analyzer``, ``bind_store``) gets it."""
        for hook, part in (
            ("bind_embedder", self.embedder),
            ("bind_analyzer", self.analyzer),
            ("bind_store", self.store),
        ):
            bind = getattr(reranker, hook, None)
            if callable(bind):
                bind(part)
        return reranker

    def _rerank_depth(self, reranker: Reranker, plan: QueryPlan, mode: str) -> int:
        if isinstance(reranker, IdentityReranker) or not applies_to(reranker, plan.lang, mode):
            return 0
        return self.rerank_config.candidates

    def _rerank(
        self,
        reranker: Reranker,
        plan: QueryPlan,
        depth: int,
        hits: list[Hit],
        terms: dict[str, str],
    ) -> list[Hit]:
        """The reranker's top N sorted by its scores (stable: ties keep the fused order),
        then the rest in fused order: a fixed N, so the top does not depend on k.

        The reranker decides the order, not the scale: the hit at rank r gets the r-th
        best fused score of the head (its own score goes to ``rerank_score``, its fused
        one stays in ``fused_score``). The list stays monotone and on one scale with the
        tail (which keeps its fused scores), so what reads ``Hit.score`` (per-note
        aggregation and ``eval --by doc`` min-max it over the list; a threshold compares
        it with other searches) sees the scale it was tuned on, whichever reranker ran.
        A reranker's own scores would not do: they are on its scale (a feature sum,
        logits, cosines) for the head only, below or above the tail's fused z-scores.
        ``depth`` is :meth:`_rerank_depth`'s, as the search sized its pool by it."""
        if not hits or depth == 0:
            return hits  # no reranker here: the fused order and scores, as without the seam
        head, tail = hits[:depth], hits[depth:]
        stored = [terms.get(h.chunk_id, "") for h in head]
        scored = rerank_with_evidence(reranker, plan.text, head, stored)
        scores = [float(x) for x, _ in scored]
        if len(scores) != len(head) or not all(math.isfinite(x) for x in scores):
            raise SearchError(
                f"the reranker {reranker.name!r} returned {len(scores)} scores for "
                f"{len(head)} hits (or a non-finite score)",
                hint="a Reranker returns one finite score per hit, in order",
            )
        order = sorted(range(len(head)), key=lambda i: -scores[i])
        scale = sorted((h.score for h in head), reverse=True)
        out = [
            replace(
                head[i],
                rank=rank,
                score=scale[rank - 1],
                explanation=replace(
                    head[i].explanation,
                    reranker=reranker.name,
                    rerank_rank=rank,
                    rerank_score=scores[i],
                    token_matches=tuple(scored[i][1]),
                ),
            )
            for rank, i in enumerate(order, start=1)
        ]
        return out + [replace(h, rank=len(out) + j) for j, h in enumerate(tail, start=1)]


def _glob_escape(path: str) -> str:
    """``path`` as an ``fnmatch`` pattern that matches it alone."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in path)
