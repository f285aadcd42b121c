"""Store backends by name: ``lancedb`` (the default, on disk), ``memory`` and ``postgres``.

``Settings.store`` (``NOTELENS_STORE``) names the backend; :func:`create` returns its
:class:`~notelens.store.base.StoreFactory`. Other packages add backends through the
entry-point group ``notelens.store`` (a callable returning a factory) or by
:func:`register`. The API (``create`` / ``names`` / ``register``) is the generic
one instance of the generic :class:`notelens.registry.Registry`.

Backends are imported only when created: naming ``lancedb`` imports nothing of LanceDB
until a table is opened. :func:`create` passes the :class:`StoreConfig` to the backends
that need one (``postgres``: its DSN); the others are called without arguments.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from notelens.config import StoreConfig
from notelens.registry import Registry
from notelens.store.base import StoreFactory

if TYPE_CHECKING:
    from notelens.store.memory import TableSpace


def _lancedb() -> StoreFactory:
    from notelens.store.lancedb import LanceDBStoreFactory

    return LanceDBStoreFactory()


def _memory() -> StoreFactory:
    from notelens.store.memory import MemoryStoreFactory

    return MemoryStoreFactory(_process_space())


def _postgres(config: StoreConfig) -> StoreFactory:
    from notelens.store.postgres import PostgresStoreFactory

    return PostgresStoreFactory(config)


#: Backends whose factory takes the StoreConfig.
_CONFIGURED = frozenset({"postgres"})


@functools.cache
def _process_space() -> TableSpace:
    """One table space for the process: memory tables outlive an Engine, so an index
    run and the server's searches in one process share them (notelens.store.memory)."""
    from notelens.store.memory import TableSpace

    return TableSpace()


#: Other packages add backends through the entry point group ``notelens.store``.
STORE_REGISTRY: Registry[StoreFactory] = Registry("store", label="store backend")
STORE_REGISTRY.register("lancedb", _lancedb)
STORE_REGISTRY.register("memory", _memory)
STORE_REGISTRY.register("postgres", _postgres)


def create(name: str, config: StoreConfig | None = None) -> StoreFactory:
    """The factory of the backend ``name`` (:class:`ConfigError` if unknown), given
    ``config`` (``Settings.store``) if it takes one."""
    if name in _CONFIGURED:
        return STORE_REGISTRY.create(name, config or StoreConfig(backend=name))
    return STORE_REGISTRY.create(name)


def names() -> list[str]:
    return list(STORE_REGISTRY.names())


def register(name: str, factory: Callable[[], StoreFactory]) -> None:
    STORE_REGISTRY.register(name, factory, replace=True)
