"""The learned English span ranker (answer/align_en_rank.py, twelfth round).

Its shipped weights read; it keeps the answer on made-up English sentences and on
English sentences holding Korean words (the English aligner reads both); a bad or
missing weights file is a clear error from ``read_ranker`` and, for the shipped file,
the rules' own scores. The session's Kiwi analyzer; no sentence comes from XQuAD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import notelens.answer.align_en_rank as rank
from notelens.analysis.base import Analyzer
from notelens.answer.align_en import en_scored, en_span, rule_scored
from notelens.answer.align_en_rank import (
    FEATURES,
    SpanRankerError,
    features,
    read_ranker,
    shipped_ranker,
)
from notelens.answer.qtype import answer_type
from short_spans import prose_short

pytestmark = pytest.mark.unit


def test_the_shipped_weights_read() -> None:
    ranker = shipped_ranker()
    assert ranker is not None
    assert len(ranker.weights) == len(FEATURES) == len(ranker.mean) == len(ranker.std)
    assert ranker.scale > 0 and ranker.top >= 1


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "Who founded the Harlow Rowing Club?",
            "The Harlow Rowing Club was founded by Margaret Ellison in 1894 after a flood.",
            "Margaret Ellison",
        ),
        (
            "In what year was the Harlow Rowing Club founded?",
            "The Harlow Rowing Club was founded by Margaret Ellison in 1894 after a flood.",
            "1894",
        ),
        (
            "How many boats did the club own by 1910?",
            "By 1910 the club owned 14 boats and a boathouse on the river.",
            "14",
        ),
        (
            "Where did the lab move its servers in 2021?",
            "In 2021 the lab moved its servers to Tallinn to cut cooling costs.",
            "Tallinn",
        ),
    ],
)
def test_it_picks_the_answer_in_english(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # An English sentence holding a Korean word: the English aligner reads it.
        (
            "Who led the 설문 survey?",
            "The 설문 survey was led by Kim Minji in 2019 with forty students.",
            "Kim Minji",
        ),
        (
            "In what year was the 설문 survey led by Kim Minji?",
            "The 설문 survey was led by Kim Minji in 2019 with forty students.",
            "2019",
        ),
    ],
)
def test_it_picks_the_answer_beside_korean_words(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    terms = set(analyzer.terms(question))
    found = en_span(question, answer_type(question).kind, text, terms, analyzer)
    assert found is not None and text[found[0] : found[1]] == gold


def test_a_korean_question_over_an_english_sentence_skips_the_aligner(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Across languages nothing aligns (span.py): the name comes from the typed fallback,
    # never from the English aligner or its ranker.
    import notelens.answer.align as align

    def never(*_args: object) -> None:
        raise AssertionError("the English aligner read a Korean question")

    monkeypatch.setattr(align, "en_span", never)
    text = "The survey was led by Kim Minji in 2019."
    assert prose_short("설문 조사는 누가 이끌었어?", text, analyzer) == "Kim Minji"


def test_it_reorders_only_the_rules_short_list(analyzer: Analyzer) -> None:
    question = "Who founded the Harlow Rowing Club?"
    text = "The Harlow Rowing Club was founded by Margaret Ellison in 1894 after a flood."
    terms = set(analyzer.terms(question))
    kind = answer_type(question).kind
    rules, view = rule_scored(question, kind, text, terms, analyzer)
    learned = en_scored(question, kind, text, terms, analyzer)
    ranker = shipped_ranker()
    assert view is not None and ranker is not None
    assert len(features(view, rules)[0]) == len(FEATURES)
    assert {(c.start, c.end) for c in learned} == {(c.start, c.end) for c in rules}
    short = sorted(rules, key=lambda c: -c.score)[: ranker.top]
    kept = {(c.start, c.end) for c in short}
    floor = min(c.score for c in learned if (c.start, c.end) in kept)
    assert all(c.score < floor for c in learned if (c.start, c.end) not in kept)


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_bad_weights_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SpanRankerError, match="cannot read"):
        read_ranker(tmp_path / "missing.json")
    with pytest.raises(SpanRankerError, match="not JSON"):
        read_ranker(_write(tmp_path / "a.json", "{weights"))
    with pytest.raises(SpanRankerError, match="feature list"):
        read_ranker(_write(tmp_path / "b.json", {"features": ["rule"], "weights": [1.0]}))
    good = json.loads(rank.WEIGHTS_PATH.read_text(encoding="utf-8"))
    with pytest.raises(SpanRankerError, match="lengths"):
        read_ranker(_write(tmp_path / "c.json", good | {"weights": good["weights"][:-1]}))
    with pytest.raises(SpanRankerError, match="bad field"):
        read_ranker(_write(tmp_path / "d.json", good | {"scale": "x"}))


def test_a_missing_shipped_file_falls_back_to_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, analyzer: Analyzer
) -> None:
    question = "Who founded the Harlow Rowing Club?"
    text = "The Harlow Rowing Club was founded by Margaret Ellison in 1894 after a flood."
    terms = set(analyzer.terms(question))
    kind = answer_type(question).kind
    monkeypatch.setattr(rank, "WEIGHTS_PATH", tmp_path / "gone.json")
    shipped_ranker.cache_clear()
    try:
        assert shipped_ranker() is None
        rules, _ = rule_scored(question, kind, text, terms, analyzer)
        assert en_scored(question, kind, text, terms, analyzer) == rules
        found = en_span(question, kind, text, terms, analyzer)
        assert found is not None and text[found[0] : found[1]] == "Margaret Ellison"
    finally:
        shipped_ranker.cache_clear()
