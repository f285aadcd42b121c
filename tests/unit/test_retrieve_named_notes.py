"""A question that names a note by its title reads that note's passages first
(retrieve/named_notes.py, issues #15 / #22, twenty-seventh round)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig, RerankConfig
from notelens.errors import ConfigError
from notelens.retrieve.named_notes import match_length, may_name, named_note, title_runs
from notelens.retrieve.searcher import check_retrieval

pytestmark = pytest.mark.unit


def _translate(word: str) -> tuple[str, ...]:
    return {"summary": ("요약",), "요약": ("summary",), "glossary": ("용어집",)}.get(word, ())


def test_title_runs_are_the_whole_title_and_its_ends() -> None:
    runs = title_runs("[세미나] 그래프 신경망 입문: Message Passing and Pooling")
    assert ("그래프", "신경망", "입문", "message", "passing", "and", "pooling") in runs
    assert ("그래프", "신경망") in runs  # the head, the tag dropped
    assert ("passing", "and", "pooling") in runs  # the tail
    assert ("신경망", "입문") not in runs  # the middle is a topic, not the name
    assert ("and", "pooling") not in runs  # no run starts on a function word
    # A run of numbers only (a date's "4 2") is no name.
    assert not any(
        all(w.isdigit() or w == "~" for w in run) for run in title_runs("Sprint log (4/2 ~ 4/9)")
    )


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("요약 노트에서 첫 번째 실험 이름", "요약"),  # Korean, a document cue after
        ("요약노트에 적힌 학습률은?", "요약"),  # no space, a particle after the cue
        ("What batch size does the summary note give?", "요약"),  # English, translated
        ("per the summary's last bullet, what failed?", "요약"),  # "the summary's"
        ("Which optimiser is listed in the summary?", "요약"),  # "the summary" alone
        ("Which optimiser does the 그래프 신경망 입문 note use?", "그래프 신경망 입문"),  # mixed
        ("graph-notes README에 영어 버전 있어?", "graph-notes"),
    ],
)
def test_a_title_named_as_a_document(question: str, title: str) -> None:
    assert match_length(question, title, _translate) > 0
    # The searcher's cheap check lets every such question through.
    assert may_name(question, _translate)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("요약 발표는 누가 해?", "요약"),  # a talk, not the note
        ("Who gave a summary talk?", "요약"),  # no document cue, no "the"
        ("Who gives the summary session in week 2?", "요약"),  # "the summary session": a talk
        ("그래프 신경망 입문은 언제 열려?", "그래프 신경망 입문"),  # the topic, no cue
        ("Who won Super Bowl 50?", "Super Bowl 50"),  # an article's title is its topic
        ("the Panthers note", "Carolina Panthers"),  # no whole run, no end of the title
    ],
)
def test_a_title_as_a_topic_names_no_note(question: str, title: str) -> None:
    assert match_length(question, title, _translate) == 0


def test_a_run_other_notes_write_is_a_topic() -> None:
    question = "그래프 신경망 note에서 pooling 설명"
    title = "그래프 신경망 입문: Message Passing and Pooling"
    assert match_length(question, title) > 0
    assert match_length(question, title, elsewhere=["## 그래프 신경망\n다른 노트의 문단"]) == 0
    # The whole title is the note's name wherever else it is written.
    assert match_length(
        "그래프 신경망 입문: Message Passing and Pooling 노트", title, elsewhere=[title]
    )


def test_the_longest_match_names_the_note() -> None:
    notes = [("a.md", "Pooling"), ("b.md", "Message Passing and Pooling"), ("c.md", "요약")]
    assert named_note("Message Passing and Pooling note의 첫 줄", notes) == "b.md"
    assert named_note("summary note: 첫 줄", notes, _translate) == "c.md"
    assert named_note("What is pooling?", notes, _translate) is None


def test_the_first_in_fused_order_among_equals() -> None:
    notes = [("x.md", "실험 요약"), ("y.md", "모델 실험 요약")]
    assert named_note("실험 요약 노트 첫 항목", notes) == "x.md"


def test_the_depth_is_checked() -> None:
    check_retrieval(FusionConfig(named_note_depth=0), RerankConfig())
    with pytest.raises(ConfigError, match="named_note_depth"):
        check_retrieval(FusionConfig(named_note_depth=101), RerankConfig())


@pytest.mark.parametrize(
    "question",
    [
        "그래프 신경망 입문은 언제 열려?",  # Korean, no word for a document
        "Who won Super Bowl 50?",  # English, an article's title as the topic
        "Who gives the summary session in week 2?",  # "the summary" followed by a word
        "pooling 설명은 Message Passing and Pooling 어디에?",  # mixed, no cue
        "What does the report say?",  # "the" + a word without a translation
    ],
)
def test_a_question_naming_no_document_is_not_read_for_titles(question: str) -> None:
    """No word for a document and no translated word standing as one: no title of any
    note can be named, so the searcher fetches nothing (issue #22)."""
    assert not may_name(question, _translate)
    titles = [
        "그래프 신경망 입문",
        "Super Bowl 50",
        "요약",
        "Message Passing and Pooling",
        "report",
    ]
    notes = [(f"{i}.md", t) for i, t in enumerate(titles)]
    assert named_note(question, notes, _translate) is None


@pytest.mark.parametrize(
    "question",
    [
        "요약 문서 어디 있어?",
        "Which page lists the optimiser?",
        "overview 파일의 첫 줄",
        "the summary?",
    ],
)
def test_a_word_for_a_document_lets_the_question_through(question: str) -> None:
    assert may_name(question, _translate)
