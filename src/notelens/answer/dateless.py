"""Refusal signal of a question that asks a date whose answer's passage writes none.

"research-notes 저장소 마지막 업데이트 날짜", "GPT-4 공개 날짜 몇 월 며칠이야", "What was
the sign-up deadline date?" ask a date of a thing the notes describe. When the notes never
date it, the scorer falls back to the thing's entry ("GPT-4: … ChatGPT 릴리즈 후 반년도
안되어 공개", "신청 Google form (신청 마감)"): every word of the question is there, so the
strength stays near full, and ``strength._type`` only weakens it by ``TYPE_PENALTY``, as a
unit's date may sit on the line beside it. What tells the near miss apart is that the
*whole passage* of the best unit (its heading path and text, with the quoted units) holds
no date in any form the date pattern knows (a year, a month, a day, "5/14"): the date
can be neither the quoted line nor its neighbour. :func:`dateless_factor` then scales the
evidence strength by ``1 - ECHO_PENALTY``, as ``numberless.py`` does for a value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelens.answer.asked_nowhere import ECHO_PENALTY
from notelens.answer.qtype import DATE_RE, Kind

if TYPE_CHECKING:
    from notelens.answer.strength import Judged


def dateless_factor(kind: Kind, passage: str) -> float:
    """``1 - ECHO_PENALTY`` when the question asks a date (``kind``) and ``passage`` (the
    best unit's passage with the quoted units) writes none; else 1."""
    if kind == "date" and DATE_RE.search(passage) is None:
        return 1.0 - ECHO_PENALTY
    return 1.0


def dateless(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`dateless_factor` over the best unit's passage
    (heading path and text) and the quoted units."""
    hit = j.hits[j.best.hit_index]
    quoted = "\n".join(c.text for c in j.choice.chosen)
    return dateless_factor(j.q.atype.kind, f"{hit.heading}\n{hit.text}\n{quoted}")
