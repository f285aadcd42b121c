"""MinHash/LSH and archive entries of notelens.curate (no models)."""

from __future__ import annotations

import numpy as np
import pytest

from notelens.curate.entries import (
    anchor_idf,
    anchor_overlap,
    anchors,
    normalize_url,
    split_entries,
)
from notelens.curate.minhash import (
    MinHasher,
    candidate_pairs,
    estimated_jaccard,
    jaccard,
    lsh_params,
    shingles,
)

pytestmark = pytest.mark.unit


def test_shingles_and_jaccard() -> None:
    assert shingles(["a", "b", "c", "d"], 3) == {"a b c", "b c d"}
    assert shingles(["a", "b"], 3) == {"a b"}
    assert shingles([], 3) == set()
    assert jaccard({"x", "y"}, {"y", "z"}) == pytest.approx(1 / 3)


def test_signatures_estimate_jaccard_and_are_deterministic() -> None:
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(400)]
    a = set(rng.choice(words, 120, replace=False).tolist())
    b = set(list(a)[:90]) | set(rng.choice(words, 40, replace=False).tolist())
    sig = MinHasher(256).signatures([a, b])
    assert abs(estimated_jaccard(sig[0], sig[1]) - jaccard(a, b)) < 0.08
    # same seed, another instance (another process would agree too: CRC-32, no hash())
    assert np.array_equal(sig, MinHasher(256).signatures([a, b]))


def test_lsh_finds_near_duplicates_and_not_strangers() -> None:
    base = [f"t{i}" for i in range(60)]
    near = [*base[:55], "x1", "x2", "x3", "x4", "x5"]
    other = [f"o{i}" for i in range(60)]
    sets = [shingles(base, 3), shingles(near, 3), shingles(other, 3)]
    params = lsh_params(0.5, 128)
    assert params.bands * params.rows == 128
    assert 0.3 < params.threshold < 0.7
    pairs = candidate_pairs(MinHasher(128).signatures(sets), params)
    assert (0, 1) in pairs
    assert (0, 2) not in pairs and (1, 2) not in pairs


def test_empty_documents_collide_with_nothing_else() -> None:
    sig = MinHasher(64).signatures([set(), {"a b c"}])
    assert (sig[0] == np.iinfo(np.uint32).max).all()
    assert candidate_pairs(sig, lsh_params(0.5, 64)) == set()


def test_normalize_url_arxiv_forms_agree() -> None:
    forms = [
        "https://arxiv.org/abs/2106.09685",
        "http://arxiv.org/pdf/2106.09685v2",
        "https://www.arxiv.org/html/2106.09685v1#sec3",
    ]
    assert {normalize_url(u) for u in forms} == {"arxiv:2106.09685"}
    assert normalize_url("https://www.GitHub.com/org/repo/") == "github.com/org/repo"


def test_split_entries_keeps_nested_bullets() -> None:
    text = (
        "주간 링크\n"
        "- 📜 [Org] Paper one\n  - 요약 1\n  - 7B, 4,096 tokens\n"
        "- Paper two\n  - summary\n"
        "1. numbered three\n"
    )
    entries = split_entries(text)
    assert len(entries) == 3
    assert entries[0].endswith("4,096 tokens") and "요약 1" in entries[0]
    assert split_entries("just prose, no list") == ["just prose, no list"]


def test_anchors_survive_translation() -> None:
    en = "LoRA cuts trainable parameters of GPT-3 175B by 10,000x with no latency"
    ko = "LoRA는 GPT-3 175B의 학습 파라미터를 10,000배 줄이고 지연이 없다"
    a, b = anchors(en), anchors(ko)
    assert {"lora", "gpt-3", "175b", "10000"} <= a & b
    share, shared = anchor_overlap(a, b)
    assert share >= 0.6 and shared >= 4
    # rare anchors weigh more than the archive's everyday ones
    idf = anchor_idf([a, b, {"lora"}, {"lora"}, {"lora"}])
    assert idf["175b"] > idf["lora"]
