"""Searches on a read replica: a primary and a streaming standby (``pg_basebackup -R``)
started by the test, on loopback.

The freshness contract: a search on the replica sees the primary's commits after the
replication lag (milliseconds on loopback; polled here with a deadline). Losing the
standby degrades to the primary with no failed search; losing the primary leaves the
standby's copy searchable (stale, read-only) and makes writes fail with a clear error,
and no commit is half-applied. Failover: the standby, promoted (``pg_ctl promote``),
serves searches and index runs when notelens is pointed at it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from notelens import FileStatus
from notelens.config import Settings, StoreConfig
from notelens.errors import IndexStoreError
from notelens.store.postgres import PostgresStoreFactory
from notelens.store.testing import DIM, rec, unit_vec
from pg_server import PgServer, start_server, start_standby

if TYPE_CHECKING:
    from notelens.engine import Engine

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"


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


def _caught_up(primary: PgServer, standby: PgServer) -> Callable[[], bool]:
    """Whether the standby has replayed everything the primary had written by now."""
    import psycopg

    with psycopg.connect(primary.dsn, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    lsn = str(row[0])

    def check() -> bool:
        with psycopg.connect(standby.dsn, autocommit=True) as conn:
            done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()
        return bool(done and done[0])

    return check


@pytest.mark.slow  # two servers, an index run on each, and two CLI processes
def test_failover_to_the_promoted_standby(
    servers: tuple[PgServer, PgServer],
    tmp_path: Path,
    make_engine: Callable[..., Engine],
) -> None:
    """The README's failover: the primary dies (kill -9 of the server); searches keep
    answering from the standby and index runs fail with a clear error (CLI: exit code,
    one line, no traceback); ``pg_ctl promote`` makes the standby the primary; notelens
    pointed at it (``--dsn``) finds every file whole, searches, and indexes."""
    import os
    import signal
    import subprocess
    import sys

    primary, standby = servers
    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    both = StoreConfig("postgres", dsn=primary.dsn, dsn_read=standby.dsn, namespace="team")
    engine = make_engine(tmp_path / "index", settings=Settings(store=both))
    engine.index([notes])
    before = {h.chunk_id for h in engine.search("LoRA 저랭크 행렬", k=5)}
    states = engine.stores.open(  # what every file was at the last commit
        engine.layout.root, engine._meta().table, dim=engine.embedder.dim, create=False
    ).file_states()
    _until(_caught_up(primary, standby), "the standby replays the index run")

    # kill -9 of the primary's postmaster (the machine is gone, no clean shutdown).
    pid = int((primary.data / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    _until(lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid), "the primary dies")
    with contextlib.suppress(Exception):
        primary.stop("immediate")  # its backends, if any outlived the postmaster

    assert {h.chunk_id for h in engine.search("LoRA 저랭크 행렬", k=5)} == before  # replica
    changed = sorted(notes.rglob("*.md"))[0]
    changed.write_text("# 장애 조치\n\n승격된 standby에서 zebrafish 색인.\n", encoding="utf-8")
    with pytest.raises(IndexStoreError) as err:
        engine.index()
    assert err.value.hint and "Traceback" not in str(err.value)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTELENS_")}
    env["NOTELENS_DAEMON"] = "0"  # as the whole suite: no warm daemon left behind
    cli = [sys.executable, "-m", "notelens", "--store", "postgres", "--namespace", "team"]
    res = subprocess.run(
        [*cli, "--dsn", primary.dsn, "index", "--index", str(tmp_path / "cli-index")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert res.returncode != 0 and "Traceback" not in res.stderr, res.stderr
    assert "PostgreSQL" in res.stderr and "NOTELENS_DSN" in res.stderr, res.stderr

    standby._run("pg_ctl", "-D", str(standby.data), "-w", "-t", "60", "promote")
    promoted = StoreConfig("postgres", dsn=standby.dsn, namespace="team")
    after = make_engine(tmp_path / "index", settings=Settings(store=promoted))
    assert after.doctor().healthy
    assert {h.chunk_id for h in after.search("LoRA 저랭크 행렬", k=5)} == before
    table = after._meta().table
    assert (
        after.stores.open(
            after.layout.root, table, dim=after.embedder.dim, create=False
        ).file_states()
        == states
    )  # the failed run changed nothing: every file as committed
    report = after.index()
    assert report.count(FileStatus.INDEXED) == 1
    assert after.search("zebrafish 색인", k=1, mode="bm25")[0].source == str(changed.resolve())
    res = subprocess.run(
        [*cli, "--dsn", standby.dsn, "search", "zebrafish", "--index",
         str(tmp_path / "another-folder"), "--json"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert res.returncode == 0 and "zebrafish" in res.stdout, res.stderr


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
