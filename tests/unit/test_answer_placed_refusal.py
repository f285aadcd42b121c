"""The refusal signal of an item asked by its place in a list the question names
(answer/choose.py ``Choice.placed``, answer/strength.py, answer/layout_words.py): the
words of where the item is ("the last entry", "세번째 항목", "섹션") are not held
against the list's passage, which writes its items as bullets, and the question's names
are read where the list is, not in whatever top unit repeats one of them in another note.
Notes invented for the test; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import strength
from notelens.answer.extractive import extract
from notelens.answer.layout_words import where_terms

KIT = note_hit(
    0,
    "1. 서버\n- GPU 노드 두 대\n2. 모니터링 대시보드\n3. 캐시 계층\n4. 롤백 스크립트\n",
    "운영 메모 > 배포 준비물",
)
PAPERS = note_hit(
    1,
    "1. ColBERT: late interaction(2020)\n2. SPLADE: sparse expansion(2021)\n3. Contriever(2022)\n",
    "Reading notes > Retrieval",
    lang="en",
)
# Another note whose rows write "paper" and "overview" but not the list asked.
SCHEDULE = note_hit(
    2,
    "| 주차 | Type | Paper title |\n|---|---|---|\n| 1 | overview | overview paper |\n"
    "| 2 | paper | third paper under review |\n",
    "Reading notes > 발표 순서",
)


@pytest.mark.unit
def test_where_terms(analyzer: Analyzer) -> None:
    where = where_terms(analyzer.terms)
    for word in ("item", "entry", "last", "third", "마지막", "항목", "섹션"):
        assert set(analyzer.terms(word)) <= where, word
    for word in ("retrieval", "배포", "server"):
        assert not set(analyzer.terms(word)) & where, word


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hits", "lead"),
    [
        ("배포 준비물 마지막 항목?", [KIT, PAPERS], "롤백 스크립트"),
        ("What is the last entry of the Retrieval section?", [PAPERS, KIT], "Contriever"),
        ("Retrieval 섹션 두번째 item은?", [PAPERS, KIT], "SPLADE"),
    ],
)
def test_the_place_words_are_not_held_against_the_list(
    question: str, hits: list, lead: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences[0].text.startswith(lead)
    # Every word but where the item is: the list's own passage writes them all.
    assert ex.coverage == pytest.approx(1.0)


@pytest.mark.integration
def test_the_names_are_read_where_the_list_is(analyzer: Analyzer) -> None:
    ex = extract(
        "Which paper is third under Retrieval in the reading notes?",
        [SCHEDULE, PAPERS],
        analyzer=analyzer,
        embedder=None,
    )
    assert ex.sentences[0].text.startswith("Contriever")
    assert ex.unit_missing == 0.0


# A numbered section whose place a question writes as a numeral (twenty-seventh round).
TOOLS = note_hit(
    3,
    "1. [Sentencepiece]\n2. [Beam Search]\n3. [Label Smoothing]\n4. [Weight Tying]\n",
    "Reading list > Techniques",
    lang="en",
)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # "Techniques 3번": a list's place, not a third version of Techniques.
        ("Reading list Techniques 3번 항목", "[Label"),
        ("Item 3 under Techniques in the reading list", "[Label"),
        # A place word capitalised at the start of a mixed question is no name.
        ("Last item under Techniques in 리딩 리스트", "[Weight"),
    ],
)
def test_a_place_is_no_name_or_qualifier(
    question: str, lead: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = extract(question, [TOOLS, SCHEDULE], analyzer=analyzer, embedder=None)
    assert got.sentences[0].text.startswith(lead)
    assert got.unit_missing == 0.0 and got.missing == 0.0
    # Read with its place words, the question loses strength to a "qualifier" or a
    # "name" ("Techniques 3", "Item 3", "Last") that no passage writes.
    monkeypatch.setattr(strength, "without_place", lambda q: q)
    before = extract(question, [TOOLS, SCHEDULE], analyzer=analyzer, embedder=None)
    assert got.strength > before.strength
