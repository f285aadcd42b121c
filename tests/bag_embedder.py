"""A fake embedder for plumbing tests of the answer service: analyzer terms hashed into a
normalised bag-of-words vector, so a cosine is the terms' overlap. Never for a figure."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from notelens.analysis.base import Analyzer


class BagEmbedder:
    """Hashes analyzer terms into a normalised bag-of-words vector (cosine = overlap)."""

    id = "fake-bag"
    dim = 256

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, terms in enumerate(self.analyzer.terms_batch(list(texts))):
            for t in terms:
                out[i, int(hashlib.md5(t.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[i, 0] += 0.5
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)
