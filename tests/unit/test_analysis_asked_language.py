"""The one reader of "the question names a language" (``analysis/asked_language.py``):
the note's text, a term's wording and a passage's version in a language."""

from __future__ import annotations

import pytest

from notelens.analysis.asked_language import (
    asked_language,
    holds_language,
    named_languages,
    names_language,
)


@pytest.mark.parametrize(
    ("question", "text", "wording", "version"),
    [
        # A part of the note in English: text and version, no wording.
        ("영어 버전에서 두 번째 항목은?", ["en"], [], ["en"]),
        ("ENG 설명에 뭐라고 적혀 있어?", ["en"], [], ["en"]),
        ("What does the Korean intro say about the model?", ["ko"], [], ["ko"]),
        # A term's wording: text ("영어로 뭐") and wording, no version.
        ("다양성 확보는 영어로 뭐라고 적혀있어?", ["en"], ["en"], []),
        ("RLHF 한국어로 풀어서 뭐라고 써있어?", [], ["ko"], []),
        ("What Korean gloss does the overview give next to SFT?", [], ["ko"], []),
        ("How is the method named in Korean?", ["ko"], ["ko"], []),
        # A language named as data, or a team, is no reading.
        ("한국어 데이터셋은 몇 개야?", [], [], []),
        ("ENG 팀은 누가 맡았어?", [], [], []),
        ("Which Korean QA benchmarks are listed?", [], [], []),
    ],
)
def test_named_languages_by_reading(
    question: str, text: list[str], wording: list[str], version: list[str]
) -> None:
    assert named_languages(question, "text") == text
    assert named_languages(question, "wording") == wording
    assert named_languages(question, "version") == version


def test_names_language_is_per_language() -> None:
    q = "영문 소개와 한국어 소개 중 어느 쪽이 길어?"
    assert names_language(q, "en", "version") and names_language(q, "ko", "version")
    assert named_languages(q, "version") == ["en", "ko"]


def test_asked_language_reads_the_other_language_only() -> None:
    # A Korean question naming English text asks for English; naming Korean, its own: None.
    assert asked_language("영어 버전에서 두 번째 항목은?") == "en"
    assert asked_language("한국어 버전에서 두 번째 항목은?") is None
    assert asked_language("What does the Korean intro say?") == "ko"
    assert asked_language("What does the English intro say?") is None


def test_a_short_line_in_one_language_is_written_in_it() -> None:
    # A term too short for a run, alone on its line, is written in its language.
    assert holds_language("en", "Chunked Prefill")
    assert holds_language("ko", "창발성")
    # A Korean line with one English term, or an English line with one Korean word, is not
    # the other language's.
    assert not holds_language("en", "Chunked Prefill 적용")
    assert not holds_language("ko", "Chunked Prefill (청크)")
    # Numbers and marks alone write no language.
    assert not holds_language("en", "2024 · 3/4")


def test_the_english_notation_is_a_text_read_in_english() -> None:
    # "영어 표기": how the note spells a term in English.
    assert asked_language("개요 노트에서 청크 단위 프리필 영어 표기는?") == "en"
    assert named_languages("개요 노트에서 청크 단위 프리필 영어 표기는?", "version") == []
