"""Analyzers by name. Imports lazily: nothing heavy is loaded until one is created.

Other packages add analyzers through the entry point group ``notelens.analyzer``; a
factory takes ``num_workers`` (``int | None``) as a keyword.
"""

from __future__ import annotations

from notelens.analysis.base import Analyzer
from notelens.config import DEFAULT_ANALYZER
from notelens.registry import Registry

ANALYZER_REGISTRY: Registry[Analyzer] = Registry("analyzer")


@ANALYZER_REGISTRY.register("kiwi")
def _kiwi(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers)


@ANALYZER_REGISTRY.register("kiwi-nouns")
def _kiwi_nouns(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KIWI_NOUNS, KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers, variant=KIWI_NOUNS)


@ANALYZER_REGISTRY.register("kiwi-bigram")
def _kiwi_bigram(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KIWI_BIGRAMS, KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers, variant=KIWI_BIGRAMS)


@ANALYZER_REGISTRY.register("kiwi-dict")
def _kiwi_dict(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KIWI_USERDICT, KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers, variant=KIWI_USERDICT)


@ANALYZER_REGISTRY.register("kiwi-parts")
def _kiwi_parts(*, num_workers: int | None = None) -> Analyzer:
    from notelens.analysis.korean import KIWI_PARTS, KiwiAnalyzer

    return KiwiAnalyzer(num_workers=num_workers, variant=KIWI_PARTS)


@ANALYZER_REGISTRY.register("mecab")
def _mecab(*, num_workers: int | None = None) -> Analyzer:
    # Optional: python-mecab-ko + python-mecab-ko-dic (the `mecab` extra).
    from notelens.analysis.mecab import MecabAnalyzer

    return MecabAnalyzer(num_workers=num_workers)


# The built-ins (issue #22 item 2 measured each; docs/benchmarks.md); plugins add more.
ANALYZERS: tuple[str, ...] = (
    "kiwi",
    "kiwi-nouns",
    "kiwi-bigram",
    "kiwi-dict",
    "kiwi-parts",
    "mecab",
)


def create_analyzer(name: str = DEFAULT_ANALYZER, *, num_workers: int | None = None) -> Analyzer:
    """A new analyzer called ``name`` (default: the settings' default, so an index made
    without naming one is the one ``Settings`` opens); the Kiwi model loads on first use."""
    return ANALYZER_REGISTRY.create(name, num_workers=num_workers)


__all__ = ["ANALYZERS", "ANALYZER_REGISTRY", "create_analyzer"]
