"""Store backends by name: ``lancedb`` (the default, on disk), ``memory`` and ``postgres``.

``Settings.store`` (``NOTELENS_STORE``) names the backend; :func:`create` returns its
:class:`~notelens.store.base.StoreFactory`. Other packages add backends through the
entry-point group ``notelens.store`` (a callable returning a factory) or by
:func:`register`. The API (``create`` / ``names`` / ``register``) is the generic
``Registry[T]`` shape of ``notelens.registry``, so this module can become one instance
of it.

Backends are imported only when created: naming ``lancedb`` imports nothing of LanceDB
until a table is opened. A built-in factory receives the :class:`StoreConfig` (the
Postgres backend needs its DSN); registered ones are called without arguments.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint
from typing import TYPE_CHECKING, cast

from notelens.config import StoreConfig
from notelens.errors import ConfigError
from notelens.store.base import StoreFactory

if TYPE_CHECKING:
    from notelens.store.memory import TableSpace

ENTRY_POINT_GROUP = "notelens.store"


def _lancedb(config: StoreConfig) -> StoreFactory:
    from notelens.store.lancedb import LanceDBStoreFactory

    return LanceDBStoreFactory()


def _memory(config: StoreConfig) -> StoreFactory:
    from notelens.store.memory import MemoryStoreFactory

    return MemoryStoreFactory(_process_space())


def _postgres(config: StoreConfig) -> StoreFactory:
    from notelens.store.postgres import PostgresStoreFactory

    return PostgresStoreFactory(config)


@functools.cache
def _process_space() -> TableSpace:
    """One table space for the process: memory tables outlive an Engine, so an index
    run and the server's searches in one process share them (notelens.store.memory)."""
    from notelens.store.memory import TableSpace

    return TableSpace()


Builtin = Callable[[StoreConfig], StoreFactory]


def _from_entry_point(ep: EntryPoint) -> Builtin:
    return lambda _config: cast("StoreFactory", ep.load()())


class StoreRegistry:
    """Factories of store backends by name (built-ins first, then entry points)."""

    def __init__(self, builtins: dict[str, Builtin]) -> None:
        self._factories = dict(builtins)
        self._lock = threading.Lock()
        self._loaded_entry_points = False

    def register(self, name: str, factory: Callable[[], StoreFactory]) -> None:
        with self._lock:
            self._factories[name] = lambda _config: factory()

    def names(self) -> list[str]:
        self._load_entry_points()
        with self._lock:
            return sorted(self._factories)

    def create(self, name: str, config: StoreConfig | None = None) -> StoreFactory:
        self._load_entry_points()
        with self._lock:
            factory = self._factories.get(name)
        if factory is None:
            raise ConfigError(
                f"unknown store backend {name!r}",
                hint=f"set NOTELENS_STORE to one of {', '.join(self.names())}",
            )
        return factory(config if config is not None else StoreConfig(backend=name))

    def _load_entry_points(self) -> None:
        if self._loaded_entry_points:
            return
        from importlib.metadata import entry_points

        found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
        with self._lock:
            for name, ep in found.items():
                self._factories.setdefault(name, _from_entry_point(ep))
            self._loaded_entry_points = True


_REGISTRY = StoreRegistry({"lancedb": _lancedb, "memory": _memory, "postgres": _postgres})


def create(name: str, config: StoreConfig | None = None) -> StoreFactory:
    """The factory of the backend ``name`` (:class:`ConfigError` if unknown), configured
    by ``config`` (``Settings.store``; default: no DSN)."""
    return _REGISTRY.create(name, config)


def names() -> list[str]:
    return _REGISTRY.names()


def register(name: str, factory: Callable[[], StoreFactory]) -> None:
    _REGISTRY.register(name, factory)
