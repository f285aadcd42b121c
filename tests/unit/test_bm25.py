"""In-memory BM25: the Lucene formula, ties, masks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from notelens.store.bm25 import K1, B, Bm25Index

pytestmark = pytest.mark.unit

DOCS = ["lora 파라미터 lora", "qlora 양자화 파라미터", "검색 증강 생성", "lora"]


def _expected(term: str, doc: int) -> float:
    toks = [d.split() for d in DOCS]
    n = len(DOCS)
    df = sum(term in t for t in toks)
    tf = toks[doc].count(term)
    avgdl = sum(map(len, toks)) / n
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(toks[doc]) / avgdl))


def test_scores_follow_the_formula() -> None:
    index = Bm25Index(DOCS)
    scores = index.scores(["lora", "파라미터"])
    for doc in range(len(DOCS)):
        want = _expected("lora", doc) + _expected("파라미터", doc)
        assert scores[doc] == pytest.approx(want, rel=1e-5)
    assert scores[2] == 0.0


def test_top_orders_and_skips_non_matching() -> None:
    index = Bm25Index(DOCS)
    top = index.top(["lora"], 10)
    # A one-word document with tf 1 edges out a 3-word one with tf 2 (length norm).
    assert _expected("lora", 3) > _expected("lora", 0)
    assert [row for row, _ in top] == [3, 0]
    assert all(s > 0 for _, s in top)
    assert index.top(["없는말"], 10) == []
    assert index.top([], 10) == []


def test_repeated_query_terms_count_once() -> None:
    index = Bm25Index(DOCS)
    assert index.scores(["lora", "lora"]) == pytest.approx(index.scores(["lora"]))


def test_mask_and_k() -> None:
    index = Bm25Index(DOCS)
    mask = np.array([False, True, True, True])
    assert [row for row, _ in index.top(["lora", "파라미터"], 10, mask)] == [3, 1]
    assert len(index.top(["lora", "파라미터"], 1)) == 1


def test_equal_scores_keep_row_order() -> None:
    index = Bm25Index(["a b", "a b", "a b"])
    assert [row for row, _ in index.top(["a"], 3)] == [0, 1, 2]


def test_empty_corpus() -> None:
    index = Bm25Index([])
    assert len(index) == 0
    assert index.top(["a"], 5) == []


def test_arrow_input_and_whitespace_match_python_split() -> None:
    """Arrow string arrays (chunked too) build the same index as Python strings, and
    splitting follows ``str.split()`` on the whitespace an analyzer could leave."""
    import pyarrow as pa

    docs = [*DOCS, "", "  ", " lora\t파라미터\n", "a\u3000b\u00a0c", None, "lora  lora "]
    py = Bm25Index([d or "" for d in docs])
    chunked = pa.chunked_array([pa.array(docs[:5]), pa.array(docs[5:])])
    arrow = Bm25Index(chunked)
    assert len(arrow) == len(docs)
    for terms in (["lora"], ["파라미터", "b"], ["c"], ["a"]):
        assert arrow.scores(terms) == pytest.approx(py.scores(terms))
    want = [d.split() if d else [] for d in docs]
    assert [row for row, _ in py.top(["b"], 10)] == [i for i, t in enumerate(want) if "b" in t]
    assert py.scores(["lora"])[6] > 0 and py.scores(["lora"])[5] == 0
