"""Analyzers by name. Imports lazily: nothing heavy is loaded until one is created.

Other packages add analyzers through the entry point group ``notelens.analyzer``; a
factory takes ``num_workers`` (``int | None``) as a keyword.
"""

from __future__ import annotations

from notelens.analysis.base import Analyzer
from notelens.registry import Registry

ANALYZER_REGISTRY: Registry[Analyzer] = Registry("analyzer")


@ANALYZER_REGISTRY.register("kiwi")
def _kiwi(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers)


ANALYZERS: tuple[str, ...] = ("kiwi",)  # the built-ins; ANALYZER_REGISTRY.names() adds plugins


def create_analyzer(name: str = "kiwi", *, num_workers: int | None = None) -> Analyzer:
    """A new analyzer called ``name``; the Kiwi model itself loads on first use."""
    return ANALYZER_REGISTRY.create(name, num_workers=num_workers)


__all__ = ["ANALYZERS", "ANALYZER_REGISTRY", "create_analyzer"]
