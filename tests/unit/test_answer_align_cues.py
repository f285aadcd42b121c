"""Short answers in prose, sixth round: the cues of answer/align_en_cues.py and the
Korean unit / role rules of answer/align_ko.py.

Real Kiwi analyzer (session fixture); no embedder. Every sentence is written for these
tests (none comes from KorQuAD / XQuAD); each case is one rule, in English, Korean and
mixed Korean/English, and the short answer is a substring of the sentence.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en_cues import (
    asks_duration,
    asks_sibling,
    counted_noun,
    counts_noun,
    is_duration,
    passive_agent,
    ranges,
    sibling_of,
)
from short_spans import prose_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # The passive's agent answers "who VERB …?".
        (
            "Who recovered the loose ball?",
            "On the next play, Jensen knocked the ball loose from Alvarez, and after a long "
            "bounce the loose ball was recovered by Okafor near the sideline.",
            "Okafor",
        ),
        # The counted noun tells the numbers apart: "with 31" counts the goals.
        (
            "How many steals is the home side credited with?",
            "The home side conceded just 412 points, ranking fourth in the league, while "
            "also leading it in steals with 37.",
            "37",
        ),
        # A duration: the number with its unit of time, not the score beside it.
        (
            "How much time remained when the Falcons took the lead?",
            "The Falcons took a 21–17 lead with 48 seconds left in the match.",
            "48 seconds",
        ),
        # A range is one answer, both ends.
        (
            "How long was the observatory in use?",
            "Built on the northern ridge, the observatory was in use from 1889 to 1954.",
            "1889 to 1954",
        ),
        # A lowercase asked noun closing the phrase is the question's own word.
        (
            "What satellite carried the new channel?",
            "When the channel started in 2001 it used the Orion 3B satellite, which was "
            "parked at 19.2°E.",
            "Orion 3B",
        ),
        # "of the" inside a capitalised name.
        (
            "A ruling by what body restored the inventor's licence?",
            "In 1952, a ruling of the Court of the Northern Provinces restored the "
            "inventor's licence.",
            "Court of the Northern Provinces",
        ),
        # A name introduced by "named" answers "who".
        (
            "Who was the leader when the traders entered the river valley?",
            "A Norse sailor named Eirik led a band of traders into the upper river valley "
            "in northern Gardar.",
            "Eirik",
        ),
        # "May" before a year is the month, for a date question.
        (
            "When did the mill announce that it would close?",
            "The mill's announcement came in May 2013, two years after the flood.",
            "May 2013",
        ),
        # Part of a year is one date ("the summer of 1521").
        (
            "When did the guild widen its trade to the northern ports?",
            "In the summer of 1612, the guild widened its trade from the river towns to the "
            "northern ports.",
            "summer of 1612",
        ),
        # A capitalised modifier comes with its lowercase noun.
        (
            "At the time of the reformer what was in demand?",
            "Printed at a time of rising demand for Latin-language pamphlets, the "
            "reformer's tract quickly became popular.",
            "Latin-language pamphlets",
        ),
        # "Aside from X, what …?": the sibling listed with X.
        (
            "Aside from its trams, what else is the old port city known for using?",
            "Much of the old port city is known for its narrow, winding streets and its use "
            "of trams and ferries.",
            "ferries",
        ),
        # The name the question writes part of is answered whole.
        (
            "Which Winter Games did the skier win at 19?",
            "The skier won gold at the Winter Games XIV at age 19, the youngest winner yet.",
            "Winter Games XIV",
        ),
    ],
)
def test_english_cues(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert prose_short(question, text, analyzer) == gold


def test_counted_noun_of_the_question() -> None:
    assert counted_noun("How many career goals did she have?") == "goals"
    assert counted_noun("How many query heads and KV heads does it use?") == "heads"
    assert counted_noun("How much time remained on the clock?") == "time"
    assert counted_noun("How many Grammy Award's has she won?") == "Award"
    assert counted_noun("Who won?") is None


def test_counts_noun_needs_a_link_before_the_number() -> None:
    words = ["70B", "parameters", "trained", "on", "1.4T", "tokens"]
    stems = ["70b", "paramet", "train", "on", "1.4t", "token"]
    assert counts_noun(words, stems, 0, 1, "paramet")  # right after it
    assert not counts_noun(words, stems, 4, 5, "paramet")  # across the verb "trained"
    words = ["leading", "the", "league", "in", "interceptions", "with", "24"]
    stems = [w.lower() for w in words]
    assert counts_noun(words, stems, 6, 7, "interceptions")


def test_sibling_helpers() -> None:
    assert asks_sibling("Besides the museum, what did the city build?")
    assert not asks_sibling("What did the city build?")
    words = ["trams", "and", "ferries", "."]
    assert sibling_of(words, 2, 3, [0])
    assert not sibling_of(words, 2, 3, [])


def test_duration_range_and_agent_helpers() -> None:
    assert asks_duration("For how long did the strike last?")
    assert not asks_duration("How many people joined?")
    assert is_duration(["3:08", "left"], 0, 1)
    assert is_duration(["17", "seconds"], 0, 1)
    assert not is_duration(["17", "points"], 0, 1)
    text = "between 2005 and 2010, and from 1870 to 1939"
    assert [text[a:b] for a, b in ranges(text)] == ["2005 and 2010", "1870 to 1939"]
    words = ["the", "record", "was", "held", "by", "John", "Elway"]
    assert passive_agent(words, 5, [3])
    assert not passive_agent(words, 5, [0])


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # The unit after 몇 picks the count written with it.
        (
            "목조 다리는 재료의 문제로 보통 길이 몇m가 한계인가?",
            "목조 다리는 재료의 문제 때문에 보통 길이 40m, 하중 20톤 정도가 한계로 여겨졌다.",
            "40m",
        ),
        # "몇 개의 가구": the counted noun after 개의 is the unit.
        (
            "새 단지는 몇 개의 가구로 구성되었나?",
            "새 단지는 모두 12개동으로, 850가구가 입주했다.",
            "850가구",
        ),
        # A compound role head ("국회의원") asks for a person; the name alone answers.
        (
            "2015년 라디오에 출연하여 예산안을 비판한 국회의원은?",
            "2015년 10월 야당 소속 최민호 의원은 라디오에 출연하여 정부의 예산안을 비판했다.",
            "최민호",
        ),
    ],
)
def test_korean_units_and_roles(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert prose_short(question, text, analyzer) == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # Mixed: a Latin unit after 몇 ("몇 GB").
        (
            "학습 로그의 크기는 몇 MB인가?",
            "체크포인트 파일과 학습 로그의 크기는 각각 14GB와 300MB이다.",
            "300MB",
        ),
        # Mixed: the name alone before the role the question asks for.
        (
            "2023년 OpenAI를 방문한 카이스트 교수는?",
            "2023년 OpenAI를 방문한 카이스트 소속 이준호 교수는 공동 연구를 제안했다.",
            "이준호",
        ),
    ],
)
def test_mixed_korean_english(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert prose_short(question, text, analyzer) == gold
