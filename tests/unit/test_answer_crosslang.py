"""A question that names the other language's version of bilingual notes ("ENG 설명에서 …",
"영문 소개에서 …", "the Korean overview note") asks for a unit written in that language
(``answer/crosslang.py``): the unit scorer prefers it and the refusal signal keeps no
lexical penalty over it. Notes and questions written for these tests; real Kiwi terms
and e5 (session fixtures).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive as ex
from notelens.answer.crosslang import (
    asked_language,
    holds_language,
    in_asked_language,
    without_marker,
)
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # Korean questions naming the English version.
        ("ENG 설명에서 이 모임을 시작한 이유를 뭐라고 썼어?", "en"),
        ("영문 소개에서 저장소의 용도를 뭐라고 했어?", "en"),
        ("영어 버전 공지에는 마감이 언제라고 적혀 있어?", "en"),
        ("'주간 회고'는 영어로 뭐라고 써놨어?", "en"),
        # Mixed: a Korean question with English names.
        ("Heron README 영어 설명에서 /eval 폴더는 뭘 담는다고 해?", "en"),
        # English questions naming the Korean version.
        ("How does the Korean overview note define a reranker?", "ko"),
        ("What is the Korean name of the section on failure cases?", "ko"),
        ("Which steps does the onboarding page list in Korean?", "ko"),
    ],
)
def test_the_asked_version_is_read(question: str, lang: str) -> None:
    assert asked_language(question) == lang


@pytest.mark.parametrize(
    "question",
    [
        # A language named as the data, not the version of the notes (languages_asked.py).
        "Lark-TTS 학습에 영어 음성은 몇 시간 썼어?",
        "What was the Korean QA accuracy after the fix?",
        "How many sink tokens does the cache keep in Korean models?",
        "Heron-ko English 점수는 얼마야?",
        # The question's own language: every unit it would favour is in it already.
        "Quill 데이터셋 한국어 버전은 몇 문항이야?",
        "What does the English summary of the Heron paper say?",
        # No language named at all.
        "ENGINE 설정 파일 경로가 뭐야?",
    ],
)
def test_a_language_that_is_no_version_is_not_read(question: str) -> None:
    assert asked_language(question) is None


def test_a_run_of_the_language_is_what_a_unit_holds() -> None:
    bilingual = "실패 사례 분석 (Analysis of failure cases)"
    assert holds_language("ko", bilingual) and holds_language("en", bilingual)
    # A Korean line writes its English terms one or two at a time.
    assert not holds_language("en", "Heron-3B와 Quill-1B를 같이 fine-tuning 해 봄")
    assert holds_language("en", "We started this group to read one paper a week.")
    assert not holds_language("ko", "We started this group to read one paper a week.")
    assert in_asked_language("ENG 설명에서 모임 목적이 뭐야?", "The goal is to read together.")
    assert not in_asked_language("ENG 설명에서 모임 목적이 뭐야?", "같이 읽는 게 목적입니다.")


def test_the_block_marker_is_no_name_to_find() -> None:
    # "ENG" names the language read; a name of a Korean question's own stays.
    assert "ENG" not in without_marker("ENG 설명에서 Heron은 뭐라고 해?")
    assert "Heron" in without_marker("ENG 설명에서 Heron은 뭐라고 해?")
    # "ENG 팀" is a team, no version of the notes.
    assert asked_language("ENG 팀 리더가 누구야?") is None
    assert without_marker("ENG 팀 리더가 누구야?") == "ENG 팀 리더가 누구야?"
    # An English question keeps its words as they are.
    assert without_marker("Who leads ENG?") == "Who leads ENG?"


# A bilingual intro: the Korean text, then its English version under "ENG" (as a README
# kept in two languages folds it), each a passage of its own.
_KO_INTRO = note_hit(
    0,
    "같이 읽기 모임은 매주 논문 한 편을 함께 읽는 모임입니다. 혼자서는 끝까지 읽기 어려운 "
    "논문을 서로 설명하면서 읽으려고 시작했습니다.\n\n"
    "주의: 발표 자료는 각자 정리한 것이라 틀린 부분이 있을 수 있습니다.",
    "같이 읽기 모임",
)
_EN_INTRO = note_hit(
    1,
    "ENG\nThe reading circle meets weekly to go through one paper together. It began out "
    "of a wish to finish the hard papers nobody could finish alone.\n\n"
    "Note: the slides are personal summaries and may contain mistakes.",
    "같이 읽기 모임",
    lang="en",
)


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        # Korean questions over the English version.
        ("ENG 설명에서 모임을 시작한 계기를 뭐라고 썼어?", "finish the hard papers"),
        ("영문 소개에서 발표 자료에 뭐가 있을 수 있다고 해?", "may contain mistakes"),
        # Mixed.
        ("reading circle 영어 설명에서 모임은 얼마나 자주 만난다고 해?", "meets weekly"),
    ],
)
def test_the_english_version_is_quoted(
    analyzer: Analyzer, embedder: Embedder, question: str, gold: str
) -> None:
    got = extract(question, [_KO_INTRO, _EN_INTRO], analyzer=analyzer, embedder=embedder)
    assert gold in got.sentences[got.lead].text
    assert got.strength >= 0.36


def test_without_the_asked_version_the_korean_text_answers(
    analyzer: Analyzer, embedder: Embedder
) -> None:
    # The same question with no version named leads with the question's own language.
    got = extract(
        "모임을 시작한 계기가 뭐야?", [_KO_INTRO, _EN_INTRO], analyzer=analyzer, embedder=embedder
    )
    assert got.sentences[got.lead].hit_index == 0


def test_the_bonus_is_the_rule_that_moves_it(
    analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "ENG 설명에서 모임을 시작한 계기를 뭐라고 썼어?"
    monkeypatch.setattr(ex, "W_ASKED_LANGUAGE", 0.0)
    before = extract(question, [_KO_INTRO, _EN_INTRO], analyzer=analyzer, embedder=embedder)
    monkeypatch.setattr(ex, "W_ASKED_LANGUAGE", 0.2)
    after = extract(question, [_KO_INTRO, _EN_INTRO], analyzer=analyzer, embedder=embedder)
    assert "finish the hard papers" not in before.sentences[before.lead].text
    assert "finish the hard papers" in after.sentences[after.lead].text


# An English question over Korean notes that name their sections in both languages.
_SECTIONS = note_hit(
    0,
    "- 실패 사례 분석 (Analysis of failure cases)\n- 평가 지표 정리 (Metrics we track)\n"
    "- 회의록 (Meeting minutes)",
    "Heron 노트 > 폴더 구성",
)
_EN_NOTE = note_hit(
    1,
    "The failure cases folder collects every run that crashed, with its config and logs.",
    "Heron notes > Folders",
    lang="en",
)


def test_a_korean_name_asked_in_english(analyzer: Analyzer, embedder: Embedder) -> None:
    got = extract(
        "What is the Korean name of the failure cases section in the Heron notes?",
        [_SECTIONS, _EN_NOTE],
        analyzer=analyzer,
        embedder=embedder,
    )
    assert "실패 사례 분석" in got.sentences[got.lead].text
