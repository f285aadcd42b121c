"""A note named as the place a thing is written ("실험정리에서 …", a locative particle
after its title, no word for a document), and two notes whose titles end alike told
apart by the question's other words (retrieve/named_notes.py, issue #15, thirtieth
round)."""

from __future__ import annotations

import pytest

from notelens.retrieve.named_notes import match_length, may_name, named_note

pytestmark = pytest.mark.unit

GRAPH = ("notes/graph.md", "그래프 신경망 실험 정리")
VISION = ("notes/vision.md", "Vision Transformer 관련 실험 정리")


def test_a_locative_particle_after_the_title_names_the_note() -> None:
    question = "실험정리에서 dropout 값은?"
    # "실험정리" ends at 4, where "에서" begins (the analyzer's JKB).
    assert match_length(question, GRAPH[1], places={4}) == len("실험정리")
    # Without the particle's place the title is only a topic.
    assert match_length(question, GRAPH[1]) == 0
    # A particle elsewhere in the question does not name it.
    assert match_length(question, GRAPH[1], places={12}) == 0


def test_an_english_title_before_a_particle() -> None:
    question = "Sprint Review에 적힌 마감일"
    assert match_length(question, "Sprint Review", places={13}) == len("sprintreview")


def test_places_open_the_gate() -> None:
    assert not may_name("실험정리에서 dropout 값은?")
    assert may_name("실험정리에서 dropout 값은?", places={4})


def test_the_place_counts_only_for_a_sectioned_note() -> None:
    question = "실험 정리에서 dropout 값은?"
    notes = [GRAPH]
    assert named_note(question, notes, places={5}) is None  # an article's paragraphs
    assert named_note(question, notes, places={5}, sectioned={GRAPH[0]}.__contains__) == GRAPH[0]


def _passages() -> list[tuple[str, str]]:
    return [
        (GRAPH[0], f"{GRAPH[1]}\n## Setup"),
        (GRAPH[0], "Message passing: GCN, GAT. dropout 0.5"),
        (VISION[0], f"{VISION[1]}\n## Patches"),
        (VISION[0], "ViT-B/16, patch size 16, DeiT distillation"),
    ]


def test_two_titles_ending_alike_are_told_apart_by_the_other_words() -> None:
    notes = [VISION, GRAPH]
    both = {GRAPH[0], VISION[0]}
    # Each title's own line is no topic the other note writes: both are named, and
    # "GAT" is written in the graph note only.
    question = "실험정리 노트에 GAT 있어?"
    assert (
        named_note(question, notes, passages=_passages(), sectioned=both.__contains__) == GRAPH[0]
    )
    question = "In the 실험 정리 note, what is the patch size of ViT-B/16?"
    assert (
        named_note(question, notes, passages=_passages(), sectioned=both.__contains__) == VISION[0]
    )


def test_two_titles_ending_alike_and_no_word_to_choose_name_none() -> None:
    notes = [VISION, GRAPH]
    question = "실험정리 노트에 몇 개 있어?"
    assert named_note(question, notes, passages=_passages()) is None


def test_a_run_written_in_another_notes_text_stays_a_topic() -> None:
    # "실험 정리" in the body of another note (not its title): a shared topic.
    passages = [*_passages(), ("notes/plan.md", "다음 주: 실험 정리 후 공유")]
    notes = [GRAPH, ("notes/plan.md", "계획")]
    assert named_note("실험정리 노트에 GAT 있어?", notes, passages=passages) is None


def test_the_choice_reads_the_whole_notes_when_given() -> None:
    notes = [VISION, GRAPH]
    question = "실험정리 노트에 DeiT 결과?"
    # "DeiT" is in no passage of the head shown here ...
    head = [(GRAPH[0], f"{GRAPH[1]}\n## Setup"), (VISION[0], f"{VISION[1]}\n## Patches")]
    assert named_note(question, notes, passages=head) is None
    # ... but in the vision note's other passages.
    whole = {src: [text for s, text in _passages() if s == src] for src, _ in notes}
    assert named_note(question, notes, passages=head, note_texts=whole.__getitem__) == VISION[0]


def test_a_latin_word_counts_only_as_a_whole_word() -> None:
    notes = [VISION, GRAPH]
    passages = [*_passages(), (VISION[0], "storage of the patches")]
    # "rag" stands in "storage", not as a word: neither note holds it.
    assert named_note("실험정리 노트에 RAG 있어?", notes, passages=passages) is None
