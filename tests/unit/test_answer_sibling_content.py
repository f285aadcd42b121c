"""answer/sibling_content.py: the sibling line holding what the question asks about its
entry, not the entry's name. Term sets written by hand (Kiwi-like stems) for made-up
Korean, English and mixed notes; the rule's place in the chain is pinned in
test_answer_stages.py."""

from __future__ import annotations

import pytest

from notelens.answer.sibling_content import content_shares

pytestmark = pytest.mark.unit


def fs(*terms: str) -> frozenset[str]:
    return frozenset(terms)


def test_english_the_asked_word_beats_the_repeated_entry_name() -> None:
    # "How did Orca-2 raise recall?" under "Orca-2 notes (Orca2, 2024)": the first bullet
    # repeats the name, the second holds "recall".
    q = {"orca-2": 3.0, "orca2": 3.0, "orca": 2.0, "rais": 2.5, "recal": 3.0}
    ctx = fs("orca2", "note", "2024")
    terms = [fs("orca-2", "orca", "benchmark", "best"), fs("orca", "recal", "retriev", "add")]
    names = [fs("orca-2", "orca2", "orca")]
    shares = content_shares(q, [(0, "c"), (0, "c")], terms, [ctx, ctx], names)
    assert shares[1] > shares[0] == 0.0


def test_korean_siblings_share_the_heading_words() -> None:
    # "벡터 캐시 결론이 뭐야" under "벡터 캐시 > 요약": "결론" is held by one bullet only.
    q = {"벡터": 2.0, "캐시": 2.0, "결론": 3.0}
    ctx = fs("벡터", "캐시", "요약")
    terms = [fs("캐시", "속도", "빠르"), fs("결론", "메모리", "절약"), fs("벡터", "저장")]
    keys = [(0, "벡터 캐시 > 요약")] * 3
    shares = content_shares(q, keys, terms, [ctx] * 3, [])
    assert shares == [0.0, 1.0, 0.0]


def test_a_word_every_sibling_holds_counts_less() -> None:
    # Mixed: "Ranker 학습 데이터 출처" - "데이터" is in both lines, "출처" in one.
    q = {"ranker": 3.0, "학습": 1.0, "데이터": 1.0, "출처": 3.0}
    ctx = fs("ranker")
    terms = [fs("데이터", "정제"), fs("데이터", "출처", "웹")]
    names = [fs("ranker")]
    shares = content_shares(q, [(1, "R"), (1, "R")], terms, [ctx, ctx], names)
    assert shares[1] > shares[0] > 0.0


def test_a_name_the_heading_does_not_write_is_asked_about() -> None:
    # "OCR" is a name of the question but not the entry's: it still counts.
    q = {"orca": 2.0, "ocr": 3.0}
    ctx = fs("orca")
    terms = [fs("orca"), fs("ocr")]
    names = [fs("orca"), fs("ocr")]
    shares = content_shares(q, [(0, "c"), (0, "c")], terms, [ctx, ctx], names)
    assert shares == [0.0, 1.0]


def test_a_line_alone_or_in_another_passage_gets_nothing() -> None:
    q = {"결론": 1.0}
    terms = [fs("결론"), fs("결론")]
    # Same heading path, different passages: no siblings.
    assert content_shares(q, [(0, "a"), (1, "a")], terms, [fs(), fs()], []) == [0.0, 0.0]
