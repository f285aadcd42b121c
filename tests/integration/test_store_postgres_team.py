"""One team index on a real server (tests/pg_server.py): a namespace shared by machines
whose index folders differ, and ``notelens status`` naming where the index lives.

Two engines with different index folders stand for two machines: they share nothing
but the server (no meta.json is copied between the folders).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import CliResult, run_cli
from notelens.config import Settings, StoreConfig
from notelens.engine import Engine
from notelens.errors import IndexLockedError
from notelens.store.postgres import PostgresStoreFactory
from pg_server import pg_dsn  # noqa: F401  (the session server fixture)

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"


def _with_password(dsn: str, password: str) -> str:
    """The test server trusts loopback, so any password connects (and must not show)."""
    return dsn.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")


def test_a_namespace_shares_one_index_between_folders(
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
    make_engine: Callable[..., Engine],
) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    team = Settings(store=StoreConfig("postgres", dsn=pg_dsn, namespace="연구팀-notes"))
    a = make_engine(tmp_path / "machine-a" / "index", settings=team)
    a.index([notes])
    b = make_engine(tmp_path / "machine-b" / "elsewhere", settings=team)
    assert not b.layout.meta_path.exists()  # nothing copied: B finds it in the server
    for q in ("LoRA 저랭크 행렬", "KV cache memory", "DPO 손실 함수"):
        assert [h.chunk_id for h in b.search(q, k=5)] == [h.chunk_id for h in a.search(q, k=5)]
    st_a, st_b = a.status(), b.status()
    assert st_b.exists and st_b.chunks == st_a.chunks > 0
    assert st_b.store_namespace == "연구팀-notes"

    # B's index run (the same namespace) updates the rows A searches.
    first = sorted(notes.rglob("*.md"))[0]
    first.write_text("# 새 노트\n\n팀 공유 인덱스 zebrafish 실험 기록.\n", encoding="utf-8")
    b.index()
    assert a.search("zebrafish 실험", k=1, mode="bm25")[0].source == str(first.resolve())

    # Runs of the two machines exclude each other (one lock per namespace, not folder).
    stores_a = PostgresStoreFactory(team.store)
    stores_b = PostgresStoreFactory(team.store)
    try:
        with (
            stores_a.writer_lock(a.layout.root),
            pytest.raises(IndexLockedError),
            stores_b.writer_lock(b.layout.root),
        ):
            pass
    finally:
        stores_a.close()
        stores_b.close()

    # Without the namespace, B's folder is its own (empty) index, as before namespaces;
    # another namespace is another index.
    own = make_engine(
        tmp_path / "machine-c", settings=Settings(store=StoreConfig("postgres", dsn=pg_dsn))
    )
    assert not own.status().exists
    other = Settings(store=StoreConfig("postgres", dsn=pg_dsn, namespace="other-team"))
    assert not make_engine(tmp_path / "machine-d", settings=other).status().exists


@pytest.mark.usefixtures("cli_uses_session_models")
def test_status_names_the_store_with_the_password_masked(
    pg_dsn: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """``notelens status`` and ``status --json``: backend, DSN without its password,
    replica and namespace; a bad namespace is a one-line error, exit 2."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gqa.md").write_text(
        "# 어텐션\n\nGQA는 KV head를 그룹마다 공유한다. MQA shares a single KV head.\n",
        encoding="utf-8",
    )
    dsn = _with_password(pg_dsn, "hunter2")
    # No NOTELENS_* setting but the suite's NOTELENS_DAEMON=0 (no warm daemon). The CLI
    # runs in this process with the session's models (tests/cli_inprocess.py; an escaping
    # exception fails the test).
    unset: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith("NOTELENS_") and k != "NOTELENS_DAEMON"
    }

    def run(*args: str) -> CliResult:
        return run_cli(*args, env={**unset, "NOTELENS_DAEMON": "0", "COLUMNS": "200"})

    pg = ("--store", "postgres", "--dsn", dsn, "--dsn-read", dsn, "--namespace", "team")
    index = ("--index", str(tmp_path / "index"))
    res = run(*pg, "index", str(notes), *index, "--json")
    assert res.returncode == 0, res.stderr
    res = run(*pg, "status", *index, "--json")
    assert res.returncode == 0, res.stderr
    assert "hunter2" not in res.stdout
    store = json.loads(res.stdout)["store"]
    masked = dsn.replace("hunter2", "***")
    bm25 = store.pop("bm25")  # the test server's extension, when it could be built
    assert bm25 == "extension notelens_bm25" or bm25.startswith("SQL (")
    assert store == {"backend": "postgres", "dsn": masked, "replica": masked, "namespace": "team"}
    res = run(*pg, "status", *index)
    assert res.returncode == 0 and "hunter2" not in res.stdout, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("store"))
    assert "postgres" in line and "namespace team" in line and "***" in line

    res = run(*pg[:-1], "../x", "status", *index)  # a path is not a namespace
    assert res.returncode == 2 and "namespace" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr

    res = run("status", *index, "--json")  # the embedded store names no server
    assert json.loads(res.stdout)["store"] == {
        "backend": "lancedb",
        "dsn": None,
        "replica": None,
        "namespace": None,
        "bm25": None,
    }
