"""A search over a test index with the fusion settings a test names, in the fused order
(no reranker: the order ask reads its evidence in), for the retrieval tests that switch
one fusion step on and off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from notelens import Engine
from notelens.config import FusionConfig, RerankConfig, Settings
from notelens.types import Hit


def fused_hits(
    make_engine: Callable[..., Engine], index: Path, query: str, **fusion: Any
) -> list[Hit]:
    """The top five of ``query`` over ``index`` with ``FusionConfig(**fusion)``."""
    settings = replace(
        Settings(index_dir=index),
        fusion=FusionConfig(**fusion),
        rerank=RerankConfig("identity"),  # the fused order, as ask reads its evidence
    )
    return make_engine(settings=settings).search(query, k=5)
