"""Near misses of the twenty-eighth round (docs/benchmarks.md "Unanswerable questions answered,
twenty-eighth round"): a native Korean word never read as a name of the other voicing
("결론" is no "Korean", "발표" no "Prefer": analysis/loanwords.py), and a writer asked of an
entry the quoted units only name among its siblings (answer/asked_nowhere.py). Korean,
English and mixed questions over notes written for the test, each rule with an answerable
twin.
"""

from __future__ import annotations

import pytest

from notelens.analysis.loanwords import latin_spelling, sounds_alike
from notelens.answer.asked_nowhere import ECHO_PENALTY, nowhere_factor

pytestmark = pytest.mark.unit


def _terms(text: str) -> list[str]:
    cleaned = text.replace(",", " ").replace(".", " ").replace("?", " ")
    return [w.lower() for w in cleaned.split()]


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("결론", "Korean"),  # a plain ㄱ is a voiced g, Korean's k is ㅋ (코리안)
        ("발표", "Prefer"),  # a plain ㅂ is a b or a v, a p is ㅍ
        ("과정", "Caching"),
        ("도표", "Taper"),  # a plain ㄷ is a d, a t is ㅌ
    ],
)
def test_a_plain_first_stop_is_no_voiceless_name(hangul: str, latin: str) -> None:
    assert not sounds_alike(hangul, latin)


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("코리안", "Korean"),
        ("구글", "Google"),  # a voiced g, plain
        ("비쿠나", "Vicuna"),  # a v, plain
        ("팔콘", "Falcon"),  # an f, aspirated
        ("딥마인드", "DeepMind"),  # a d, plain
        ("트랜스포머", "Transformer"),  # a t, aspirated
    ],
)
def test_a_first_stop_of_the_same_voicing_still_pairs(hangul: str, latin: str) -> None:
    assert sounds_alike(hangul, latin)


@pytest.mark.parametrize(
    "question",
    [
        "Token Merging 글 결론이 뭐야?",  # mixed
        "토큰 병합 페이지에서 결론이 뭐였어?",  # Korean
    ],
)
def test_a_conclusion_asked_stays_a_korean_word(question: str) -> None:
    notes = ["Korean retrieval notes: Token Merging, Rotary Scaling", "Prefer short chunks."]
    assert latin_spelling(question, notes, _terms) == question


def test_an_english_question_is_not_respelled() -> None:
    question = "What was the conclusion of the Korean notes?"
    assert latin_spelling(question, ["Korean retrieval notes"], _terms) == question


@pytest.mark.parametrize(
    "question",
    [
        "Token Merging 논문 저자 누구야?",  # mixed
        "토큰 병합 논문 저자 누구야?",  # Korean
        "Who wrote the Token Merging post?",  # English
    ],
)
def test_a_writer_asked_of_a_bare_name_is_refused(question: str) -> None:
    # The quoted units only name the entry (echo): its siblings' titles are no byline.
    factor = nowhere_factor(
        question, "person", "item", "", "", True, "Rotary Scaling, Token Merging"
    )
    assert factor == pytest.approx(1.0 - ECHO_PENALTY)


@pytest.mark.parametrize(
    "question",
    [
        "Token Merging 논문 저자 누구야?",
        "토큰 병합 논문 저자 누구야?",
        "Who wrote the Token Merging post?",
    ],
)
def test_a_writer_asked_of_an_entry_with_its_byline_is_answered(question: str) -> None:
    # Not an echo: the unit writes the entry's authors ("Kim et al.").
    quoted = "Token Merging (Minji Kim, Jae Lee et al., 2023): 중복 토큰 병합"
    assert nowhere_factor(question, "person", "item", quoted, quoted, False, quoted) == 1.0


def test_a_writer_never_asked_leaves_a_bare_name_alone() -> None:
    for question in ("Token Merging 논문 어느 폴더에 있어?", "Is Token Merging listed?"):
        assert nowhere_factor(question, "other", "item", "", "", True, "Token Merging") == 1.0
