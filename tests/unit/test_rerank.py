"""The rerank seam's pieces: the Protocol, the identity default, the setting."""

from __future__ import annotations

import pytest

from notelens.config import RerankConfig, Settings
from notelens.errors import ConfigError
from notelens.retrieve.rerank import RERANKERS, IdentityReranker, Reranker, create_reranker
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit


def _hit(rank: int, score: float, text: str) -> Hit:
    return Hit(rank, score, f"c{rank}", "/n.md", "n", "", text, Location(1, 1), "mixed")


def test_features_is_the_default_and_identity_keeps_the_fused_scores() -> None:
    from notelens.retrieve.rerankers.features import FeatureReranker

    default = create_reranker()
    assert isinstance(default, FeatureReranker) and isinstance(default, Reranker)
    assert default.modes == ("hybrid",)  # bm25 / dense searches keep their leg's order
    reranker = create_reranker(RerankConfig("identity"))
    assert isinstance(reranker, IdentityReranker) and isinstance(reranker, Reranker)
    hits = [_hit(1, 2.5, "LoRA는 저랭크 행렬을 쓴다"), _hit(2, 1.0, "GQA groups query heads")]
    assert list(reranker.rerank("LoRA 랭크", hits)) == [2.5, 1.0]
    # a fixed N (not k): the top of a list does not depend on how many hits were asked for
    assert Settings().rerank == RerankConfig("features", 20)
    assert Settings.from_env({}).rerank.method == "features"
    assert Settings.from_env({"NOTELENS_RERANK": "identity"}).rerank.method == "identity"


def test_unknown_reranker_and_bad_candidates_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown reranker 'splade'") as err:
        create_reranker(RerankConfig(method="splade"))
    assert "identity" in (err.value.hint or "")
    with pytest.raises(ConfigError, match=r"rerank\.candidates"):
        Settings(rerank=RerankConfig(candidates=-1)).validate()
    with pytest.raises(ConfigError, match=r"rerank\.candidates must be >= 1"):
        Settings(rerank=RerankConfig(candidates=0)).validate()
    assert {"identity", "minilm", "maxsim", "colbert"} <= set(RERANKERS.names())
