"""The innermost heading of a unit's context, as a label that can name a term.

Notes number their sections ("## 1. Alignment Tuning", "### 2) Instruction data", "3.2
Training data", "① 데이터 수집"): the number orders the sections and is no part of what
the heading names. A definition question ("Alignment Tuning이란", "What is instruction
tuning?") is answered by the first line under the heading that is the term, and the
number in front of it must not hide the match (issue #15, twenty-fifth round).
"""

from __future__ import annotations

import re

# An outline number at the start of a heading, then its space: "1.", "2)", "(3)",
# "3.2", "1.2.", "①". A bare "3 " is kept ("3 LINE SUMMARY" reads as a count), as is a
# number glued to a word ("7B models", "2024 plans": four digits are a year).
_OUTLINE_RE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})+|[①-⑳])\s+"
)


def without_outline_number(heading: str) -> str:
    """``heading`` without the outline number in front of it ("1. Task 특화" -> "Task 특화")."""
    return _OUTLINE_RE.sub("", heading, count=1)


def inner_label(context: str) -> str:
    """The last heading of ``context`` ("a > b > 1. C" -> "C"), its outline number dropped."""
    return without_outline_number(context.rsplit(" > ", 1)[-1] if context else "")


__all__ = ["inner_label", "without_outline_number"]
