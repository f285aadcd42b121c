"""Cross-language notes (issue #15, sixth round): what an English question names in a
general word, a Korean note writes in Korean.

* "Korean", "English" are capitalised in an English question, so they read as names;
  a Korean note writes "한국어" (answer/evidence.py ``translated_present``). Read as an
  absent name, "Korean" fired the entry rule and refused a right answer;
* "저장소" (a repository) holds "장소" (a place): a question about a repository folder
  was typed ``place`` and a bullet with "에서" won (answer/qtype.py);
* the lexicon's general words (default / 기본값, number words / digits).

The last tests run the extractor with real Kiwi and e5 over a Korean note.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.analysis.lexicon import word_translations
from notelens.answer.evidence import name_present, names_missing, translated_present
from notelens.answer.extractive import extract, question_type, translations
from notelens.answer.qtype import answer_type
from notelens.answer.refusal import entry_factor
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
def test_a_general_word_is_named_by_its_translation() -> None:
    assert "한국어" in word_translations("korean")
    assert translated_present("korean", "한국어 검색 메모 > 분석기 비교")
    assert name_present("korean", "한국어 검색 메모 > 분석기 비교")
    assert name_present("english", "영어 문서는 따로 색인")
    # Only Korean spellings count, and model names have none.
    assert not translated_present("korean", "a note in japanese")
    assert not name_present("kiwi", "한국어 형태소 분석기 비교")
    # A title's general words are part of its name: "Models" is not found as 모델.
    assert "모델" in word_translations("models")
    assert not name_present("models", "대형 언어 모델 관련 논문 정리")
    q = "Why was Kiwi chosen as the default Korean analyzer?"
    assert names_missing(q, "한국어 검색 메모: Kiwi (kiwipiepy) 지금 기본값으로 씀") == 0.0
    assert names_missing(q, "영어 검색 메모: Kiwi (kiwipiepy)") == pytest.approx(0.5)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("research-notes 저장소의 /research 폴더는 어떤 내용을 담고 있어?", False),
        ("이 저장소에는 어떤 노트가 있어?", False),
        ("스터디 장소는 어디야?", True),
        ("회의 장소가 바뀌었어?", True),
        ("Where is the study held?", True),
    ],
)
def test_a_repository_is_no_place(question: str, place: bool) -> None:
    assert (answer_type(question).kind == "place") is place
    assert (question_type(question) == "where") is place


@pytest.mark.unit
def test_general_words_translate(analyzer: Analyzer) -> None:
    alts = translations(analyzer.terms("the default three-line summary"), analyzer)
    assert "기본값" in alts["default"] or "기본" in alts["default"]
    assert "3" in alts["three"]


HITS = [
    note_hit(
        0,
        "- Kiwi (kiwipiepy): C++ 구현, pip 한 줄로 설치. Java 의존성이 없고 속도도 충분. "
        "지금 기본값으로 씀\n"
        "- Okt (KoNLPy): 설치는 쉬운데 JVM이 필요하고 느림\n",
        "한국어 검색 메모 > 형태소 분석 > 분석기 비교",
    ),
    note_hit(
        1,
        "Most notes are written in Korean, but technical terms stay in English.\n",
        "notes archive",
        lang="en",
    ),
]


@pytest.mark.unit
def test_the_entry_rule_reads_korean_as_named(analyzer: Analyzer) -> None:
    # Another passage writes "Korean"; the note's heading writes 한국어: same entry.
    q = "Why was Kiwi chosen as the default Korean analyzer?"
    assert entry_factor(q, HITS, 0, "item") == 1.0


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Why was Kiwi chosen as the default Korean analyzer?",
        "Kiwi를 기본 Korean analyzer로 고른 이유는?",
    ],
)
def test_an_english_or_mixed_question_over_a_korean_note_keeps_its_strength(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "Java 의존성이 없고" in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
    # Read as an absent name, "Korean" weakened the right bullet (the unit-name penalty
    # takes a share; since round 18 a language word is no entity for the entry rule,
    # refusal.py, so that rule no longer halves it too).
    monkeypatch.setattr("notelens.answer.evidence.translated_present", lambda n, t: False)
    literal = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert literal.strength < 0.95 * ex.strength


@pytest.mark.integration
def test_a_korean_question_about_a_repository_folder(
    analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [
        note_hit(
            0,
            "주로 다음과 같은 내용을 다룹니다.\n"
            "- pre-training 과정에서 데이터셋 구성이 downstream task에 미치는 영향\n",
            "research-notes",
        ),
        note_hit(
            1,
            "Repo Structure\n- /research\n  - LLM 관련 연구 논문과 기사에 대한 리뷰와 분석을 포함합니다.\n",
            "research-notes",
        ),
    ]
    q = "research-notes 저장소의 /research 폴더는 어떤 내용을 담고 있어?"
    ex = extract(q, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "리뷰와 분석" in ex.sentences[0].text
