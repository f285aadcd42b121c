"""An in-memory BM25 index over analyzed terms, for tables small enough to hold.

Okapi BM25 as Lucene scores it (Robertson & Zaragoza, "The Probabilistic Relevance
Framework: BM25 and Beyond", FnTIR 2009)::

    score(d, q) = sum_{t in q} idf(t) * tf(t, d) * (k1 + 1)
                                      / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
    idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

Query terms count once each (the searcher dedupes them). Every posting's score depends
only on its term and document, so it is computed once at build time: a query is then a
few fancy-indexed additions into one float array of N scores, well under a millisecond
for tens of thousands of chunks, against ~7 ms for a LanceDB full-text query on the same
table (benchmarks/search_parts.py). Documents are the table rows in their stored order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75


class Bm25Index:
    """Postings of whitespace-separated term strings, one string per document.

    Immutable once built; safe to query from many threads.
    """

    def __init__(self, docs: Sequence[str] | Any, *, k1: float = K1, b: float = B) -> None:
        """``docs``: term strings, as Python strings or an Arrow string array.

        Splitting, the vocabulary and the postings are built by Arrow and numpy kernels,
        which release the GIL: a rebuild while a server answers searches (after each
        commit of an index run) would otherwise hold it for ~0.3 s at 10k rows, in a
        Python loop over every term. Terms are split on Unicode whitespace, as
        ``str.split()`` does for the analyzer's output.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(docs, pa.ChunkedArray):
            docs = docs.combine_chunks()
        arr = docs if isinstance(docs, pa.Array) else pa.array(list(docs), type=pa.large_string())
        lists = pc.utf8_split_whitespace(arr)
        flat = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists)
        keep = pc.greater(pc.binary_length(flat), 0)  # split leaves "" at padded ends
        enc = pc.dictionary_encode(pc.filter(flat, keep))
        # Ids in order of first appearance, as a Python loop would hand them out.
        vocab = {t: i for i, t in enumerate(enc.dictionary.to_pylist())}
        term_ids = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        doc_ids = np.asarray(
            pc.filter(parents, keep).to_numpy(zero_copy_only=False), dtype=np.int64
        )
        n_docs = len(arr)
        lengths = np.bincount(doc_ids, minlength=n_docs).astype(np.int32)
        self.n_docs = n_docs
        self._vocab = vocab
        terms = term_ids
        # One (term, doc) key per posting; unique keys with counts are the term frequencies.
        keys, tf = np.unique(terms * max(n_docs, 1) + doc_ids, return_counts=True)
        post_term = keys // max(n_docs, 1)
        self._post_doc = (keys % max(n_docs, 1)).astype(np.int32)
        df = np.bincount(post_term, minlength=len(vocab))
        self._starts = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        n = float(n_docs)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        avgdl = float(lengths.mean()) if n_docs and lengths.sum() > 0 else 1.0
        dl = lengths[self._post_doc].astype(np.float64)
        tf64 = tf.astype(np.float64)
        norm = tf64 + k1 * (1.0 - b + b * dl / avgdl)
        self._post_score = (idf[post_term] * tf64 * (k1 + 1.0) / norm).astype(np.float32)

    def __len__(self) -> int:
        return self.n_docs

    def scores(self, terms: Sequence[str]) -> npt.NDArray[np.float32]:
        """BM25 score of every document (0 where no term matches)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term in dict.fromkeys(terms):
            tid = self._vocab.get(term)
            if tid is None:
                continue
            lo, hi = self._starts[tid], self._starts[tid + 1]
            # A term's postings name each document once, so += on fancy indices is exact.
            out[self._post_doc[lo:hi]] += self._post_score[lo:hi]
        return out

    def top(
        self,
        terms: Sequence[str],
        k: int,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(row, score)`` among matching documents (``mask`` keeps rows)."""
        scores = self.scores(terms)
        if mask is not None:
            scores = np.where(mask, scores, np.float32(0.0))
        hits = np.flatnonzero(scores > 0)
        if hits.size == 0 or k <= 0:
            return []
        if hits.size > k:
            part = np.argpartition(-scores[hits], k - 1)[:k]
            hits = hits[part]
        # Stable by row on equal scores, so results are deterministic.
        order = np.lexsort((hits, -scores[hits]))
        return [(int(hits[i]), float(scores[hits[i]])) for i in order]


__all__ = ["K1", "B", "Bm25Index"]
