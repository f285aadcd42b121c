"""Near misses of the twenty-sixth round (docs/benchmarks.md "Near misses answered,
twenty-sixth round"): an entry's content asked of a list that only names it among its
siblings, a repo's or a note's writer asked with the note's name between or as "만든
사람", and a Korean count of a measure with a word of its own ("레이어가 몇 개야?") that
no quoted passage writes a number by. Korean, English and mixed questions over notes
written for the test, each rule with an answerable twin.
"""

from __future__ import annotations

import pytest

from notelens.answer.asked_nowhere import (
    ECHO_PENALTY,
    count_unwritten,
    listed_bare,
    nowhere_factor,
    writer_nowhere,
)
from notelens.answer.counted_ko import counted_by_number, korean_counted
from notelens.answer.note_attributes import WRITER_ASKED


def _terms(text: str) -> list[str]:
    cleaned = text.replace(",", " ").replace(".", " ").replace("?", " ")
    return [w.lower() for w in cleaned.split()]


_FOLDERS = "Rotary Scaling, Token Merging, Sparse Probes etc."
_FOLDERS_KO = "로터리 스케일링, 토큰 병합, 희소 탐침 등"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "units", "listed"),
    [
        # The asked entry is one bare name among its siblings: nothing is said of it.
        ("notes-hub의 Token Merging 글 결론이 뭐야?", [_FOLDERS], True),
        ("Summarise the Sparse Probes post in notes-hub", [_FOLDERS], True),
        ("토큰 병합 글 내용 요약해줘", [_FOLDERS_KO], True),
        # A list whose items say something, or one that does not name the asked entry,
        # or a single name (``echoed``'s), is no such list.
        (
            "notes-hub의 Token Merging 글 결론이 뭐야?",
            ["Rotary Scaling: 길이 4배, Token Merging: 속도 2배 향상"],
            False,
        ),
        ("Summarise the Dense Paths post", [_FOLDERS], False),
        ("Token Merging 정리해줘", ["Token Merging"], False),
        (
            "Token Merging 결론이 뭐야?",
            [
                "Token Merging은 중복 토큰을 합쳐 추론을 두 배 빠르게 한다는 결론, 단 정확도는 1% 하락"
            ],
            False,
        ),
        ("Token Merging 결론이 뭐야?", [], False),
        # The list itself asked: its names are the answer.
        ("notes-hub에 Token Merging 말고 어떤 글 정리돼 있어?", [_FOLDERS], False),
        ("Summarise which posts besides Token Merging the repo lists", [_FOLDERS], False),
        # Or the entry's title, which the bare name is.
        ("What does the Token Merging title say merging can do?", [_FOLDERS], False),
        ("토큰 병합 글 제목이 뭐라고 설명해?", [_FOLDERS_KO], False),
    ],
)
def test_a_list_that_only_names_the_entry(question: str, units: list[str], listed: bool) -> None:
    assert listed_bare(question, _terms(question), units, _terms) is listed


@pytest.mark.unit
def test_the_content_asked_of_a_bare_list_is_refused() -> None:
    # "결론" and "conclusion" ask what the note says, as "요약" does.
    for question in ("Token Merging 글 결론이 뭐야?", "What was the conclusion of Token Merging?"):
        factor = nowhere_factor(question, "other", "item", "", "", True)
        assert factor == pytest.approx(1.0 - ECHO_PENALTY)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who is the author of the notes-hub repository?", True),
        ("Who was the maintainer of the lab-wiki notes?", True),
        ("notes-hub 저장소 만든 사람 이름이 뭐야?", True),
        ("이 블로그 운영하는 사람 누구야?", True),
        ("notes-hub repo 만든 사람 누구?", True),
        # What the author thinks or did is no writer asked; a model's maker is not a
        # note's.
        ("What fascinated the author of the notes-hub repository?", False),
        ("Gaon 모델 만든 사람 누구야?", False),
        ("저장소 만든 이유가 뭐야?", False),
    ],
)
def test_the_writer_asked(question: str, asked: bool) -> None:
    assert (WRITER_ASKED.search(question) is not None) is asked


@pytest.mark.unit
def test_a_writer_asked_of_a_readme_sentence() -> None:
    readme = "This repository keeps what I read on my own, to help my study."
    assert writer_nowhere("Who is the author of the notes-hub repository?", readme)
    assert writer_nowhere(
        "notes-hub 저장소 만든 사람 이름이 뭐야?", "제 공부를 위해 정리한 저장소입니다."
    )
    assert not writer_nowhere(
        "Who is the author of the notes-hub repository?", "Maintained by Daniel Osei"
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Gaon-3는 레이어가 몇 개야?", "layer"),
        ("Gaon-3 레이어 수는?", "layer"),
        ("Gaon-3 layer 수는?", "layer"),
        ("Gaon-3의 Layers는 몇 개?", "layer"),
        ("Tamna 사전학습 토큰은 몇 개야?", "token"),
        ("에폭은 몇 번 돌렸어?", "epoch"),
        # A measure "몇" names itself, or no count, is not this rule's.
        ("레이어 구조 설명해줘", None),
        ("How many layers does Gaon-3 have?", None),
        ("고층 건물 몇 개야?", None),
    ],
)
def test_a_korean_count_by_its_word(question: str, noun: str | None) -> None:
    assert korean_counted(question) == noun


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Gaon-3: 48 layers, hidden 6144", True),
        ("48-layer decoder", True),
        ("레이어 48개로 늘림", True),
        ("layers: 48", True),
        ("초기값 0인 두 개의 zero conv layer", True),
        ("layer 두 개를 복제", True),
        # The measure named without its count, a size or a date beside it.
        ("Type: layer extension · Paper: Gaon-3 10.7B · 2023 Dec", False),
        ("Gaon-3 (2401.00001) every layer is a mixture", False),
    ],
)
def test_a_number_by_the_word(text: str, stated: bool) -> None:
    assert counted_by_number("layer", text) is stated


@pytest.mark.unit
def test_a_korean_count_unwritten() -> None:
    row = "12 주차 · Type: layer extension · Paper title: Gaon-3 10.7B · Speaker: 김하늘"
    assert count_unwritten("Gaon-3는 레이어가 몇 개야?", row)
    assert count_unwritten("Gaon-3 layer 수는?", row)
    assert not count_unwritten("Gaon-3는 레이어가 몇 개야?", row + "\nGaon-3: 48 layers")
    # Tokens written with their size ("3조 토큰", "2T tokens") answer.
    assert not count_unwritten("Tamna 사전학습 토큰은 몇 개야?", "Tamna: 3조 토큰으로 사전학습")
    assert not count_unwritten("Tamna pretraining 토큰 수는?", "Tamna: pretrained on 2T tokens")
    # "몇 층" names its measure: ``refusal.measure_factor`` reads it.
    assert not count_unwritten("레이어 몇 층이야?", row)
