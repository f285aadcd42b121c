"""A damaged GGUF file is a clear error on both paths that load one (the local answer
generator and the ``llm`` reranker), with llama.cpp's reason and no native log lines on
the terminal: both go through ``notelens.llamacpp.load_server``."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.config import RerankConfig
from notelens.errors import ConfigError, GeneratorError

pytestmark = pytest.mark.integration

pytest.importorskip("xllamacpp", reason="xllamacpp is not installed")


def _damaged(tmp_path: Path) -> Path:
    path = tmp_path / "노트 모델.gguf"
    path.write_bytes(b"not a gguf file at all" * 64)
    return path


def test_the_generator_names_a_damaged_model(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from notelens.answer.generators.llamacpp_local import LlamaCppGenerator

    path = _damaged(tmp_path)
    with pytest.raises(GeneratorError, match="could not load the GGUF model") as info:
        LlamaCppGenerator(path, n_ctx=256, n_threads=1)
    assert info.value.path == str(path)
    assert "invalid magic" in str(info.value)  # llama.cpp's reason
    assert "gguf_init_from_reader" not in capfd.readouterr().err  # its lines: debug log


def test_the_llm_reranker_names_a_damaged_model(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from notelens.retrieve.rerankers.llm import LLMReranker

    reranker = LLMReranker(RerankConfig(method="llm", model=str(_damaged(tmp_path))), threads=1)
    with pytest.raises(ConfigError, match="could not load its model") as info:
        reranker.load()
    assert "invalid magic" in str(info.value)
    assert "gguf_init_from_reader" not in capfd.readouterr().err
