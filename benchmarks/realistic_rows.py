"""Vector rows that densify real passage vectors the way a larger real archive would.

Issue 17, ninth round. ``scale.py --mode mix`` anchors ~N/base mixes on each base passage
(the anchor plus one or two random passages of its language, Dirichlet(1) weights, noise
0.01 a dimension): at 1M rows on 2,000 passages a question's exact top 10 spans 0.005
cosine, a cloud of near-duplicates. Real archives do not look like that
(``benchmarks/neighbourhoods.py`` measures them). Here a row is a convex mix of a real
passage (the anchor) with ``parts - 1`` others drawn from the anchor's ``near`` nearest
real passages (a new note is written near related notes, not between unrelated topics),
weights ~ Dirichlet(``alpha``), plus noise, renormalised. The noise is drawn from the base's
own spread (``noise="data"``: ``sigma`` times a Gaussian combination of ``NOISE_TERMS``
centred base vectors, so it moves a row along directions real passages differ in), or
isotropic (``"iso"``: ``sigma`` a dimension, as scale.py does; in 384 dimensions that mostly
points away from every question, so noisy rows fall out of every top 10). The first rows
are the base passages themselves. Vectors only: the HNSW
benchmark (``pg_hnsw.py``) stores rows without terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MixSpec:
    """How each derived row is made (see the module docstring). The defaults are the
    settings kept in the ninth round (chosen on the tuning half of the questions by
    ``neighbourhoods.py``; ``pg_hnsw.DEFAULT_SPEC`` spells the same)."""

    parts: int = 4
    near: int = 20
    alpha: float = 1.0
    sigma: float = 0.015
    noise: str = "iso"


#: Centred base vectors combined into one row's "data" noise.
NOISE_TERMS = 8


def nearest(base: np.ndarray, k: int, block: int = 4096) -> np.ndarray:
    """The ``k`` nearest other rows of each row of ``base`` (unit rows; cosine), in blocks
    so that an 18k x 18k similarity matrix is never held whole."""
    out = np.empty((len(base), k), dtype=np.int64)
    for at in range(0, len(base), block):
        sims = base[at : at + block] @ base.T
        rows = np.arange(at, min(at + block, len(base)))
        sims[rows - at, rows] = -np.inf  # not itself
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
        out[at : at + block] = np.take_along_axis(top, order, axis=1)
    return out


def realistic_vectors(
    base: np.ndarray, n: int, spec: MixSpec, *, seed: int = 0, batch: int = 20_000
) -> Iterator[np.ndarray]:
    """``n`` unit float32 rows in batches: ``base`` itself first, then mixes (anchors
    cycle through the base so each passage anchors the same number of rows)."""
    rng = np.random.default_rng(seed)
    base = np.asarray(base, dtype=np.float32)
    near = nearest(base, min(spec.near, len(base) - 1))
    centred = base - base.mean(axis=0)
    for at in range(0, n, batch):
        idx = np.arange(at, min(at + batch, n))
        own = idx < len(base)
        anchors = idx % len(base)
        picks = near[anchors[:, None], rng.integers(0, near.shape[1], (len(idx), spec.parts - 1))]
        members = np.concatenate([anchors[:, None], picks], axis=1)
        w = rng.dirichlet(np.full(spec.parts, spec.alpha), len(idx)).astype(np.float32)
        vec = np.einsum("rp,rpd->rd", w, base[members])
        if spec.noise == "iso":
            vec += rng.normal(0.0, spec.sigma, vec.shape).astype(np.float32)
        else:
            terms = rng.integers(0, len(base), (len(idx), NOISE_TERMS))
            g = rng.normal(0.0, spec.sigma / np.sqrt(NOISE_TERMS), terms.shape)
            vec += np.einsum("rm,rmd->rd", g.astype(np.float32), centred[terms])
        vec[own] = base[anchors[own]]
        vec /= np.linalg.norm(vec, axis=1, keepdims=True)
        yield vec.astype(np.float32)
