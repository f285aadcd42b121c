"""Refusal rate: the share of questions the system declined to answer.

    RefusalRate = |{q : refused(q)}| / |Q|

On a question set where every question is answerable from the corpus, lower is better
(a refusal is a miss); on unanswerable questions, higher is better. It is reported next
to answer quality because a system can buy precision with refusals.
"""

from __future__ import annotations

from collections.abc import Sequence


def refusal_rate(refused: Sequence[bool]) -> float:
    return sum(1 for r in refused if r) / len(refused) if refused else 0.0
