"""Q&A transcripts and FAQ notes (answer/transcript.py): the answer turn after the
question turn a reader's question restates. Transcripts written for the test; Korean,
English and mixed; the last tests run the extractor with real Kiwi.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.transcript import LEAD, answer_turns, turn
from notelens.answer.units import AnswerUnit


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Q2 (문가온): 배치 크기를 키우면 어떻게 돼요?", "q"),
        ("Q: Does it work on code?", "q"),
        ("질문 3. 데이터는 공개돼요?", "q"),
        ("A (Dana): Only the weights.", "a"),
        ("A: 아직 공개 안 됨", "a"),
        ("답변: 다음 달에 공개", "a"),
        ("Answer 2: no", "a"),
        ("Quill: a small encoder", None),
        ("Attendance: 12", None),
        ("AWQ는 activation을 본다", None),
    ],
)
def test_turn_markers(text: str, kind: str | None) -> None:
    assert turn(text) == kind


def _u(text: str, pos: int, ctx: str = "Q&A") -> AnswerUnit:
    return AnswerUnit("sentence", text, ctx, pos, pos)


@pytest.mark.unit
def test_the_answer_turn_takes_its_question_turns_score() -> None:
    units = [
        (0, _u("Q1 (문가온): 배치 크기는요?", 0)),
        (0, _u("더 키워도 돼요?", 1)),  # the same question turn, a second sentence
        (0, _u("A (이하늘): 메모리 때문에 안 돼요.", 2)),
        (0, _u("다음 달에 다시 봐요.", 3)),
        (0, _u("Q2 (Dana): Is the code out?", 4)),
        (0, _u("A (Dana): Yes.", 5)),
    ]
    scores = [0.5, 0.7, 0.2, 0.1, 0.3, 0.1]
    out = answer_turns("배치 크기 더 키우면 왜 안 돼?", units, scores)
    assert out[2] == pytest.approx(0.7 + LEAD)
    assert out[5] == pytest.approx(0.3 + LEAD)
    assert [out[i] for i in (0, 1, 3, 4)] == [0.5, 0.7, 0.1, 0.3]


@pytest.mark.unit
def test_no_pairing_across_passages_or_sections_or_for_who_asked() -> None:
    units = [
        (0, _u("Q1 (문가온): 배치 크기는요?", 0)),
        (1, _u("A (이하늘): 메모리 때문에 안 돼요.", 0)),  # another passage
        (1, _u("Q2: 코드는요?", 1, "Q&A")),
        (1, _u("A: 공개", 2, "Action items")),  # another section
    ]
    scores = [0.9, 0.1, 0.8, 0.1]
    assert answer_turns("배치 크기는?", units, scores) == scores
    same = [(0, _u("Q1 (문가온): 배치 크기는요?", 0)), (0, _u("A (이하늘): 안 돼요.", 1))]
    assert answer_turns("배치 크기는 누가 물어봤어?", same, [0.9, 0.1]) == [0.9, 0.1]
    assert answer_turns("Who asked about the batch size?", same, [0.9, 0.1]) == [0.9, 0.1]


TRANSCRIPT = note_hit(
    0,
    "Q1 (최하람): Quill은 긴 문서에서 recall이 왜 떨어져요?\n\n"
    "A (Dana Holt): position embedding을 4K까지만 학습해서 그 뒤는 외삽이에요.\n\n"
    "Q2 (Marco Ruiz): Can we use Quill for our Korean search right away?\n\n"
    "A (Prof. Lee): Not yet: the Korean training data is too small, under 10k pairs.\n\n"
    "Q3 (문가온): 모델 크기는요?\n\n"
    "A (Dana Holt): 1.1B예요.\n",
    "Quill talk > Questions and answers",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("교수님은 Quill을 한국어 검색에 왜 바로 못 쓴대?", "too small"),
        ("Why can't we use Quill for Korean search right away?", "too small"),
        ("Quill recall이 긴 문서에서 떨어지는 이유는?", "4K까지만 학습"),
    ],
)
def test_the_extractor_quotes_the_answer_turn(question: str, gold: str, analyzer: Analyzer) -> None:
    ex = extract(question, [TRANSCRIPT], analyzer=analyzer, embedder=None)
    assert gold in ex.sentences[ex.lead].text


@pytest.mark.unit
def test_who_asked_is_the_question_turn(analyzer: Analyzer) -> None:
    # (The best unit; the short answer may still be cut from the answer turn quoted
    # beside it, which holds a Latin name: the asker's name in the marker is not read.)
    for question in ("Quill 모델 크기는 누가 물어봤어?", "Who asked about the model size?"):
        ex = extract(question, [TRANSCRIPT], analyzer=analyzer, embedder=None)
        best = max(ex.sentences, key=lambda c: c.score)
        assert best.text.startswith("Q3 (문가온)")
