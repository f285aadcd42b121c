"""The int8 VNNI self-attention kernel (``attention_i8.c``): build, cache, load, register.

torch's fp32 flash kernel was ~38 % of a passage's embedding time here (head dim 32 keeps
it at ~75 GFLOP/s). ``attention_i8.c`` does the same attention with int8 q.k dot products
(VPDPBUSD) and fp32 P.V: 0.55-0.65x flash's time per window from 128 tokens up
(``benchmarks/passage_profile.py``), vectors as close to fp32's as with flash.

No wheel ships compiled code for it, so :func:`load` builds the C file on first use with
the system C compiler (``NOTELENS_CC``, else ``cc``, ``gcc`` or ``clang``; ~1 s) into
``default_cache_dir()/kernels/attention_i8-<hash of source, flags, compiler>.so`` (built
under a temporary name, then renamed) and later processes only load that file. Where the
CPU lacks the AVX-512 parts it needs, no compiler is found, or the build or a self-check
fails, it returns None with the reason, and the embedder keeps torch's flash kernel.

:func:`register_op` defines ``torch.ops.notelens.attention_i8`` (packed windows in, the
attention output out) so that the TorchScript forward can call it; its implementation
calls the C function once per batch through ctypes, which releases the GIL.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger("notelens.embed")

#: /proc/cpuinfo flags the kernel's instructions need.
REQUIRED_FLAGS = frozenset({"avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni"})
CFLAGS = (
    "-O3", "-std=c11", "-fPIC", "-shared",
    "-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mavx512vnni",
)  # fmt: skip
ENV_CC = "NOTELENS_CC"  # read by notelens.config.E5RuntimeConfig, passed down as ``cc``
HEAD_DIM = 32
_build_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Kernel:
    """A loaded kernel: the shared library and the C entry point."""

    path: Path
    fn: Any  # ctypes function

    def __call__(self, qkv: Any, lengths: list[int], heads: int, scale: float) -> Any:
        """Attention of windows packed back to back: qkv [T, 3H] fp32 -> [T, H]."""
        import torch

        qkv = qkv.contiguous()
        if qkv.dtype != torch.float32 or qkv.dim() != 2 or qkv.size(1) != 3 * heads * HEAD_DIM:
            raise ValueError(f"attention_i8 wants [T, {3 * heads * HEAD_DIM}] float32")
        if sum(lengths) != qkv.size(0) or min(lengths, default=1) < 1:
            raise ValueError("attention_i8: window lengths do not add up to the rows")
        out = torch.empty(qkv.size(0), heads * HEAD_DIM)
        lens = torch.tensor(lengths, dtype=torch.int64)
        rc = self.fn(qkv.data_ptr(), out.data_ptr(), lens.data_ptr(), len(lengths), heads, scale)
        if rc != 0:
            raise MemoryError("attention_i8: no scratch memory")
        return out


def _source() -> bytes:
    return resources.files("notelens.embed").joinpath("attention_i8.c").read_bytes()


def find_compiler(cc: str = "") -> list[str] | None:
    """The C compiler command: ``cc`` (``E5RuntimeConfig.cc``, from ``NOTELENS_CC``; split
    like a shell would), else the first of cc, gcc, clang on PATH."""
    if cc.strip():
        return shlex.split(cc)
    for name in ("cc", "gcc", "clang"):
        path = shutil.which(name)
        if path:
            return [path]
    return None


def _compiler_id(cc: list[str]) -> str:
    try:
        out = subprocess.run(
            [*cc, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
        return out.stdout.splitlines()[0] if out.stdout else " ".join(cc)
    except (OSError, subprocess.SubprocessError):
        return " ".join(cc)


def _build(cc: list[str], source: bytes, target: Path) -> None:
    """Compile ``source`` to a temporary file beside ``target``, then rename (atomic on
    POSIX)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_src = tempfile.mkstemp(suffix=".c", dir=target.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(source)
    tmp_out = tmp_src[:-2] + ".so"
    try:
        proc = subprocess.run(
            [*cc, *CFLAGS, "-o", tmp_out, tmp_src],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cc)} failed: {proc.stderr.strip()[:400]}")
        os.replace(tmp_out, target)
    finally:
        for p in (tmp_src, tmp_out):
            Path(p).unlink(missing_ok=True)


def _self_check(kernel: Kernel) -> None:
    """The kernel against the forward's own fp32 attention (``e5_script._attention`` on
    its bmm/softmax/bmm path) on a small random batch; raises if off."""
    import torch

    from notelens.embed import e5_script

    heads, lengths, scale = 2, [1, 5, 37], HEAD_DIM**-0.5
    qkv = torch.randn(
        sum(lengths), 3 * heads * HEAD_DIM, generator=torch.Generator().manual_seed(0)
    )
    got = kernel(qkv, lengths, heads, scale)
    ref = e5_script._attention(qkv, lengths, heads, HEAD_DIM, scale, max(lengths), False)
    err = float((got - ref).norm() / ref.norm())
    if not err < 0.05:
        raise RuntimeError(f"self-check: relative error {err:.3g} against fp32 attention")


def _open(path: Path) -> Kernel:
    lib = ctypes.CDLL(str(path))
    fn = lib.notelens_attention_i8
    fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                   ctypes.c_int, ctypes.c_float]  # fmt: skip
    fn.restype = ctypes.c_int
    return Kernel(path, fn)


def load(flags: frozenset[str], cache_dir: Path, cc: str = "") -> tuple[Kernel | None, str]:
    """The kernel, built (once per source, flags and compiler ``cc``, see
    :func:`find_compiler`) or taken from ``cache_dir``, and self-checked; else None. The
    string says which, or why not."""
    missing = REQUIRED_FLAGS - flags
    if missing:
        return None, "CPU lacks " + ", ".join(sorted(missing))
    command = find_compiler(cc)
    if command is None:
        return None, f"no C compiler found (cc, gcc, clang; or set {ENV_CC})"
    source = _source()
    key = hashlib.sha256(source + "\0".join([*CFLAGS, _compiler_id(command)]).encode()).hexdigest()
    target = cache_dir / f"attention_i8-{key[:16]}.so"
    try:
        with _build_lock:
            built = not target.exists()
            if built:
                _build(command, source, target)
        try:
            kernel = _open(target)
        except OSError:  # a damaged cache entry (truncated, not a library): build again
            if built:
                raise
            with _build_lock:
                target.unlink(missing_ok=True)
                _build(command, source, target)
            built = True
            kernel = _open(target)
        _self_check(kernel)
    except Exception as exc:  # compiler error, unwritable cache, bad library: flash
        return None, f"kernel unavailable ({exc})"
    return kernel, ("built " if built else "cached ") + target.name


@functools.cache
def register_op() -> Any:
    """Define ``torch.ops.notelens.attention_i8`` once per process (kept alive here).

    Defined whether or not a kernel loads, so that TorchScript can compile a forward
    that names it; the implementation runs the kernel set by :func:`set_kernel` and
    raises if there is none (the forward only calls it when one was loaded).
    """
    import torch

    lib = torch.library.Library("notelens", "DEF")  # type: ignore[no-untyped-call]
    lib.define(  # type: ignore[no-untyped-call]
        "attention_i8(Tensor qkv, int[] lengths, int heads, float scale) -> Tensor"
    )
    holder: dict[str, Kernel] = {}

    def impl(qkv: Any, lengths: list[int], heads: int, scale: float) -> Any:
        kernel = holder.get("kernel")
        if kernel is None:
            raise RuntimeError("notelens::attention_i8 called without a loaded kernel")
        return kernel(qkv, list(lengths), heads, scale)

    lib.impl("attention_i8", impl, "CPU")  # type: ignore[no-untyped-call]
    return lib, holder


def set_kernel(kernel: Kernel) -> None:
    """Make ``kernel`` the implementation of ``torch.ops.notelens.attention_i8``."""
    register_op()[1]["kernel"] = kernel
