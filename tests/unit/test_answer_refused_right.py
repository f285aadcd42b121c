"""Right answers the refusal signal used to refuse (issue #15, twenty-eighth round):

* a capitalised word opening a question's second sentence is no name ("… instead of a
  speaker name. Which one?": grounding.latin_names);
* an entry the notes mark as unfinished still answers its title, name or year
  (asked_nowhere.unfinished);
* an English question quoting the Korean notes' names writes its own frame in English
  ("besides", "sits", "looks like"), which no test can find in Korean notes, while a word
  the lexicon translates and a list's place stay read; a term the notes write by its
  sound ("메소드" for "method") is written (unwritten.unwritten);
* a series' member capitalised as a sentence's first word ("Week 9 of …") is no
  qualified name (refusal.qualifiers).

Korean, English and mixed questions, over fixtures written for these tests.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.asked_nowhere import unfinished
from notelens.answer.extractive import translations
from notelens.answer.grounding import latin_names
from notelens.answer.refusal import qualifiers
from notelens.answer.unwritten import quotes_korean_names, unwritten


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "names"),
    [
        # English: the second sentence's opener is the sentence's capital.
        ("The Kestrel week lists an email instead of a name. Which one?", {"kestrel"}),
        ("Does Kestrel have a video link? What is it called?", {"kestrel"}),
        ("Gaon-2 has three sub-bullets. The first?", {"gaon-2"}),
        # An abbreviation or an initial goes on one sentence: the name after it stays.
        ("How does Kestrel compare vs. Mistral?", {"kestrel", "mistral"}),
        ("Which models, e.g. Gemma, are listed?", {"gemma"}),
        # Mixed and Korean: a Korean sentence before an English one.
        ("리딩 모임 발표자가 누구야? Which week?", set()),
        ("Kestrel 발표 누가 했어? Gaon은?", {"kestrel", "gaon"}),
    ],
)
def test_a_second_sentence_opens_with_no_name(question: str, names: set[str]) -> None:
    assert latin_names(question) == names


_MARKED = ["Birchwood: Fast Video Diffusion(2026, 작성중)"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "echo"),
    [
        # The title, subtitle, name or year is written before the mark.
        ("논문정리 Birchwood 부제 뭐였지", False),
        ("Birchwood's subtitle in 논문 정리", False),
        ("Birchwood 논문 원제목", False),
        ("What year is the Birchwood entry in the paper notes?", False),
        # What the note says of it: the mark says nothing (unchanged).
        ("Birchwood 논문 정리 내용은?", True),
        ("Summarise the Birchwood paper", True),
        ("Birchwood 3줄 summary 알려줘", True),
    ],
)
def test_an_unfinished_entry_answers_its_title(question: str, echo: bool) -> None:
    assert unfinished(question, _MARKED) is echo


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "evidence", "quoting"),
    [
        ("In the 리딩 모임 table, who presents DPO?", "리딩 모임 > 7 주차 · 발표자: 한서윤", True),
        ("Who presents in 리딩 모임에서 week 7?", "리딩 모임 > 7 주차", True),
        # A Korean question writes its own words, which no passage writes.
        ("리딩 모임 DPO 발표자 누구야?", "리딩 모임 > 7 주차 · 발표자: 한서윤", False),
        # No Hangul at all: nothing quoted.
        ("Who presents DPO?", "리딩 모임 > 7 주차 · 발표자: 한서윤", False),
    ],
)
def test_quotes_korean_names(question: str, evidence: str, quoting: bool) -> None:
    assert quotes_korean_names(question, evidence.lower()) is quoting


def _missing(question: str, evidence: str, analyzer: Analyzer) -> list[str]:
    held = frozenset(analyzer.terms(evidence)).__contains__
    alts = translations(list(dict.fromkeys(analyzer.terms(question))), analyzer)
    return unwritten(question, evidence, analyzer.terms, held, alts)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "evidence", "missing"),
    [
        # English frame around the notes' Korean names: no frame word is unwritten.
        (
            "Besides the 발표 순서, what other link sits under 관련 링크?",
            "관련 링크 > 발표 순서, 녹화본 채널",
            [],
        ),
        (
            "Who is the 리딩 모임 speaker that looks like an email?",
            "리딩 모임 > 발표자: a@b.io",
            [],
        ),
        # A word the lexicon translates stays read (a near miss's "sessions start").
        (
            "When do 리딩 모임 sessions start?",
            "리딩 모임 > 7 주차 · 발표자: 한서윤",
            ["sessions", "start"],
        ),
        # The verb asking which entry holds a topic stays read (a near miss's "covered").
        (
            "Which season of 리딩 모임 covered video models?",
            "리딩 모임 > 시즌2 링크 · video models",
            ["covered"],
        ),
        # A list's place stays read ("the sixth" of a shorter list).
        ("What is the sixth link under 관련 링크?", "관련 링크 > 발표 순서, 녹화본", ["sixth"]),
        # A Korean question: its English words are terms, read as before.
        ("리딩 모임 looks 뭐야?", "리딩 모임 > 7 주차 · 발표자: 한서윤", ["looks"]),
        # A term the notes write by its sound, in either frame.
        ("리딩 모임 method 특징은?", "리딩 모임: 메소드의 특징을 토론", []),
        (
            "Besides a method's features, what does 리딩 모임 discuss?",
            "리딩 모임: 메소드의 특징을 토론",
            [],
        ),
    ],
)
def test_english_frame_words(
    question: str, evidence: str, missing: list[str], analyzer: Analyzer
) -> None:
    assert _missing(question, evidence, analyzer) == missing


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "quals"),
    [
        # A series' member capitalised as the sentence's first word is no qualified name.
        ("Week 9 of the 리딩 모임 table lists no speaker. What instead?", []),
        ("Session 3 발표자 누구야?", []),
        ("Season 2 of the reading group: who ran it?", []),
        # A release's number stays one.
        ("Llama Guard 2 3줄 요약", [("Guard", "2")]),
        ("What changed in Kestrel 3?", [("Kestrel", "3")]),
    ],
)
def test_a_series_member_is_no_qualified_name(question: str, quals: list[tuple[str, str]]) -> None:
    assert qualifiers(question) == quals
