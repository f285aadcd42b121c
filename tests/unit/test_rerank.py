"""The rerank seam's pieces: the Protocol, the identity default, the setting."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from notelens.config import RerankConfig, Settings
from notelens.errors import ConfigError
from notelens.retrieve.rerank import (
    RERANKERS,
    IdentityReranker,
    Reranker,
    TermsReranker,
    create_reranker,
    rerank_with_evidence,
)
from notelens.types import Hit, Location, TokenMatch

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


def test_ask_follows_a_reranker_the_user_names_not_the_default() -> None:
    # The default reranks searches only: ask's evidence keeps the fused order it was
    # calibrated on. A reranker named in NOTELENS_RERANK ("" = the search's) reranks
    # ask's evidence too, as before the default changed.
    assert Settings().answer.rerank == "identity"
    assert Settings.from_env({}).answer.rerank == "identity"
    named = Settings.from_env({"NOTELENS_RERANK": "minilm"})
    assert (named.rerank.method, named.answer.rerank) == ("minilm", "")


def test_unknown_reranker_and_bad_candidates_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown reranker 'splade'") as err:
        create_reranker(RerankConfig(method="splade"))
    assert "identity" in (err.value.hint or "")
    with pytest.raises(ConfigError, match=r"rerank\.candidates"):
        Settings(rerank=RerankConfig(candidates=-1)).validate()
    with pytest.raises(ConfigError, match=r"rerank\.candidates must be >= 1"):
        Settings(rerank=RerankConfig(candidates=0)).validate()
    assert {"identity", "minilm", "maxsim", "colbert"} <= set(RERANKERS.names())


class _TermsReader:
    """A reranker that scores by how many query words a hit's stored terms hold."""

    name = "terms"

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        raise AssertionError("the searcher hands over the terms: rerank_terms is called")

    def rerank_terms(
        self, query: str, hits: Sequence[Hit], terms: Sequence[str]
    ) -> Sequence[tuple[float, Sequence[TokenMatch]]]:
        words = set(query.split())
        return [(float(len(words & set(t.split()))), ()) for t in terms]


def test_stored_terms_go_to_a_terms_reranker() -> None:
    hits = [_hit(1, 2.0, "LoRA는 저랭크 행렬을 쓴다"), _hit(2, 1.0, "GQA는 KV 헤드를 공유한다")]
    terms = ["lora 저랭크 행렬 쓰", "gqa kv 헤드 공유"]
    reader = _TermsReader()
    assert isinstance(reader, TermsReranker) and isinstance(reader, Reranker)
    # Korean, English and mixed queries: the scores come from the terms handed over
    assert [s for s, _ in rerank_with_evidence(reader, "gqa kv 헤드", hits, terms)] == [0.0, 3.0]
    assert [s for s, _ in rerank_with_evidence(reader, "lora 저랭크", hits, terms)] == [2.0, 0.0]
    assert [s for s, _ in rerank_with_evidence(reader, "헤드 공유", hits, terms)] == [0.0, 2.0]
    with pytest.raises(ValueError, match="1 term strings for 2 hits"):
        rerank_with_evidence(reader, "gqa", hits, terms[:1])
    # a reranker without rerank_terms is called as before, terms or not
    identity = IdentityReranker()
    assert [s for s, _ in rerank_with_evidence(identity, "gqa", hits, terms)] == [2.0, 1.0]
