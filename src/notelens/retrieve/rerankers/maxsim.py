"""Late-interaction (ColBERT-style) rescoring with the index's own e5 model: no new model.

Score of a passage = mean over the query's tokens of the best cosine between that token's
last hidden state and any of the passage's (MaxSim, Khattab & Zaharia, "ColBERT",
SIGIR 2020), computed from multilingual-e5-small's token outputs (the same forward as
the dense leg, unpooled: :meth:`~notelens.embed.fast_embedder.FastE5Embedder.embed_tokens`).
e5 was trained for pooled vectors, not token matching, so whether this helps is an
empirical question: docs/benchmarks.md, "Reranking", has the measurement, and it is off
by default. The matched token pairs are its evidence in ``--explain``.

The passage tokens are computed at query time (an index of per-token states would be
~1 KB per token), so the cost grows with N x passage length.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast

import numpy as np

from notelens.config import RerankConfig
from notelens.embed.base import Vectors
from notelens.errors import ConfigError
from notelens.types import Hit, TokenMatch

#: passage tokens read per candidate (the first ones: a chunk's lead carries its topic)
PASSAGE_TOKENS = 256
#: token pairs kept as evidence per hit
EVIDENCE_PAIRS = 5


class TokenEmbedder(Protocol):
    def embed_tokens(
        self, texts: Sequence[str], is_query: bool, max_tokens: int = 510
    ) -> list[tuple[list[str], Vectors]]: ...


class MaxSimReranker:
    """Mean over query tokens of the best cosine to a passage token."""

    name = "maxsim"
    languages = None  # e5 is multilingual: every query language

    def __init__(self, config: RerankConfig, embedder: TokenEmbedder | None = None) -> None:
        self.config = config
        self._embedder = embedder

    def bind_embedder(self, embedder: object) -> None:
        """Share the searcher's embedder (one copy of the model in memory) when it gives
        token states; otherwise a torch e5 embedder of its own loads on first use."""
        if self._embedder is None and callable(getattr(embedder, "embed_tokens", None)):
            self._embedder = cast(TokenEmbedder, embedder)

    def _tokens(self) -> TokenEmbedder:
        if self._embedder is None:
            from notelens.embed.fast_embedder import FastE5Embedder, torch_available

            if not torch_available():
                raise ConfigError(
                    "the 'maxsim' reranker needs the torch e5 embedder (torch is not installed)",
                    hint="pip install torch, or use another reranker",
                )
            self._embedder = FastE5Embedder()
        return self._embedder

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return [s for s, _ in self.rerank_explained(query, hits)]

    def rerank_explained(
        self, query: str, hits: Sequence[Hit]
    ) -> list[tuple[float, tuple[TokenMatch, ...]]]:
        emb = self._tokens()
        (q_pieces, q_vecs), *_ = emb.embed_tokens([query], True)
        passages = emb.embed_tokens([h.text for h in hits], False, PASSAGE_TOKENS)
        out: list[tuple[float, tuple[TokenMatch, ...]]] = []
        for p_pieces, p_vecs in passages:
            if len(q_pieces) == 0 or len(p_pieces) == 0:
                out.append((0.0, ()))
                continue
            sims = q_vecs @ p_vecs.T  # [query tokens, passage tokens]
            best = sims.argmax(axis=1)
            best_sim = sims[np.arange(len(q_pieces)), best]
            top = np.argsort(-best_sim)[:EVIDENCE_PAIRS]
            evidence = tuple(
                TokenMatch(q_pieces[i], p_pieces[int(best[i])], round(float(best_sim[i]), 4))
                for i in top
            )
            out.append((float(best_sim.mean()), evidence))
        return out


def create(config: RerankConfig) -> MaxSimReranker:
    return MaxSimReranker(config)
