"""The PostgreSQL store's schema module (``notelens.store.postgres_schema``): one
migration per version up to the one this code writes, still reachable under the store's
names, and importable without the PostgreSQL client. Applying the migrations to a real
server is tested in tests/integration/test_store_postgres.py (a v4 database brought to
the current version)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from notelens.store import postgres, postgres_schema

pytestmark = pytest.mark.unit


def test_one_migration_per_version_up_to_the_current_one() -> None:
    # A gap would leave a database at the version below it without that step.
    assert sorted(postgres_schema.MIGRATIONS) == list(range(1, postgres_schema.SCHEMA_VERSION + 1))
    assert all(postgres_schema.MIGRATIONS[v] for v in postgres_schema.MIGRATIONS)


def test_the_store_module_keeps_its_public_names() -> None:
    assert postgres.SCHEMA_VERSION == postgres_schema.SCHEMA_VERSION
    assert postgres.MIGRATIONS is postgres_schema.MIGRATIONS
    assert {"SCHEMA_VERSION", "MIGRATIONS"} <= set(postgres.__all__)


def test_the_schema_imports_no_database_client() -> None:
    """psycopg is loaded when a store connects, not when the schema is read."""
    code = (
        "import sys, notelens.store.postgres_schema as s; "
        "print(s.SCHEMA_VERSION, 'psycopg' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == [str(postgres_schema.SCHEMA_VERSION), "False"]
