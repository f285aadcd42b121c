"""The e5 encoder's forward pass as TorchScript: one GIL release per batch, not ~250.

Why: every eager torch call releases the GIL and takes it back, and a kernel that frees
a tensor known to Python takes it again. When another Python thread wants the GIL (a
server's request threads, the indexer's reader thread), each of those hand-offs can
stall the encoder for up to the interpreter's switch interval (5 ms). Measured in one
process, 4 queries per call (``benchmarks/embed_gil.py``): beside one busy pure-Python
thread the eager forward managed 1.5 queries/s against 117 scripted, two encoder
threads ran at 239 queries/s eager against 393 scripted, and alone the scripted forward
costs ~9 % less CPU per query (5.3 vs 5.9 ms; the interpreter dispatches faster than
Python).
The scripted module runs the same ops in the same order as the eager code of
:class:`notelens.embed.fast_embedder._TorchE5`, so the vectors are equal bit for bit
(tested). Every step computes a window from its own rows only (per-window activation
scales and GEMMs, per-window attention kernel, one pooling), so a text's vector does
not depend on the texts packed beside it (tested; ``benchmarks/embed_batch_dependence.py``).
``torch.jit.script`` is deprecated in torch 2.13 but works; where it fails, the caller
logs it and stays eager.

Only imported where torch is already loaded (it imports torch at the top). Unscripted,
the same modules are ``_TorchE5``'s eager forward; its own loop (``torch.compile``d
parts, int8 without fbgemm) calls the same ``_embed``, ``_attention``, ``_pool`` and
``_post_attention_dyn``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F

if TYPE_CHECKING:
    Packed = Any
else:  # fbgemm's prepacked int8 weights, as TorchScript names their type
    Packed = torch.classes.quantized.LinearPackedParamsBase

# TorchScript resolves annotations at compile time; keep them plain (no string forms
# needing this module's globals beyond torch).


def _embed(
    ids: torch.Tensor,
    lengths: list[int],
    word_q: torch.Tensor,
    word_d: torch.Tensor,
    pos_type: torch.Tensor,
    hidden: int,
) -> torch.Tensor:
    t = ids.size(0)
    q = word_q[ids].view(t, -1, 16)  # [T, H/32, 16] packed nibbles
    codes = torch.cat([q & 15, q >> 4], dim=-1).to(torch.int8) - 8
    x = (codes.float() * word_d[ids].unsqueeze(-1)).view(t, hidden)
    if len(lengths) == 1:
        return x.add_(pos_type[:t])
    pos = torch.cat([torch.arange(n) for n in lengths])
    return x.add_(pos_type[pos])


def _window_attention(
    qkv3: torch.Tensor, n: int, hidden: int, scale: float, math_max: int
) -> torch.Tensor:
    """One window's attention in fp32: bmm/softmax/bmm up to ``math_max`` tokens (cheaper
    than flash at query lengths), flash above."""
    if n <= math_max:
        att = torch.bmm(qkv3[0], qkv3[1].transpose(1, 2))
        if scale != 1.0:
            att.mul_(scale)
        ctx = torch.bmm(att.softmax(-1), qkv3[2])
    else:
        qkv4 = qkv3.unsqueeze(1)  # [3, 1, NH, n, hd]: 4-D runs the flash kernel
        ctx = F.scaled_dot_product_attention(qkv4[0], qkv4[1], qkv4[2], scale=scale)[0]
    return ctx.transpose(0, 1).reshape(n, hidden)


def _attention(
    qkv: torch.Tensor,
    lengths: list[int],
    heads: int,
    head_dim: int,
    scale: float,
    math_max: int,
    kernel: bool,
) -> torch.Tensor:
    # Which kernel runs is decided per window, by its own length, never by the batch: a
    # window's output must not depend on the windows packed beside it. Windows over
    # ``math_max`` tokens go to the int8 VNNI kernel (notelens.embed.attention_kernel),
    # each run of consecutive ones in one call (the embedder sorts windows by length, so
    # usually one call per batch); shorter ones (queries) stay on bmm/softmax/bmm, where
    # the kernel gains little and its op would take the GIL once per layer, which a busy
    # server's request threads can delay.
    hidden = heads * head_dim
    out: list[torch.Tensor] = []
    run: list[int] = []  # consecutive long windows waiting for one kernel call
    run_start = 0
    start = 0
    for n in lengths:
        if kernel and n > math_max:
            if len(run) == 0:
                run_start = start
            run.append(n)
        else:
            if len(run) > 0:
                fused: torch.Tensor = torch.ops.notelens.attention_i8(
                    qkv[run_start:start], run, heads, scale
                )
                out.append(fused)
                run = []
            qkv3 = qkv[start : start + n].view(n, 3, heads, head_dim).permute(1, 2, 0, 3)
            out.append(_window_attention(qkv3, n, hidden, scale, math_max))
        start += n
    if len(run) > 0:
        last: torch.Tensor = torch.ops.notelens.attention_i8(qkv[run_start:], run, heads, scale)
        out.append(last)
    return _joined(out)


def _joined(parts: list[torch.Tensor]) -> torch.Tensor:
    """The windows' rows back in one [T, ...] tensor (no copy for a single window)."""
    if len(parts) == 1:
        return parts[0]
    return torch.cat(parts)


def _pool(x: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    # One summation for every batch, a single window's too (``mean`` sums in another
    # order): a window's vector must not depend on what else is in its batch.
    seg = torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))
    sums = torch.zeros(len(lengths), x.size(1)).index_add_(0, seg, x)
    return sums.div_(torch.tensor(lengths, dtype=sums.dtype).unsqueeze(1))


def _linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    # One GEMM per window: oneDNN's bf16 GEMM picks its kernel (and with it the order of
    # the sums) by the row count, so over the whole batch a row's result would depend on
    # the batch's size.
    out: list[torch.Tensor] = []
    for xw in torch.split(x, lengths):
        if w.dtype == torch.bfloat16:
            out.append(F.linear(xw.to(torch.bfloat16), w, b).float())
        else:
            out.append(F.linear(xw, w, b))
    return _joined(out)


def _dyn_linear(x: torch.Tensor, p: Packed, rr: bool, lengths: list[int]) -> torch.Tensor:
    # fbgemm's fused dynamic-quant linear (quantise, VNNI GEMM, dequantise, bias in one
    # op) quantises its input with one scale per call: over the whole batch a row's codes
    # would depend on the other texts in it, so it is called once per window.
    return _joined(
        [torch.ops.quantized.linear_dynamic(xw, p, rr) for xw in torch.split(x, lengths)]
    )


def _ffn_out(mid: torch.Tensor, q: torch.Tensor, s: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # The FFN-out as int8 x int8 -> int32 (``torch._int_mm``) with per-token activation
    # scales: GELU outputs have outlier tokens that one scale per tensor would crush, and
    # a row's codes then depend on that row alone. GELU >= -0.17, so max(row max, 0.17)
    # bounds |row| without an abs pass; ``mid`` is scaled in place. ``s``: the weight
    # scales over 127.
    amax = mid.amax(dim=1, keepdim=True).clamp_min_(0.17)
    xs = mid.mul_(amax.reciprocal().mul_(127.0))
    y = torch._int_mm(xs.round_().to(torch.int8), q).float().mul_(amax)
    return torch.addcmul(b, y, s, out=y)


def _post_attention_dyn(
    x: torch.Tensor,
    ctx: torch.Tensor,
    p: list[Packed],
    fo: list[torch.Tensor],
    ln: list[torch.Tensor],
    eps: float,
    rr: bool,
    lengths: list[int],
) -> torch.Tensor:
    """An int8 layer after attention: out-proj + residual + LN, FFN + residual + LN; the
    out-proj and FFN-in on fbgemm (``_dyn_linear`` over ``lengths``' row groups), the
    FFN-out per token (``_ffn_out``; ``fo``: its int8 weights, scales, bias)."""
    h = x.size(1)
    x = F.layer_norm(x + _dyn_linear(ctx, p[1], rr, lengths), [h], ln[0], ln[1], eps)
    mid = F.gelu(_dyn_linear(x, p[2], rr, lengths))
    return F.layer_norm(x + _ffn_out(mid, fo[0], fo[1], fo[2]), [h], ln[2], ln[3], eps)


class _Encoder(torch.nn.Module):
    """What both forwards hold of a ``_TorchE5``: embeddings, shapes, LayerNorms (shared
    tensors, no copies)."""

    def __init__(self, m: Any) -> None:
        super().__init__()
        self.word_q = m.word_q
        self.word_d = m.word_d
        self.pos_type = m.pos_type
        self.eln_w = m.eln_w
        self.eln_b = m.eln_b
        self.hidden_size = int(m.H)
        self.heads = int(m.NH)
        self.head_dim = int(m.hd)
        self.eps = float(m.eps)
        self.math_max = int(m.math_attention_max)
        self.per_window = bool(m.per_window)
        self.kernel = bool(m.kernel is not None)
        self.ln: list[list[torch.Tensor]] = [list(ly["ln"]) for ly in m.layers]

    def spans(self, lengths: list[int]) -> list[int]:
        """The row groups the linears run on: each window (``per_window``: a window's
        vector is the same in any batch) or the whole batch (one call, faster on batches
        of many short windows; fbgemm's scale, bf16's kernel then depend on the batch)."""
        if self.per_window:
            return lengths
        return [sum(lengths)]


class ScriptedInt8(_Encoder):
    """int8 with fbgemm's linears: ``_TorchE5.pooled`` on its ``packed`` path."""

    def __init__(self, m: Any) -> None:
        super().__init__(m)
        self.rr = bool(m.reduce_range)
        self.packed: list[list[Packed]] = [list(p) for p in m.packed]
        self.fo: list[list[torch.Tensor]] = [list(ly["fo"]) for ly in m.layers]

    @torch.jit.export
    def hidden(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        h, eps, rr = self.hidden_size, self.eps, self.rr
        x = _embed(ids, lengths, self.word_q, self.word_d, self.pos_type, h)
        x = F.layer_norm(x, [h], self.eln_w, self.eln_b, eps)
        spans = self.spans(lengths)
        for i in range(len(self.packed)):
            p = self.packed[i]
            # the packed qkv weights carry attention's 1/sqrt(head dim)
            ctx = _attention(
                _dyn_linear(x, p[0], rr, spans),
                lengths,
                self.heads,
                self.head_dim,
                1.0,
                self.math_max,
                self.kernel,
            )
            x = _post_attention_dyn(x, ctx, p, self.fo[i], self.ln[i], eps, rr, spans)
        return x

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        return _pool(self.hidden(ids, lengths), lengths)


class ScriptedFloat(_Encoder):
    """fp32 or bf16 weights: ``_TorchE5.pooled`` on its ``_linear`` path."""

    def __init__(self, m: Any) -> None:
        super().__init__(m)
        names = ("qkv", "ao", "fi", "fo")
        self.w: list[list[torch.Tensor]] = [[ly[n][0] for n in names] for ly in m.layers]
        self.b: list[list[torch.Tensor]] = [[ly[n][2] for n in names] for ly in m.layers]

    @torch.jit.export
    def hidden(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        h, eps = self.hidden_size, self.eps
        scale = self.head_dim**-0.5
        x = _embed(ids, lengths, self.word_q, self.word_d, self.pos_type, h)
        x = F.layer_norm(x, [h], self.eln_w, self.eln_b, eps)
        spans = self.spans(lengths)
        for i in range(len(self.w)):
            w, b, ln = self.w[i], self.b[i], self.ln[i]
            ctx = _attention(
                _linear(x, w[0], b[0], spans),
                lengths,
                self.heads,
                self.head_dim,
                scale,
                self.math_max,
                self.kernel,
            )
            x = F.layer_norm(x + _linear(ctx, w[1], b[1], spans), [h], ln[0], ln[1], eps)
            mid = F.gelu(_linear(x, w[2], b[2], spans))
            x = F.layer_norm(x + _linear(mid, w[3], b[3], spans), [h], ln[2], ln[3], eps)
        return x

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        return _pool(self.hidden(ids, lengths), lengths)


def module(model: Any) -> torch.nn.Module | None:
    """The forward of a ``_TorchE5`` as a module (int8 with fbgemm, bf16 or fp32), to run
    as is (eager) or through :func:`script`; None for int8 without fbgemm's packed
    weights (that path keeps ``_TorchE5``'s own loop)."""
    if model.precision == "int8":
        return ScriptedInt8(model).eval() if model.packed is not None else None
    return ScriptedFloat(model).eval()


def script(forward: torch.nn.Module) -> Any:
    """``forward`` compiled by TorchScript; raises whatever ``torch.jit.script`` raises."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "torch.jit.script is deprecated" (torch 2.13)
        return torch.jit.script(forward)
