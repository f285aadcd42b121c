"""The short answer's sentence among the quoted ones (answer/quoted.py, issue #15).

Real Kiwi analyzer (session fixture) and the real aligners: the best-scored sentence
restates the question, another quoted sentence states the answer.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import quoted
from notelens.answer.align import MemoMorphemes
from notelens.answer.qtype import Kind, answer_type

CASES = [
    (  # English
        "Which president did Haig serve under as secretary of state?",
        [
            "Haig served as secretary of state for four years.",
            "As secretary of state, Haig served under President Ronald Reagan.",
        ],
    ),
    (  # Korean
        "방주의 선체는 어떤 나무로 만들었는가?",
        [
            "방주의 선체는 창세기 6장에 나온다.",
            "방주의 선체는 고페르나무로 만들었다.",
        ],
    ),
    (  # mixed Korean / English
        "GPT-3 논문은 어느 회사에서 발표했는가?",
        ["GPT-3 논문은 2020년에 나왔다.", "이 논문은 OpenAI라는 회사에서 발표했다."],
    ),
]


def _inputs(analyzer: Analyzer, question: str) -> tuple[Kind, MemoMorphemes, list[str]]:
    """The asked kind, the morpheme source and the question's terms, as extract has them."""
    return answer_type(question).kind, MemoMorphemes(analyzer), list(analyzer.terms(question))


@pytest.mark.parametrize(("question", "texts"), CASES)
def test_another_quoted_sentence_gives_the_short_answer(
    question: str, texts: list[str], analyzer: Analyzer
) -> None:
    kind, morphs, q_terms = _inputs(analyzer, question)
    assert quoted.best_quoted(question, kind, texts, q_terms, morphs) == 1
    # Order matters only through the head start: the answering sentence first stays.
    assert quoted.best_quoted(question, kind, texts[::-1], q_terms, morphs) == 0


@pytest.mark.parametrize(("question", "texts"), CASES)
def test_the_best_sentence_keeps_its_head_start(
    question: str, texts: list[str], analyzer: Analyzer
) -> None:
    kind, morphs, q_terms = _inputs(analyzer, question)
    scores = [quoted.top_score(question, kind, t, q_terms, morphs) for t in texts]
    assert scores[0] is not None and scores[1] is not None
    gap = scores[1] - scores[0]
    # A head start as large as the other's lead keeps the best sentence.
    assert quoted.best_quoted(question, kind, texts, q_terms, morphs, bonus=gap) == 0
    assert quoted.best_quoted(question, kind, texts, q_terms, morphs, bonus=gap - 0.01) == 1


def test_clause_questions_and_other_languages_stay_with_the_best(analyzer: Analyzer) -> None:
    morphs = MemoMorphemes(analyzer)
    # "Why" is answered by a clause of the best sentence, not by a scored span.
    texts = ["The dam failed in 1931.", "It failed because the river flooded the valley."]
    assert quoted.best_quoted("Why did the dam fail?", "reason", texts, ["dam"], morphs) == 0
    # A sentence in the other language aligns with nothing (no score).
    assert (
        quoted.top_score(
            "방주는 무엇으로 만들었나?", "other", "It was built of cypress.", [], morphs
        )
        is None
    )
    # One quoted sentence: nothing to choose.
    assert quoted.best_quoted("Who won?", "person", ["Reagan won."], ["won"], morphs) == 0
