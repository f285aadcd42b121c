"""The int8 VNNI attention kernel: built, cached, correct, and skipped cleanly where it can't run.

Needs torch. The kernel tests proper need a CPU with AVX-512 VNNI and a C compiler; where
either is missing they are skipped with the reason, and the fallback tests still run.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.integration

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0)")

from notelens.config import Settings  # noqa: E402
from notelens.embed import attention_kernel  # noqa: E402
from notelens.embed.fast_embedder import FastE5Embedder, cpu_flags  # noqa: E402
from notelens.errors import EmbedderError  # noqa: E402

HEAD_DIM = 32

TEXTS = [
    "LoRA를 쓰면 학습할 파라미터 수가 크게 줄어든다. rank 16, alpha 32로 7B 모델을 튜닝했다.",
    "Retrieval-augmented generation grounds answers in retrieved passages (Lewis et al., 2020).",
    "## 주간 다이제스트\n- FlashAttention-2: tiling으로 HBM 접근을 줄임\n- KV cache int8 양자화",
    "Speculative decoding은 draft model의 acceptance rate가 높을 때 2배 이상 빨라진다.",
    " ".join(["검색 증강 생성에서 청크 크기와 recall@10의 관계를 실험했다."] * 30),  # ~600 tokens
    # repetitive text: attention spread thinly over hundreds of keys (8-bit probabilities
    # failed exactly here)
    "a " * 600,
    "hello world " * 300,
    "가나다 " * 400,
    "x",
    "",
]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> attention_kernel.Kernel:
    loaded, why = attention_kernel.load(cpu_flags(), tmp_path_factory.mktemp("kernels"))
    if loaded is None:
        pytest.skip(f"int8 attention kernel unavailable here: {why}")
    return loaded


def _reference(qkv: torch.Tensor, lengths: list[int], heads: int, scale: float) -> torch.Tensor:
    out, start = [], 0
    for n in lengths:
        q, k, v = qkv[start : start + n].view(n, 3, heads, HEAD_DIM).permute(1, 2, 0, 3)
        start += n
        att = torch.softmax(q @ k.transpose(1, 2) * scale, -1) @ v
        out.append(att.transpose(0, 1).reshape(n, heads * HEAD_DIM))
    return torch.cat(out)


@pytest.mark.parametrize("lengths", [[1], [7], [16], [17], [96], [375], [512], [3, 250, 1, 64]])
def test_kernel_matches_fp32_attention(kernel: attention_kernel.Kernel, lengths: list[int]) -> None:
    gen = torch.Generator().manual_seed(sum(lengths))
    qkv = torch.randn(sum(lengths), 3 * 12 * HEAD_DIM, generator=gen) * 1.5
    got = kernel(qkv, lengths, 12, HEAD_DIM**-0.5)
    ref = _reference(qkv, lengths, 12, HEAD_DIM**-0.5)
    assert got.shape == ref.shape
    assert torch.isfinite(got).all()
    # int8 scores on random data (flatter than real attention): ~1-2 % relative error
    assert float((got - ref).norm() / ref.norm()) < 0.03
    if lengths == [1]:  # one key: the output is its value row, exactly
        torch.testing.assert_close(got, ref, rtol=1e-5, atol=1e-6)


def test_packed_windows_equal_one_by_one(kernel: attention_kernel.Kernel) -> None:
    lengths = [5, 130, 2, 77]
    qkv = torch.randn(sum(lengths), 3 * 12 * HEAD_DIM, generator=torch.Generator().manual_seed(1))
    batch = kernel(qkv, lengths, 12, 0.2)
    rows, start = [], 0
    for n in lengths:
        rows.append(kernel(qkv[start : start + n], [n], 12, 0.2))
        start += n
    assert torch.equal(batch, torch.cat(rows))


def test_kernel_rejects_bad_input(kernel: attention_kernel.Kernel) -> None:
    qkv = torch.zeros(10, 3 * 12 * HEAD_DIM)
    with pytest.raises(ValueError, match="do not add up"):
        kernel(qkv, [4, 4], 12, 1.0)
    with pytest.raises(ValueError, match="float32"):
        kernel(qkv.double(), [10], 12, 1.0)
    with pytest.raises(ValueError, match="float32"):
        kernel(torch.zeros(10, 100), [10], 12, 1.0)


def test_built_once_then_cached(tmp_path: Path) -> None:
    first, why = attention_kernel.load(cpu_flags(), tmp_path)
    if first is None:
        pytest.skip(f"int8 attention kernel unavailable here: {why}")
    assert why.startswith("built ")
    mtime = first.path.stat().st_mtime_ns
    second, why2 = attention_kernel.load(cpu_flags(), tmp_path)
    assert second is not None and why2.startswith("cached ")
    assert second.path == first.path and first.path.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]  # no temp files left


def test_damaged_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    first, why = attention_kernel.load(cpu_flags(), tmp_path)
    if first is None:
        pytest.skip(f"int8 attention kernel unavailable here: {why}")
    damaged = tmp_path / "other"
    damaged.mkdir()
    (damaged / first.path.name).write_bytes(b"\x7fELF truncated by a full disk")
    again, why2 = attention_kernel.load(cpu_flags(), damaged)
    assert again is not None and why2.startswith("built ")
    assert again.path.stat().st_size > 1000


def test_missing_cpu_features_fall_back(tmp_path: Path) -> None:
    loaded, why = attention_kernel.load(frozenset({"avx2"}), tmp_path)
    assert loaded is None and "avx512_vnni" in why
    assert not any(tmp_path.iterdir())


def test_broken_compiler_falls_back(tmp_path: Path) -> None:
    flags = attention_kernel.REQUIRED_FLAGS
    loaded, why = attention_kernel.load(flags, tmp_path, cc="false")  # always fails
    assert loaded is None and "failed" in why
    assert not any(tmp_path.glob("*.so"))
    assert not any(tmp_path.glob("*.c"))


def test_no_compiler_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no cc, gcc or clang
    loaded, why = attention_kernel.load(attention_kernel.REQUIRED_FLAGS, tmp_path, cc="")
    assert loaded is None and "no C compiler" in why


def test_embedder_without_kernel_logs_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The switch travels env -> Settings.e5 -> embedder (the embedder reads no env).
    monkeypatch.setenv("NOTELENS_CC", "false")
    emb = FastE5Embedder(cache_dir=tmp_path, compile=False, runtime=Settings.from_env().e5)
    with caplog.at_level(logging.INFO, logger="notelens.embed"):
        emb.warm_up()
    assert emb.attention == "flash"
    assert "attention torch flash/math" in caplog.text
    v = emb.embed_passages(TEXTS[:3])
    assert v.shape == (3, 384) and np.isfinite(v).all()


def test_flash_requested_or_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELENS_E5_ATTENTION", "flash")
    emb = FastE5Embedder(cache_dir=tmp_path, compile=False, runtime=Settings.from_env().e5)
    emb.warm_up()
    assert emb.attention == "flash"
    assert not any(tmp_path.glob("attention_i8-*.so"))
    with pytest.raises(EmbedderError, match="unknown attention"):
        FastE5Embedder(attention="int4")


@pytest.mark.parametrize("script", [True, False])
def test_embedder_vectors_with_kernel(
    kernel: attention_kernel.Kernel, tmp_path_factory: pytest.TempPathFactory, script: bool
) -> None:
    """Korean, English, mixed, long (windowed) and repetitive texts: the kernel's vectors
    stay within cosine 0.995 of fp32's (as close as torch's attention in int8 gets), and
    the TorchScript and eager forwards agree bit for bit."""
    cache = tmp_path_factory.getbasetemp() / "attn-e2e"
    fast = FastE5Embedder("int8", cache_dir=cache, compile=False, script=script)
    fast.warm_up()
    if fast.precision != "int8" or fast.attention != "int8 kernel":
        pytest.skip("int8 attention kernel not in use here")
    fp32 = FastE5Embedder("fp32", cache_dir=cache, compile=False)
    flash = FastE5Embedder("int8", cache_dir=cache, compile=False, attention="flash")
    ref = fp32.embed_passages(TEXTS)
    got = fast.embed_passages(TEXTS)
    base = flash.embed_passages(TEXTS)
    cos = (got * ref).sum(1)
    assert cos.min() >= 0.995, (cos.min(), int(cos.argmin()))
    # no worse than int8 with torch's attention, text by text (within rounding noise)
    assert (cos >= (base * ref).sum(1) - 2e-3).all()
    q = fast.embed_queries(TEXTS[:4])
    assert ((q * fp32.embed_queries(TEXTS[:4])).sum(1) >= 0.995).all()
    other = FastE5Embedder("int8", cache_dir=cache, compile=False, script=not script)
    assert np.array_equal(other.embed_passages(TEXTS), got)


def test_kernel_runs_for_long_windows_only(
    kernel: attention_kernel.Kernel, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Batches of short windows (queries) keep torch's attention: the kernel's op takes the
    GIL once per layer, which a busy server's request threads can delay."""
    from torch.profiler import ProfilerActivity, profile

    cache = tmp_path_factory.getbasetemp() / "attn-e2e"
    fast = FastE5Embedder("int8", cache_dir=cache, num_threads=1)  # profiled on this thread
    fast.warm_up()
    if fast.attention != "int8 kernel":
        pytest.skip("int8 attention kernel not in use here")

    def kernel_calls(run: object) -> int:
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            run()  # type: ignore[operator]
        return sum(e.count for e in prof.key_averages() if e.key == "notelens::attention_i8")

    assert kernel_calls(lambda: fast.embed_queries(["LoRA rank 설정", "KV cache int8"])) == 0
    # 542 tokens: a 512-token window (kernel, one call per layer) and a 34-token one (bmm)
    assert kernel_calls(lambda: fast.embed_passages([TEXTS[4]])) == 12
