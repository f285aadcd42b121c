"""The number a numbered list gives an item the question names: "Parameter Efficient Tuning
에서 LoRA는 몇 번이야?", "QLoRA는 몇 번째 항목이야?", "What number is QLoRA in the tuning
list?" (issue #15, twenty-fourth round).

The answer is the item's own line *with its written number* ("2. LoRA"): the unit reader
drops a list's markers (``answer/units.py`` keeps the number in ``AnswerUnit.number``),
so the line the scorer quotes never says the place asked. The item is found as
``answer/neighbour_items.py`` finds the item a neighbour question names (the same lists,
the same names, X written right against the cue); only a numbered list answers (a plain
bullet's place is a count nobody wrote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from notelens.answer.neighbour_items import named_items
from notelens.answer.ordinal_items import Item, ListHit, ListRank
from notelens.answer.units import AnswerUnit

# "X는 몇 번이야?", "X 몇 번째 항목이야?", "X가 몇번째지?": the place asked of X, not the
# n-th of something ("몇 번째 layer에서", "몇 번 빠지면") nor the item X is under ("몇 번
# 항목 밑이야").
_KO_CUE_RE = re.compile(
    r"몇\s*번\s*(?:째)?\s*(?:항목|단계|논문)?\s*"
    r"(?=(?:이야|야|이지|지|인가|인지|이에요|예요|일까|이었|였|이냐|냐|이죠)?\s*[?？.]?\s*$)"
)
# The particle between X and the cue ("LoRA는 몇 번").
_KO_PARTICLE_RE = re.compile(r"(?:은|는|이|가)?\s*$")
# "What number is X …", "Which position does X have …".
_EN_CUE_RE = re.compile(
    r"\b(?:what|which)\s+(?:number|position|place|rank)\s+(?:is|does|do|was)\s+", re.I
)


def asked_number_of(question: str) -> tuple[str, bool] | None:
    """(the question's text where X is written, whether X ends it) when the question asks
    the number of a list item X, else ``None``."""
    m = _KO_CUE_RE.search(question)
    if m is not None:
        before = _KO_PARTICLE_RE.sub("", question[: m.start()])
        return (before, True) if before.strip() else None
    e = _EN_CUE_RE.search(question)
    return (question[e.end() :], False) if e is not None else None


def numbered_item(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> Item | None:
    """The numbered item the question asks the number of (the longest name written, then
    the list the question names most), its text led by its number ("2. LoRA"), or
    ``None``."""
    asked = asked_number_of(question)
    if asked is None:
        return None
    anchor, ends = asked
    best: tuple[tuple[int, ListRank], Item] | None = None
    for key, _, _, it in named_items(question, anchor, ends, hits, units):
        if it.unit.number is not None and (best is None or key > best[0]):
            best = (key, it)
    if best is None:
        return None
    it = best[1]
    return Item(it.hit_index, replace(it.unit, text=f"{it.unit.number}. {it.unit.text}"))


__all__ = ["asked_number_of", "numbered_item"]
