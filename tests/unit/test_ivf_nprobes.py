"""IVF partitions visited by the embedded store's dense search (issue #17): the
configured count, and at least ``nprobes_share`` of the partitions as the table grows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notelens.config import ANN_INDEXES, DenseConfig
from notelens.errors import IndexStoreError
from notelens.store.lancedb import ann_partitions, ivf_nprobes, vector_index_config

pytestmark = pytest.mark.unit


def test_partitions_grow_as_the_square_root_with_a_floor() -> None:
    assert ann_partitions(100) == 16
    assert ann_partitions(100_000) == 316
    assert ann_partitions(1_000_000) == 1000


def test_the_configured_count_holds_until_the_share_exceeds_it() -> None:
    dense = DenseConfig()
    assert ivf_nprobes(dense, 25_000) == dense.nprobes
    assert ivf_nprobes(dense, 50_000) == dense.nprobes  # 10 % of 223 is 23
    assert ivf_nprobes(dense, 100_000) == 32  # 10 % of 316
    assert ivf_nprobes(dense, 1_000_000) == 100  # 10 % of 1,000
    assert ivf_nprobes(dense, 4_000_000) == 200


def test_share_zero_keeps_the_configured_count() -> None:
    """The benchmark's nprobes sweep measures raw counts this way."""
    dense = replace(DenseConfig(), nprobes=8, nprobes_share=0.0)
    assert ivf_nprobes(dense, 1_000_000) == 8


def test_vector_index_config_per_kind() -> None:
    """One place maps ``dense.ann_index`` to LanceDB's config: the store's optimize and
    the benchmark that rebuilds an index on a kept table use the same partitions."""
    from lancedb.index import HnswSq, IvfFlat, IvfPq, IvfSq

    flat = vector_index_config("IVF_FLAT", 1_000_000, 384)
    assert isinstance(flat, IvfFlat) and flat.num_partitions == 1000
    pq = vector_index_config("IVF_PQ", 100_000, 384)
    assert isinstance(pq, IvfPq) and pq.num_partitions == 316 and pq.num_sub_vectors == 48
    assert isinstance(vector_index_config("IVF_HNSW_SQ", 1_000_000, 384), HnswSq)
    sq = vector_index_config("IVF_SQ", 1_000_000, 384)
    assert isinstance(sq, IvfSq) and sq.num_partitions == 1000


def test_every_configurable_kind_has_a_lancedb_config() -> None:
    """``Settings.validate`` accepts exactly the kinds the store can build."""
    for kind in ANN_INDEXES:
        assert vector_index_config(kind, 300_000, 384).distance_type == "cosine"


def test_vector_index_config_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(IndexStoreError) as err:
        vector_index_config("HNSW", 1_000, 384)
    assert "IVF_FLAT" in (err.value.hint or "")
