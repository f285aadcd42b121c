"""Plumbing of the answer judges with a fake judge: parsing replies, the checklist's
bookkeeping, position swapping, agreement. The real judges are measured in
benchmarks/judge_bench.py (a fake judge is no evidence of judging)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from notelens.answer.base import Message
from notelens.errors import DatasetError, GeneratorError
from notelens.evaluate.judge import (
    CRITERIA,
    agreement,
    cohen_kappa,
    combine,
    generator_ask,
    judge_checklist,
    judge_grades,
    judge_pairs,
    load_answers,
    parse_grade,
    parse_preference,
    parse_yes_no,
)
from notelens.evaluate.results import AnswerRow

pytestmark = pytest.mark.unit


def _row(qid: str, question: str, answer: str, gold: str, cp: float | None = 1.0) -> AnswerRow:
    return AnswerRow(
        qid=qid,
        question=question,
        answer=answer,
        gold=[gold],
        refused=False,
        exact_match=0.0,
        token_f1=1.0 if gold in answer else 0.0,
        contains_gold=1.0 if gold in answer else 0.0,
        citation_precision=cp,
        evidence=[f"passage about {gold}"],
    )


ROWS = [
    _row("q1", "LoRA는 무엇을 학습하나요?", "저랭크 행렬만 학습합니다 [1].", "저랭크 행렬"),
    _row(
        "q2", "What does GQA share?", "GQA shares key and value heads [1].", "key and value heads"
    ),
    _row("q3", "DPO의 loss는?", "잘 모르겠습니다.", "log sigmoid", cp=0.0),
]


@pytest.mark.parametrize(
    ("reply", "want"),
    [
        ("Yes", True),
        (" yes, every claim is cited", True),
        ("예", True),
        ("네, 맞습니다", True),
        ("No.", False),
        ("아니요", False),
        ("**no**", False),
        ("The answer is", None),
        ("", None),
    ],
)
def test_yes_no(reply: str, want: bool | None) -> None:
    assert parse_yes_no(reply) is want


def test_grades_and_preferences() -> None:
    assert parse_grade("[[7]]") == 7
    assert parse_grade("Rating: 10/10") == 10
    assert parse_grade("0 then 4") == 4
    assert parse_grade("excellent") is None
    assert parse_preference("1") == "1"
    assert parse_preference("Answer 2 is better") == "2"
    assert parse_preference("Tie") == "tie"
    assert parse_preference("동점") == "tie"
    assert parse_preference("3") is None


def test_kappa_and_agreement() -> None:
    a, b = [1, 1, 0, 0], [1, 0, 0, 0]
    assert agreement(a, b) == 0.75
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    assert cohen_kappa([1, 1], [1, 1]) is None  # chance agreement 1: undefined


def test_swap_logic() -> None:
    assert combine("1", "2") == "A"  # A first wins, and A second wins
    assert combine("2", "1") == "B"
    assert combine("1", "1") == "tie"  # always the first position: no verdict
    assert combine("tie", "2") == "tie"
    assert combine(None, "2") == "tie"


def _user(messages: Sequence[Message]) -> str:
    return messages[-1]["content"]


def test_position_biased_judge_gets_only_ties() -> None:
    report = judge_pairs(ROWS, ROWS[::-1], lambda m: "1", name="fake")
    assert report.counts() == {"A": 0, "B": 0, "tie": 3}
    assert report.inconsistent() == 3
    assert report.to_dict()["position_flips"] == 3


def test_a_consistent_judge_and_its_agreement_with_containment() -> None:
    bad = [_row(r.qid, r.question, "모름", r.gold[0]) for r in ROWS]

    def prefers_gold(messages: Sequence[Message]) -> str:
        text = _user(messages)
        gold = text.split("Reference answer: <<<")[1].split(">>>")[0]
        one = text.split("Answer 1: <<<")[1].split(">>>")[0]
        two = text.split("Answer 2: <<<")[1].split(">>>")[0]
        return "1" if gold in one and gold not in two else "2" if gold in two else "tie"

    report = judge_pairs(ROWS, bad, prefers_gold, name="fake", labels=("good.json", "bad.json"))
    assert report.counts() == {"A": 2, "B": 0, "tie": 1}
    containment = next(a for a in report.agreements if a.metric == "containment")
    assert containment.percent == 1.0 and containment.kappa == pytest.approx(1.0)
    with pytest.raises(DatasetError, match="share no"):
        judge_pairs(ROWS, [_row("other", "q", "a", "g")], prefers_gold, name="fake")


def test_checklist_asks_every_criterion_separately() -> None:
    asked: list[str] = []

    def judge(messages: Sequence[Message]) -> str:
        text = _user(messages)
        asked.append(text)
        if "key fact" in text:
            gold = text.split("Reference answer: <<<")[1].split(">>>")[0]
            return "yes" if gold in text.split("Answer: <<<")[1].split(">>>")[0] else "no"
        if "same language" in text:
            return "음..."  # unreadable: counted, and as no
        return "yes"

    report = judge_checklist(ROWS, judge, name="fake")
    assert len(asked) == len(ROWS) * len(CRITERIA)
    rates = report.rates()
    assert rates["key_fact_present"] == pytest.approx(2 / 3)
    assert rates["language_matches"] == 0.0 and rates["answers_question"] == 1.0
    assert report.to_dict()["unreadable"] == len(ROWS)
    fact = next(a for a in report.agreements if a.metric == "containment")
    assert fact.percent == 1.0
    cited = next(a for a in report.agreements if a.metric == "citation_on_gold")
    assert cited.percent == pytest.approx(2 / 3)  # the judge said yes to q3's claims
    # the cited passage is shown for the support question only
    assert all(("Cited passages" in t) == ("stated in the cited" in t) for t in asked)


def test_grades() -> None:
    report = judge_grades(ROWS, lambda m: "8" if "모르" not in _user(m) else "2", name="fake")
    assert report.grades == {"q1": 8, "q2": 8, "q3": 2}
    assert report.agreements[0].percent == 1.0


def test_load_answers_needs_answers(tmp_path: Path) -> None:
    run = {"dataset": {}, "ks": [1], "depth": 1, "metrics": {}, "per_query": {}, "answers": None}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run), encoding="utf-8")
    with pytest.raises(DatasetError, match="no answers"):
        load_answers(str(path))


class _Overflowing:
    name = "fake"

    def __init__(self, error: str) -> None:
        self.error = error

    def stream(self, messages: Sequence[Message], *, max_tokens: int, temperature: float):  # type: ignore[no-untyped-def]
        raise GeneratorError(self.error)
        yield ""

    def close(self) -> None:
        pass


def test_a_prompt_over_the_context_is_an_unreadable_reply() -> None:
    overflow = "request (5023 tokens) exceeds the available context size (4096 tokens)"
    assert generator_ask(_Overflowing(overflow))([]) == ""
    with pytest.raises(GeneratorError):
        generator_ask(_Overflowing("could not reach the server"))([])
