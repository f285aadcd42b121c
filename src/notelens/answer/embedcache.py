"""Per-text caches of what extractive answering computes: Kiwi terms and e5 unit vectors.

Extractive answering reads the same passages again and again (a follow-up question, a
second question on the same note, the web page asking twice), and within one question
it would analyse a heading path once per unit. :class:`UnitCache` keeps a bounded LRU of
the analyzer's terms per *text* and of e5 passage vectors per *batch* (one question's
units), de-duplicates every batch before the analyzer or the embedder sees it, and sends
each batch of misses as one call.

Vectors are kept per batch, not per text, because an int8 e5 vector depends on its
batch-mates (fbgemm quantises a packed batch with one activation scale: cosine ~0.998
between a text embedded alone and beside others; docs/benchmarks.md "A passage's vector
and its batch"). Cached per text, a question's vectors would mix rows from whatever
earlier questions embedded, and the same question could get another answer after other
questions in a warm daemon than from a cold CLI. Per batch, a question's vectors depend
on its own units only: the warm and the cold paths answer alike, and a repeated question
or a follow-up over the same passages still embeds nothing.
The question's vector comes from ``query_vector`` when given (the searcher's LRU, which
embedded the question a moment ago for the dense leg), so it is not embedded twice.

A cache of size 0 keeps nothing between calls (each batch is still de-duplicated): the
"cold" figures in docs/benchmarks.md are measured that way. One cache belongs to one
:class:`~notelens.answer.service.Answerer` (no module state); the texts are the
index's own passages, so entries stay valid for as long as the Answerer lives, and an
index rebuilt under it changes the texts, hence the keys.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from notelens.analysis.base import Analyzer
from notelens.embed.base import Embedder

V = TypeVar("V")
Vector = npt.NDArray[np.float32]

#: Entries per cache: a unit's terms are ~1 KB, a 384-d vector 1.5 KB, so the default
#: holds a few MB (some hundred passages' units).
DEFAULT_SIZE = 4096

#: Units per question's batch, roughly: the vector cache keeps ``size // UNITS_PER_BATCH``
#: batches, so it holds about as many vectors as the term cache holds term sets.
UNITS_PER_BATCH = 64


class _LRU(Generic[V]):
    """A thread-safe bounded mapping; ``size`` 0 stores nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, V]:
        found: dict[str, V] = {}
        with self._lock:
            for k in keys:
                v = self._data.get(k)
                if v is not None:
                    self._data.move_to_end(k)
                    found[k] = v
        return found

    def put_many(self, items: dict[str, V]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            for k, v in items.items():
                self._data[k] = v
                self._data.move_to_end(k)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


def _cached(
    texts: Sequence[str], lru: _LRU[V], compute: Callable[[list[str]], Sequence[V]]
) -> list[V]:
    """``[value(t) for t in texts]``: hits from ``lru``, the unique misses in one call."""
    known = lru.get_many(list(dict.fromkeys(texts)))
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        values = compute(missing)
        if len(values) != len(missing):
            raise ValueError(f"got {len(values)} results for {len(missing)} texts")
        new = dict(zip(missing, values, strict=True))
        lru.put_many(new)
        known.update(new)
    return [known[t] for t in texts]


class UnitCache:
    """Terms and e5 vectors of answer units, cached per text (see the module doc)."""

    def __init__(
        self,
        analyzer: Analyzer,
        embedder: Embedder | None,
        *,
        size: int = DEFAULT_SIZE,
        query_vector: Callable[[str], Vector] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.embedder = embedder
        self._terms: _LRU[frozenset[str]] = _LRU(size)
        self._batches: _LRU[Vector] = _LRU(size and max(1, size // UNITS_PER_BATCH))
        self._query_vector = query_vector

    def terms(self, texts: Sequence[str]) -> list[frozenset[str]]:
        """The analyzer's term set of each text (one ``terms_batch`` for the misses)."""

        def compute(missing: list[str]) -> list[frozenset[str]]:
            return [frozenset(ts) for ts in self.analyzer.terms_batch(missing)]

        return _cached(texts, self._terms, compute)

    def vectors(self, texts: Sequence[str]) -> Vector:
        """e5 passage vectors, one row per text: the batch's unique texts in one call.

        The whole batch is the cache key (see the module doc): a text's vector is the one
        it gets beside this batch's other texts, whatever was embedded before.
        """
        if self.embedder is None:
            raise ValueError("no embedder")
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        key = json.dumps(unique, ensure_ascii=False)  # unambiguous, whatever the texts hold
        matrix = self._batches.get_many([key]).get(key)
        if matrix is None:
            matrix = np.asarray(self.embedder.embed_passages(unique), dtype=np.float32)
            if len(matrix) != len(unique):
                raise ValueError(f"got {len(matrix)} vectors for {len(unique)} texts")
            self._batches.put_many({key: matrix})
        row = {t: i for i, t in enumerate(unique)}
        return matrix[[row[t] for t in texts]]

    def query(self, question: str) -> Vector:
        """The question's e5 query vector (the searcher's when it was given one)."""
        if self._query_vector is not None:
            return np.asarray(self._query_vector(question), dtype=np.float32)
        if self.embedder is None:
            raise ValueError("no embedder")
        return np.asarray(self.embedder.embed_queries([question])[0], dtype=np.float32)


__all__ = ["DEFAULT_SIZE", "UNITS_PER_BATCH", "UnitCache"]
