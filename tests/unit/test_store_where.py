"""Where an index lives, without a server: the namespace setting, DSNs with their
password masked, the store object of ``status --json``, and a layout whose meta.json a
shared store also keeps (the Postgres side is tested on a real server in
tests/integration/test_store_postgres_team.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notelens.config import Settings, StoreConfig, redact_dsn
from notelens.engine import Engine
from notelens.errors import ConfigError, IndexStoreError
from notelens.index.layout import IndexLayout, IndexMeta
from notelens.store.base import MetaSharingStoreFactory, StoreMeta
from notelens.store.memory import MemoryStoreFactory, TableSpace

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("dsn", "shown"),
    [
        ("postgresql://bob:s3cret@db:5432/노트", "postgresql://bob:***@db:5432/노트"),
        ("postgresql://bob@db/x", "postgresql://bob@db/x"),
        ("postgres://bob:p@ss@word@db/x", "postgres://bob:***@db/x"),
        ("host=db user=bob password=s3cret dbname=x", "host=db user=bob password=*** dbname=x"),
        ("host=db password='s3 cret' user=bob", "host=db password=*** user=bob"),
        (
            "postgresql://db/x?sslmode=require&password=s3cret",
            "postgresql://db/x?sslmode=require&password=***",
        ),
    ],
)
def test_dsn_passwords_are_masked(dsn: str, shown: str) -> None:
    assert redact_dsn(dsn) == shown
    assert "s3" not in (redact_dsn(dsn) or "")


def test_namespace_from_the_environment_and_checked() -> None:
    env = {"NOTELENS_STORE": "postgres", "NOTELENS_DSN": "postgresql://db/x"}
    assert StoreConfig.from_env(env).namespace is None
    ns = StoreConfig.from_env({**env, "NOTELENS_NAMESPACE": " 연구팀-notes.v2 "})
    assert ns.namespace == "연구팀-notes.v2"
    ns.validate()
    for bad in ("/home/me/index", "../x", "a:b", "-x", "a" * 101, "팀 노트"):
        with pytest.raises(ConfigError) as err:
            StoreConfig("postgres", dsn="postgresql://db/x", namespace=bad).validate()
        assert err.value.hint and "NOTELENS_NAMESPACE" in err.value.hint


def test_status_names_the_store(tmp_path: Path) -> None:
    """The memory backend: a backend name and no server fields; the JSON has them."""
    engine = Engine(tmp_path / "index", stores=MemoryStoreFactory(TableSpace()))
    status = engine.status().to_dict()
    assert status["store"] == {
        "backend": "memory",
        "dsn": None,
        "replica": None,
        "namespace": None,
        "bm25": None,
    }
    json.dumps(status)


class SharingStores:
    """A fake server's meta table (plumbing only: the layout's side of the seam)."""

    name = "sharing"

    def __init__(self) -> None:
        self.meta: dict[Path, str] = {}
        self.down = False

    def fetch_meta(self, index_dir: Path) -> str | None:
        if self.down:
            raise IndexStoreError("PostgreSQL store: reading the index metadata failed")
        return self.meta.get(index_dir)

    def publish_meta(self, index_dir: Path, text: str) -> None:
        self.meta[index_dir] = text


def _meta(table: str) -> IndexMeta:
    return IndexMeta(
        schema_version=2, analyzer="kiwi", embedder="e5", dim=4, table=table,
        chunking="c", notelens_version="0", created="t0", updated="t0", roots=("/노트",),
    )  # fmt: skip


def test_a_shared_layout_prefers_the_store_copy(tmp_path: Path) -> None:
    stores = SharingStores()
    assert isinstance(stores, MetaSharingStoreFactory)
    key = Path("/team")
    a = IndexLayout(tmp_path / "a", shared=StoreMeta(lambda: stores, key))
    b = IndexLayout(tmp_path / "b", shared=StoreMeta(lambda: stores, key))
    assert b.read_meta() is None
    a.write_meta(_meta("chunks_1"))
    assert stores.meta[key] == a.meta_path.read_text(encoding="utf-8")
    got = b.read_meta()  # B's folder was empty: the store's copy, cached in B's folder
    assert got is not None and got.table == "chunks_1" and b.meta_path.exists()
    a.write_meta(_meta("chunks_2"))  # A rebuilt into another table
    got = b.read_meta()
    assert got is not None and got.table == "chunks_2"
    stores.down = True  # the server unreadable: the cached copy serves
    got = b.read_meta()
    assert got is not None and got.table == "chunks_2"


def test_a_local_store_shares_nothing(tmp_path: Path) -> None:
    layout = IndexLayout(
        tmp_path, shared=StoreMeta(lambda: MemoryStoreFactory(TableSpace()), tmp_path)
    )
    layout.write_meta(_meta("chunks_1"))
    got = layout.read_meta()
    assert got is not None and got.table == "chunks_1"


def test_the_engine_finds_a_team_index_from_an_empty_folder(tmp_path: Path) -> None:
    """Engine → layout → store seam: with a sharing factory, status of an empty folder
    reads the index meta from the store."""

    class Memory(MemoryStoreFactory, SharingStores):
        def __init__(self) -> None:
            MemoryStoreFactory.__init__(self, TableSpace())
            SharingStores.__init__(self)

    stores = Memory()
    stores.meta[tmp_path / "empty"] = _meta("chunks_1").to_json()
    engine = Engine(tmp_path / "empty", stores=stores)
    assert engine.layout.read_meta() is not None
    assert engine.status().exists
    assert Settings().store.namespace is None
