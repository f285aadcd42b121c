"""The word analyzer and hash embedder the index pipeline's integration tests run the
real indexer and store with: deterministic, no model (shared by test_index_pipeline.py and
test_index_windows.py)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

import numpy as np

DIM = 16


class WordAnalyzer:
    version = "test-words-1"

    def terms(self, text: str) -> list[str]:
        return text.lower().split()

    def terms_batch(self, texts: list[str]) -> list[list[str]]:
        return [self.terms(t) for t in texts]


def fake_vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


class HashEmbedder:
    """Deterministic vectors per text; ``calls`` records each batch (``texts`` all of
    them in order); ``fail_on`` (1-based call number) raises."""

    id = "test-hash"
    dim = DIM

    def __init__(self, fail_on: int | None = None) -> None:
        self.fail_on = fail_on
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()

    @property
    def texts(self) -> list[str]:
        return [t for batch in self.calls for t in batch]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            self.calls.append(list(texts))
            n = len(self.calls)
        if self.fail_on is not None and n == self.fail_on:
            raise RuntimeError(f"embedder broke on call {n}")
        return np.stack([fake_vector(t) for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)
