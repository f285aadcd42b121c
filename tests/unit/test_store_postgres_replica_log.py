"""The replica probe's log: one warning per outage, not one per retry.

A standby that stays down is retried every ``REPLICA_RETRY_S`` seconds for as long as
the process lives (a ``serve`` for days); a warning per retry would fill the user's log.
No server is needed: the replica's address refuses connections.
"""

from __future__ import annotations

import logging
import socket
import time

import pytest

pytest.importorskip("psycopg_pool")

from notelens.config import StoreConfig
from notelens.store import postgres

pytestmark = pytest.mark.unit


def _closed_port() -> int:
    # A port nothing listens on: bound, then released, so connecting is refused at once.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tries(caplog: pytest.LogCaptureFixture, port: int) -> list[logging.LogRecord]:
    # Only this pool's probe: another test's store in the same worker may still be
    # winding down its own probe thread, and its lines land in the same capture.
    return [
        r
        for r in caplog.records
        if "read replica unavailable" in r.getMessage() and f":{port}/" in r.getMessage()
    ]


def test_an_unreachable_replica_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(postgres, "REPLICA_TIMEOUT_S", 0.2)
    monkeypatch.setattr(postgres, "REPLICA_RETRY_S", 0.01)
    port = _closed_port()
    dsn = f"postgresql://nobody@127.0.0.1:{port}/notelens"
    pools = postgres._Pools(StoreConfig(backend="postgres", dsn=dsn, dsn_read=dsn))
    caplog.set_level(logging.DEBUG, logger=postgres.__name__)
    try:
        assert pools.replica() is None  # reads go to the primary while it is down
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            tries = _tries(caplog, port)
            if len(tries) >= 3:
                break
            time.sleep(0.05)
    finally:
        pools.close()
    tries = _tries(caplog, port)
    assert len(tries) >= 3, "the probe did not retry"
    assert [r.levelno for r in tries].count(logging.WARNING) == 1
    assert tries[0].levelno == logging.WARNING
    assert all(r.levelno == logging.DEBUG for r in tries[1:])
