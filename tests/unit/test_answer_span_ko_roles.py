"""Korean short answers (answer/align_ko.py, answer/qtype.py): a reference
in parentheses gives no span, the subject / object of the question's own predicate, an
instruction to write the answer ("… 을 적으시오"), a named thing that is no person, a
title as the asked head, and the date words that ask for no date ("언제나", a "시기"
that is not the asked noun).

The sentences are made up here, one Korean and one mixed Korean / English case per
rule, read by the session's Kiwi analyzer. A rule with a weight or a pattern to switch
off is also run switched off, where the answer must change: the rule answers it.
"""

from __future__ import annotations

import re

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import align_ko
from notelens.answer.qtype import answer_type
from short_spans import prose_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "나머지 부품들의 크기는 무엇의 크기에 따라 정해지나?",
            "나머지 부품들의 크기는 기어의 크기에 따라 적절한 비율로 정해진다."
            "(Hartley & Moss 2009, 225–27쪽)",
            "기어",
        ),
        (
            "나머지 layer들의 크기는 무엇의 크기에 따라 정해지나?",
            "나머지 layer들의 크기는 embedding의 크기에 따라 적절한 비율로 정해진다."
            "(Vaswani & Shazeer 2017, 5–6쪽)",
            "embedding",
        ),
    ],
)
def test_a_reference_in_parentheses_gives_no_span(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The year and the author of "(Morrison 2011, 42쪽)" say where the sentence comes
    # from, not what it says.
    assert prose_short(question, text, analyzer) == gold
    monkeypatch.setattr(align_ko, "_CITATION", re.compile(r"(?!)"))
    assert prose_short(question, text, analyzer) != gold
    monkeypatch.undo()
    assert align_ko._cited("(Morrison 2011, 42쪽)") == [(0, 20)]
    assert align_ko._cited("(John A. Macdonald)") == []
    assert align_ko._cited("(약 5500만 년 전)") == []


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        ("경기 종료까지 체스판 밖으로 나오지 않는 말은?", "", "왕"),
        ("경기 종료까지 보드 밖으로 나오지 않는 말은?", "", "킹"),
    ],
)
def test_the_subject_of_the_questions_own_predicate(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The question leaves the subject of 나오 open; the sentence fills it ("왕은 … 나오지
    # 않는다"), while the other nouns only stand near the question's words.
    text = {
        "왕": "경기 종료가 승리 또는 무승부로 이루어지기 때문에 다른 말들과 달리 왕은 "
        "체스판 밖으로 나오지 않는다.",
        "킹": "경기 종료가 checkmate 또는 stalemate로 이루어지기 때문에 다른 말들과 달리 "
        "킹은 보드 밖으로 나오지 않는다.",
    }[gold]
    assert prose_short(question, text, analyzer) == gold
    monkeypatch.setattr(align_ko, "CLAUSE_WEIGHT", 0.0)
    assert prose_short(question, text, analyzer) != gold


def test_a_light_verb_ties_no_phrase_to_the_question(analyzer: Analyzer) -> None:
    # "있" says too little: "역사 유적이 있다" is not the thing "분설담 위에 있는 절" asks.
    q = align_ko._ko_question("폭포 위에 있는 절의 이름은?", analyzer, "other")
    assert q.predicate in align_ko._LIGHT


@pytest.mark.parametrize(
    ("question", "head", "kind"),
    [
        ("김 대표가 회장을 맡은 곳을 적으시오.", "곳", "place"),
        ("Kim이 위원장을 맡은 곳을 쓰시오.", "곳", "place"),
        ("LoRA 논문이 발표된 년도를 적으시오", "년도", "date"),
    ],
)
def test_an_instruction_to_write_asks_for_its_object(
    question: str, head: str, kind: str, analyzer: Analyzer
) -> None:
    # "… 곳을 적으시오" asks what "… 곳은?" asks.
    q = align_ko._ko_question(question, analyzer, answer_type(question).kind)
    assert (q.head, q.kind) == (head, kind)


def test_an_instruction_to_write_answers_with_its_object(analyzer: Analyzer) -> None:
    question = "김 대표가 회장을 맡은 곳을 적으시오."
    text = "김 대표는 오랫동안 한빛정보센터 회장을 맡았고 교육 분야에 관심이 많았다."
    assert prose_short(question, text, analyzer) == "한빛정보센터"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # A named thing is no person ("이름은" alone reads as "who").
        ("박 시장이 주도하여 설계한 최초의 주상복합아파트 이름은?", "name"),
        ("Kim 시장이 설계한 최초의 데이터센터의 이름은?", "name"),
        # A named person stays one.
        ("현대그룹 창업자의 이름은?", "person"),
        ("OpenAI 창업자의 이름은?", "person"),
        # A title written after a name ("존 스미스 전 주한 미국 대사는") asks for a person.
        ("정부의 대응을 비판한 전 주한 미국 대사는?", "person"),
        ("Google의 대응을 비판한 전 주한 미국 대사는?", "person"),
        # "… 정당은 무엇인가?" reads as a definition, but its head asks for a name.
        ("초대 총리가 속해있는 정당은 무엇인가?", "org"),
        ("John Kim이 속해있는 정당은 무엇인가?", "org"),
    ],
)
def test_the_heads_kind(question: str, kind: str, analyzer: Analyzer) -> None:
    assert align_ko._ko_question(question, analyzer, answer_type(question).kind).kind == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("관리인이 언제나 확인해야 하는 것은?", "other"),
        ("Adam이 언제든 수렴하는 조건은?", "other"),
        ("인도 몬순 시기, 습한 공기는 어느 산맥에 막히는가?", "other"),
        ("GPU 학습 시기에 메모리가 부족해지는 곳은?", "other"),
        ("티베트고원이 형성되기 시작한 시기는?", "date"),
        ("LoRA가 발표된 시기는 언제인가?", "date"),
        ("어느 시기에 지어졌나?", "date"),
        ("서비스를 언제까지 운영했나?", "date"),
    ],
)
def test_date_words_that_ask_for_no_date(question: str, kind: str) -> None:
    # "언제나" is "always"; a "시기" the question goes on from is a topic, not the
    # thing asked.
    assert answer_type(question).kind == kind
