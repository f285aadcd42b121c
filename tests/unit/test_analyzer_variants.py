"""The analyzer variants measured for issue #22 item 2 (real Kiwi, real Mecab-ko):
kiwi-nouns, kiwi-bigram, mecab, on Korean and mixed Korean/English text."""

from __future__ import annotations

import importlib.util

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.korean import KiwiAnalyzer, analyzer_version
from notelens.analysis.ngram import hangul_bigrams
from notelens.analysis.registry import ANALYZER_REGISTRY, ANALYZERS, create_analyzer
from notelens.config import Settings
from notelens.errors import ConfigError

pytestmark = pytest.mark.unit

KO = "사전학습된 모델의 파라미터 수가 줄어든다"
MIXED = "LoRA를 쓰면 GPT-4의 파라미터 수가 3.25배 줄어든다"
HAS_MECAB = importlib.util.find_spec("mecab") is not None


@pytest.fixture(scope="module")
def nouns() -> Analyzer:
    return create_analyzer("kiwi-nouns")


@pytest.fixture(scope="module")
def bigram() -> Analyzer:
    return create_analyzer("kiwi-bigram")


@pytest.fixture(scope="module")
def mecab() -> Analyzer:
    if not HAS_MECAB:
        pytest.skip("python-mecab-ko is not installed (the `mecab` extra)")
    return create_analyzer("mecab")


def test_every_builtin_is_registered_and_versioned() -> None:
    assert set(ANALYZERS) <= set(ANALYZER_REGISTRY.names())
    versions = {name: create_analyzer(name).version for name in ANALYZERS}
    assert len(set(versions.values())) == len(ANALYZERS)  # an index records which one
    # The default keeps the version it always had: existing indexes are not rebuilt.
    assert versions["kiwi"] == analyzer_version() and "variant" not in versions["kiwi"]


def test_settings_pick_the_analyzer() -> None:
    # kiwi-parts since the fifteenth round (docs/benchmarks.md, "Precision at the top,
    # fifteenth round"); create_analyzer() without a name makes the same one.
    assert Settings.from_env({}).analyzer == "kiwi-parts" == Settings().analyzer
    assert create_analyzer().version.endswith("+variant-kiwi-parts")
    assert Settings.from_env({"NOTELENS_ANALYZER": "kiwi-nouns"}).analyzer == "kiwi-nouns"


def test_engine_uses_the_configured_analyzer(tmp_path: object) -> None:
    from notelens import Engine

    settings = Settings.from_env({"NOTELENS_ANALYZER": "kiwi-bigram"})
    engine = Engine(str(tmp_path), settings=settings)
    assert engine.analyzer.version.endswith("+variant-kiwi-bigram")


def test_unknown_analyzer_is_a_clear_error() -> None:
    with pytest.raises(ConfigError) as info:
        create_analyzer("okt-jvm")
    assert "okt-jvm" in str(info.value)


def test_nouns_variant_drops_verb_stems(nouns: Analyzer, analyzer: KiwiAnalyzer) -> None:
    ko = nouns.terms(KO)
    assert {"사전", "학습", "사전학습", "모델", "파라미터"} <= set(ko)
    assert "줄어들" not in ko and "줄어들" in analyzer.terms(KO)
    mixed = nouns.terms(MIXED)
    assert {"lora", "gpt-4", "gpt4", "파라미터", "3.25"} <= set(mixed)
    assert "쓰" not in mixed


def test_bigram_variant_adds_prefixed_bigrams(bigram: Analyzer, analyzer: KiwiAnalyzer) -> None:
    for text in (KO, MIXED):
        terms = bigram.terms(text)
        base = analyzer.terms(text)
        assert terms[: len(base)] == base  # the morpheme terms first, unchanged
        extra = terms[len(base) :]
        assert extra and all(t.startswith("~") and len(t) == 3 for t in extra)
    assert {"~사전", "~전학", "~학습"} <= set(bigram.terms(KO))
    assert not any(t.startswith("~") for t in bigram.terms("only English words here"))


def test_hangul_bigrams() -> None:
    assert hangul_bigrams("파인튜닝을 했다 a 가") == ["~파인", "~인튜", "~튜닝", "~닝을", "~했다"]
    assert hangul_bigrams("") == [] and hangul_bigrams("GPT-4") == []


@pytest.mark.parametrize("name", ["kiwi-nouns", "kiwi-bigram", "kiwi-parts", "mecab"])
def test_contract(name: str) -> None:
    if name == "mecab" and not HAS_MECAB:
        pytest.skip("python-mecab-ko is not installed")
    made = create_analyzer(name)
    assert isinstance(made, Analyzer)
    texts = [KO, MIXED, "", "  \n", "GQA는 MQA와 무엇이 다른가", "How LoRA cuts parameters"]
    batch = made.terms_batch(texts)
    assert batch == [made.terms(t) for t in texts]  # deterministic, batch == one by one
    assert batch[2] == [] and batch[3] == []
    assert all(t and not any(c.isspace() for c in t) for terms in batch for t in terms)
    assert {"lora", "cut", "paramet"} <= set(batch[5])  # English goes through Snowball


def test_mecab_korean_and_mixed(mecab: Analyzer) -> None:
    ko = mecab.terms(KO)
    assert {"사전", "학습", "사전학습", "모델", "파라미터", "줄어들"} <= set(ko)
    assert "된" not in ko and "의" not in ko  # suffixes, particles dropped
    mixed = mecab.terms(MIXED)
    assert {"lora", "gpt-4", "gpt4", "gpt", "4", "파라미터", "3.25"} <= set(mixed)
    # A dictionary compound is split into its parts and joined again.
    assert {"최댓", "값", "최댓값"} <= set(mecab.terms("최댓값을 구한다"))
