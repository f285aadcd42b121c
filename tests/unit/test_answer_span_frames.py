"""Short answers in English prose, ninth round: the frames that name the answer beside the
question's words (answer/align_en_frames.py), number words, shares and "efficiency",
names introduced by "referred to as" / "the term for", the passive agent after "by the",
"the area called" (answer/align_en.py).

Real Kiwi analyzer (session fixture); no embedder. Every sentence is written for these
tests (none comes from XQuAD); the English cases fail on main before this round. Korean
and mixed Korean/English sentences go through the Korean aligner, and the cases below
pin that they are left as they were.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en_cues import ranges
from notelens.answer.align_en_frames import (
    after_words,
    asks_copula,
    asks_several,
    bracket_alias,
    copula_subject,
    in_situ,
    lists,
    such_as_example,
)
from short_spans import prose_short, toks

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # A bracketed alias: the name beside the question's name, either side.
        (
            "Who played the character named Ada Quill?",
            "The main cast were Tom Brisk (Oren Vale), Ada Quill (Mara Soto) and Lin Fenn "
            "(Joel Park) in the first two seasons.",
            "Mara Soto",
        ),
        (
            "What are the small hooks on the larvae called?",
            'The larvae have a pair of long arms lined with hamuli ("small hooks") that grip '
            "the host's gills.",
            "hamuli",
        ),
        # The subject of "is" whose predicate is the question's.
        (
            "What are private secondary schools in Norway called?",
            "Fjellskoler are small secondary schools, which are run by private trusts and "
            "offer lessons not available at public schools.",
            "Fjellskoler",
        ),
        # An example after "such as", the question's noun before it.
        (
            "What acquired disorder leads to anaemia in adults?",
            "Anaemia in adults is common; it follows from long fasting and from acquired "
            "disorders such as scurvy.",
            "scurvy",
        ),
        # "Which two …": the items joined by "and".
        (
            "What are two hormones that rise during the night?",
            "During the night, several hormones, such as melatonin and prolactin, rise.",
            "melatonin and prolactin",
        ),
        # A question word left in place: the phrase after the question's words before it.
        (
            "The tapes were cleaned by the studio to remove what?",
            "In 2009 the studio team cleaned the old tapes to remove tape hiss before the "
            "broadcast.",
            "hiss",
        ),
        # A name introduced by "referred to as", a quote opening it.
        (
            "What is the nickname of the long plateau graph?",
            "The report showed a long plateau graph drawn by Ines Carr, which is often "
            'referred to as the "flat line chart".',
            "flat line chart",
        ),
        # "the term for …" asks for a name ("are called county schools").
        (
            "What is the term for a Welsh state school?",
            "In Wales, state schools are called county schools, but since some state schools "
            "receive funds from charities, they can be aided or unaided.",
            "county",
        ),
        # The passive agent after "by the".
        (
            "Who captured the envoy soon after he arrived?",
            "Soon after Marek the envoy arrived in the port, he was captured by the Drovani "
            "and held for ransom.",
            "Drovani",
        ),
        # A number word past ten, counted by the question's noun.
        (
            "How many research units make up the institute?",
            "The institute has twelve research units—nine labs and three centres—across two sites.",
            "twelve",
        ),
        # A share for "what percentage", not the count beside it.
        (
            "What percentage of the homes had a garden?",
            "Of the 4,210 homes, 1,377 (32.7%) had a garden and 950 had a yard.",
            "32.7%",
        ),
        # "Where did X visit …?": the place right after the question's verb.
        (
            "Where did Osei visit at the request of the mayor?",
            "Later that year, Osei visited Peru at the request of the mayor after a stop in Chile.",
            "Peru",
        ),
        # A Dutch or German name keeps its inner "aan de" ("Vreeland aan de Vecht").
        (
            "Where does the old canal start?",
            "The old canal starts at Vreeland aan de Vecht, close to the river mouth.",
            "Vreeland aan de Vecht",
        ),
        # "efficiency" asks for a number.
        (
            "What is the pump's rated efficiency?",
            "This gives the pump a rated efficiency of about 41% compared with an actual "
            "efficiency of 35% for an older model.",
            "41%",
        ),
        # A conversion in brackets after a number is not the sentence's own figure.
        (
            "How far is Dunmore from Kells?",
            "Dunmore is on the coast, about 85 miles (137 km) north of Kells.",
            "85 miles",
        ),
        # "N to N thousand": one range.
        (
            "How many people left the valley during the drought?",
            "The valley lost 20 to 30 thousand people to the drought in 1911, and more later.",
            "20 to 30 thousand",
        ),
        # "What is the area called …" asks for a name, not a number.
        (
            "What is the area called near the harbour with old warehouses?",
            'It is a protected district (2004) and known as "the Dock Mile", with more than '
            "30 warehouses from the 1800s.",
            "the Dock Mile",
        ),
        # Korean: a bracket stays with the Korean aligner (the rules read English).
        ("주연 배우는 누구인가?", "이 드라마의 주연 배우는 김하늘(모나 역)이다.", "김하늘"),
        # Mixed: a Latin name in a Korean sentence, with a bracket and a range.
        (
            "Infra 팀이 관리하는 클러스터는?",
            "GPU 클러스터(Atlas)는 Infra 팀이 관리하고, 20 to 30 대의 서버가 있다.",
            "GPU 클러스터",
        ),
    ],
)
def test_spans(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    """The English cases fail on main; the Korean and mixed ones are as on main."""
    assert prose_short(question, text, analyzer) == gold


def test_bracket_alias() -> None:
    words = toks("Ada Quill ( Mara Soto ) and Lin Fenn ( 1992 ) and American Sign Language ( ASL )")
    anchors = {0, 1, 11, 12, 13}  # "Ada Quill", "Sign Language"
    assert bracket_alias(words, 3, 5, anchors)  # "Mara Soto"
    assert not bracket_alias(words, 7, 9, anchors)  # "Lin Fenn": no question word
    assert not bracket_alias(words, 15, 16, anchors)  # "ASL": the phrase's acronym
    # The phrase before a bracket that holds a question word ("hamuli ("hooks")").
    words = toks('lined with hamuli ( " hooks " ) that grip')
    assert bracket_alias(words, 2, 3, {5})
    # A long remark is no alias ("(see the list of the busiest …)").
    words = toks("airport ( see the list of the busiest airports by traffic ) today")
    assert not bracket_alias(words, 0, 1, {8})


def test_copula_and_examples() -> None:
    assert asks_copula("What is the practice of grafting?")
    assert asks_copula("Which is the largest town?")
    assert not asks_copula("What did the report find?")
    words = toks("Topworking is the practice of grafting")
    assert copula_subject(words, 1, {3, 5})
    # A passive or progressive is no definition's subject.
    words = toks("A note was later found on the desk")
    assert not copula_subject(words, 2, {4})
    words = toks("acquired disorders such as scurvy")
    assert such_as_example(words, 4, {0, 1})
    assert not such_as_example(words, 4, set())
    # Mixed: a Korean noun before "such as" counts as the question's word too.
    words = toks("빈혈 같은 disorders such as scurvy")
    assert such_as_example(words, 5, {2})


def test_lists_and_several() -> None:
    assert asks_several("What are two hormones that rise at night?")
    assert asks_several("Which are some large firms?")
    assert not asks_several("What hormone rises at night?")
    words = toks("the European Senate and the Council of Ministers have a veto")
    chunks = [(1, 3), (5, 8)]
    assert lists(words, chunks) == [(1, 8)]
    words = toks("data on roads , sewers , waste and water to rank")
    assert (2, 9) in lists(words, [(2, 3), (4, 5), (6, 7), (8, 9)])
    # Items joined by commas only are no list answer.
    assert lists(toks("roads , sewers , waste"), [(0, 1), (2, 3), (4, 5)]) == []


def test_in_situ() -> None:
    assert in_situ("Construction takes place on location for whom?") == ["location", "for"]
    assert in_situ("The church supports persons who conscientiously oppose what?") == [
        "conscientiously",
        "oppose",
    ]
    # Fronted questions, and a name ending in "Who", leave nothing in place.
    assert in_situ("In what year did the war end?") == []
    assert in_situ("What type of Lord is Doctor Who?") == []
    assert in_situ("Living in Rome, what was his name?") == []
    # Mixed: a Korean subject counts as words before the English ones.
    assert in_situ("이 모델은 trained on what?") == ["trained", "on"]
    words = toks("the bridge was built for the county council")
    stems = [w.lower() for w in words]
    assert after_words(words, stems, ["built", "for"], ["built", ""]) == [5]


def test_ranges() -> None:
    text = "It lost 30 to 50 thousand people, from 1620 to 1621, and 7 to 10 percent."
    got = [text[a:b] for a, b in ranges(text)]
    assert "30 to 50 thousand" in got
    assert "1620 to 1621" in got
    assert "7 to 10 percent" in got
