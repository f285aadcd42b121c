"""A line that announces a list answers with the list.

Notes introduce a list with a line of its own: "주로 다음과 같은 내용을 다룹니다.",
"Specifically, this repository covers:", "구성은 아래와 같음". Such a line matches a
question about the list's topic well ("이 레포는 어떤 내용을 다뤄?") and is quoted, but it
says nothing itself: the answer is the items after it. :func:`introduced_items` gives
them — the list items that directly follow the line in its passage, at the first item's
level, up to a limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.extractive import Candidate

__all__ = ["LEAD_IN_RE", "introduced_items"]

#: A line that announces what follows: it ends on a colon, or says "the following".
LEAD_IN_RE = re.compile(r"[:：]\s*$|다음과\s*같|아래와\s*같|\bas follows\b|\bthe following\b", re.I)
# Units the scorer leaves out (a summary line) may stand between the line and its list.
_GAP = 2


def introduced_items(lead: Candidate, cands: Sequence[Candidate], limit: int) -> list[Candidate]:
    """The list items that ``lead`` announces (none when it announces nothing or no item
    follows it in its passage)."""
    if lead.unit is None or lead.unit.kind == "item" or not LEAD_IN_RE.search(lead.text):
        return []
    after = sorted(
        (c for c in cands if c.hit_index == lead.hit_index and c.position > lead.position),
        key=lambda c: c.position,
    )
    items: list[Candidate] = []
    last = lead.position
    level = ""
    for c in after:
        if c.unit is None or c.unit.kind != "item" or c.position - last > _GAP:
            break
        if items and c.unit.context != level:
            last = c.position
            continue  # a nested item: its parent stands for it
        level = c.unit.context
        items.append(c)
        last = c.position
        if len(items) >= limit:
            break
    return items
