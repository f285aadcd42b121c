"""Where each store starts its ANN index: the setting when given, else the store's own
size (the embedded store's resident int8 scan beats LanceDB's IVF to ~200k rows; a
server's exact scan reads every row, so Postgres starts at 25k)."""

from __future__ import annotations

import pytest

from notelens.config import DenseConfig
from notelens.store.lancedb import EMBEDDED_ANN_ROWS
from notelens.store.postgres import SERVER_ANN_ROWS

pytestmark = pytest.mark.unit


def test_unset_threshold_is_each_stores_own() -> None:
    dense = DenseConfig()
    assert dense.ann_threshold is None
    assert dense.ann_rows(EMBEDDED_ANN_ROWS) == EMBEDDED_ANN_ROWS == 200_000
    assert dense.ann_rows(SERVER_ANN_ROWS) == SERVER_ANN_ROWS == 25_000


@pytest.mark.parametrize("rows", [1, 200, 50_000])
def test_a_set_threshold_wins_for_every_store(rows: int) -> None:
    dense = DenseConfig(ann_threshold=rows)
    assert dense.ann_rows(EMBEDDED_ANN_ROWS) == rows
    assert dense.ann_rows(SERVER_ANN_ROWS) == rows


def test_the_vector_index_is_trained_again_past_the_share_written_since() -> None:
    from notelens.store.lancedb import retrain_due

    dense = DenseConfig()
    assert (dense.ann_retrain_share, dense.ann_retrain_fragments) == (0.01, 32)
    assert not retrain_due(dense, 0, 300_000, 1)
    assert not retrain_due(dense, 3_000, 300_000, 32)  # exactly 1 % and 32 fragments: flat
    assert retrain_due(dense, 3_001, 300_000, 1)
    assert retrain_due(dense, 10, 300_000, 33)  # a few rows, but in many small commits
    assert retrain_due(DenseConfig(ann_retrain_share=0.05), 1, 10, 1)


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_a_retrain_share_outside_0_1_is_refused(share: float) -> None:
    from notelens.config import Settings
    from notelens.errors import ConfigError

    with pytest.raises(ConfigError, match=r"dense\.ann_retrain_share must be in \(0, 1\]"):
        Settings(dense=DenseConfig(ann_retrain_share=share)).validate()
    Settings(dense=DenseConfig(ann_retrain_share=1.0)).validate()
    with pytest.raises(ConfigError, match=r"dense\.ann_retrain_fragments must be positive"):
        Settings(dense=DenseConfig(ann_retrain_fragments=0)).validate()
