"""The state before an entry's method, and the problem asked in plain words
(answer/focus.py's "prior" relation and its widened "limitation" questions; the sibling
step of answer/choose.py's ``_relation``).

Notes invented for the test: a paper summary whose first bullet says what was hard
before the method (without naming it), the second what the method does (naming it and
sharing most of the question's words), the third how it scored; an English twin; a prose
paragraph. Real Kiwi; Korean, English and mixed questions, no e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.focus import asked_focus, states_focus
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        # The problem asked in plain words.
        ("Sparse Router는 뭐가 문제였어?", "limitation"),
        ("사람이 직접 평가하면 돈 문제는 어떻대?", "limitation"),
        ("cache 때문에 생기는 문제가 뭐래?", "limitation"),
        ("What problem does the router cause, per the summary?", "limitation"),
        ("What's the issue with crowd raters?", "limitation"),
        # The state before the method.
        ("MaskPaint 이전엔 원하는 그림 얻으려면 어떻게 했어야 했어?", "prior"),
        ("MaskPaint 이전 편집 방법은 뭐가 문제였어?", "prior"),
        ("What did earlier editing methods require?", "prior"),
        ("How were images edited before MaskPaint?", "prior"),
        ("Which task was previously impossible?", "prior"),
    ],
)
def test_the_problem_and_the_prior_state_are_read_from_the_question(
    question: str, focus: str
) -> None:
    assert asked_focus(question) == focus


@pytest.mark.parametrize(
    "question",
    [
        "알파코드로 실제 대회 문제도 풀 수 있어?",  # a task named 문제
        "수학 문제 몇 개 풀었어?",
        "What comes right before BERT in the list?",  # a neighbour, not a prior state
        "Which PET method comes just before QLoRA?",
        "Is the season about papers from before 2022?",  # a date
        "2022년 이전에는 몇 편 읽었어?",
        "Cite Before You Write 방식의 정확도는?",  # a title's word
        "Which problem sets were used?",
        "Which problem consists of two parts?",
    ],
)
def test_other_questions_ask_neither(question: str) -> None:
    assert asked_focus(question) not in ("prior", "limitation")


SUMMARY_KO = (
    "- 그림의 위치 정보 표현에 한계가 있어서 원하는 그림을 얻으려면 프롬프트를 여러 번 고쳐 "
    "다시 생성해야 했음\n"
    "- MaskPaint는 마스크와 프롬프트로 원하는 부분만 편집해 원하는 그림을 얻는 모델\n"
    "- 사용자 평가에서 MaskPaint는 높은 점수를 받음\n"
)
SUMMARY_EN = (
    "- Earlier editors could not localise edits, so getting the wanted image meant "
    "rewriting the prompt many times\n"
    "- MaskPaint edits only the masked part of an image to get the wanted image from a prompt\n"
    "- In a user study MaskPaint scored highest\n"
)


def test_the_line_writing_the_prior_state_is_told_from_its_siblings() -> None:
    before, method, score = build_units(
        "- 기존 편집기는 위치를 지정할 수 없었음\n- MaskPaint는 마스크로 편집함\n"
        "- MaskPaint는 높은 점수를 받음\n",
        "논문 > MaskPaint > 요약",
    )
    assert states_focus("prior", before)
    assert not states_focus("prior", method) and not states_focus("prior", score)
    (earlier,) = build_units("- Earlier editors relied on prompts only\n", "papers > MaskPaint")
    assert states_focus("prior", earlier)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("MaskPaint 이전엔 원하는 그림 얻으려면 어떻게 했어야 했어?", SUMMARY_KO, "여러 번 고쳐"),
        ("How did you get the wanted image before MaskPaint?", SUMMARY_EN, "many times"),
        ("MaskPaint 이전엔 원하는 그림 어떻게 얻었어?", SUMMARY_EN, "many times"),
    ],
)
def test_the_prior_state_asked_is_answered_by_its_line(
    question: str, text: str, expected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "논문 > Adding Masked Control to Painting > 요약")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert expected in ex.sentences[ex.lead].text, (question, ex.sentences[ex.lead].text)


@pytest.mark.parametrize(
    ("question", "text", "unexpected"),
    [
        # The twins: no prior state asked, the prior line does not lead.
        ("MaskPaint로 원하는 그림 어떻게 얻어?", SUMMARY_KO, "여러 번 고쳐"),
        ("How does MaskPaint get the wanted image?", SUMMARY_EN, "many times"),
    ],
)
def test_the_prior_line_does_not_lead_where_no_prior_state_is_asked(
    question: str, text: str, unexpected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "논문 > Adding Masked Control to Painting > 요약")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert unexpected not in ex.sentences[ex.lead].text, (question, ex.sentences[ex.lead].text)


def test_prose_sentences_are_not_reordered_by_the_entry_step(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The entry step reads note lines only: a paragraph's sentences keep their order
    # whatever the prior relation (KorQuAD / XQuAD prose).
    import notelens.answer.focus as focus_mod

    prose = note_hit(
        0,
        "MaskPaint는 마스크로 원하는 부분만 편집해 원하는 그림을 얻는다. "
        "기존 편집기는 프롬프트를 여러 번 고쳐야 했다.",
        "논문 > MaskPaint",
    )
    q = "MaskPaint 이전엔 원하는 그림 얻으려면 어떻게 했어야 했어?"
    with_step = extract(q, [prose], analyzer=analyzer, embedder=None)
    monkeypatch.setattr(focus_mod, "ENTRY_FOCI", frozenset())
    import notelens.answer.choose as choose_mod

    monkeypatch.setattr(choose_mod, "ENTRY_FOCI", frozenset())
    without = extract(q, [prose], analyzer=analyzer, embedder=None)
    assert with_step.sentences[with_step.lead].text == without.sentences[without.lead].text
