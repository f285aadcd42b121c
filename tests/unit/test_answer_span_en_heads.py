"""English spans, sixteenth round: the asked head noun, object questions, passives,
ages written "N years ago", possessive heads, adverbs, and bare definitions' glosses
(answer/align_en.py, answer/align_en_ago.py, answer/align_en_passive.py,
answer/align_en_gloss.py, answer/align_en_frames.py).

Made-up English sentences (none from XQuAD or the notes sets), English sentences holding
Korean words, and Korean questions; the session's Kiwi analyzer and the real aligner,
ranker and ``span.short_answer``."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en import _en_question
from notelens.answer.align_en_gloss import bare_term, gloss_span
from notelens.answer.align_en_ordinal import asks_rank, is_ordinal
from notelens.answer.align_en_passive import asks_object, passive_subject
from notelens.answer.qtype import answer_type
from short_spans import prose_short, toks

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # A far-off date is its distance with "years ago" ("250" alone before).
        (
            "When did the flood basalts erupt?",
            "The flood basalts erupted in Siberia about 250 million years ago.",
            "250 million years ago",
        ),
        # Asked as an age, without the "ago".
        (
            "How old are the reef fossils?",
            "The reef fossils are dated to some 40 million years ago by their ash layers.",
            "40 million years",
        ),
    ],
)
def test_an_age_written_years_ago(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert prose_short(question, text, analyzer) == gold


def test_a_clock_time_keeps_its_zone(analyzer: Analyzer) -> None:
    # The capitalised word after a date token stays with it ("18:30 CET").
    got = prose_short(
        "What time does the chess club meet?",
        "We meet on Fridays at 18:30 CET in the old library.",
        analyzer,
    )
    assert got == "18:30 CET"


def test_an_adverb_is_no_part_of_a_name(analyzer: Analyzer) -> None:
    # "almost" ran on after the name ("Mara Lind almost").
    got = prose_short(
        "Whose drawings was the bridge design based on?",
        "The bridge design was based on drawings by Mara Lind almost a century earlier.",
        analyzer,
    )
    assert got == "Mara Lind"


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # "Which N …?": a lowercase modifier names the kind with the noun.
        (
            "Which movement did the guild support for decades?",
            "For decades the guild supported the temperance movement in the valley towns.",
            "temperance movement",
        ),
        # "What kind of N …?" asks the kind alone.
        (
            "What kind of farmers did the new road serve?",
            "The new road mainly served soy farmers in the northern districts.",
            "soy",
        ),
    ],
)
def test_the_asked_noun_after_a_lowercase_modifier(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


def test_a_verb_after_do_is_no_head() -> None:
    q = _en_question("What does the Harbor Council oppose as unlawful?", "other")
    assert q.head is None
    # A copula keeps the noun after it; a possessor is skipped over.
    assert _en_question("What was the final score of the match?", "other").head == "score"
    assert _en_question("What was Lisbon's first jazz club?", "other").head == "club"


def test_the_object_of_a_do_question(analyzer: Analyzer) -> None:
    got = prose_short(
        "What does the Harbor Council oppose as unlawful?",
        "The Harbor Council opposes tolls as unlawful under the old charter.",
        analyzer,
    )
    assert got == "tolls"


def test_a_possessor_opens_an_apposition(analyzer: Analyzer) -> None:
    got = prose_short(
        "What was Lisbon's first jazz club?",
        "The district also held Hot Clube, Lisbon's first jazz club, beside two theatres.",
        analyzer,
    )
    assert got == "Hot Clube"


def test_passive_subject_cue() -> None:
    assert asks_object("What did Mayor Ines Alba open in 1990?")
    assert not asks_object("Who opened the museum in 1990?")
    words = toks("A museum was built by the river and opened by Mayor Ines Alba in 1990 .")
    is_q = [w in ("opened", "Mayor", "Ines", "Alba", "1990") for w in words]
    assert passive_subject(words, is_q, 2)  # "A museum" before "was"
    assert not passive_subject(words, is_q, 1)


def test_the_subject_of_a_passive_answers_the_active_question(analyzer: Analyzer) -> None:
    got = prose_short(
        "What did Mayor Ines Alba open in 1990?",
        "A museum was built beside the river, between Orla and Vente, and opened by"
        " Mayor Ines Alba in 1990.",
        analyzer,
    )
    assert got == "museum"


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "What are drumlins?",
            "The valley holds many drumlins (elongated glacial hills).",
            "elongated glacial hills",
        ),
        (
            "What is a kettle hole?",
            "Melting left kettle holes, shallow ponds in the till (a local name).",
            "shallow ponds in the till",
        ),
        (
            "What is  GeoRef",
            "GeoRef is a database of geoscience literature kept by the"
            " institute, first printed in 1966.",
            "a database of geoscience literature kept by the institute",
        ),
        (
            "What does 'tarn' mean?",
            "Walkers visit small mountain lakes such as Blea Tarn and Red tarn.",
            "small mountain lakes",
        ),
        # English with Korean words in the gloss: the sentence holds Hangul, no gloss.
        ("What are drumlins?", "The valley holds many drumlins (빙하 언덕).", None),
    ],
)
def test_bare_definition_gloss(question: str, text: str, gold: str | None) -> None:
    found = gloss_span(question, text)
    if gold is None:
        assert found is None or "빙하" in text[found[0] : found[1]]
    else:
        assert found is not None and text[found[0] : found[1]] == gold


def test_bare_terms() -> None:
    assert bare_term("What are clades?") == "clades"
    assert bare_term("What does 'tarn' mean?") == "tarn"
    assert bare_term("What is the tallest hill in the valley near the lake?") is None
    assert bare_term("Who is Ada?") is None
    assert bare_term("드럼린이 뭐야?") is None


def test_a_gloss_through_short_answer(analyzer: Analyzer) -> None:
    assert (
        prose_short(
            "What are drumlins?",
            "The valley holds many drumlins (elongated glacial hills).",
            analyzer,
        )
        == "elongated glacial hills"
    )
    # An aside or a year in brackets is no gloss: no span, the sentence stays the answer.
    text = "The valley holds many drumlins (which the ice left) beside the lake."
    assert prose_short("What are drumlins?", text, analyzer) is None
    text = "The valley holds many drumlins (1871) beside the lake."
    assert prose_short("What are drumlins?", text, analyzer) is None
    # A Korean sentence or question is not read by the English gloss.
    ko = "계곡에는 드럼린(빙하 언덕)이 많다."
    assert prose_short("What are drumlins?", ko, analyzer) != "빙하 언덕"
    assert answer_type("드럼린이 뭐야?").kind is not None


def test_a_how_long_ago_question_keeps_the_ago(analyzer: Analyzer) -> None:
    got = prose_short(
        "How long ago did the lake basin form?",
        "The lake basin formed roughly a million years ago, when the ice withdrew.",
        analyzer,
    )
    assert got is not None and got.endswith("years ago")


def test_ordinals_answer_rank_questions(analyzer: Analyzer) -> None:
    assert asks_rank("Where is Chile ranked globally in copper output?")
    assert asks_rank("What ranking in terms of cargo does the port hold?")
    assert not asks_rank("Where is the copper mine?")
    assert is_ordinal("second-largest") and is_ordinal("12th") and not is_ordinal("seconds")
    got = prose_short(
        "What ranking in terms of cargo volume does the Port of Vela hold?",
        "The Port of Vela is the busiest port on the coast by passenger count and the"
        " fourth by cargo volume, behind Marsa and Ortu.",
        analyzer,
    )
    assert got == "fourth"
