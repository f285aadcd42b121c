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
(tested). ``torch.jit.script`` is deprecated in torch 2.13 but works; where it fails,
the caller logs it and stays eager.

Only imported where torch is already loaded (it imports torch at the top). Unscripted,
the same modules are ``_TorchE5``'s eager forward; its own loop (``torch.compile``d
parts, int8 without fbgemm) calls the same ``_embed``, ``_attention`` and ``_pool``.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

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


def _attention(
    qkv: torch.Tensor,
    lengths: list[int],
    heads: int,
    head_dim: int,
    scale: float,
    math_max: int,
    kernel: bool,
) -> torch.Tensor:
    # int8 VNNI kernel (notelens.embed.attention_kernel), one call per batch. Not for
    # batches of short windows only (queries): there it gains little, and its op takes the
    # GIL once per layer, which a busy server's request threads can delay.
    if kernel and max(lengths) > math_max:
        fused: torch.Tensor = torch.ops.notelens.attention_i8(qkv, lengths, heads, scale)
        return fused
    hidden = heads * head_dim
    out: list[torch.Tensor] = []
    start = 0
    for n in lengths:
        qkv3 = qkv[start : start + n].view(n, 3, heads, head_dim).permute(1, 2, 0, 3)
        start += n
        if n <= math_max:
            att = torch.bmm(qkv3[0], qkv3[1].transpose(1, 2))
            if scale != 1.0:
                att.mul_(scale)
            ctx = torch.bmm(att.softmax(-1), qkv3[2])
        else:
            qkv4 = qkv3.unsqueeze(1)  # [3, 1, NH, n, hd]: 4-D runs the flash kernel
            ctx = F.scaled_dot_product_attention(qkv4[0], qkv4[1], qkv4[2], scale=scale)[0]
        out.append(ctx.transpose(0, 1).reshape(n, hidden))
    if len(out) == 1:
        return out[0]
    return torch.cat(out)


def _pool(x: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    if len(lengths) == 1:
        return x.mean(dim=0, keepdim=True)
    seg = torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))
    sums = torch.zeros(len(lengths), x.size(1)).index_add_(0, seg, x)
    return sums.div_(torch.tensor(lengths, dtype=sums.dtype).unsqueeze(1))


def _linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if w.dtype == torch.bfloat16:
        return F.linear(x.to(torch.bfloat16), w, b).float()
    return F.linear(x, w, b)


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
        self.hidden = int(m.H)
        self.heads = int(m.NH)
        self.head_dim = int(m.hd)
        self.eps = float(m.eps)
        self.math_max = int(m.math_attention_max)
        self.kernel = bool(m.kernel is not None)
        self.ln: list[list[torch.Tensor]] = [list(ly["ln"]) for ly in m.layers]


class ScriptedInt8(_Encoder):
    """int8 with fbgemm's linears: ``_TorchE5.pooled`` on its ``packed`` path."""

    def __init__(self, m: Any) -> None:
        super().__init__(m)
        self.short_max = int(m.short_max)
        self.rr = bool(m.reduce_range)
        self.p_qkv = [p[0] for p in m.packed]
        self.p_ao = [p[1] for p in m.packed]
        self.p_fi = [p[2] for p in m.packed]
        self.p_fo = [p[3] for p in m.packed]
        self.fo_q: list[torch.Tensor] = [ly["fo"][0] for ly in m.layers]
        self.fo_s: list[torch.Tensor] = [ly["fo"][1] for ly in m.layers]
        self.fo_b: list[torch.Tensor] = [ly["fo"][2] for ly in m.layers]

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        h, eps, rr = self.hidden, self.eps, self.rr
        x = _embed(ids, lengths, self.word_q, self.word_d, self.pos_type, h)
        x = F.layer_norm(x, [h], self.eln_w, self.eln_b, eps)
        short = ids.size(0) <= self.short_max
        for i in range(len(self.p_qkv)):
            ln = self.ln[i]
            qkv = torch.ops.quantized.linear_dynamic(x, self.p_qkv[i], rr)
            # the packed qkv weights carry attention's 1/sqrt(head dim)
            ctx = _attention(
                qkv, lengths, self.heads, self.head_dim, 1.0, self.math_max, self.kernel
            )
            ao = torch.ops.quantized.linear_dynamic(ctx, self.p_ao[i], rr)
            x = F.layer_norm(x + ao, [h], ln[0], ln[1], eps)
            mid = F.gelu(torch.ops.quantized.linear_dynamic(x, self.p_fi[i], rr))
            # GELU >= -0.17, so max(row max, 0.17) bounds |row| (see fast_embedder)
            amax = mid.amax(dim=1, keepdim=True).clamp_min_(0.17)
            if short:
                fo = torch.ops.quantized.linear_dynamic(
                    mid.mul_(amax.reciprocal()), self.p_fo[i], rr
                )
                y = torch.addcmul(self.fo_b[i], fo, amax)
            else:
                xs = mid.mul_(amax.reciprocal().mul_(127.0))
                y = torch._int_mm(xs.round_().to(torch.int8), self.fo_q[i]).float().mul_(amax)
                y = torch.addcmul(self.fo_b[i], y, self.fo_s[i], out=y)
            x = F.layer_norm(x + y, [h], ln[2], ln[3], eps)
        return _pool(x, lengths)


class ScriptedFloat(_Encoder):
    """fp32 or bf16 weights: ``_TorchE5.pooled`` on its ``_linear`` path."""

    def __init__(self, m: Any) -> None:
        super().__init__(m)
        names = ("qkv", "ao", "fi", "fo")
        self.w: list[list[torch.Tensor]] = [[ly[n][0] for n in names] for ly in m.layers]
        self.b: list[list[torch.Tensor]] = [[ly[n][2] for n in names] for ly in m.layers]

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        h, eps = self.hidden, self.eps
        scale = self.head_dim**-0.5
        x = _embed(ids, lengths, self.word_q, self.word_d, self.pos_type, h)
        x = F.layer_norm(x, [h], self.eln_w, self.eln_b, eps)
        for i in range(len(self.w)):
            w, b, ln = self.w[i], self.b[i], self.ln[i]
            ctx = _attention(
                _linear(x, w[0], b[0]),
                lengths,
                self.heads,
                self.head_dim,
                scale,
                self.math_max,
                self.kernel,
            )
            x = F.layer_norm(x + _linear(ctx, w[1], b[1]), [h], ln[0], ln[1], eps)
            mid = F.gelu(_linear(x, w[2], b[2]))
            x = F.layer_norm(x + _linear(mid, w[3], b[3]), [h], ln[2], ln[3], eps)
        return _pool(x, lengths)


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
