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
