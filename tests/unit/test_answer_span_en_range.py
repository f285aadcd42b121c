"""A number or year widened to its range or full date (answer/align_en_range.py), and
the longer of two nested phrases scored alike (``align_en.en_span``); thirteenth round.

Made-up English sentences (none from XQuAD), English sentences holding Korean words, and
a Korean question (whose short answer the English aligner never cuts); the session's Kiwi
analyzer and the real aligner and ranker."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en import en_span
from notelens.answer.qtype import answer_type
from short_spans import prose_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # A range opened by "between" is the answer whole.
        (
            "When were the floods on the Harlow river the worst?",
            "The floods on the Harlow river were the worst between 1921 and 1926, the records say.",
            "between 1921 and 1926",
        ),
        # "A to B" right before the number the aligner picks.
        (
            "How long does the drying of the clay take?",
            "The drying of the clay takes three to five weeks in a cool room.",
            "three to five weeks",
        ),
        # The month and day written before a year, for a when-question.
        (
            "When did the Harlow Rowing Club open its boathouse?",
            "The Harlow Rowing Club opened its boathouse on June 4, 1894 after a flood.",
            "June 4, 1894",
        ),
    ],
)
def test_a_number_takes_its_range_or_date(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # "What year" asks the year alone, not the day.
        (
            "What year did the Harlow Rowing Club open its boathouse?",
            "The Harlow Rowing Club opened its boathouse on June 4, 1894 after a flood.",
            "1894",
        ),
        # A number with no range beside it.
        (
            "How many boats did the club own by 1910?",
            "By 1910 the club owned 14 boats and a boathouse on the river.",
            "14",
        ),
        # "A or B" with units is a conversion, no range.
        (
            "How many square miles of forest were cleared each year?",
            "The valley lost 22,392 km2 or 8,646 sq mi of forest each year.",
            "8,646 sq mi",
        ),
        # A name question: no number is widened.
        (
            "Who founded the Harlow Rowing Club?",
            "The Harlow Rowing Club was founded by Margaret Ellison in 1894 after a flood.",
            "Margaret Ellison",
        ),
    ],
)
def test_the_span_stays_where_no_range_is_asked(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


def test_an_english_sentence_with_korean_words(analyzer: Analyzer) -> None:
    # The English aligner reads an English sentence holding Korean words (a question
    # with Hangul goes to the Korean aligner in span.py: that path is the next test's).
    question = "When did the 설문 survey run?"
    text = "The 설문 survey ran between 2019 and 2021 with forty students."
    terms = set(analyzer.terms(question))
    found = en_span(question, answer_type(question).kind, text, terms, analyzer)
    assert found is not None and text[found[0] : found[1]] == "between 2019 and 2021"


def test_a_korean_question_keeps_its_korean_span(analyzer: Analyzer) -> None:
    # A Korean question over a Korean sentence: the Korean aligner's span, untouched.
    text = "하로 조정 클럽은 1921년과 1926년 사이에 보트하우스를 지었다."
    got = prose_short("하로 조정 클럽은 언제 보트하우스를 지었어?", text, analyzer)
    assert got is not None and "년" in got and "between" not in got


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # Of two nested phrases scored nearly alike, the longer: the pair, not its first
        # name; the firm's whole name, not its first words.
        (
            "Who did the mill partner with in 1886?",
            "In 1886 the mill partnered with Anna Berg and Carl Lind to build a dam.",
            "Anna Berg and Carl Lind",
        ),
        (
            "What was the name of the company the brothers financed?",
            "The brothers financed Harlow Electric Light & Manufacturing, a firm in Leeds.",
            "Harlow Electric Light & Manufacturing",
        ),
        # An English sentence holding a Korean word.
        (
            "Who did the mill partner with in 1886?",
            "In 1886 the 제분소 mill partnered with Anna Berg and Carl Lind to build a dam.",
            "Anna Berg and Carl Lind",
        ),
    ],
)
def test_the_longer_of_two_nested_phrases(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    terms = set(analyzer.terms(question))
    found = en_span(question, answer_type(question).kind, text, terms, analyzer)
    assert found is not None and text[found[0] : found[1]] == gold
