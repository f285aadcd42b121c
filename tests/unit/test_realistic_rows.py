"""benchmarks/realistic_rows.py and the statistics of benchmarks/neighbourhoods.py: the
rows the ninth round's HNSW figures stand on, checked against brute force."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from neighbourhoods import nn_cosine, question_stats, top_sims
from realistic_rows import MixSpec, nearest, realistic_vectors


def _clustered(n: int = 600, dim: int = 32, seed: int = 0) -> np.ndarray:
    """Unit vectors in 12 topics (passages of one topic are each other's neighbours)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(12, dim))
    rows = centres[rng.integers(0, 12, n)] + 0.3 * rng.normal(size=(n, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_nearest_is_the_brute_force_top_k_without_itself() -> None:
    base = _clustered()
    sims = base @ base.T
    np.fill_diagonal(sims, -np.inf)
    want = np.argsort(-sims, axis=1)[:, :5]
    got = nearest(base, 5, block=128)  # several blocks
    assert (got == want).all()


def test_rows_start_with_the_base_and_are_unit_and_seeded() -> None:
    base = _clustered()
    spec = MixSpec(parts=4, near=20, alpha=1.0, sigma=0.015, noise="iso")
    rows = np.concatenate(list(realistic_vectors(base, 2000, spec, batch=700)))
    assert rows.shape == (2000, base.shape[1]) and rows.dtype == np.float32
    assert np.allclose(rows[: len(base)], base)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    again = np.concatenate(list(realistic_vectors(base, 2000, spec, batch=700)))
    assert np.array_equal(rows, again)
    other = np.concatenate(list(realistic_vectors(base, 2000, spec, seed=1)))
    assert not np.array_equal(rows[len(base) :], other[len(base) :])


def test_mixes_stay_in_their_anchors_neighbourhood() -> None:
    """A derived row is a mix of its anchor's near passages: far closer to its anchor
    than a random passage is, and (noise 0) inside the cone of its anchor's neighbours."""
    base = _clustered()
    for noise, sigma in (("iso", 0.0), ("iso", 0.015), ("data", 0.2)):
        spec = MixSpec(parts=3, near=10, alpha=1.0, sigma=sigma, noise=noise)
        rows = np.concatenate(list(realistic_vectors(base, 1800, spec)))
        derived = rows[len(base) :]
        anchors = np.arange(len(base), 1800) % len(base)
        to_anchor = np.einsum("rd,rd->r", derived, base[anchors])
        to_random = derived @ base[np.random.default_rng(2).integers(0, len(base), 50)].T
        assert np.median(to_anchor) > np.median(to_random) + 0.3
        if sigma == 0.0:
            near = nearest(base, 10)
            worst = np.einsum("rd,rkd->rk", base[anchors], base[near[anchors]]).min(axis=1)
            assert (to_anchor >= worst - 1e-4).all()


def test_question_statistics_match_a_full_sort() -> None:
    corpus = _clustered(900)
    q = _clustered(40, seed=3)
    full = -np.sort(-(q @ corpus.T), axis=1)
    assert np.allclose(top_sims(q, corpus, 11, block=100), full[:, :11])
    got = question_stats(corpus, q)
    assert np.allclose(got["span_1_10"], full[:, 0] - full[:, 9])
    assert np.allclose(got["gap_9_10"], full[:, 8] - full[:, 9])
    assert np.allclose(got["gap_10_11"], full[:, 9] - full[:, 10])


def test_nn_cosine_is_the_nearest_other_passage() -> None:
    corpus = _clustered(500)
    pick = np.random.default_rng(7).choice(500, 100, replace=False)
    sims = corpus[pick] @ corpus.T
    sims[np.arange(100), pick] = -np.inf
    got = nn_cosine(corpus, np.random.default_rng(7), sample=100)
    assert np.allclose(got, sims.max(axis=1), atol=1e-5)
