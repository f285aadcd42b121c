"""Analyzers by name. Imports lazily: nothing heavy is loaded until one is created."""

from __future__ import annotations

from notelens.analysis.base import Analyzer
from notelens.errors import ConfigError

ANALYZERS: tuple[str, ...] = ("kiwi",)


def create_analyzer(name: str = "kiwi", *, num_workers: int | None = None) -> Analyzer:
    """A new analyzer called ``name``; the Kiwi model itself loads on first use."""
    if name == "kiwi":
        from notelens.analysis.korean import KiwiAnalyzer

        return KiwiAnalyzer(num_workers=num_workers)
    raise ConfigError(f"unknown analyzer {name!r}", hint=f"choose one of: {', '.join(ANALYZERS)}")


__all__ = ["ANALYZERS", "create_analyzer"]
