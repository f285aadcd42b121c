"""The Kiwi user dictionary (issue #22 item 2, third round): the shipped word list, its
parser, and the ``kiwi-dict`` analyzer on real Kiwi, with Korean and mixed ko/en text.

The property that matters for retrieval: a compound spelled joined or split (and a
Latin + Hangul compound with or without its space) gives the same set of terms, so a
query in one spelling meets a note in the other."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.korean import analyzer_version
from notelens.analysis.registry import ANALYZERS, create_analyzer
from notelens.analysis.userdict import Entry, load_userdict, parse
from notelens.errors import AnalysisError

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def kdict() -> Analyzer:
    return create_analyzer("kiwi-dict", num_workers=1)


def test_parse_reads_parts_aliases_and_comments() -> None:
    entries = parse("# a comment\n\n파인 튜닝 = fine-tuning\nKV 캐시\n")
    assert entries == (Entry(("파인", "튜닝"), "fine-tuning"), Entry(("KV", "캐시"), None))
    assert entries[0].joined == "파인튜닝" and entries[0].hangul_only
    assert entries[1].joined == "kv캐시" and not entries[1].hangul_only


@pytest.mark.parametrize("line", ["= fine-tuning", "파인 튜닝 = 파인튜닝"])
def test_a_malformed_line_is_a_clear_error(line: str) -> None:
    with pytest.raises(AnalysisError, match="user dictionary line 1"):
        parse(line)


def test_the_shipped_list_loads_and_versions_the_analyzer() -> None:
    udict = load_userdict()
    assert len(udict.entries) > 100
    joined = {e.joined for e in udict.entries}
    assert {"파인튜닝", "언어모델", "kv캐시"} <= joined
    assert "kiwi-dict" in ANALYZERS
    version = create_analyzer("kiwi-dict").version
    assert udict.version in version and version != analyzer_version()


def test_extra_terms_join_spaced_and_mixed_spellings_only() -> None:
    udict = load_userdict("파인 튜닝 = fine-tuning\nKV 캐시\n")

    def latin(s: str) -> list[str]:
        return [s.lower()]

    # Spaced: the joined form and the alias; joined Hangul: the alias only (the
    # analyzer's noun-group rule already joins it).
    assert udict.extra_terms("파인 튜닝을 했다", latin) == ["파인튜닝", "fine-tuning"]
    assert udict.extra_terms("파인튜닝을 했다", latin) == ["fine-tuning"]
    assert udict.extra_terms("KV캐시를", latin) == ["kv캐시"]
    assert udict.extra_terms("kv  캐시", latin) == ["kv캐시"]
    assert udict.extra_terms("XKV 캐시", latin) == []  # a Latin part is a whole word
    assert udict.parts_of("파인튜닝") == ("파인", "튜닝") and udict.parts_of("kv캐시") is None


@pytest.mark.parametrize(
    ("joined", "split"),
    [
        ("파인튜닝", "파인 튜닝"),
        ("파인튜닝을 했다", "파인 튜닝을 했다"),
        ("언어모델", "언어 모델"),
        ("임베딩모델의 차원", "임베딩 모델의 차원"),
        ("지식증류를 적용", "지식 증류를 적용"),
        ("KV캐시를 줄인다", "KV 캐시를 줄인다"),
        ("KV캐시", "kv 캐시"),
    ],
)
def test_both_spellings_give_the_same_terms(kdict: Analyzer, joined: str, split: str) -> None:
    assert set(kdict.terms(joined)) == set(kdict.terms(split))


def test_today_kiwi_does_not_match_the_spellings(analyzer: Analyzer) -> None:
    # Why the dictionary exists: without it, these spellings share no whole-compound term.
    assert "파인튜닝" not in analyzer.terms("파인 튜닝")
    assert "캐시" not in analyzer.terms("KV캐시를 줄인다")


def test_korean_compound_meets_its_english_spelling(kdict: Analyzer) -> None:
    ko = set(kdict.terms("파인튜닝 결과를 정리했다"))
    en = set(kdict.terms("We summarised the fine-tuning results"))
    assert "fine-tune" in ko & en
    mixed = set(kdict.terms("LoRA로 지식 증류를 했다"))
    assert {"lora", "지식증류", "distil"} <= mixed


def test_latin_terms_stay_whole_without_entries(kdict: Analyzer) -> None:
    terms = kdict.terms("GPT-4o와 Llama-3.1-8B에 RoPE를 썼다")
    assert {"gpt-4o", "llama-3.1-8b", "rope"} <= set(terms)


def test_other_text_is_analysed_as_today(kdict: Analyzer, analyzer: Analyzer) -> None:
    text = "비지도 방식으로 퇴직연금 기금을 운용한다. The model was trained on 3.25B tokens."
    assert kdict.terms(text) == analyzer.terms(text)


def test_batch_equals_one_by_one(kdict: Analyzer) -> None:
    texts = ["파인 튜닝", "KV캐시를 줄인다", "", "언어모델과 fine-tuning"]
    assert kdict.terms_batch(texts) == [kdict.terms(t) for t in texts]
