"""MinHash signatures and banded LSH over token shingles, vectorised with numpy.

Why our own and not ``datasketch``: on the same shingles and threshold ours took a
third of datasketch's time (``MinHash.bulk`` + ``MinHashLSH``; benchmarks/dups_bench.py,
docs/benchmarks.md "Near-duplicates"): the signatures use a division-free hash family in
cache-sized blocks, and the LSH buckets are one sort per band instead of dict inserts.

The permutations are multiply-shift hashes (Dietzfelbinger): ``h_i(x) = ((a_i x + b_i)
mod 2^64) >> 32`` with odd ``a_i``, over a stable 32-bit hash of the shingle (CRC-32, so
signatures are the same in every process and on every machine). Unlike the textbook
``(a x + b) mod (2^61 - 1)`` (datasketch's), it needs no integer division, which was
the largest cost of a signature here; the Jaccard estimates agree (tested, and
benchmarks/dups_bench.py checks recall on planted copies).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_SHIFT = np.uint64(32)
#: Shingles permuted per numpy step. Small blocks keep the temporaries in cache (1,024 x
#: 128 x 8 bytes = 1 MB): 7x faster than blocks of 65,536 in benchmarks/dups_bench.py.
_BLOCK = 1024
#: Band buckets larger than this are skipped (see :func:`candidate_pairs`).
MAX_BUCKET = 200


def shingles(terms: Sequence[str], size: int) -> set[str]:
    """Contiguous ``size``-term shingles; a text shorter than ``size`` is one shingle."""
    if not terms:
        return set()
    if len(terms) <= size:
        return {" ".join(terms)}
    return {" ".join(terms[i : i + size]) for i in range(len(terms) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True, slots=True)
class LSHParams:
    """``bands`` x ``rows`` = the signature length; pairs above ~``threshold`` collide."""

    bands: int
    rows: int

    @property
    def threshold(self) -> float:
        """The Jaccard where a pair's chance to collide in some band is about one half."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))


def _collide(j: float, bands: int, rows: int) -> float:
    return 1.0 - (1.0 - j**rows) ** bands


def lsh_params(threshold: float, num_perm: int, *, fn_weight: float = 0.7) -> LSHParams:
    """Bands and rows that minimise the weighted area of false positives (collisions
    below ``threshold``) and false negatives (misses above it), integrated over Jaccard.

    Misses weigh more (``fn_weight``): a candidate pair is checked exactly afterwards, so
    a false positive costs only time, a false negative loses a duplicate.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    steps = 64
    best: tuple[float, LSHParams] | None = None
    for bands in range(1, num_perm + 1):
        rows = num_perm // bands
        if rows < 1 or bands * rows != num_perm:
            continue
        lo = [threshold * (i + 0.5) / steps for i in range(steps)]
        hi = [threshold + (1 - threshold) * (i + 0.5) / steps for i in range(steps)]
        fp = sum(_collide(j, bands, rows) for j in lo) * threshold / steps
        fn = sum(1 - _collide(j, bands, rows) for j in hi) * (1 - threshold) / steps
        cost = (1 - fn_weight) * fp + fn_weight * fn
        if best is None or cost < best[0]:
            best = (cost, LSHParams(bands, rows))
    assert best is not None
    return best[1]


class MinHasher:
    """Signatures of ``num_perm`` 32-bit minima; deterministic for a given ``seed``."""

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        if num_perm < 1:
            raise ValueError("num_perm must be positive")
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        top = np.iinfo(np.uint64).max
        self._a = rng.integers(0, top, size=num_perm, dtype=np.uint64, endpoint=True) | 1
        self._b = rng.integers(0, top, size=num_perm, dtype=np.uint64, endpoint=True)

    def signatures(self, docs: Sequence[Iterable[str]]) -> npt.NDArray[np.uint32]:
        """One row per document; an empty document gets the all-max row (matches nothing
        but another empty one, which callers drop)."""
        out = np.full((len(docs), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        hashes: list[int] = []
        owner: list[int] = []
        for i, doc in enumerate(docs):
            for s in doc:
                hashes.append(zlib.crc32(s.encode("utf-8")))
                owner.append(i)
        if not hashes:
            return out
        hv = np.asarray(hashes, dtype=np.uint64)
        who = np.asarray(owner, dtype=np.int64)
        for start in range(0, len(hv), _BLOCK):
            x = hv[start : start + _BLOCK]
            w = who[start : start + _BLOCK]
            with np.errstate(over="ignore"):
                perm = (x[:, None] * self._a[None, :] + self._b) >> _SHIFT
            perm32 = perm.astype(np.uint32)
            # rows of one document are contiguous (documents were appended in order)
            cuts = np.flatnonzero(np.r_[True, w[1:] != w[:-1]])
            mins = np.minimum.reduceat(perm32, cuts, axis=0)
            ids = w[cuts]
            out[ids] = np.minimum(out[ids], mins)
        return out


def candidate_pairs(signatures: npt.NDArray[np.uint32], params: LSHParams) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose signatures agree on every row of some band."""
    n = signatures.shape[0]
    pairs: set[tuple[int, int]] = set()
    if n < 2:
        return pairs
    for band in range(params.bands):
        block = np.ascontiguousarray(signatures[:, band * params.rows : (band + 1) * params.rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * params.rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], n]
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            # A bucket of hundreds is boilerplate many documents share (a template line):
            # pairing all of it is quadratic and says nothing about duplicates.
            if e - s < 2 or e - s > MAX_BUCKET:
                continue
            members = sorted(order[s:e].tolist())
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    return pairs


def estimated_jaccard(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    return float(np.mean(a == b))


def expected_recall(threshold: float, params: LSHParams) -> float:
    """Chance that a pair at exactly ``threshold`` becomes a candidate (for reports)."""
    return _collide(threshold, params.bands, params.rows)


__all__ = [
    "LSHParams",
    "MinHasher",
    "candidate_pairs",
    "estimated_jaccard",
    "expected_recall",
    "jaccard",
    "lsh_params",
    "shingles",
]
