"""Evaluation over an :class:`~notelens.engine.Engine`: measure a dataset, write questions.

This sits above the engine, beside the interfaces (the engine knows nothing of
evaluation): ``evaluate(engine, "beir:DIR")``, ``generate_questions(engine, 100)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from notelens.engine import Engine
from notelens.errors import ConfigError
from notelens.evaluate.datasets import EvalDataset, load_dataset
from notelens.evaluate.generate import QuestionSet, chunks_of_index
from notelens.evaluate.generate import generate_question_set as _generate_set
from notelens.evaluate.results import EvalResult
from notelens.evaluate.runner import DEFAULT_KS
from notelens.evaluate.runner import evaluate as _run
from notelens.progress import Progress
from notelens.retrieve.aggregate import DocScoring

#: ``by="chunk"``: a document ranks where its best chunk does; ``by="doc"``: its chunks'
#: scores add up (:mod:`notelens.retrieve.aggregate`), for judgments per document.
EVAL_UNITS = ("chunk", "doc")


def evaluate(
    engine: Engine,
    dataset: str | EvalDataset,
    *,
    qrels: str | Path | None = None,
    modes: Sequence[str] = ("bm25", "dense", "hybrid"),
    ks: Sequence[int] = DEFAULT_KS,
    limit: int | None = None,
    answers: bool = False,
    answers_limit: int | None = None,
    llm: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    by: str = "chunk",
    doc_scoring: DocScoring | None = None,
) -> EvalResult:
    """Measure retrieval (and with ``answers``, answers) on a dataset.

    ``dataset`` is ``FORMAT:PATH`` (beir, autorag, squad, trec, notes) or a loaded
    :class:`~notelens.evaluate.datasets.EvalDataset`. Corpus datasets are indexed into
    their own cached folder with ``engine``'s settings and models, never into its index;
    ``notes`` sets search ``engine``'s index. See :mod:`notelens.evaluate.runner`.
    """
    if by not in EVAL_UNITS:
        raise ConfigError(f"unknown --by {by!r}", hint=f"use one of {', '.join(EVAL_UNITS)}")
    qrels_path = Path(qrels) if qrels is not None else None
    ds = load_dataset(dataset, qrels_path) if isinstance(dataset, str) else dataset
    return _run(
        engine,
        ds.limit(limit),
        modes=modes,
        ks=ks,
        answers=answers,
        answers_limit=answers_limit,
        llm=llm,
        cache_dir=cache_dir,
        progress=progress,
        doc_scoring=(doc_scoring or DocScoring()) if by == "doc" else None,
    )


def generate_questions(
    engine: Engine, n: int, *, seed: int = 0, llm: str | None = None
) -> list[dict[str, Any]]:
    """``n`` ``notes``-format questions from ``engine``'s indexed chunks, each labelled with
    its source chunk; written by the configured LLM when there is one (``llm`` spec or
    ``NOTELENS_LLM``), else from templates. See :mod:`notelens.evaluate.generate`."""
    return generate_question_set(engine, n, seed=seed, llm=llm).questions


def generate_question_set(
    engine: Engine, n: int, *, seed: int = 0, llm: str | None = None
) -> QuestionSet:
    """:func:`generate_questions` with the chunks skipped per reason (boilerplate,
    injection, pii, too short): ``QuestionSet.skipped``, ``QuestionSet.summary()``."""
    chunks = chunks_of_index(engine.searcher.store)
    return _generate_set(chunks, n, seed=seed, generator=engine.generator(llm))


__all__ = ["evaluate", "generate_question_set", "generate_questions"]
