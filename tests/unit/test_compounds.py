"""The ``kiwi-parts`` analyzer: the parts of a long proper noun Kiwi keeps whole (issue #22,
twelfth round), on real Kiwi, with Korean, mixed Korean/English and English text, and a
BM25 search over the real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.compounds import MIN_COMPOUND_SYLLABLES, CompoundSplitter
from notelens.analysis.korean import analyzer_version
from notelens.analysis.registry import ANALYZERS, create_analyzer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def parts() -> Analyzer:
    made = create_analyzer("kiwi-parts", num_workers=1)
    made.warm_up()  # type: ignore[attr-defined]
    return made


@pytest.fixture(scope="module")
def kiwi() -> Analyzer:
    """The plain ``kiwi`` analyzer (the session's ``analyzer`` is the default, kiwi-parts)."""
    made = create_analyzer("kiwi", num_workers=1)
    made.warm_up()  # type: ignore[attr-defined]
    return made


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    from kiwipiepy import Kiwi, Match

    return CompoundSplitter(Kiwi(model_type="cong"), {"match_options": int(Match.EMOJI)})


def test_registered_and_versioned_apart_from_kiwi() -> None:
    assert "kiwi-parts" in ANALYZERS
    version = create_analyzer("kiwi-parts").version
    assert version != analyzer_version() and version.endswith("+variant-kiwi-parts")


def test_a_school_name_gives_the_kind_of_school(parts: Analyzer, kiwi: Analyzer) -> None:
    text = "김이수는 전남고등학교를 졸업했다"
    base = kiwi.terms(text)
    got = parts.terms(text)
    assert "전남고등학교" in base and "고등학교" not in base
    # The whole noun first, then its parts; every other term as before.
    assert got == ["김이수", "전남고등학교", "전남", "고등학교", "졸업"]
    question = parts.terms("김이수가 나온 고등학교는?")
    assert "고등학교" in set(question) & set(got)


def test_names_and_short_nouns_are_not_split(parts: Analyzer, kiwi: Analyzer) -> None:
    # Person names (a one-syllable reading 김 + 이수, 반 + 기 + 문) and nouns Kiwi already
    # splits (외교 + 통상부) keep exactly the default terms.
    for text in (
        "반기문은 외교통상부 장관이었다",
        "이순신과 세종대왕",
        "김이수 재판관",
        "고등학교 교사",
    ):
        assert parts.terms(text) == kiwi.terms(text)


def test_mixed_korean_and_english(parts: Analyzer, kiwi: Analyzer) -> None:
    text = "KAIST(한국과학기술원)에서 LoRA 논문을 GPT-4로 요약했다"
    got = parts.terms(text)
    assert {"kaist", "lora", "gpt-4", "gpt4", "논문", "한국과학기술원"} <= set(got)
    assert {"한국", "과학", "기술원"} <= set(got) - set(kiwi.terms(text))
    assert set(parts.terms("국립중앙박물관 seminar on RAG")) >= {"박물관", "seminar", "rag"}


def test_english_text_is_untouched(parts: Analyzer, kiwi: Analyzer) -> None:
    text = "The Seoul National University hospital published the LoRA results"
    assert parts.terms(text) == kiwi.terms(text)


def test_batch_equals_one_by_one(parts: Analyzer) -> None:
    texts = ["부산국제영화제에 갔다", "", "전남고등학교 and MIT", "서울특별시", "plain English"]
    assert parts.terms_batch(texts) == [parts.terms(t) for t in texts]


def test_splitter_keeps_only_noun_readings_that_spell_the_word(
    splitter: CompoundSplitter,
) -> None:
    assert splitter.parts("정암초등학교") == ("정암", "초등학교")
    assert splitter.parts("국립중앙박물관") == ("국립", "중앙", "박물관")
    assert splitter.parts("반기문") == ()  # shorter than MIN_COMPOUND_SYLLABLES
    assert len("반기문") < MIN_COMPOUND_SYLLABLES
    assert splitter.parts("LoRA모델") == ()  # not all Hangul
    assert splitter.parts("") == ()
    for word in ("부산국제영화제", "서울특별시", "전남고등학교"):
        got = splitter.parts(word)
        assert "".join(got) == word and all(len(p) >= 2 for p in got)


def test_a_search_for_the_kind_finds_the_instance(
    tmp_path: Path, parts: Analyzer, make_engine: Any
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# 약력\n\n김이수는 전남고등학교를 졸업하고 서울대학교 법대에 들어갔다.\n", encoding="utf-8"
    )
    (notes / "b.md").write_text(
        "# 회의\n\n김이수 재판관의 의견서를 LoRA 실험 노트와 함께 읽었다.\n", encoding="utf-8"
    )
    (notes / "c.md").write_text("# 메모\n\nThe GPU budget for next week.\n", encoding="utf-8")
    engine = make_engine(tmp_path / "index", analyzer=parts)
    assert engine.index([notes]).ok
    hits = engine.search("김이수가 나온 고등학교", k=3, mode="bm25")
    assert hits and hits[0].source.endswith("a.md")


def test_an_index_of_the_old_default_is_rebuilt(
    tmp_path: Path, kiwi: Analyzer, make_engine: Any
) -> None:
    """An index built by the plain ``kiwi`` analyzer (the default until the fifteenth
    round) is not searched with the new default's terms: the search says to re-index,
    and ``index`` rebuilds it from the recorded folders under the new version."""
    from notelens.errors import IndexMismatchError

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# 약력\n\n박서연은 부산국제영화제에서 LoRA 데모를 발표했다.\n", encoding="utf-8"
    )
    (notes / "b.md").write_text("# Notes\n\nThe film festival talk on LoRA.\n", encoding="utf-8")
    index = tmp_path / "index"
    assert make_engine(index, analyzer=kiwi).index([notes]).ok
    engine = make_engine(index, analyzer=create_analyzer())  # the default: kiwi-parts
    with pytest.raises(IndexMismatchError):
        engine.search("영화제에서 발표한 사람", k=2, mode="bm25")
    report = engine.index([])  # no folders named: the index's own
    assert report.ok and sum(f.chunks for f in report.files) == 2
    hits = engine.search("영화제에서 발표한 사람", k=2, mode="bm25")
    assert hits and hits[0].source.endswith("a.md")  # 영화제: a part of the festival's name
