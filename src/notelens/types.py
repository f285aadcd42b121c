"""Typed value objects shared by every stage.

They are frozen dataclasses so they can be hashed, compared and passed between
threads safely. ``to_dict`` methods produce the JSON contracts documented in
docs/guide.md (``search --json``); changing their keys is a breaking change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal, Protocol, TypeVar

from notelens.contracts import (
    AlsoInJSON,
    AnswerJSON,
    CitationJSON,
    ExplainJSON,
    HitJSON,
    LastRunJSON,
    LocationJSON,
    NoteHitJSON,
    ShortAnswerSpanJSON,
    StatusJSON,
    TokenMatchJSON,
)

Lang = Literal["ko", "en", "mixed"]
SearchMode = Literal["bm25", "dense", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = ("bm25", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a chunk sits in its source: 1-based inclusive line range, or a 1-based page,
    or -- for files converted to markdown (Office, notebooks, e-books) -- ``part``, a label
    naming the place in the original file: ``slide 3``, ``sheet Budget, rows 2-9``,
    ``cells 4-5``, ``chapter 2``. Converted files have no line numbers (lines of the
    converted text mean nothing in the original), so ``part`` and lines never mix."""

    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None
    part: str | None = None

    def to_dict(self) -> LocationJSON:
        return {
            "line_start": self.line_start,
            "line_end": self.line_end,
            "page": self.page,
            "part": self.part,
        }

    def describe(self) -> str:
        """Human form: ``p. 3``, ``lines 10-24``, ``line 7`` or the part label."""
        parts: list[str] = []
        if self.part is not None:
            parts.append(self.part)
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line_start is not None:
            if self.line_end is None or self.line_end == self.line_start:
                parts.append(f"line {self.line_start}")
            else:
                parts.append(f"lines {self.line_start}-{self.line_end}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink found in a chunk: its visible text and its target."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class NoteMeta:
    """What a note says about itself (Obsidian-style front matter and inline ``#tags``).

    ``tags`` are the front matter's and the body's, without ``#``, in first-seen order;
    ``date`` is the front matter's ``date`` as ``YYYY-MM-DD`` (``None``: the file's mtime
    stands in for filters); ``fields`` are the other front matter keys, as text.
    Stored on every chunk row of the note (never indexed as body text).
    """

    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    date: str | None = None
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.tags or self.aliases or self.date or self.fields)

    def to_json(self) -> str:
        """Compact JSON (``""`` when empty): how backends store it in one text column."""
        if self.empty:
            return ""
        import json

        data = {"tags": self.tags, "aliases": self.aliases, "date": self.date}
        return json.dumps({**data, "fields": dict(self.fields)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> NoteMeta:
        if not raw:
            return cls()
        import json

        d = json.loads(raw)
        return cls(
            tags=tuple(d.get("tags") or ()),
            aliases=tuple(d.get("aliases") or ()),
            date=d.get("date"),
            fields=tuple((str(k), str(v)) for k, v in (d.get("fields") or {}).items()),
        )


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """Search scope by note properties (``--tag``, ``--folder``, ``--since/--until``).

    ``tags``: the note carries every one (case-insensitive; ``llm`` also matches the
    nested ``llm/finetuning``, as in Obsidian); ``folder``: the note lies under it (an
    absolute path, or relative to an indexed root); ``since``/``until``: the note's date
    (front matter ``date``, else the file's modification day, UTC), inclusive.
    """

    tags: tuple[str, ...] = ()
    folder: str | None = None
    since: date | None = None
    until: date | None = None

    @property
    def empty(self) -> bool:
        return not self.tags and self.folder is None and self.since is None and self.until is None

    @classmethod
    def parse(
        cls,
        tags: Sequence[str] | None = None,
        folder: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> NoteFilter | None:
        """The filter of the interfaces' options (``None`` when none is given); a date
        that is not ``YYYY-MM-DD`` or an empty range is :class:`SearchError` (exit 2)."""
        from notelens.errors import SearchError

        def day(name: str, value: str | None) -> date | None:
            if value is None or not value.strip():
                return None
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise SearchError(
                    f"{name} must be a date YYYY-MM-DD, not {value!r}",
                    hint=f"e.g. {name} 2024-03-01",
                ) from None

        clean = tuple(t.strip().lstrip("#") for t in tags or () if t.strip().lstrip("#"))
        f = cls(
            tags=clean,
            folder=folder.strip() if folder and folder.strip() else None,
            since=day("--since", since),
            until=day("--until", until),
        )
        if f.since is not None and f.until is not None and f.since > f.until:
            raise SearchError(f"--since {f.since} is after --until {f.until}")
        return None if f.empty else f


@dataclass(frozen=True, slots=True)
class Section:
    """A unit a loader produces before chunking: text with its location in the source.

    Loaders for paged formats (PDF) yield one section per page; text formats yield
    one section for the whole file (``line_start`` = 1).
    """

    text: str
    page: int | None = None
    line_start: int = 1
    #: converted formats: the label of the part of the original file this section is
    #: (``slide 3``, ``sheet Budget``, ``cell 4``); its chunks carry it as ``Location.part``
    part: str | None = None
    #: a converted table: the original row number of each line of ``text`` (0 for lines
    #: that are no row, like the markdown separator), so chunks can say ``rows 2-9``
    rows: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded source file: what a :class:`~notelens.ingest.base.Loader` returns."""

    source: str
    title: str
    format: str  # a key of notelens.ingest.registry.FORMATS
    sections: tuple[Section, ...]
    note: NoteMeta = NoteMeta()
    # Per-file warnings that did not stop loading (a broken front matter): reported.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A retrievable passage, with the structure it came from.

    ``text`` is what is shown and embedded; ``heading`` is the heading path joined
    with `` > ``; ``content_hash`` is the SHA-256 of ``text``.
    """

    source: str
    title: str
    heading: str
    text: str
    location: Location
    lang: Lang
    content_hash: str
    ordinal: int
    kind: str = "text"
    links: tuple[Link, ...] = ()
    note: NoteMeta = NoteMeta()


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """A query token and the passage token it matched best, with their cosine."""

    query: str
    passage: str
    sim: float

    def to_dict(self) -> TokenMatchJSON:
        return {"query": self.query, "passage": self.passage, "sim": self.sim}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a hit ranked where it did: its rank (1-based) and score in each retriever,
    its fused place, and the reranker's rank, score and evidence when one rescored it."""

    bm25_rank: int | None = None
    bm25_score: float | None = None
    dense_rank: int | None = None
    dense_score: float | None = None
    matched_terms: tuple[str, ...] = ()
    fused_rank: int | None = None
    fused_score: float | None = None
    reranker: str | None = None
    rerank_rank: int | None = None
    rerank_score: float | None = None
    token_matches: tuple[TokenMatch, ...] = ()

    def to_dict(self) -> ExplainJSON:
        return {
            "bm25_rank": self.bm25_rank,
            "bm25_score": self.bm25_score,
            "dense_rank": self.dense_rank,
            "dense_score": self.dense_score,
            "matched_terms": list(self.matched_terms),
            "fused_rank": self.fused_rank,
            "fused_score": self.fused_score,
            "reranker": self.reranker,
            "rerank_rank": self.rerank_rank,
            "rerank_score": self.rerank_score,
            "token_matches": [m.to_dict() for m in self.token_matches],
        }


@dataclass(frozen=True, slots=True)
class AlsoIn:
    """Another place holding the same (or a near-identical) passage as a :class:`Hit`."""

    chunk_id: str
    source: str
    heading: str
    location: Location

    def to_dict(self) -> AlsoInJSON:
        return {
            "chunk_id": self.chunk_id,
            "source": self.source,
            "heading": self.heading,
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``to_dict`` is the ``search --json`` hit contract."""

    rank: int
    score: float
    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    location: Location
    lang: Lang
    links: tuple[Link, ...] = ()
    explanation: Explanation = field(default_factory=Explanation)
    # Guard findings recorded for this chunk at ingest (e.g. "injection", "pii:rrn");
    # an LLM prompt wraps a flagged chunk as quoted data with a warning.
    flags: tuple[str, ...] = ()
    # Duplicates of this passage elsewhere (a copied note): one hit lists every source.
    also_in: tuple[AlsoIn, ...] = ()

    def to_dict(self, *, explain: bool = False) -> HitJSON:
        out: HitJSON = {
            "rank": self.rank,
            "score": self.score,
            "chunk_id": self.chunk_id,
            "source": self.source,
            "title": self.title,
            "heading": self.heading,
            "text": self.text,
            "location": self.location.to_dict(),
            "lang": self.lang,
            "flags": list(self.flags),
            "also_in": [a.to_dict() for a in self.also_in],
        }
        if explain:
            out["explain"] = self.explanation.to_dict()
        return out


class Passage(Protocol):
    """A passage of a note that is not a search result: a stored row, a chunk of a file
    read on the spot, a ledger entry. What :func:`passage_hits` copies into a hit."""

    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def location(self) -> Location: ...
    @property
    def ordinal(self) -> int: ...
    @property
    def lang(self) -> Lang: ...
    @property
    def links(self) -> tuple[Link, ...]: ...


P = TypeVar("P", bound=Passage)


def passage_hits(passages: Iterable[P], chunk_id: Callable[[P], str]) -> list[Hit]:
    """``passages`` as hits ranked 1, 2, ... in the order given, score 0 (nothing ranked
    them): how a whole note set (CAG) or a whole note (summaries) goes through the
    prompt and citation code written for search results. ``chunk_id`` names each one
    (a passage read on the spot has no stored id); ingest's guard flags are kept where
    the passage has them (a stored row), since a prompt quotes a flagged passage as data.
    """
    return [
        Hit(
            rank=i,
            score=0.0,
            chunk_id=chunk_id(p),
            source=p.source,
            title=p.title,
            heading=p.heading,
            text=p.text,
            location=p.location,
            lang=p.lang,
            links=p.links,
            flags=tuple(getattr(p, "flags", ())),
        )
        for i, p in enumerate(passages, start=1)
    ]


AnswerMode = Literal["extractive", "llm"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered source of an answer: ``[n]`` in the answer text is this passage.

    ``quote`` is the part of the passage that supports the cited sentence (the sentence
    itself in extractive mode, the best-matching passage sentence in LLM mode).
    """

    n: int
    chunk_id: str
    source: str
    heading: str
    location: Location
    quote: str
    # Source line (1-based) of the quoted unit when it could be located, else None.
    line: int | None = None

    def to_dict(self) -> CitationJSON:
        return {
            "n": self.n,
            "chunk_id": self.chunk_id,
            "source": self.source,
            "heading": self.heading,
            "location": self.location.to_dict(),
            "line": self.line,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    """The span that answers the question (a number with its unit, a name, a week).

    ``citation`` is the ``n`` of the citation whose ``quote`` holds it, and
    ``quote[start:end] == text``; ``start``/``end`` are ``None`` when the text joins
    several cells of one table row ("2 주차, 김택민") or comes from the quoted unit's
    heading path ("January > 1st week": an archive's month and week).
    """

    text: str
    citation: int
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> ShortAnswerSpanJSON:
        return {"citation": self.citation, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Answer:
    """What ``Engine.ask`` returns. ``to_dict`` is the ``ask --json`` contract.

    ``refused`` answers say the notes do not contain the answer; their ``evidence`` is
    the closest passages. ``note`` (e.g. "the LLM was unreachable; extractive answer
    instead") and ``strength`` are not part of the JSON contract.
    """

    question: str
    answer: str
    refused: bool
    mode: AnswerMode
    citations: tuple[Citation, ...] = ()
    evidence: tuple[Hit, ...] = ()
    note: str = ""
    # Evidence strength (0..1) the refusal decision compared with its threshold.
    strength: float = 0.0
    # The answering span, shown before the cited units (extractive mode).
    short: ShortAnswer | None = None
    # Guard flags of the cited passages (e.g. "injection:override"): shown with the answer.
    flags: tuple[str, ...] = ()
    # In a conversation (``ask --session``): the standalone question retrieval used and
    # the session id; both in the JSON only then (issue #19 item 6).
    rewritten_question: str | None = None
    session: str | None = None

    @property
    def short_answer(self) -> str | None:
        return self.short.text if self.short is not None else None

    def to_dict(self) -> AnswerJSON:
        out: AnswerJSON = {
            "question": self.question,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "short_answer_span": self.short.to_dict() if self.short is not None else None,
            "refused": self.refused,
            "mode": self.mode,
            "flags": list(self.flags),
            "citations": [c.to_dict() for c in self.citations],
            "evidence": [h.to_dict() for h in self.evidence],
        }
        if self.session is not None:
            out["session"] = self.session
            out["rewritten_question"] = self.rewritten_question or self.question
        return out


class FileStatus(StrEnum):
    """Outcome of one file in an index run."""

    INDEXED = "indexed"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class FileReport:
    """One line of an index report: what happened to a path, and why."""

    path: str
    status: FileStatus
    reason: str = ""
    chunks: int = 0
    # Guard: how many chunks of this file were flagged at ingest, and with which kinds.
    flagged: int = 0
    flags: tuple[str, ...] = ()
    # Third-party warnings raised while this file was read and parsed (pypdf's
    # "EOF marker not found", ...), each once: shown on its report line, never bare.
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status.value,
            "reason": self.reason,
            "chunks": self.chunks,
            "flagged": self.flagged,
            "flags": list(self.flags),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds spent per indexing step (for benchmarks and ``--verbose``)."""

    parse: float = 0.0
    analyze: float = 0.0
    embed: float = 0.0
    store: float = 0.0
    guard: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "parse": self.parse,
            "analyze": self.analyze,
            "embed": self.embed,
            "store": self.store,
            "guard": self.guard,
        }


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What an index run did, file by file."""

    files: tuple[FileReport, ...]
    chunks_embedded: int = 0
    chunks_reused: int = 0
    timings: Timings = field(default_factory=Timings)

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status is status)

    @property
    def ok(self) -> bool:
        """False when nothing could be indexed: no file is indexed, unchanged or removed."""
        good = self.count(FileStatus.INDEXED) + self.count(FileStatus.UNCHANGED)
        good += self.count(FileStatus.REMOVED)
        return good > 0

    @property
    def flagged_chunks(self) -> int:
        """Chunks flagged by the ingest guard in this run (PII or prompt injection)."""
        return sum(f.flagged for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "flagged_chunks": self.flagged_chunks,
            "counts": {s.value: self.count(s) for s in FileStatus},
            "chunks_embedded": self.chunks_embedded,
            "chunks_reused": self.chunks_reused,
            "timings": self.timings.to_dict(),
            "ok": self.ok,
        }


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """What ``notelens status`` shows about an index."""

    index_dir: str
    exists: bool
    files: int = 0
    chunks: int = 0
    langs: dict[str, int] = field(default_factory=dict)
    schema_version: int | None = None
    analyzer: str | None = None
    embedder: str | None = None
    dense_index: str = "exact"
    # Rows written since the ANN index was built, searched flat until it is retrained.
    dense_unindexed: int = 0
    store: str = "lancedb"  # the store backend (Settings.store)
    created: str | None = None
    updated: str | None = None
    compatible: bool = True
    problem: str = ""
    # Guard: chunks with at least one flag, and chunks per flag kind.
    flagged_chunks: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    last_run: LastRunJSON | None = None
    # A server store's connection (password masked), read replica and namespace.
    store_dsn: str | None = None
    store_replica: str | None = None
    store_namespace: str | None = None
    store_bm25: str | None = None

    def to_dict(self) -> StatusJSON:
        return {
            "index_dir": self.index_dir,
            "flagged_chunks": self.flagged_chunks,
            "flags": dict(self.flags),
            "exists": self.exists,
            "files": self.files,
            "chunks": self.chunks,
            "langs": dict(self.langs),
            "schema_version": self.schema_version,
            "analyzer": self.analyzer,
            "embedder": self.embedder,
            "dense_index": self.dense_index,
            "dense_unindexed": self.dense_unindexed,
            "created": self.created,
            "updated": self.updated,
            "compatible": self.compatible,
            "problem": self.problem,
            "roots": list(self.roots),
            "last_run": self.last_run,
            "store": {
                "backend": self.store,
                "dsn": self.store_dsn,
                "replica": self.store_replica,
                "namespace": self.store_namespace,
                "bm25": self.store_bm25,
            },
        }


@dataclass(frozen=True, slots=True)
class NoteHit:
    """One note of a "which note" search (``search --by note``): its best passages,
    best first, and the note's aggregated score. ``to_dict`` is the contract."""

    rank: int
    score: float
    source: str
    title: str
    hits: tuple[Hit, ...]

    def to_dict(self, *, explain: bool = False) -> NoteHitJSON:
        return {
            "rank": self.rank,
            "score": self.score,
            "source": self.source,
            "title": self.title,
            "hits": [h.to_dict(explain=explain) for h in self.hits],
        }
