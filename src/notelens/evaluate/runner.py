"""Run a dataset through notelens and score it.

Corpus datasets (beir, autorag, squad) get their own index in the cache folder,
``<cache>/eval/<format>-<name>-<key>``, where ``key`` hashes the corpus content with the
analyzer version, embedder id and chunking settings: a changed corpus or setting
builds a new index, an unchanged one is reused, and the user's notes index is never
touched. Each document becomes one text file (``title\\n\\ntext``) indexed by a normal
:class:`~notelens.engine.Engine`, so the full pipeline is measured. Hits are chunks;
a chunk maps to its document and the first chunk of a document sets its rank, or with
``by="doc"`` the document's chunks add up (:mod:`notelens.retrieve.aggregate`).

``notes`` sets search the user's index; a hit counts for a relevant entry when its
source path ends with the entry's path, or its text contains the entry as a quote.
``trec`` sets score the given runs and search nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from notelens.config import LIMITS
from notelens.engine import Engine
from notelens.errors import ConfigError, GuardError
from notelens.evaluate.datasets.base import EvalDataset
from notelens.evaluate.metrics import (
    citation_precision,
    contains_gold,
    exact_match,
    refusal_rate,
    token_f1,
)
from notelens.evaluate.results import (
    AnswerResult,
    AnswerRow,
    EvalResult,
    ModeResult,
    Passage,
    QueryResult,
)
from notelens.evaluate.scoring import mean_metrics, score_query
from notelens.fileio import write_atomic
from notelens.ingest.registry import note_extensions
from notelens.progress import NullProgress, Progress
from notelens.retrieve.aggregate import DocScoring, aggregate
from notelens.types import SEARCH_MODES, Hit

DEFAULT_KS = (1, 5, 10, 100)
SNIPPET_CHARS = 280
PASSAGES_KEPT = 3
RETRIEVED_KEPT = 20


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40] or "dataset"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class CorpusIndex:
    """A dataset's cached index: the folder, the engine on it, file stem -> doc id."""

    def __init__(self, dataset: EvalDataset, base: Engine, cache_dir: Path) -> None:
        if dataset.docs is None:
            raise ConfigError(f"a {dataset.format} dataset has no corpus to index")
        self.dataset = dataset
        chunking = asdict(base.settings.chunking)
        key_src = json.dumps(
            [
                dataset.content_hash(),
                base.analyzer.version,
                base.embedder.id,
                chunking,
                list(note_extensions(base.settings.ingest)),
            ],
            sort_keys=True,
        )
        key = hashlib.sha256(key_src.encode("utf-8")).hexdigest()[:16]
        self.root = cache_dir / "eval" / f"{dataset.format}-{_slug(dataset.path.name)}-{key}"
        self.corpus_dir = self.root / "corpus"
        self.engine = Engine(
            settings=replace(base.settings, index_dir=self.root / "index"),
            analyzer=base.analyzer,
            embedder=base.embedder,
        )
        self.docmap: dict[str, str] = {}

    def prepare(self, progress: Progress | None = None) -> dict[str, Any]:
        """Write the corpus files (once) and bring the index up to date (incremental)."""
        docs = self.dataset.docs or {}
        marker = self.root / "docmap.json"
        if marker.is_file():
            self.docmap = json.loads(marker.read_text(encoding="utf-8"))
        else:
            self.corpus_dir.mkdir(parents=True, exist_ok=True)
            for n, (did, (title, text)) in enumerate(docs.items()):
                stem = f"d{n:07d}"
                body = f"{title}\n\n{text}\n" if title else f"{text}\n"
                (self.corpus_dir / f"{stem}.txt").write_text(body, encoding="utf-8")
                self.docmap[stem] = did
            # Written last: its presence means the corpus folder is complete.
            write_atomic(marker, json.dumps(self.docmap, ensure_ascii=False), mode=0o644)
        t0 = time.perf_counter()
        report = self.engine.index([self.corpus_dir], progress=progress)
        seconds = time.perf_counter() - t0
        return {
            "dir": str(self.root),
            "seconds": seconds,
            "files": len(report.files),
            "chunks_embedded": report.chunks_embedded,
            "chunks": sum(f.chunks for f in report.files),
            "built": report.chunks_embedded > 0,
            "timings": report.timings.to_dict(),
        }

    def doc_of(self, hit: Hit) -> str:
        return self.docmap.get(Path(hit.source).stem, hit.chunk_id)


class NotesMatcher:
    """Maps a hit on the user's index to the relevant entry (``rel:i``) it satisfies."""

    def __init__(self, specs: Sequence[str]) -> None:
        self.specs = list(specs)
        self._paths: list[tuple[int, str]] = []
        self._quotes: list[tuple[int, str]] = []
        for i, spec in enumerate(self.specs):
            s = spec.strip()
            if _looks_like_path(s):
                self._paths.append((i, s.replace("\\", "/").lstrip("./")))
            else:
                self._quotes.append((i, _norm(s)))

    def unit(self, source: str, text: str, chunk_id: str) -> str:
        src = source.replace("\\", "/")
        for i, p in self._paths:
            if src == p or src.endswith("/" + p):
                return f"rel:{i}"
        if self._quotes:
            body = _norm(text)
            for i, q in self._quotes:
                if q and q in body:
                    return f"rel:{i}"
        if self._paths:
            # Judgments that name notes rank notes: another note's chunks are one unit
            # too, as the gold note's are, so ``--by doc`` pools every note alike and a
            # run does not count one wrong note once per chunk.
            return f"note:{src}"
        return f"chunk:{chunk_id}"


_PATH_RE = re.compile(r"^[^\s]+\.(md|markdown|txt|text|pdf|html?)$", re.IGNORECASE)


def _looks_like_path(spec: str) -> bool:
    """A relevant entry is a path when it has no spaces and a note's file extension."""
    return bool(_PATH_RE.match(spec)) or spec.startswith("/")


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def hit_unit(
    qid: str, hit: Hit, unit_of: Callable[[str, Hit], str], qrels: Mapping[str, float]
) -> str:
    """The judged unit a hit stands for: its own, or that of a folded copy in its
    ``also_in`` when the copy is judged more relevant.

    The search folds identical and near-identical passages into one hit that lists every
    place they live (issue #22 item 4); the user sees the passage and each of its
    sources. A corpus that repeats a paragraph in two documents (KorQuAD repeats a few
    lightly edited paragraphs within an article) judges only one of them, so scoring the
    hit by the copy ranked first would count the gold passage, shown, as a miss (30 of
    KorQuAD's 35 hybrid R@5 misses, docs/benchmarks.md "Precision at the top, sixth
    round").
    """
    own = unit_of(qid, hit)
    best, grade = own, qrels.get(own, 0)
    for other in hit.also_in:
        unit = unit_of(qid, replace(hit, source=other.source, chunk_id=other.chunk_id))
        if qrels.get(unit, 0) > grade:
            best, grade = unit, qrels[unit]
    return best


def _relevant_labels(dataset: EvalDataset, qid: str) -> list[str]:
    """Relevant ids of a query; a ``notes`` entry shows its path or quote too."""
    specs = dataset.relevant.get(qid, [])
    out: list[str] = []
    for d, r in dataset.qrels.get(qid, {}).items():
        if r <= 0:
            continue
        i = int(d[4:]) if d.startswith("rel:") and d[4:].isdigit() else -1
        out.append(f"{d} = {specs[i]}" if 0 <= i < len(specs) else d)
    return out


# Chunks searched per query whatever the cut-offs: runs are per document, and several
# chunks of one document fold into one entry, so nDCG@10 needs more than 10 chunks (and
# the same number for `--k 10` as for `--k 10,100`, issue #22 item 5).
EVAL_DEPTH = 100


def _depth(ks: Sequence[int]) -> int:
    return min(LIMITS.max_k, max(EVAL_DEPTH, *ks))


def run_mode(
    engine: Engine,
    dataset: EvalDataset,
    mode: str,
    ks: Sequence[int],
    unit_of: Callable[[str, Hit], str],
    progress: Progress,
    doc_scoring: DocScoring | None = None,
) -> ModeResult:
    """Search every query in ``mode`` and score the document runs.

    ``doc_scoring``: rank documents by their aggregated chunk scores instead of by their
    best chunk's rank (``eval --by doc``)."""
    depth = _depth(ks)
    progress.phase(f"querying {mode}", total=len(dataset.queries))
    # Query vectors are cached per searcher; clear them so every mode's latency
    # includes embedding the query, as a first search would.
    first = next(iter(dataset.queries.values()), "")
    if first:
        engine.search(first, k=1, mode=mode)  # open the store, load models: not timed
    cache = getattr(getattr(engine, "_searcher", None), "_qcache", None)
    if cache is not None:
        cache.clear()
    rows: list[QueryResult] = []
    latencies: list[float] = []
    t_all = time.perf_counter()
    for qid, query in dataset.queries.items():
        t0 = time.perf_counter()
        error = ""
        try:
            hits = engine.search(query, k=depth, mode=mode)
        except GuardError as exc:  # a `block` guard policy refused this question
            hits, error = [], str(exc)
        latencies.append((time.perf_counter() - t0) * 1e3)
        qrels = dataset.qrels.get(qid, {})
        units = [hit_unit(qid, h, unit_of, qrels) for h in hits]
        if doc_scoring is None:
            run = _dedupe(units)
        else:
            items = [(u, h.score) for u, h in zip(units, hits, strict=True)]
            run = [g.key for g in aggregate(items, doc_scoring)]
        passages: list[Passage] = []
        seen: set[str] = set()
        for h, u in zip(hits, units, strict=True):
            if u in seen or len(passages) >= PASSAGES_KEPT:
                continue
            seen.add(u)
            text = " ".join(h.text.split())
            passages.append(
                Passage(
                    doc=u,
                    relevant=qrels.get(u, 0) > 0,
                    text=text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""),
                    source=h.source,
                )
            )
        rows.append(
            QueryResult(
                qid=qid,
                query=query,
                metrics=score_query(run, qrels, ks),
                retrieved=run[:RETRIEVED_KEPT],
                relevant=_relevant_labels(dataset, qid),
                passages=passages,
                latency_ms=latencies[-1],
                error=error,
            )
        )
        progress.advance()
    seconds = time.perf_counter() - t_all
    return ModeResult(
        mode=mode,
        metrics=mean_metrics([r.metrics for r in rows]),
        queries=rows,
        seconds=seconds,
        p50_ms=_pct(latencies, 50),
        p95_ms=_pct(latencies, 95),
    )


def score_runs(dataset: EvalDataset, ks: Sequence[int]) -> dict[str, ModeResult]:
    """A trec dataset: score each given run (queries without a run line score 0)."""
    out: dict[str, ModeResult] = {}
    for tag, run in dataset.runs.items():
        rows = [
            QueryResult(
                qid=qid,
                query=dataset.queries[qid],
                metrics=score_query(run.get(qid, []), dataset.qrels[qid], ks),
                retrieved=run.get(qid, [])[:RETRIEVED_KEPT],
                relevant=[d for d, r in dataset.qrels[qid].items() if r > 0],
            )
            for qid in dataset.queries
        ]
        out[tag] = ModeResult(
            mode=tag, metrics=mean_metrics([r.metrics for r in rows]), queries=rows
        )
    return out


#: Characters of each cited passage kept in a run's answers, for judges to read.
_EVIDENCE_CHARS = 1200


def evaluate_answers(
    engine: Engine,
    dataset: EvalDataset,
    unit_of: Callable[[str, Hit], str],
    *,
    k: int,
    limit: int | None,
    llm: str | None,
    progress: Progress,
) -> AnswerResult:
    """Ask every question with gold answers; EM / token F1 / containment / refusals /
    citation precision, from ``Engine.ask`` (extractive unless ``llm`` names a model)."""
    qids = [q for q in dataset.queries if dataset.answers.get(q)]
    if limit:
        qids = qids[:limit]
    if not qids:
        raise ConfigError("no question in this dataset has a gold answer; drop --answers")
    progress.phase("answering", total=len(qids))
    rows: list[AnswerRow] = []
    t0 = time.perf_counter()
    for qid in qids:
        question = dataset.queries[qid]
        golds = dataset.answers[qid]
        result: Mapping[str, Any]
        try:
            result = engine.ask(question, k=k, llm=llm).to_dict()
        except GuardError as exc:  # blocked by a guard policy: counted as a refusal
            result = {"answer": str(exc), "refused": True}
        text = str(result.get("answer") or "")
        refused = bool(result.get("refused"))
        texts = {str(e.get("chunk_id")): str(e.get("text", "")) for e in result.get("evidence", [])}
        cited: list[str] = []
        evidence: list[str] = []
        for c in result.get("citations", []):
            passage = texts.get(str(c.get("chunk_id")), str(c.get("quote", "")))
            cited.append(unit_of(qid, _pseudo_hit(c, passage)))
            if passage and passage[:_EVIDENCE_CHARS] not in evidence:
                evidence.append(passage[:_EVIDENCE_CHARS])
        rows.append(
            AnswerRow(
                qid=qid,
                question=question,
                answer=text,
                gold=golds,
                refused=refused,
                exact_match=0.0 if refused else exact_match(text, golds),
                token_f1=0.0 if refused else token_f1(text, golds),
                contains_gold=0.0 if refused else contains_gold(text, golds),
                citation_precision=(
                    None if refused else citation_precision(cited, dataset.qrels.get(qid, {}))
                ),
                cited=cited,
                fields=dict(dataset.fields.get(qid, {})),
                evidence=evidence,
            )
        )
        progress.advance()
    return AnswerResult(
        metrics=_answer_metrics(rows),
        rows=rows,
        seconds=time.perf_counter() - t0,
        by_field=answer_breakdown(rows),
    )


def _answer_metrics(rows: Sequence[AnswerRow]) -> dict[str, float]:
    cps = [r.citation_precision for r in rows if r.citation_precision is not None]
    return {
        "EM": statistics.fmean(r.exact_match for r in rows),
        "TokenF1": statistics.fmean(r.token_f1 for r in rows),
        "Containment": statistics.fmean(r.contains_gold for r in rows),
        "RefusalRate": refusal_rate([r.refused for r in rows]),
        "CitationPrecision": statistics.fmean(cps) if cps else 0.0,
    }


def answer_breakdown(rows: Sequence[AnswerRow]) -> dict[str, dict[str, dict[str, float]]]:
    """Answer metrics per value of each question field (a notes set's ``class`` and
    ``lang``): field -> value -> metrics, with ``n`` the number of questions."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in sorted({k for r in rows for k in r.fields}):
        groups: dict[str, list[AnswerRow]] = {}
        for r in rows:
            if name in r.fields:
                groups.setdefault(r.fields[name], []).append(r)
        out[name] = {
            value: {**_answer_metrics(g), "n": float(len(g))} for value, g in sorted(groups.items())
        }
    return out


def _pseudo_hit(citation: Mapping[str, Any], text: str) -> Hit:
    from notelens.types import Location

    return Hit(
        rank=0,
        score=0.0,
        chunk_id=str(citation.get("chunk_id", "")),
        source=str(citation.get("source", "")),
        title="",
        heading=str(citation.get("heading", "")),
        text=text,
        location=Location(),
        lang="en",
    )


def evaluate(
    engine: Engine,
    dataset: EvalDataset,
    *,
    modes: Sequence[str] = SEARCH_MODES,
    ks: Sequence[int] = DEFAULT_KS,
    answers: bool = False,
    answers_k: int = 5,
    answers_limit: int | None = None,
    llm: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    doc_scoring: DocScoring | None = None,
) -> EvalResult:
    """Evaluate ``dataset``; see the module docstring for how each format is run.

    ``engine`` is the user's engine: its index is searched for ``notes`` sets, and its
    settings, analyzer and embedder are reused for a corpus dataset's own index.
    """
    ks = sorted({int(k) for k in ks})
    if not ks or ks[0] < 1 or ks[-1] > LIMITS.max_k:
        raise ConfigError(f"--k values must be between 1 and {LIMITS.max_k}")
    bad = [m for m in modes if m not in SEARCH_MODES]
    if bad:
        raise ConfigError(f"unknown mode {bad[0]!r}", hint="use bm25, dense, hybrid")
    prog: Progress = progress or NullProgress()
    # The query guard logs a warning per flagged question; over a dataset of thousands
    # that drowns the progress lines, and flags do not change retrieval.
    guard_log = logging.getLogger("notelens.guard")
    level = guard_log.level
    guard_log.setLevel(logging.ERROR)
    try:
        return _evaluate(
            engine,
            dataset,
            modes,
            ks,
            answers,
            answers_k,
            answers_limit,
            llm,
            cache_dir,
            prog,
            doc_scoring,
        )
    finally:
        guard_log.setLevel(level)


def _evaluate(
    engine: Engine,
    dataset: EvalDataset,
    modes: Sequence[str],
    ks: list[int],
    answers: bool,
    answers_k: int,
    answers_limit: int | None,
    llm: str | None,
    cache_dir: Path | None,
    prog: Progress,
    doc_scoring: DocScoring | None = None,
) -> EvalResult:
    index_info: dict[str, Any] = {}
    results: dict[str, ModeResult] = {}
    answer_result: AnswerResult | None = None

    if dataset.format == "trec":
        results = score_runs(dataset, ks)
    else:
        if dataset.docs is not None:
            from notelens.config import default_cache_dir

            corpus = CorpusIndex(dataset, engine, cache_dir or default_cache_dir())
            index_info = corpus.prepare(prog)
            target = corpus.engine

            def unit_of(qid: str, hit: Hit) -> str:
                return corpus.doc_of(hit)

        else:
            target = engine
            matchers = {q: NotesMatcher(s) for q, s in dataset.relevant.items()}
            index_info = {"dir": str(engine.index_dir), "built": False}

            def unit_of(qid: str, hit: Hit) -> str:
                return matchers[qid].unit(hit.source, hit.text, hit.chunk_id)

        for mode in modes:
            results[mode] = run_mode(target, dataset, mode, ks, unit_of, prog, doc_scoring)
        if answers:
            answer_result = evaluate_answers(
                target,
                dataset,
                unit_of,
                k=answers_k,
                limit=answers_limit,
                llm=llm,
                progress=prog,
            )
    prog.phase("done")
    return EvalResult(
        dataset=dataset.summary(),
        ks=list(ks),
        depth=_depth(ks),
        modes=results,
        index=index_info,
        answers=answer_result,
        settings={
            "embedder": engine.settings.embedder,
            "fusion": asdict(engine.settings.fusion),
            "chunking": asdict(engine.settings.chunking),
            "analyzer": engine.analyzer.version,
            "by": "doc" if doc_scoring is not None else "chunk",
            **({"doc_scoring": asdict(doc_scoring)} if doc_scoring is not None else {}),
        },
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
