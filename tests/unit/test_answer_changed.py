"""Changed values (answer/changed.py): a "from X to Y" line answers Y, unless the
question asks where the change started. Korean, English and mixed lines and questions
invented for the test; the last tests run the extractor with real Kiwi."""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.changed import asks_old, changed_value, changes
from notelens.answer.extractive import extract
from notelens.answer.span import Span


def _span(text: str, value: str) -> Span:
    at = text.index(value)
    return Span(value, at, at + len(value))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("warmup을 500에서 2,000으로 늘렸다", "500", "2,000"),
        ("정확도가 61.5%에서 70.2%로 올랐다", "61.5%", "70.2%"),
        ("검증 팀 3개 팀 → 5개 팀으로 확대", "3개 팀", "5개 팀"),
        ("hit rate 22% → 58%, 비용 절감", "22%", "58%"),
        ("context was raised from 8k to 64k", "8k", "64k"),
        ("WER 5.1%, down from 6.4% for the old model", "6.4%", "5.1%"),
        ("translation helped (18% to 23%)", "18%", "23%"),
    ],
)
def test_changes_find_both_sides(text: str, old: str, new: str) -> None:
    found = [(text[a:b].strip(), text[c:d].strip()) for (a, b), (c, d) in changes(text)]
    assert (old, new) in found
    assert changed_value("얼마로 바꿨어?", text, _span(text, old)) == _span(text, new)


@pytest.mark.unit
def test_a_question_about_the_start_gets_the_old_value() -> None:
    text = "batch size를 256에서 1,024로 키웠다"
    assert asks_old("batch size는 원래 얼마였어?")
    assert asks_old("What was the batch size before the change?")
    assert changed_value("원래 batch size는?", text, _span(text, "1,024")) == _span(text, "256")
    # Already on the asked side: unchanged.
    assert changed_value("원래 batch size는?", text, _span(text, "256")) == _span(text, "256")


@pytest.mark.unit
def test_lines_without_a_change_or_a_range_are_left_alone() -> None:
    text = "3 to 5 epochs are usual; we ran 4."
    assert changes(text) == []
    span = _span(text, "4")
    assert changed_value("How many epochs?", text, span) == span
    assert changed_value("몇 epoch?", text, None) is None


HIT = note_hit(
    0,
    "- 📜 [Lab] Long Context Recipes\n"
    "    - position base를 20,000에서 2,000,000으로 늘려 context 128K까지 확장\n"
    "    - needle 검색 정확도 97%\n",
    "archive > 3rd week",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Long Context Recipes에서 position base를 얼마로 바꿨어?", "2,000,000"),
        ("Long Context Recipes에서 position base는 원래 얼마였어?", "20,000"),
    ],
)
def test_the_short_answer_is_the_asked_side(question: str, value: str, analyzer: Analyzer) -> None:
    ex = extract(question, [HIT], analyzer=analyzer, embedder=None)
    assert ex.short is not None
    assert ex.short.text == value


@pytest.mark.unit
def test_english_line_english_question(analyzer: Analyzer) -> None:
    hit = note_hit(
        0,
        "- Cache hit rate went from 31% to 74% after prefix routing.\n- Cost fell 29%.\n",
        "Gateway notes",
        lang="en",
    )
    ex = extract(
        "What did prefix routing raise the cache hit rate to?",
        [hit],
        analyzer=analyzer,
        embedder=None,
    )
    assert ex.short is not None
    assert ex.short.text.startswith("74%")  # the span may run on; never the old side


@pytest.mark.unit
def test_ranges_stay_whole() -> None:
    text = "The theatre ran (1870 to 1939); losses grew from 415,000 to 587,000 km2."
    assert [text[a:b] for (a, b), _ in changes(text)] == ["415,000"]  # years: a range
    both = _span(text, "415,000 to 587,000")
    assert changed_value("How much was lost?", text, both) == both
