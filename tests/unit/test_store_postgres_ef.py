"""The ``hnsw.ef_search`` rule of the PostgreSQL store (``ef_search_for``): the base up to
50k rows, one more base per doubling past it, the explicit setting first, never below k
nor above pgvector's limit (docs/benchmarks.md, "Team store, fourth round: ef_search by
size")."""

from __future__ import annotations

import pytest

from notelens.config import StoreConfig
from notelens.errors import ConfigError
from notelens.store.postgres import EF_SEARCH_MAX, ef_search_for

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        (0, 100),
        (20_000, 100),
        (50_000, 100),  # measured: recall@10 0.97 at 100
        (50_001, 110),  # past it the beam grows, rounded up to tens
        (75_000, 160),
        (100_000, 200),  # measured: 100 gave 0.92-0.95, 200 gave 0.98
        (200_000, 300),
        (1_000_000, 540),
        (10**9, EF_SEARCH_MAX),
    ],
)
def test_ef_search_grows_with_the_rows(rows: int, want: int) -> None:
    assert ef_search_for(rows, 10) == want


def test_ef_search_is_monotonic_in_the_rows() -> None:
    efs = [ef_search_for(n, 10) for n in range(0, 3_000_000, 7_919)]
    assert efs == sorted(efs)


def test_the_explicit_setting_wins_at_every_size() -> None:
    for rows in (0, 50_000, 100_000, 5_000_000):
        assert ef_search_for(rows, 10, configured=40) == 40
        assert ef_search_for(rows, 10, configured=400) == 400


def test_ef_search_holds_k_hits_and_stays_within_pgvector() -> None:
    # The hybrid's dense leg asks for 100 hits: the beam must hold them, set or not.
    assert ef_search_for(1_000, 150) == 150
    assert ef_search_for(1_000, 150, configured=40) == 150
    assert ef_search_for(100_000, 100) == 200
    assert ef_search_for(1_000, 10, configured=5_000) == EF_SEARCH_MAX
    assert ef_search_for(1_000, 5_000) == EF_SEARCH_MAX


def test_the_setting_is_unset_by_default_and_validated_when_set() -> None:
    assert StoreConfig().hnsw_ef_search is None
    StoreConfig("postgres", dsn="postgresql://u@h/db").validate()
    StoreConfig("postgres", dsn="postgresql://u@h/db", hnsw_ef_search=1).validate()
    with pytest.raises(ConfigError):
        StoreConfig("postgres", dsn="postgresql://u@h/db", hnsw_ef_search=0).validate()
