"""One registry shape for every pluggable part: analyzers, embedders, guards, generators,
fusion methods, rerankers, formats.

A :class:`Registry` maps names to factories. Built-in factories are registered by the
module that owns the kind (they import their heavy dependencies inside the factory, so
registering costs nothing). Other distributions add factories through the entry point
group ``notelens.<kind>`` (datasette-style)::

    [project.entry-points."notelens.reranker"]
    cross-encoder = "my_pkg.rerank:make_reranker"

Entry points are listed the first time a name is not found among the built-ins (or when
:meth:`Registry.names` is asked), and only the one asked for is imported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import metadata
from typing import Any, Generic, TypeVar, overload

from notelens.errors import ConfigError

log = logging.getLogger("notelens.registry")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

ENTRY_POINT_PREFIX = "notelens."


class Registry(Generic[T]):
    """Names -> factories returning ``T``; ``kind`` names the entry point group
    ``notelens.<kind>`` and the errors ("unknown <kind> 'x'")."""

    def __init__(self, kind: str, *, label: str | None = None, entry_points: bool = True) -> None:
        self.kind = kind
        self.label = label or kind  # in messages: "unknown fusion method 'x'"
        self.group = ENTRY_POINT_PREFIX + kind
        self._factories: dict[str, Callable[..., T]] = {}
        # name -> entry point, filled once on first need; loaded one by one on create.
        self._plugins: dict[str, metadata.EntryPoint] | None = None if entry_points else {}

    @overload
    def register(self, name: str, factory: F, *, replace: bool = False) -> F: ...

    @overload
    def register(
        self, name: str, factory: None = None, *, replace: bool = False
    ) -> Callable[[F], F]: ...

    def register(
        self, name: str, factory: F | None = None, *, replace: bool = False
    ) -> F | Callable[[F], F]:
        """Add ``factory`` under ``name``; without ``factory``, a decorator. A name taken by
        another factory raises ``ValueError`` unless ``replace`` (tests, overrides)."""

        def add(fn: F) -> F:
            if not replace and self._factories.get(name, fn) is not fn:
                raise ValueError(f"{self.label} {name!r} is already registered")
            self._factories[name] = fn
            return fn

        return add if factory is None else add(factory)

    def unregister(self, name: str) -> None:
        """Remove a built-in or plugin factory (tests)."""
        self._factories.pop(name, None)
        if self._plugins is not None:
            self._plugins.pop(name, None)

    def names(self) -> tuple[str, ...]:
        """Every name: the built-ins in registration order, then plugins not shadowing them."""
        plugins = [n for n in sorted(self._entry_points()) if n not in self._factories]
        return (*self._factories, *plugins)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def factory(self, name: str) -> Callable[..., T]:
        """The factory for ``name``; an unknown name raises :class:`ConfigError` that lists
        the known ones; a plugin that fails to import raises one naming the plugin."""
        found = self._factories.get(name)
        if found is not None:
            return found
        ep = self._entry_points().get(name)
        if ep is None:
            raise ConfigError(
                f"unknown {self.label} {name!r}", hint=f"choose one of: {', '.join(self.names())}"
            )
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not look like a notelens bug
            raise ConfigError(
                f"the {self.label} plugin {name!r} ({ep.value}) failed to load: {exc}",
                hint=f"reinstall or remove the distribution that provides {self.group}",
            ) from exc
        if not callable(loaded):
            raise ConfigError(
                f"the {self.label} plugin {name!r} ({ep.value}) is not callable",
                hint="an entry point must name a factory function or class",
            )
        self._factories[name] = loaded
        return loaded  # type: ignore[no-any-return]

    def create(self, name: str, /, *args: Any, **kwargs: Any) -> T:
        """A new ``T`` from the factory registered as ``name``."""
        return self.factory(name)(*args, **kwargs)

    def _entry_points(self) -> dict[str, metadata.EntryPoint]:
        if self._plugins is None:
            self._plugins = {ep.name: ep for ep in metadata.entry_points(group=self.group)}
            if self._plugins:
                log.debug("%s plugins: %s", self.label, ", ".join(sorted(self._plugins)))
        return self._plugins

    def refresh(self) -> None:
        """Forget the entry point listing (a distribution was installed meanwhile; tests)."""
        self._plugins = None


__all__ = ["ENTRY_POINT_PREFIX", "Registry"]
