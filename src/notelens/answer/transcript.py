"""Q&A transcripts and FAQ notes: a question turn is answered by the answer turn after it.

A talk's Q&A, an interview or a FAQ writes each exchange as two turns: "Q3 (박지호): 우리
모델에도 바로 쓸 수 있을까요?" and then "A (교수님): 수학 데이터가 부족해서 지금은 어렵다."
A reader's question restates the *question* turn ("교수님은 왜 바로 못 쓴대?", "Can it be
used on our model?"), so that turn shares the most words with it and wins; but it only
asks, and the answer is the turn after it. :func:`answer_turns` lends each question
turn's score (the best of its sentences: a turn may run over several) to the first
sentence of the answer turn that follows it in the same passage, a little above, so the
answer turn leads and the question turn is quoted beside it as its neighbour.

A question about the asking itself ("누가 물어봤어?", "What did Marcus ask?") is answered
by the question turn: nothing is lent then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.units import AnswerUnit

# A turn's marker: "Q", "Q3", "Q.", "질문 2", "Question:", with the asker in parentheses
# ("Q3 (박지호):"), then a colon or a period. The answer's alike: "A:", "A (정유나):",
# "답:", "답변 1.", "Answer:".
_WHO = r"(?:\s*[(（][^()（）]{1,40}[)）])?"
_Q_TURN_RE = re.compile(rf"^(?:Q|질문|Question)\s*\d{{0,3}}{_WHO}\s*[:：.]\s*\S", re.I)
_A_TURN_RE = re.compile(rf"^(?:A|답|답변|Answer)\s*\d{{0,3}}{_WHO}\s*[:：.]\s*\S", re.I)
# A question asking about the asking: who asked, what was asked.
_ASKS_ASKING_RE = re.compile(
    r"물어\s*(?:봤|본|보|봄)|물었|질문(?:했|한|을\s*한|자|은|이)|\bask(?:ed|s)?\b|\bquestion(?:ed|er)?\b",
    re.I,
)
# How far above its question turn the answer turn is put: enough to lead, not enough
# to pass a unit that beat the question turn.
LEAD = 0.01


def turn(text: str) -> str | None:
    """``"q"`` for a question turn's first line, ``"a"`` for an answer turn's, else None."""
    if _A_TURN_RE.match(text):
        return "a"
    if _Q_TURN_RE.match(text):
        return "q"
    return None


def exchanges(units: Sequence[tuple[int, AnswerUnit]]) -> list[tuple[list[int], list[int]]]:
    """The question-and-answer exchanges among ``units`` (``(hit index, unit)`` in reading
    order): for each, the indices of its question turn's sentences and of its answer
    turn's. Turns pair up only inside one passage and one section."""
    found: list[tuple[list[int], list[int]]] = []
    open_q: list[int] = []
    open_a: list[int] = []
    where: tuple[int, str] | None = None

    def close() -> None:
        if open_q and open_a:
            found.append((list(open_q), list(open_a)))
        open_q.clear()
        open_a.clear()

    for i, (hi, u) in enumerate(units):
        if (hi, u.context) != where:
            close()
            where = (hi, u.context)
        kind = turn(u.text)
        if kind == "q":
            close()
            open_q.append(i)
        elif kind == "a":
            if open_a:
                close()
            if open_q:
                open_a.append(i)
        elif open_a:
            open_a.append(i)
        elif open_q:
            open_q.append(i)
    close()
    return found


def answer_turns(
    question: str, units: Sequence[tuple[int, AnswerUnit]], scores: Sequence[float]
) -> list[float]:
    """``scores`` with each answer turn's first sentence raised to its question turn's
    best score plus :data:`LEAD`; for a question about the asking ("누가 물어봤어?"), the
    question turn's first sentence raised to its answer turn's best score instead (the
    answer turn names who answered, not who asked)."""
    out = list(scores)
    asking = _ASKS_ASKING_RE.search(question) is not None
    for q, a in exchanges(units):
        lead, lender = (q[0], a) if asking else (a[0], q)
        out[lead] = max(out[lead], max(scores[i] for i in lender) + LEAD)
    return out
