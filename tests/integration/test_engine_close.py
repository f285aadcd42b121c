"""``Engine.close``: a PostgreSQL engine's connection pools close with it (they used to
outlive the engine and keep reconnecting to a server that went away); the embedded store
needs nothing; an engine used after ``close`` opens a fresh store, and a store factory
handed to the engine stays its caller's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from notelens.config import StoreConfig
from notelens.store.postgres import PostgresStoreFactory
from pg_server import pg_dsn  # noqa: F401  (the session server fixture)

if TYPE_CHECKING:
    from notelens.engine import Engine

pytestmark = pytest.mark.integration

NOTES = {
    "lora.md": "# LoRA\n\n- LoRA를 쓰면 학습할 파라미터 수가 1만 배 줄어든다.\n",
    "rag.md": "# RAG\n\n- Retrieval-augmented generation cites its passages.\n",
}


def _notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _top_source(engine: Engine, query: str) -> str:
    hits = engine.search(query, k=1)
    assert hits, query
    return Path(hits[0].source).name


def test_closing_a_postgres_engine_closes_its_pools_and_a_later_search_reopens(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_engine: Callable[..., Engine],
    pg_dsn: str,  # noqa: F811
) -> None:
    monkeypatch.setenv("NOTELENS_STORE", "postgres")
    monkeypatch.setenv("NOTELENS_DSN", pg_dsn)
    engine = make_engine(tmp_path / "index")
    engine.index([_notes(tmp_path)])
    assert _top_source(engine, "LoRA 파라미터 수") == "lora.md"
    stores = engine.stores
    assert isinstance(stores, PostgresStoreFactory)
    pool = stores._pools.primary()
    assert not pool.closed

    engine.close()
    assert pool.closed, "the engine's pools must close with it"
    engine.close()  # idempotent

    # Used again, the engine opens a fresh store and still answers, in both languages.
    assert _top_source(engine, "retrieval-augmented generation") == "rag.md"
    assert _top_source(engine, "LoRA를 쓰면 파라미터가 얼마나 줄어") == "lora.md"
    assert engine.stores is not stores
    engine.close()


def test_a_store_factory_handed_in_stays_open(
    tmp_path: Path,
    make_engine: Callable[..., Engine],
    pg_dsn: str,  # noqa: F811
) -> None:
    stores = PostgresStoreFactory(StoreConfig("postgres", dsn=pg_dsn))
    try:
        with make_engine(tmp_path / "index", stores=stores) as engine:
            engine.index([_notes(tmp_path)])
            assert _top_source(engine, "LoRA 파라미터") == "lora.md"
        pool = stores._pools.primary()
        assert not pool.closed, "a factory handed in is its caller's to close"
        assert engine.stores is stores
        assert _top_source(engine, "RAG passages") == "rag.md"
    finally:
        stores.close()


def test_closing_an_embedded_engine_keeps_the_index(
    tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    with make_engine(tmp_path / "index") as engine:
        engine.index([_notes(tmp_path)])
        assert _top_source(engine, "LoRA 파라미터") == "lora.md"
    assert _top_source(engine, "retrieval-augmented generation") == "rag.md"
    engine.close()
