"""The int8 shortlist scan (:class:`notelens.store.resident.VectorScan`) finds what the
exact fp32 scan finds, in every backend that uses it (LanceDB below its ANN threshold,
memory).

Real tables in a temp folder, 5,000 rows of 384-dim vectors drawn around 60
centres (so that many neighbours crowd each query, as with real embeddings), queries
near the centres; with and without filters, one query and a batch. Needs torch
(``torch._int_mm``); skipped without it.
"""

from __future__ import annotations

import numpy as np
import pytest

from notelens.store.base import ChunkRecord, Scored, StoreFactory, StoreFilter
from notelens.store.lancedb import LanceDBStore, LanceDBStoreFactory
from notelens.store.memory import MemoryStore, MemoryStoreFactory, TableSpace
from notelens.store.resident import INT8_SCAN_MIN_ROWS
from notelens.types import Location

pytestmark = pytest.mark.integration

pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0)")

DIM = 384
ROWS = 5000


def rec(source: str, i: int, vector: np.ndarray) -> ChunkRecord:
    return ChunkRecord(
        chunk_id=f"{source}#{i}",
        source=source,
        title="T",
        heading="H",
        text=f"passage {i}",
        terms=f"t{i}",
        location=Location(line_start=i + 1, line_end=i + 1),
        lang="ko" if i % 2 else "en",
        kind="section",
        links=(),
        content_hash=f"c{i}",
        ordinal=i,
        file_hash="h",
        file_size=100,
        file_mtime_ns=1,
        vector=vector,
    )


Handle = LanceDBStore | MemoryStore


def _factory(backend: str, int8_scan: bool) -> StoreFactory:
    if backend == "lancedb":
        return LanceDBStoreFactory(int8_scan=int8_scan)
    return MemoryStoreFactory(_SPACE, int8_scan=int8_scan)


_SPACE = TableSpace()


@pytest.fixture(scope="module", params=["lancedb", "memory"])
def stores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Handle, Handle]:
    assert ROWS >= INT8_SCAN_MIN_ROWS
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(60, DIM))
    vecs = centres[rng.integers(0, 60, ROWS)] + rng.normal(scale=0.6, size=(ROWS, DIM))
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    sources = ["/n/papers/a.md", "/n/study/b.md", "/n/digest/c.md"]
    records = [rec(sources[i % 3], i, vecs[i]) for i in range(ROWS)]
    path = tmp_path_factory.mktemp("int8")
    backend = request.param
    writer = _factory(backend, False).open(path, "chunks_test", dim=DIM)
    writer.replace_sources(sources, records)
    exact = _factory(backend, False).open(path, "chunks_test", dim=DIM, create=False)
    int8 = _factory(backend, True).open(path, "chunks_test", dim=DIM, create=False)
    assert isinstance(exact, Handle) and isinstance(int8, Handle)
    return exact, int8


def _queries(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(7).normal(size=(60, DIM))
    q = centres[rng.integers(0, 60, n)] + rng.normal(scale=0.8, size=(n, DIM))
    return (q * 2.5).astype(np.float32)  # unnormalised on purpose


def _same(want: list[Scored], got: list[Scored]) -> None:
    """Same hits and scores; two hits may swap only where their scores tie (< 1e-5)."""
    assert len(got) == len(want)
    assert {h.chunk_id for h in got} == {h.chunk_id for h in want} or (
        # a tie at the cut-off: the sets may differ by rows of the last score
        abs(got[-1].score - want[-1].score) < 1e-5
    )
    assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)


@pytest.mark.parametrize("k", [10, 100])
def test_int8_shortlist_matches_exact_scan(stores: tuple[Handle, Handle], k: int) -> None:
    exact, int8 = stores
    queries = _queries(24, seed=k)
    for where in (None, StoreFilter(lang="ko"), StoreFilter(source_glob="*/study/*")):
        want = exact.search_vectors(queries, k, where)
        got = int8.search_vectors(queries, k, where)
        for w, g in zip(want, got, strict=True):
            _same(w, g)
        single = int8.search_vector(queries[0], k, where)
        _same(want[0], single)
        if where is not None:
            rows = {r.chunk_id: r for r in int8.get([h.chunk_id for h in got[0]])}
            assert all(
                (where.lang is None or rows[h.chunk_id].lang == where.lang)
                and (where.source_glob is None or "/study/" in rows[h.chunk_id].source)
                for h in got[0]
            )
    assert int8._memory().int8 is not None  # the int8 path really ran
    assert exact._memory().int8 is None


def test_int8_scan_keeps_filters_that_match_nothing(
    stores: tuple[Handle, Handle],
) -> None:
    _, int8 = stores
    nowhere = StoreFilter(source_glob="/nowhere/*")
    assert int8.search_vectors(_queries(3, seed=1), 10, nowhere) == [[], [], []]
    assert int8.search_vector(_queries(1, seed=2)[0], 10, nowhere) == []
