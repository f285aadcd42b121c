"""A noun phrase widened to its "of" complement (answer/align_en_of.py), fourteenth round.

Made-up English sentences (none from XQuAD), English sentences holding Korean words, and
a Korean question; the session's Kiwi analyzer and the real aligner, ranker and
``span.short_answer``."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en import en_span
from notelens.answer.align_en_of import of_complement
from notelens.answer.align_en_rank import SentenceView
from notelens.answer.qtype import answer_type
from short_spans import prose_short, toks

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # The head noun the aligner picks takes its "of" phrase ...
        (
            "What did the weights committee honour the physicist with in 1960?",
            "In 1960 the weights committee honoured the physicist with the SI unit of"
            " magnetic flux density.",
            "SI unit of magnetic flux density",
        ),
        (
            "What did the mill build on the bank in 1886?",
            "In 1886 the mill built a dam of river stone on the bank.",
            "dam of river stone",
        ),
        # ... with its article.
        (
            "The loss of the river birds may be the result of what, according to the survey?",
            "According to the survey, the loss of the river birds is the result of"
            " destruction of the wetland.",
            "destruction of the wetland",
        ),
    ],
)
def test_a_noun_phrase_takes_its_of_complement(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    got = prose_short(question, text, analyzer)
    assert got is not None and got.removeprefix("the ") == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # A plain noun phrase with no "of" after it.
        (
            "What did the mill build on the bank in 1886?",
            "In 1886 the mill built a stone dam on the bank.",
            "stone dam",
        ),
        # A number question keeps its number (a count "of" something is the count).
        (
            "How many boats did the club own by 1910?",
            "By 1910 the club owned 14 of the boats on the river.",
            "14",
        ),
    ],
)
def test_the_span_stays_where_no_of_phrase_belongs(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # An English sentence holding a Korean word: the mixed noun phrase is one phrase.
        (
            "What did the weights committee honour the physicist with in 1960?",
            "In 1960 the weights committee honoured the physicist with the SI unit of 자기 flux.",
            "SI unit of 자기 flux",
        ),
        # A question holding a Korean word, over an English sentence: widened the same way.
        (
            "What did the 위원회 committee honour the physicist with in 1960?",
            "In 1960 the committee honoured the physicist with the SI unit of magnetic flux"
            " density.",
            "SI unit of magnetic flux density",
        ),
    ],
)
def test_korean_words_in_the_question_or_the_sentence(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    terms = set(analyzer.terms(question))
    found = en_span(question, answer_type(question).kind, text, terms, analyzer)
    assert found is not None and text[found[0] : found[1]] == gold


def test_a_korean_question_keeps_its_korean_span(analyzer: Analyzer) -> None:
    # A Korean question over a Korean sentence goes to the Korean aligner: no "of".
    text = "위원회는 1960년에 자기 선속 밀도의 SI 단위를 물리학자의 이름으로 정했다."
    got = prose_short("위원회는 1960년에 무엇을 물리학자의 이름으로 정했어?", text, analyzer)
    assert got is not None and " of " not in got


def _view(kind: str, words: list[str], is_q: list[bool]) -> SentenceView:
    starts, at = [], 0
    for w in words:
        starts.append(at)
        at += len(w) + 1
    return SentenceView(
        kind=kind,
        head=None,
        words=tuple(words),
        starts=tuple(starts),
        ends=tuple(s + len(w) for s, w in zip(starts, words, strict=True)),
        is_q=tuple(is_q),
        subject_wh=False,
    )


def test_at_most_three_words_and_not_past_a_break() -> None:
    words = toks("the amount of the time spent on large field trips")
    view = _view("np", words, [False] * len(words))
    text = " ".join(words)
    # "amount" (4..10) → "amount of the time spent": three words at most, and "on" (a
    # break word) would stop it sooner.
    s, e = of_complement(view, 4, 10, breaks={"on", "the"})
    assert text[s:e] == "amount of the time spent"
    s, e = of_complement(view, 4, 10, breaks={"spent", "the"})
    assert text[s:e] == "amount of the time"


def test_not_over_the_questions_own_words() -> None:
    # "theory of computation" for "What branch of computation …?": "computation" is the
    # question's word, so "theory" stays.
    words = toks("the theory of computation classifies problems")
    view = _view("np", words, [w == "computation" for w in words])
    assert of_complement(view, 4, 10, breaks=set()) == (4, 10)


def test_other_kinds_and_no_of_are_left_alone() -> None:
    words = toks("the amount of time")
    for kind in ("person", "place", "date", "number", "proper"):
        view = _view(kind, words, [False] * len(words))
        assert of_complement(view, 4, 10, breaks=set()) == (4, 10)
    view = _view("np", words, [False] * len(words))
    assert of_complement(view, 0, 3, breaks=set()) == (0, 3)  # "the" then "amount"
    assert of_complement(view, 14, 18, breaks=set()) == (14, 18)  # nothing after it
