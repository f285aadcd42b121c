"""kill -9 an index run on the Postgres store: each file stays old or new.

The child, kill points and checks of tests/robustness/test_crash_safety.py (LanceDB),
with the engine pointed at a real server through NOTELENS_STORE / NOTELENS_DSN (the
child reads its settings from the environment): every commit is one server transaction,
so a killed run leaves no half-written file, and the server-side lock of the killed run
goes with its session (the next run is not locked out).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pg_server import pg_dsn  # noqa: F401  (the session server fixture)
from robustness import test_crash_safety as crash

if TYPE_CHECKING:
    from notelens.engine import Engine

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # 6 child index runs

# The LanceDB child builds Settings() itself; this one takes the store from the variables.
_FROM_ENV = "Settings.from_env().with_index(index_dir)"
CHILD = crash.CHILD.replace("Settings(index_dir=index_dir)", _FROM_ENV)


@pytest.mark.parametrize(
    "kill_on",
    [("phase", "writing", 2), ("file_done", "indexed", 3)],
    ids=["writing", "between-batches"],
)
def test_kill_during_reindex_on_postgres_keeps_each_file_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_engine: Callable[..., Engine],
    pg_dsn: str,  # noqa: F811
    kill_on: tuple[str, str, int],
) -> None:
    assert _FROM_ENV in CHILD, "the crash-test child changed: adapt CHILD here"
    monkeypatch.setattr(crash, "CHILD", CHILD)
    monkeypatch.setenv("NOTELENS_STORE", "postgres")
    monkeypatch.setenv("NOTELENS_DSN", pg_dsn)
    notes = tmp_path / "notes"
    index_dir = tmp_path / "index"
    old = crash._write_notes(notes, "v1")
    assert not crash._run_child(index_dir, notes, None)
    assert set(crash._check_whole(make_engine, index_dir, old, old).values()) == {"v1"}
    assert not (index_dir / "lance").exists()  # the rows are in the server

    new = crash._write_notes(notes, "v2")
    assert crash._run_child(index_dir, notes, kill_on), "the child finished before the kill"
    crash._check_whole(make_engine, index_dir, old, new)

    assert not crash._run_child(index_dir, notes, None)  # not locked out by the killed run
    versions = crash._check_whole(make_engine, index_dir, old, new)
    assert set(versions.values()) == {"v2"} and len(versions) == crash.N_FILES
