"""Refusal signal of a table row whose asked column is left empty.

A schedule keeps a column for every session and fills it for some: "Who was the
discussant at session S12?" over the row

    | S12 | December 4th | Open discussion | all | | last session |

under the header ``Session | Date | Paper | Lead | Discussant | Notes``. The row names
the session, so coverage and cosine are high, and it holds a person-like cell (the
lead's "all"), so no answer-type check fails; the notes simply do not say. The unit
reader (``units.build_units``) drops empty cells from a row and keeps the header as the
row's last context segment, so a header word the question names that none of the row's
cells is filed under is a column the row leaves empty.

:func:`empty_asked_cell` reads the best unit; the extractor scales the evidence
strength by ``1 - EMPTY_CELL_PENALTY`` when it is such a row.
"""

from __future__ import annotations

import re

from notelens.analysis.lang import has_hangul
from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.units import AnswerUnit

#: A row that leaves the asked column empty answers nothing of it: like a sibling's
#: unit, its strength is near full and must fall below the refusal threshold (0.36).
EMPTY_CELL_PENALTY = SIBLING_PENALTY

# Header words too short or too general to say which column a question asks ("#",
# "no", "비고": a remark column is asked as "notes" no more than any other).
_MIN_LATIN = 3
_MIN_HANGUL = 2


def _asks(word: str, question: str) -> bool:
    """Whether ``question`` names the header word ``word`` (an English word at word
    bounds, a plural allowed; a Korean word anywhere, particles follow it)."""
    if has_hangul(word):
        return len(word) >= _MIN_HANGUL and word in question
    if len(word) < _MIN_LATIN or not word.isalpha():
        return False
    pattern = rf"(?<![a-z]){re.escape(word.lower())}s?(?![a-z])"
    return re.search(pattern, question.lower()) is not None


def empty_asked_cell(question: str, unit: AnswerUnit) -> bool:
    """Whether ``unit`` is a table row that leaves empty a column the question names
    (see the module's docstring)."""
    if unit.kind != "row" or not unit.cells or " > " not in f" > {unit.context}":
        return False
    header = unit.context.rsplit(" > ", 1)[-1].split()
    filed = {w.lower() for h, _ in unit.cells for w in h.split()}
    # (A row that writes the column's word in another cell speaks of it there: "비고:
    # 2회차에 같이" under an empty 회차 cell answers "몇 회차에".)
    values = " ".join(v for _, v in unit.cells).lower()
    return any(
        w.lower() not in filed and w.lower() not in values and _asks(w, question) for w in header
    )
