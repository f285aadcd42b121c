"""Refusal signal of a question that asks a list's item at a place past the list's end.

"LLM 재료 다섯 번째는 뭐야?", "Alignment Tuning 세 번째 방법", "the fifth paper under
Diffusion Models" ask the item at a place (``ordinal_items.asked_place``) of a list the
question names. ``ordinal_items.place_item`` answers from the item at that place; when the
list is shorter there is none, the choice falls back to the best unit, a line of the same
list (every word of the question is in its name), and the strength stays near full. The
list's own numbering, or its run of bullets, says where it ends: a place past its last
item is one the note never wrote.

:func:`past_end_factor` ranks the lists of the passages as ``place_item`` does and, when
the named list's last place is below the asked one, scales the evidence strength by ``1 -
SIBLING_PENALTY`` (the unit answers for another member of the list, as
``indexed.INDEX_PENALTY`` for a week past the schedule's end). A list whose last item is
its passage's last line may go on in a chunk retrieval did not bring: it is left alone,
unless that passage is short (under half the chunker's target size): the chunker fills a
section's chunk near the target before it splits it, so a short chunk holds its section's
end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.ordinal_items import (
    LAST,
    ListHit,
    ListRank,
    NamedList,
    asked_place,
    list_rank,
    passage_lists,
)
from notelens.answer.units import AnswerUnit, build_units
from notelens.config import ChunkingConfig

if TYPE_CHECKING:
    from notelens.answer.strength import Judged


def _named(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> NamedList | None:
    """The list the question names most (``ordinal_items.place_item``'s ranking)."""
    best: tuple[ListRank, NamedList] | None = None
    for lst in passage_lists(question, hits, units):
        r = list_rank(question, lst)
        if r is not None and (best is None or r > best[0]):
            best = (r, lst)
    return best[1] if best is not None else None


#: A passage shorter than this is a whole section's end (module docstring).
SHORT_PASSAGE = ChunkingConfig().target_chars // 2


def _ends_in_passage(
    lst: NamedList, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> bool:
    """Whether the list's last item has a line after it in its passage (a heading, prose,
    another list), or its passage is short: the list ends there, not at the chunk's edge."""
    last = max(lst.items, key=lambda p: p[0])[1]
    passage = units[last.hit_index]
    return len(hits[last.hit_index].text) < SHORT_PASSAGE or any(
        u.position > last.unit.position for u in passage
    )


def past_end(question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]) -> bool:
    """Whether ``question`` asks a place (2nd or later) past the end of the list it names
    (module docstring)."""
    place = asked_place(question)
    if place is None or place == LAST or place < 2:
        return False
    lst = _named(question, hits, units)
    if lst is None or not lst.items:
        return False
    return max(n for n, _ in lst.items) < place and _ends_in_passage(lst, hits, units)


def past_end_factor(question: str, hits: Sequence[ListHit]) -> float:
    """``1 - SIBLING_PENALTY`` when the asked place is past the named list's end; else 1."""
    if asked_place(question) is None:
        return 1.0
    units = [build_units(h.text, h.heading) for h in hits]
    return 1.0 - SIBLING_PENALTY if past_end(question, hits, units) else 1.0


def beyond_list(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`past_end_factor` over the top passages."""
    return past_end_factor(j.q.text, j.hits)
