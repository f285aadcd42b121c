"""KiwiAnalyzer: the one analyzer for BM25 documents and queries (real Kiwi model)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from notelens.analysis.base import Analyzer, MorphemeTagger
from notelens.analysis.korean import MAX_TERM_LEN, RULES_VERSION, KiwiAnalyzer
from notelens.analysis.registry import create_analyzer
from notelens.errors import AnalysisError, ConfigError

pytestmark = pytest.mark.unit


# ``analyzer``: the session's Kiwi analyzer (conftest.py).


SAMPLES = [
    "LoRA를 쓰면 파라미터 수가 3.25배 줄어든다",
    "GPT-4와 bge-m3, Llama-2-7B, v1.0 모델",
    "GQA는 MQA와 무엇이 다른가",
    "inference 단계에서 다양한 입력 형식이 정량적 지표와 downstream task에 미치는 영향",
    "How dataset composition methods during pre- and post-training affect metrics.",
    "자연어처리와 사전학습, 그리고 in-context learning을 했다",
    "참고: https://github.com/foo/bar-baz?x=1#readme 와 www.arxiv.org/abs/2310.06825",
    "ＬｏＲＡ를 ＧＰＴ－４에 적용 😀 \u200b\x00 끝",
    "RoPE의 θ 값은 10000이고 漢字 표기도 있다",
    "",
    "   \n\t  ",
]


# -- the Analyzer contract ---------------------------------------------------------------


def test_satisfies_protocol(analyzer: KiwiAnalyzer) -> None:
    assert isinstance(analyzer, Analyzer)


def test_tags_the_locative_particle_the_searcher_reads(analyzer: KiwiAnalyzer) -> None:
    # The named-note step reads where a locative particle (JKB) begins: "논문정리에서"
    # names the note "논문 정리" as where a thing is written (retrieve/searcher.py).
    assert isinstance(analyzer, MorphemeTagger)
    places = {
        s for _f, tag, s, _e in analyzer.morphemes("논문정리에서 LoRA 찾아줘") if tag == "JKB"
    }
    assert places == {4}


def test_version_names_kiwi_and_rules(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.version.startswith("kiwi-")
    # the plain variant ends with the rules; the default (kiwi-parts) appends its name
    assert KiwiAnalyzer().version.endswith(f"+rules-{RULES_VERSION}")
    assert f"+rules-{RULES_VERSION}+variant-" in analyzer.version
    assert "model-" in analyzer.version
    assert not any(c.isspace() for c in analyzer.version)


def test_deterministic(analyzer: KiwiAnalyzer) -> None:
    first = [analyzer.terms(t) for t in SAMPLES]
    assert [analyzer.terms(t) for t in SAMPLES] == first
    assert KiwiAnalyzer().terms_batch(SAMPLES) == first


def test_batch_equals_one_by_one(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms_batch(SAMPLES) == [analyzer.terms(t) for t in SAMPLES]
    assert analyzer.terms_batch([]) == []


def test_single_worker_batch() -> None:
    # Kiwi(num_workers=0) cannot run its batch API; the analyzer maps 0 to one worker.
    one = KiwiAnalyzer(num_workers=0)
    assert one.terms_batch(SAMPLES[:3]) == [one.terms(t) for t in SAMPLES[:3]]


def test_analyze_is_terms(analyzer: KiwiAnalyzer) -> None:
    assert (
        analyzer.analyze("모델을 학습한다") == analyzer.terms("모델을 학습한다") == ["모델", "학습"]
    )


def test_no_whitespace_and_bounded_length(analyzer: KiwiAnalyzer) -> None:
    texts = [*SAMPLES, "자연어 처리", "a\u3000b\u00a0c", "줄\n바꿈\r\n탭\t끝", "x" * 41, "y" * 40]
    for terms in analyzer.terms_batch(texts):
        for term in terms:
            assert term
            assert not any(c.isspace() for c in term), term
            assert len(term) <= MAX_TERM_LEN


@pytest.mark.parametrize(
    "text", ["", " ", "   \n\t  ", "\u200b\ufeff", "\x00\x01", "🙂👍🏽", "...!?"]
)
def test_empty_or_no_content(analyzer: KiwiAnalyzer, text: str) -> None:
    assert analyzer.terms(text) == []


# -- Korean --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "noun"),
    [
        ("데이터를", "데이터"),
        ("모델을", "모델"),
        ("모델은", "모델"),
        ("데이터는", "데이터"),
        ("모델이", "모델"),
        ("데이터가", "데이터"),
        ("모델에서", "모델"),
        ("데이터로", "데이터"),
        ("모델으로", "모델"),
        ("데이터와", "데이터"),
        ("모델과", "모델"),
        ("모델의", "모델"),
        ("데이터까지", "데이터"),
    ],
)
def test_particles_dropped(analyzer: KiwiAnalyzer, word: str, noun: str) -> None:
    assert analyzer.terms(word) == [noun]


def test_particles_in_a_sentence(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("모델을 학습에서 데이터로 평가와 검증은 사람이 한다") == [
        "모델",
        "학습",
        "데이터",
        "평가",
        "검증",
        "사람",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("줄어든다", ["줄어들"]),
        ("다른가", ["다르"]),
        ("다르다", ["다르"]),
        ("달랐다", ["다르"]),  # irregular conjugation, same stem
        ("학습했습니다", ["학습"]),  # noun + 하다: the suffix goes, the noun stays
        ("학습되었고", ["학습"]),
        ("학습시키면", ["학습"]),
    ],
)
def test_endings_dropped_stems_kept(analyzer: KiwiAnalyzer, text: str, expected: list[str]) -> None:
    assert analyzer.terms(text) == expected


def test_dependent_nouns_pronouns_and_light_verbs_dropped(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("할 수 있다") == []  # 하/VV, 수/NNB, 있/VA
    assert analyzer.terms("이것은 그 모델이다") == ["모델"]  # NP, MM, VCP
    assert analyzer.terms("이러한 방법들은 것으로 보인다") == ["방법", "보이"]
    # 수 as a real noun ("count") is NNG and kept
    assert analyzer.terms("토큰 수가 많다") == ["토큰", "수", "많"]


def test_compound_spaced_and_unspaced_share_terms(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("사전학습") == ["사전", "학습", "사전학습"]
    assert analyzer.terms("사전 학습") == ["사전", "학습"]
    assert {"사전", "학습"} <= set(analyzer.terms("사전학습된 모델"))
    # Kiwi reads 자연어 처리 as one multi-word proper noun, spaced or not
    assert analyzer.terms("자연어처리") == ["자연어", "처리", "자연어처리"]
    assert analyzer.terms("자연어 처리") == ["자연어", "처리", "자연어처리"]


def test_context_dependent_split_still_matches(analyzer: KiwiAnalyzer) -> None:
    # Kiwi: 파인튜닝 alone is one NNG; in "파인튜닝을 했다" it is 파인 + 튜닝. The joined
    # form of touching nouns keeps a shared term either way.
    assert analyzer.terms("파인튜닝") == ["파인튜닝"]
    assert analyzer.terms("파인튜닝을 했다") == ["파인", "튜닝", "파인튜닝"]
    assert analyzer.terms("모델을 파인튜닝했다") == ["모델", "파인튜닝"]


def test_saisiot_spellings_agree(analyzer: KiwiAnalyzer) -> None:
    # saisiot=True: the ㅅ between the nouns is split off, so both spellings agree.
    assert analyzer.terms("결괏값") == analyzer.terms("결과값") == ["결과", "값", "결과값"]
    assert analyzer.terms("손실 함수의 최댓값") == analyzer.terms("손실 함수의 최대값")
    assert analyzer.terms("최댓값을 구한다") == ["최대", "값", "최대값", "구하"]
    # (a bare "최댓값" is one dictionary NNP for Kiwi: a known context effect)


def test_noun_prefix_kept_joined(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("비지도 학습") == ["비지도", "지도", "학습"]
    assert analyzer.terms("지도 학습") == ["지도", "학습"]
    assert analyzer.terms("재학습") == ["재학습", "학습"]


def test_hanja_greek_numbers(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("RoPE의 θ 값은 10000이다") == ["rope", "θ", "값", "10000"]
    assert analyzer.terms("漢字 표기") == ["漢字", "표기"]
    assert analyzer.terms("1,000개와 2024년") == ["1000", "2024"]


# -- Latin terms ---------------------------------------------------------------------------


def test_mixed_sentence(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("LoRA를 쓰면 파라미터 수가 3.25배 줄어든다") == [
        "lora",
        "쓰",
        "파라미터",
        "수",
        "3.25",
        "배",
        "줄어들",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPT-4", ["gpt-4", "gpt4", "gpt", "4"]),
        ("GPT-4와", ["gpt-4", "gpt4", "gpt", "4"]),
        ("bge-m3로 임베딩한다", ["bge-m3", "bgem3", "bge", "m3", "임베딩"]),
        ("Llama-2-7B", ["llama-2-7b", "llama27b", "llama", "2", "7b"]),
        ("v1.0과 v2.1", ["v1.0", "v2.1"]),
        ("GPT-3.5-turbo", ["gpt-3.5-turbo", "gpt3.5turbo", "gpt", "3.5", "turbo"]),
        ("fine-tuning", ["fine-tune", "finetun", "fine", "tune"]),
        ("x86_64", ["x86_64", "x8664", "x86", "64"]),
        ("state-of-the-art", ["state-of-the-art", "stateoftheart", "state", "art"]),
        ("LLM들은 reasoning을 한다", ["llm", "reason"]),
    ],
)
def test_latin_terms(analyzer: KiwiAnalyzer, text: str, expected: list[str]) -> None:
    assert analyzer.terms(text) == expected


def test_hyphenated_query_variants_match(analyzer: KiwiAnalyzer) -> None:
    doc = set(analyzer.terms("GPT-4는 강력하다"))
    assert set(analyzer.terms("GPT4")) <= doc
    assert set(analyzer.terms("GPT 4")) <= doc
    assert set(analyzer.terms("gpt-4")) <= doc
    assert set(analyzer.terms("finetuning")) <= set(analyzer.terms("fine-tuning"))


def test_english_stemming(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("parameters") == analyzer.terms("parameter") == ["paramet"]
    assert analyzer.terms("Parameters") == ["paramet"]
    assert analyzer.terms("trained training") == ["train", "train"]
    # terms with digits or non-ASCII letters are not stemmed
    assert analyzer.terms("layers3 café") == ["layers3", "café"]


def test_english_stopwords(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("the") == []
    assert analyzer.terms("is") == []
    assert analyzer.terms("The parameters is a parameter") == ["paramet", "paramet"]
    assert analyzer.terms("LLM's ability, e.g. reasoning") == ["llm", "abil", "reason"]


def test_nfkc_full_width(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("ＬｏＲＡ") == ["lora"]
    assert analyzer.terms("ＬｏＲＡ를") == ["lora"]
    assert analyzer.terms("ＧＰＴ－４와") == analyzer.terms("GPT-4와")


def test_urls_reduced_to_words(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("https://github.com/foo/bar-baz?x=1#top 참고") == [
        "github.com",
        "github",
        "com",
        "foo",
        "bar-baz",
        "barbaz",
        "bar",
        "baz",
        "참고",
    ]
    assert analyzer.terms("www.arxiv.org/abs/2310.06825에서") == [
        "arxiv.org",
        "arxiv",
        "org",
        "ab",
        "2310.06825",
    ]
    long_url = "https://example.com/" + "x" * 300 + "/%EB%AA%A8%EB%8D%B8"
    assert analyzer.terms(long_url) == ["exampl.com", "exampl", "com"]


def test_long_terms_dropped(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("x" * (MAX_TERM_LEN + 1)) == []
    assert analyzer.terms("y1" * (MAX_TERM_LEN // 2)) == ["y1" * (MAX_TERM_LEN // 2)]
    # a long hyphenated span loses its whole form, not its parts
    assert analyzer.terms("-".join(["segment"] * 8)) == ["segment"]


# -- query / document symmetry -------------------------------------------------------------


def test_query_document_symmetry(analyzer: KiwiAnalyzer) -> None:
    query = analyzer.terms("GQA는 MQA와 무엇이 다른가")
    assert query == ["gqa", "mqa", "다르"]
    doc = analyzer.terms("MQA는 GQA와 다르다. GQA는 키/값 헤드를 그룹으로 묶는다.")
    assert set(query) <= set(doc)
    assert set(analyzer.terms("로라 LoRA 파라미터")) & set(
        analyzer.terms("LoRA를 쓰면 파라미터 수가 줄어든다")
    ) == {"lora", "파라미터"}


# -- robustness ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a\ud800b\udfff테스트",  # lone surrogates
        "\x00\x07\x1b[31m빨강\x1b[0m",  # control characters
        "\ue000\U0010fffd사용자 영역",  # private use
        "👩‍👩‍👧‍👦 가족 🇰🇷 깃발",  # ZWJ sequences, flags
        "ᄀᄁᄂ ᅡᅢ ᆨᆩ",  # bare jamo
        "\u0301\u0302 결합 문자",  # lone combining marks
    ],
)
def test_never_raises(analyzer: KiwiAnalyzer, text: str) -> None:
    terms = analyzer.terms(text)
    assert all(t and not any(c.isspace() for c in t) for t in terms)


def test_sanitised_text_still_analysed(analyzer: KiwiAnalyzer) -> None:
    assert analyzer.terms("a\ud800b\udfff테스트") == ["b", "테스트"]
    assert analyzer.terms("Lo\u200bRA를") == ["lora"]


def test_long_input_is_cut_and_deterministic(analyzer: KiwiAnalyzer) -> None:
    paragraph = "LoRA를 쓰면 파라미터 수가 3.25배 줄어든다. GPT-4와 bge-m3를 비교했다.\n"
    text = paragraph * 3000  # ~180k characters
    terms = analyzer.terms(text)
    assert terms == analyzer.terms(text)
    assert terms.count("lora") == 3000
    assert terms.count("gpt-4") == 3000


# -- packaging -----------------------------------------------------------------------------


def test_registry() -> None:
    made = create_analyzer("kiwi-parts")
    assert isinstance(made, KiwiAnalyzer)
    assert create_analyzer().version == made.version  # the default (Settings.analyzer)
    assert isinstance(create_analyzer("kiwi"), KiwiAnalyzer)
    with pytest.raises(ConfigError):
        create_analyzer("nope")


def test_importing_does_not_load_kiwi() -> None:
    code = (
        "import sys\n"
        "import notelens.analysis, notelens.analysis.registry, notelens.analysis.korean\n"
        "from notelens.analysis.korean import KiwiAnalyzer\n"
        "a = KiwiAnalyzer()\n"
        "assert a.version\n"
        "assert 'kiwipiepy' not in sys.modules, 'kiwipiepy imported eagerly'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unloadable_kiwi_raises_analysis_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # makes the import fail
    broken = KiwiAnalyzer()
    assert broken.terms("") == []  # nothing to analyse: Kiwi is not needed
    assert broken.terms("plain ASCII text") == ["plain", "ascii", "text"]
    with pytest.raises(AnalysisError):
        broken.terms("한국어")


def test_proper_nouns_are_kiwi_nnp_forms(analyzer: KiwiAnalyzer) -> None:
    names = analyzer.proper_nouns("14주차 DPO 논문 발표는 박지훈이 서울에서 했다.")
    assert "서울" in names
    assert "논문" not in names and "발표" not in names
