"""Store backends by name: ``lancedb`` (the default, on disk) and ``memory``.

``Settings.store`` (``NOTELENS_STORE``) names the backend; :func:`create` returns its
:class:`~notelens.store.base.StoreFactory`. Other packages add backends through the
entry-point group ``notelens.store`` (a callable returning a factory) or by
:func:`register`. The API (``create`` / ``names`` / ``register``) is the generic
one instance of the generic :class:`notelens.registry.Registry`.

Backends are imported only when created: naming ``lancedb`` imports nothing of LanceDB
until a table is opened.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

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


def create(name: str) -> StoreFactory:
    """The factory of the backend ``name`` (:class:`ConfigError` if unknown)."""
    return STORE_REGISTRY.create(name)


def names() -> list[str]:
    return list(STORE_REGISTRY.names())


def register(name: str, factory: Callable[[], StoreFactory]) -> None:
    STORE_REGISTRY.register(name, factory, replace=True)
