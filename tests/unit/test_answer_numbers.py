"""Which number of a note's line answers a number question (twelfth round).

``answer/numbers.py`` reads the unit class a question asks in ("몇 %", "며칠", "how many
tokens", "비율", "latency") and scores each number of a bullet by that unit and by the
question's words labelling it; ``span.short_answer`` cuts a bullet's short answer with
it. The whole extractor runs with the real Kiwi analyzer (session fixture) and no
embedder; every line is written for these tests, Korean, English and mixed.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import numbers
from notelens.answer.extractive import extract
from notelens.answer.numbers import asked_classes, number_span

pytestmark = pytest.mark.unit


def _picked(question: str, text: str, terms: list[str]) -> str | None:
    found = number_span(question, text, terms)
    return None if found is None else text[found[0] : found[1]]


# -- the unit class a question asks in ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "classes"),
    [
        ("검증 세트에 답이 없는 질문이 몇 % 들어 있어?", {"percent"}),
        ("그 모델을 학습하는 데 며칠 걸렸어?", {"days"}),
        ("세미나에는 몇 명이 왔어?", {"people"}),
        ("GPU를 옮기면 한 달에 얼마 들어?", {"money"}),
        ("지시 준수율이 얼마야?", {"percent"}),
        ("GShard 부록은 몇 회차에 다뤄?", {"sessions"}),
        # English
        ("How many tokens was the model trained on?", {"tokens", "magnitude"}),
        ("What is the latency per query on one core?", {"latency"}),
        ("How much faster is the new kernel?", {"times"}),
        # mixed
        ("Router 모델은 토큰당 파라미터가 몇 B나 활성화돼?", {"params", "magnitude"}),
        ("KV cache 메모리는 몇 GB야?", {"memory", "magnitude"}),
        # nothing asked in a unit: any number
        ("그 모델은 몇까지 올라가?", set()),
        ("Which paper came first?", set()),
    ],
)
def test_asked_classes(question: str, classes: set[str]) -> None:
    assert asked_classes(question) == frozenset(classes)


# -- the number a line answers with ---------------------------------------------------------


def test_the_number_in_the_asked_unit_wins_over_the_framing_one() -> None:
    text = "평가셋은 한국어 QA 1,200문항, 문서에 답이 없는 질문을 일부러 20% 섞음"
    assert _picked("평가셋에는 답이 없는 질문이 몇 % 있어?", text, ["평가셋", "질문"]) == "20%"
    text = "학습은 A100 512장으로 19일 걸렸다고 적혀 있음"
    assert _picked("이 모델 학습에 며칠 걸렸어?", text, ["모델", "학습"]) == "19일"


def test_the_number_labelled_by_the_question_words_wins() -> None:
    # Korean: the part after the whole ("전체 … 중 … 활성 …").
    text = "전체 파라미터 30B 중 토큰당 활성 파라미터는 7B, expert 8개 중 top-2"
    terms = ["토큰", "활성", "파라미터"]
    assert _picked("토큰 하나당 활성 파라미터는 몇 B야?", text, terms) == "7B"
    # English: the label right before the number ("CoT 41.0%").
    text = "1B model: direct answer 38.5%, CoT 41.0%"
    assert _picked("What accuracy does the 1B model get with CoT?", text, ["cot"]) == "41.0%"
    # mixed: a number the question writes labels the one after it ("30턴 이후 … 64%").
    text = "평균 준수율 90%, 30턴 이후 구간만 보면 64%"
    assert _picked("30턴 이후에는 준수율이 얼마야?", text, ["준수율", "이후"]) == "64%"


def test_names_dates_and_the_question_numbers_are_no_candidates() -> None:
    # "Corvid-2B", "hit@5", "v3", "1e-3" are parts of names; "2025" a date; "2B" and
    # "512" the question's own.
    text = "Corvid-2B v3: hit@5 0.81, lr 1e-3, released 2025, trained on 512 GPUs for 6T tokens"
    picked = _picked("How many tokens was Corvid-2B trained on with 512 GPUs?", text, ["trained"])
    assert picked == "6T"
    assert _picked("몇 개야?", "Tern-7B와 hit@5", []) is None


def test_unit_spellings_are_kept_or_cut_as_the_notes_write_them() -> None:
    # A glued counter stays with its number (its particle goes), an English word after a
    # space does not.
    assert _picked("몇 회차에 다뤄?", "범위: 부록만 · 비고: 3회차에 같이", ["부록"]) == "3회차"
    assert _picked("How many points do you lose?", "costs only 2.5 points on AIME", []) == "2.5"
    assert _picked("How many GB of memory?", "peak memory 24 GB, 2 GPUs", ["memory"]) == "24 GB"


def test_ties_go_to_the_first_number() -> None:
    text = "Best open model 58.1, best API model 70.4"
    assert _picked("공개 모델 최고 점수는?", text, ["공개", "점수"]) == "58.1"


# -- the whole extractor --------------------------------------------------------------------

_NOTE_KO = (
    "## Halluc-Ko\n"
    "- 한국어 QA 3,100문항, 정답이 문서에 없는 질문을 일부러 25% 섞음\n"
    "- 상위 모델도 답이 없는 질문에서 자주 지어냄\n"
)
_NOTE_EN = (
    "## Pico-2B\n"
    "- 2B parameters trained on 5T tokens, far past the compute-optimal ratio\n"
    "- the tokenizer is shared with last year's model\n"
)
_NOTE_MIXED = (
    "## Router-MoE\n"
    "- 전체 파라미터 52B 중 토큰당 활성 파라미터는 13B, expert 16개 중 top-2 routing\n"
    "- routing은 학습 후반에 고정\n"
)


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("Halluc-Ko에는 답이 없는 질문이 몇 % 섞여 있어?", _NOTE_KO, "25%"),
        ("How many tokens was Pico-2B trained on?", _NOTE_EN, "5T"),
        ("Router-MoE는 토큰당 파라미터가 몇 B나 활성화돼?", _NOTE_MIXED, "13B"),
    ],
)
def test_extract_cuts_the_asked_number_from_a_bullet(
    question: str, text: str, short: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, [note_hit(0, text, "papers")], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == short
    # Without the unit and the labels, the line's first number is cut, as before.
    monkeypatch.setattr(numbers, "W_UNIT", 0.0)
    monkeypatch.setattr(numbers, "W_LABEL", 0.0)
    monkeypatch.setattr(numbers, "W_Q_NUMBER", 0.0)
    monkeypatch.setattr(numbers, "W_AFTER", 0.0)
    monkeypatch.setattr(numbers, "W_OTHER_UNIT", 0.0)
    monkeypatch.setattr(numbers, "W_RATE", 0.0)
    ex = extract(question, [note_hit(0, text, "papers")], analyzer=analyzer, embedder=None)
    # (Or none: "2B" of "Pico-2B" restates the question, answer/short_worth.py.)
    assert ex.short is None or ex.short.text != short
