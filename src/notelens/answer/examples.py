"""The example a note gives for a named thing: "SFT 예시로 든 거 뭐야", "RLHF 예시로 든
모델?", "What example is given for RLHF?" (issue #15, twenty-seventh round).

Notes give an example as a line of its own under the bullet it illustrates ("- SFT는 …
유용함." / "  - 예: 의료 챗봇을 위한 …"). The scorer prefers a line that shares more of
the question's words, often a sibling bullet with an example folded into it ("특정
태스크(예: 질의응답, …)"), so the example line itself, which writes little of the
question, is left out. This module finds the line that opens as an example ("예:",
"예시:", "e.g.", "Example:") under a bullet or heading naming the thing the question
names (a Latin name written in the question: "SFT", "RLHF"). A question that counts or
places examples ("예시 중 두 번째", "How many examples") is the list modules' or the
number's, not this one's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.units import AnswerUnit

__all__ = ["asked_example", "example_line"]

_ASK_RE = re.compile(
    r"예시|예로|예를\s*들|(?<![A-Za-z])examples?(?![A-Za-z])|\bfor\s+instance\b", re.I
)
# A place or a count among examples ("예시 중 두번째", "세 개", "first", "how many").
_PLACE_RE = re.compile(
    r"중|몇|개수|첫|마지막|번째|\b(?:first|second|third|last|how\s+many|which\s+\w+\s+of)\b",
    re.I,
)
# A line that opens as an example.
_EXAMPLE_RE = re.compile(r"^\s*(?:예시?|e\.g\.|ex\.|example|for example)\s*[:：,]", re.I)
# A name as written: Latin letters with two capitals or digits ("SFT", "RLHF", "GPT-4",
# "LoRA"; not an English question's first word, "What").
_NAME_RE = re.compile(
    r"(?<![A-Za-z0-9.+-])(?=(?:[A-Za-z0-9.+-]*[A-Z0-9]){2})[A-Za-z][A-Za-z0-9.+-]+"
)


def asked_example(question: str) -> list[str]:
    """The names whose example ``question`` asks for ([] when it asks none)."""
    if not _ASK_RE.search(question) or _PLACE_RE.search(question):
        return []
    return [n.lower() for n in _NAME_RE.findall(question)]


def example_line(
    question: str, units: Sequence[Sequence[AnswerUnit]]
) -> tuple[int, AnswerUnit] | None:
    """(passage index, unit) of the first example line, in hit order, whose bullet (the
    last segment of its context), else the bullet or heading above that, names what the
    question names."""
    names = asked_example(question)
    if not names:
        return None
    lines = [(hi, u) for hi, p in enumerate(units) for u in p if _EXAMPLE_RE.match(u.text)]
    # The bullet right above the line first: a bullet higher up may name both things
    # compared ("… SFT와 RLHF가 포함됨" above each one's example).
    for depth in (1, 2):
        for hi, u in lines:
            near = " ".join(u.context.split(" > ")[-depth:]).lower()
            if any(re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", near) for n in names):
                return hi, u
    return None
