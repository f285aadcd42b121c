"""Searches on a read replica: a primary and a streaming standby (``pg_basebackup -R``)
started by the test, on loopback.

The freshness contract: a search on the replica sees the primary's commits after the
replication lag (milliseconds on loopback; polled here with a deadline). Losing the
standby degrades to the primary with no failed search; losing the primary leaves the
standby's copy searchable (stale, read-only) and makes writes fail with a clear error,
and no commit is half-applied.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notelens.config import StoreConfig
from notelens.errors import IndexStoreError
from notelens.store.postgres import PostgresStoreFactory
from notelens.store.testing import DIM, rec, unit_vec
from pg_server import PgServer, start_server, start_standby

pytestmark = pytest.mark.integration


@pytest.fixture
def servers() -> Iterator[tuple[PgServer, PgServer]]:
    roots = [Path(tempfile.mkdtemp(prefix="notelens-pg-")) for _ in range(2)]
    started: list[PgServer] = []
    try:
        for r in roots:
            r.chmod(0o755)
        try:
            primary = start_server(roots[0])
        except LookupError as exc:
            pytest.skip(f"no PostgreSQL server for the tests: {exc}")
        started.append(primary)
        # The schema exists before the backup, as on a team's server.
        PostgresStoreFactory(StoreConfig("postgres", dsn=primary.dsn)).close()
        started.append(start_standby(primary, roots[1]))
        yield primary, started[1]
    finally:
        for server in reversed(started):
            with contextlib.suppress(Exception):  # already stopped by the test
                server.stop("immediate")
        for r in roots:
            shutil.rmtree(r, ignore_errors=True)


def _until(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_replica_reads_and_failures(servers: tuple[PgServer, PgServer], tmp_path: Path) -> None:
    primary, standby = servers
    stores = PostgresStoreFactory(StoreConfig("postgres", dsn=primary.dsn, dsn_read=standby.dsn))
    try:
        store = stores.open(tmp_path, "chunks_t", dim=DIM)
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "lora 어댑터", vec=1)])
        _until(lambda: stores.replica_up(), "the replica pool opens")
        # Freshness: the standby shows the commit after the replication lag.
        store.replace_sources(["/n/b.md"], [rec("/n/b.md", 0, "lora 저랭크", vec=1)])
        _until(lambda: len(store.search_terms(["lora"], 5)) == 2, "replication catches up")
        assert stores.replica_up()  # and it was the replica that answered

        # Losing the standby mid-load: not one search fails, they go to the primary.
        errors = 0
        standby.stop("immediate")
        for _ in range(30):
            try:
                assert len(store.search_terms(["lora"], 5)) == 2
                assert len(store.search_vector(unit_vec(1), 5)) == 2
            except IndexStoreError:
                errors += 1
        assert errors == 0
        store.replace_sources(["/n/c.md"], [rec("/n/c.md", 0, "lora qlora", vec=1)])
        assert len(store.search_terms(["lora"], 5)) == 3  # the primary answers, fresh
    finally:
        stores.close()


def test_losing_the_primary(servers: tuple[PgServer, PgServer], tmp_path: Path) -> None:
    primary, standby = servers
    stores = PostgresStoreFactory(StoreConfig("postgres", dsn=primary.dsn, dsn_read=standby.dsn))
    try:
        store = stores.open(tmp_path, "chunks_t", dim=DIM)
        store.replace_sources(["/n/a.md"], [rec("/n/a.md", i, f"lora t{i}") for i in range(3)])
        _until(lambda: stores.replica_up(), "the replica pool opens")
        _until(lambda: store.count() == 3, "replication catches up")
        primary.stop("immediate")
        # Writes fail with the project's error and its hint, no traceback of psycopg.
        with pytest.raises(IndexStoreError) as err:
            store.replace_sources(["/n/a.md"], [rec("/n/a.md", 0, "new", file_hash="h2")])
        assert err.value.hint
        # The standby still answers, with every file whole (old).
        assert len(store.search_terms(["lora"], 5)) == 3
        assert {s.file_hash for s in store.file_states().values()} == {"h1"}
    finally:
        stores.close()
