"""Right answers refused, twenty-ninth round (docs/benchmarks.md "Right answers refused
(twenty-ninth round, issue #15)"): a name glued to a series number ("Rowan3", "season3")
is held where the notes write the number as the series' member ("Rowan 시즌3"); a share or a span written as a
word ("절반", "반년", "half") is the number "how much …?" asks; a count given beside the
counted noun's Korean word ("비디오(예: N=40)") states it; a note titled by its
repository's name is that repository's README. Korean, English and mixed
questions over notes written for the test, each rule with the near miss it must still
refuse.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from notelens.answer.counted import count_stated, counted_noun
from notelens.answer.evidence import document_names, front_page, name_present, names_missing
from notelens.answer.refusal import QUALIFIER_PENALTY, qualifier_factor, qualifier_stated

pytestmark = pytest.mark.unit


_SEASON = "[스터디] 거꾸로 읽는 rowan 시즌3: retrieval and ranking > 발표 순서"


@pytest.mark.parametrize(
    ("name", "text", "held"),
    [
        ("rowan3", _SEASON, True),
        ("rowan3", "rowan season 3 schedule", True),
        ("rowan3", "rowan 3 table", True),
        # Another season, or week 3 of the series, is not the name.
        ("rowan4", _SEASON, False),
        ("rowan3", "rowan 3주차 발표", False),
        # The counter glued to its number, in either language.
        ("season3", _SEASON, True),
        ("season4", _SEASON, False),
    ],
)
def test_a_name_glued_to_its_series_number(name: str, text: str, held: bool) -> None:
    assert name_present(name, text) is held


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("What's the column after Venue in the Rowan season3 table?", True),
        ("Rowan season3 표에서 Venue 다음 열?", True),
        ("Rowan season3 table 마지막 열 이름?", True),
        # A season the notes do not hold is still the near miss.
        ("What's the column after Venue in the Rowan season5 table?", False),
    ],
)
def test_a_glued_season_is_its_member(question: str, stated: bool) -> None:
    expected = 1.0 if stated else 1.0 - QUALIFIER_PENALTY
    assert qualifier_factor(question, _SEASON) == expected
    assert qualifier_stated("season", "3", "Rowan 시즌3 발표 순서")
    assert not qualifier_stated("season", "3", "Rowan 시즌 2, 3주차")


def _strength_type(question: str, unit_text: str) -> float:
    """``strength._type`` over a bullet of a paper's summary."""
    from notelens.answer import strength as st
    from notelens.answer.qtype import answer_type
    from notelens.answer.units import AnswerUnit

    unit = AnswerUnit("item", unit_text, "Papers > Tern-1B", 0, 0)
    best = SimpleNamespace(text=unit_text, unit=unit)
    q = SimpleNamespace(text=question, atype=answer_type(question))
    judged: Any = SimpleNamespace(q=q, best=best)
    return st._type(judged)


@pytest.mark.parametrize(
    ("question", "unit", "typed"),
    [
        # English, Korean and mixed questions; the notes write the share as a word.
        (
            "How much training data did Tern-1B use relative to Gale?",
            "학습 데이터를 절반만 쓰고도 Gale보다 높은 점수",
            True,
        ),
        ("Tern-1B는 v1 공개 후 얼마 만에 나왔어?", "v1 공개 후 반년도 안 되어 Tern-1B 공개", True),
        ("How much data did Tern-1B use 비교해서 Gale?", "uses half the data of Gale", True),
        # A unit with no value at all is still numberless.
        (
            "How much training data did Tern-1B use relative to Gale?",
            "학습 데이터를 줄이고도 Gale보다 높은 점수",
            False,
        ),
        ("Tern-1B 데이터 얼마나 썼어?", "데이터를 줄여서 씀", False),
    ],
)
def test_a_share_written_as_a_word_is_a_number(question: str, unit: str, typed: bool) -> None:
    assert (_strength_type(question, unit) == 1.0) is typed


@pytest.mark.parametrize(
    ("question", "unit", "stated"),
    [
        (
            "How many reference videos does the summary give?",
            "참조 비디오(예: N=40)로도 학습",
            True,
        ),
        ("How many sample videos 예시로 나와?", "샘플 영상: 12", True),
        # The noun's word with no count beside it, or the count of another noun.
        ("How many reference videos does the summary give?", "참조 비디오(고화질)로 학습", False),
        ("How many reference videos does the summary give?", "참조 이미지(예: N=40)", False),
    ],
)
def test_a_count_beside_the_nouns_korean_word(question: str, unit: str, stated: bool) -> None:
    noun = counted_noun(question)
    assert noun == "video"
    assert count_stated(noun, unit) is stated


@pytest.mark.parametrize(
    ("question", "heading", "share"),
    [
        # A note titled by its repository's name is that repository's README.
        ("orchard-notes README 주의 문구에 뭐라고 써있어?", "orchard-notes", 0.0),
        ("What does the orchard-notes README warn about?", "orchard-notes > Repo Structure", 0.0),
        ("영문 README 첫 bullet은 뭐야?", "orchard_notes", 0.0),
        # A note with a title of words is no front page; another name is still missing.
        ("What does the README warn about?", "Orchard notes > 개요", 1.0),
        ("What does the CHANGELOG of orchard-notes say?", "orchard-notes", 1.0),
    ],
)
def test_a_repositorys_front_page_is_its_readme(question: str, heading: str, share: float) -> None:
    text = f"{heading} 주의: 오류가 있을 수 있음 {document_names('notes/001_ab12.txt', heading)}"
    assert names_missing(question, text) == share
    assert front_page("Pre-training 데이터") == ""
