"""The parts of a whole and a numbered list written flat (answer/lists.py).

"task 구성이 어떻게 돼?", "역할 분담 알려줘", "What is the suite made up of?" ask for the
items of one list, whatever type qtype gives them ("어떻게" reads as a method). A note
that numbers its items and writes each item's details as plain bullets right under the
number, not indented, is read as one flat list: the numbered lines are the items asked
for. Notes written for the test; real Kiwi; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lists import list_type
from notelens.answer.qtype import answer_type


def _typed(question: str) -> tuple[str, int | None]:
    t = list_type(question, answer_type(question))
    return t.kind, t.count


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("KoEval-Suite의 task 구성이 어떻게 돼?", None),
        ("평가 세트 구성은 뭐야?", None),
        ("독서 모임 운영진 역할 분담 알려줘", None),
        ("What is the Lantern benchmark made up of?", None),
        ("Give me the breakdown of the eval set", None),
        ("파이프라인 구성 요소 세 가지는?", 3),
    ],
)
def test_parts_and_roles_questions_are_lists(question: str, count: int | None) -> None:
    assert _typed(question) == ("list", count)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "평가 세트는 몇 개로 구성돼?",  # a count
        "파이프라인을 어떻게 구성했어?",  # how it was put together
        "팀 구성은 누가 했어?",  # a person
        "Who does what in the organizing team?",  # a person question stays one
    ],
)
def test_other_questions_keep_their_type(question: str) -> None:
    assert _typed(question) == (answer_type(question).kind, answer_type(question).count)


FLAT_KO = note_hit(
    0,
    "1. 문서 수집\n"
    "- 공개 포럼과 블로그에서 문서를 모음. 중복 URL은 바로 버림\n"
    "- 하루 40만 건 정도\n"
    "2. 언어 정제\n"
    "- 언어 판별 후 한국어 비율 30% 미만 문서 제거\n"
    "3. 중복 제거\n"
    "- MinHash로 유사 문서를 묶고 하나만 남김\n"
    "- 임계값 0.8\n"
    "4. 품질 필터\n"
    "- 작은 분류기로 점수를 매겨 하위 20%를 버림\n",
    "코퍼스 만들기 > 파이프라인 단계",
)
FLAT_EN = note_hit(
    0,
    "1. Intake\n"
    "- every request is logged with its prompt length\n"
    "2. Batching\n"
    "- continuous batching, at most 64 sequences\n"
    "- a request waits 15 ms at most\n"
    "3. Decoding\n"
    "- speculative decoding with a 60M draft\n",
    "Serving notes > Request path",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hit", "items"),
    [
        (
            "코퍼스 파이프라인 단계 네 가지가 뭐야?",
            FLAT_KO,
            ["문서 수집", "언어 정제", "중복 제거", "품질 필터"],
        ),
        (
            "What are the three stages of the request path?",
            FLAT_EN,
            ["Intake", "Batching", "Decoding"],
        ),
    ],
)
def test_a_flat_numbered_list_quotes_its_numbered_lines(
    question: str, hit: object, items: list[str], analyzer: Analyzer
) -> None:
    ex = extract(question, [hit], analyzer=analyzer, embedder=None, max_sentences=3)
    assert [c.text for c in ex.sentences] == items


@pytest.mark.unit
def test_a_numbered_list_without_details_is_left_as_it_was(analyzer: Analyzer) -> None:
    # every line numbered: the ordinary siblings rule (no flat details to skip)
    hit = note_hit(
        0,
        "1. 문서 수집\n2. 언어 정제\n3. 중복 제거\n4. 품질 필터\n",
        "코퍼스 만들기 > 파이프라인 단계",
    )
    ex = extract("코퍼스 파이프라인 단계 네 가지가 뭐야?", [hit], analyzer=analyzer, embedder=None)
    assert sorted(c.text for c in ex.sentences) == sorted(
        ["문서 수집", "언어 정제", "중복 제거", "품질 필터"]
    )


@pytest.mark.unit
def test_without_a_count_the_details_stay_quotable(analyzer: Analyzer) -> None:
    # "중복 제거할 때 임계값 목록": what is asked may sit in a detail ("임계값 0.8")
    ex = extract(
        "코퍼스 파이프라인 단계별 세부 사항 목록 보여줘",
        [FLAT_KO],
        analyzer=analyzer,
        embedder=None,
    )
    heads = {"문서 수집", "언어 정제", "중복 제거", "품질 필터"}
    assert not {c.text for c in ex.sentences} <= heads


BESIDE_PLAIN = note_hit(
    0,
    "이관 4단계:\n"
    "1. 스냅샷 복사: 기존 색인을 새 클러스터로 복사\n"
    "2. 이중 기록: 두 클러스터에 같이 쓰고 하루 동안 비교\n"
    "3. 읽기 전환: 팀별로 읽기를 새 클러스터로 옮김\n"
    "4. 구 클러스터 종료: 일주일 뒤 기존 클러스터를 내림\n"
    "- 중단 기준: 3단계에서 오류율이 2%를 넘으면 되돌림\n"
    "- 담당은 서하늘, 비교 스크립트는 문지안\n",
    "주간 회의 > 색인 이관",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "plain_note_out"),
    [
        ("색인 이관 단계 네 가지가 뭐야?", True),
        ("What are the four stages of the index migration?", True),
        # The question's other words (the owner's name) make a plain note after the
        # numbers the best line; the count asked is still the numbered list's.
        ("서하늘 담당 이관의 네 단계는?", False),
        ("What are the four migration stages 서하늘 is in charge of?", False),
        ("What four stages does the migration handled by 서하늘 have?", False),
    ],
)
def test_a_numbered_list_beside_plain_notes_quotes_all_its_numbers(
    question: str, plain_note_out: bool, analyzer: Analyzer
) -> None:
    ex = extract(question, [BESIDE_PLAIN], analyzer=analyzer, embedder=None, max_sentences=3)
    text = " ".join(c.text for c in ex.sentences)
    assert all(s in text for s in ("스냅샷 복사", "이중 기록", "읽기 전환", "구 클러스터 종료"))
    if plain_note_out:
        # the numbered lines are the counted list; the plain notes after them are not
        assert "담당은" not in text
