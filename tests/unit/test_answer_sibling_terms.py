"""The question's words that tell a section's lines apart (answer/sibling_terms.py).

Notes invented for the test: a preprocessing note whose numbered lines head unindented
bullets (Korean, with an English term in parentheses, and its English twin), where the
bullet repeating the model's name and the head's word outscores the one holding the word
the question adds, and a paper entry whose bullets all share its title. Real Kiwi; Korean,
English and mixed questions, no e5 (the cheap scores alone must tell).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive as ex
from notelens.answer.extractive import extract
from notelens.answer.sibling_terms import sections, sibling_shortfalls
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit

HEADING = "데이터 전처리 > 기존 전처리 (Orca-9)"
STEPS_KO = (
    "1. 필터링 (Filtering)\n"
    "- 품질이 낮은 문서를 제거\n"
    "2. 중복 제거 (Deduplication)\n"
    "- 같은 문서가 여러 번 학습되는 것을 막는 작업\n"
    "- Orca-9에서는 MinHash 기법으로 비슷한 문서까지 제거함\n"
    "- Paragraph level(문단 단위)에서 수행되어, 문단끼리 비교함\n"
    "3. 다양성 확보 (Diversify)\n"
    "- 도메인 비율을 맞춤\n"
)
STEPS_EN = (
    "1. Filtering\n"
    "- drop pages with low quality scores\n"
    "2. Deduplication\n"
    "- keeps the same page from being trained on many times\n"
    "- Orca-9 deduplication uses MinHash, so near-duplicate pages go too\n"
    "- done at the paragraph level, comparing paragraphs rather than whole pages\n"
    "3. Diversity\n"
    "- balance the domain mix\n"
)


# Three bullets whose words the tests below set by hand.
LINES = "- first line\n- second line\n- third line\n"


def test_a_numbered_line_heads_the_bullets_after_it() -> None:
    units = build_units(STEPS_KO, HEADING)
    raw = [(0, u) for u in units]
    groups, heads = sections(raw)
    texts = [[units[i].text[:6] for i in g] for g in groups]
    # The three numbered lines are one section; each heads its bullets (and is in
    # their section, where its words are the subject).
    assert [units[i].text[:3] for i in groups[0]] == ["필터링", "중복 ", "다양성"]
    dedup = next(g for g in groups if units[g[0]].text.startswith("중복 제거"))
    assert len(dedup) == 4, texts
    assert all(heads[i] == dedup[0] for i in dedup[1:])
    assert heads[dedup[0]] is None


def test_a_numbered_list_alone_has_no_heads() -> None:
    units = build_units("1. 필터링\n2. 중복 제거\n3. 다양성 확보\n", HEADING)
    groups, heads = sections([(0, u) for u in units])
    assert groups == [[0, 1, 2]] and heads == [None, None, None]


def test_the_subject_shared_by_every_line_tells_nothing_apart() -> None:
    # Three lines under "Orca-9": the name is their subject (in the context), "minhash"
    # is held by one line, "page" by two.
    raw = [(0, u) for u in build_units(LINES, "notes > Orca-9")]
    terms = [frozenset({"orca", "minhash", "page"}), frozenset({"page"}), frozenset({"x"})]
    ctx = [frozenset({"orca"})] * 3
    weights = {"orca": 2.0, "minhash": 1.0, "page": 1.0}
    short = sibling_shortfalls(raw, weights, {}, terms, ctx, 0.9)
    assert short[0] == 0.0
    assert 0.0 < short[1] < short[2] == 1.0
    # Were "orca" written by the first line only (not the subject), it would count.
    alone = sibling_shortfalls(raw, weights, {}, terms, [frozenset()] * 3, 0.9)
    assert alone[2] == 1.0 and alone[1] > short[1]


def test_a_term_written_as_asked_is_not_read_through_its_translations() -> None:
    # "level" is written by one line; its translation "단위" by all: the line writing it
    # as asked is the one that tells.
    raw = [(0, u) for u in build_units(LINES, "notes")]
    terms = [frozenset({"level", "단위"}), frozenset({"단위"}), frozenset({"단위"})]
    ctx = [frozenset()] * 3
    short = sibling_shortfalls(raw, {"level": 1.0}, {"level": frozenset({"단위"})}, terms, ctx, 0.9)
    assert short == [0.0, 1.0, 1.0]


def test_small_sections_and_shared_words_are_left_alone() -> None:
    raw = [(0, u) for u in build_units(LINES, "notes")[:2]]
    terms = [frozenset({"level"}), frozenset()]
    assert sibling_shortfalls(raw, {"level": 1.0}, {}, terms, [frozenset()] * 2, 0.9) == [0, 0]
    raw3 = [(0, u) for u in build_units(LINES, "notes")]
    same = [frozenset({"level"})] * 3
    assert sibling_shortfalls(raw3, {"level": 1.0}, {}, same, [frozenset()] * 3, 0.9) == [0] * 3


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("At what level does Orca-9 run deduplication?", STEPS_KO, "Paragraph level"),
        ("Orca-9 중복 제거는 어떤 단위로 수행돼?", STEPS_KO, "Paragraph level"),
        ("Orca-9 deduplication은 어느 level에서 해?", STEPS_KO, "Paragraph level"),
        ("At what level does Orca-9 run deduplication?", STEPS_EN, "paragraph level"),
        ("Orca-9 deduplication은 어느 level에서 해?", STEPS_EN, "paragraph level"),
    ],
)
def test_the_line_holding_the_added_word_answers(
    question: str, text: str, expected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, HEADING)]
    got = extract(question, hits, analyzer=analyzer, embedder=None)
    assert got.sentences, question
    assert expected in got.sentences[got.lead].text, (question, got.sentences[got.lead].text)


def test_without_the_rule_the_line_repeating_the_subject_wins(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The case the rule is for: "Orca-9" (four terms: orca-9, orca9, orca, 9) and the
    # head's "Deduplication" written again in a sibling's text outweigh "level".
    monkeypatch.setattr(ex, "W_SIBLING", 0.0)
    hits = [note_hit(0, STEPS_KO, HEADING)]
    got = extract(
        "At what level does Orca-9 run deduplication?", hits, analyzer=analyzer, embedder=None
    )
    assert "Paragraph level" not in got.sentences[got.lead].text
