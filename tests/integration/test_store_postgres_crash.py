"""kill -9 an index run on the Postgres store: each file stays old or new.

The same child, kill points and checks as test_crash_safety.py (LanceDB), with the
engine pointed at a real server through NOTELENS_STORE / NOTELENS_DSN: every commit is
one server transaction, so a killed run leaves no half-written file, and the server-side
lock of the killed run goes with its session (the next run is not locked out).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_crash_safety import _check_whole, _run_child, _write_notes

from pg_server import pg_dsn  # noqa: F401  (the session server fixture)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "kill_on",
    [("phase", "writing", 2), ("file_done", "indexed", 3)],
    ids=["writing", "between-batches"],
)
def test_kill_during_reindex_on_postgres_keeps_each_file_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_dsn: str,  # noqa: F811
    kill_on: tuple[str, str, int],
) -> None:
    monkeypatch.setenv("NOTELENS_STORE", "postgres")
    monkeypatch.setenv("NOTELENS_DSN", pg_dsn)
    notes = tmp_path / "notes"
    index_dir = tmp_path / "index"
    old = _write_notes(notes, "v1")
    assert not _run_child(index_dir, notes, None)
    assert set(_check_whole(index_dir, old, old).values()) == {"v1"}
    assert not (index_dir / "lance").exists()  # the rows are in the server

    new = _write_notes(notes, "v2")
    assert _run_child(index_dir, notes, kill_on), "the child finished before the kill point"
    _check_whole(index_dir, old, new)

    assert not _run_child(index_dir, notes, None)  # not locked out by the killed run
    versions = _check_whole(index_dir, old, new)
    assert set(versions.values()) == {"v2"} and len(versions) == 6
