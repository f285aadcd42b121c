"""Questions about the end of a split table or list: its last part first (issue #15,
eighteenth round: the right passage over real notes).

Real notes keep long tables and numbered lists under one heading: a study's syllabus of
twenty weeks, a paper list of a dozen entries. The chunker splits such a section into
several passages under the same heading path (a table's parts each repeat its header
row), in file order. A question about the section's *end* ("마지막 주차엔 뭐해?", "총 몇
주차까지 있어?", "the last session", "the final loss") finds the section by the words
all its parts share (the note's name, the header, the heading), so the parts rank close
together, the first part (often the shortest, or the one whose rows happen to repeat a
word of the question) on top, and the last part, which holds the answer, a few places
lower: under passages of other sections, out of the five hits ask reads.

Where the question asks for the end, :func:`last_parts_first` puts the parts of each
section found in the fused head in reverse file order *in the places they already hold*:
no passage of another section moves, no score changes (the list stays monotone), and a
section with one part in the head is left as it is. :func:`asks_for_end` is the cue:
"last / final / in total / 마지막 / 맨 끝 / 최종 / 총 몇 / 몇 …까지 있어", words that ask
for the position of the end or for a count read off the last row.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence

#: English time words that make a bare "last" the time before now, not the end of a
#: sequence: "what did we decide last week?", "since last Monday".
_TIME_WORDS = (
    r"week|weekend|month|year|time|night|evening|morning|semester|term|quarter|season"
    r"|spring|summer|fall|autumn|winter|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|meeting|sprint|session|class|lecture"
)

#: The question asks for the end of a sequence (its last row, or the count the last row
#: numbers). "까지" alone is not a cue ("얼마까지 줄였어" asks an amount): only "몇 …까지
#: 있어" (up to which one there is). English "last" before a time word asks the end only
#: with an article ("the last week of the course"); bare, it is the time before now
#: ("last week", "last meeting"), which asks nothing about a table's end.
END_RE = re.compile(
    r"마지막|맨\s*(?:끝|뒤)|최종|총\s*몇|몇\s*\S{0,4}까지\s*있"
    rf"|\b(?:the|its|their|our|this)\s+(?:very\s+)?last\b|\blast\b(?!\s+(?:{_TIME_WORDS})s?\b)"
    r"|\bfinal(?:ly)?\b|\bin\s+total\b",
    re.IGNORECASE,
)


def asks_for_end(question: str) -> bool:
    """True when ``question`` asks for the end of a list or table (see the module)."""
    return END_RE.search(question) is not None


Part = tuple[Hashable, tuple[int, ...]]


def last_parts_first(
    ranked: Sequence[tuple[str, float]], parts: Mapping[str, Part | None]
) -> list[tuple[str, float]]:
    """``ranked`` (``(id, score)``, best first) with the passages that share a section
    (``parts[id] = (section key, position in the file)``; ``None`` or missing: no
    known section or position) reordered last part first within the places they hold;
    each place keeps its score."""
    places: dict[Hashable, list[int]] = {}
    for i, (cid, _) in enumerate(ranked):
        part = parts.get(cid)
        if part is not None:
            places.setdefault(part[0], []).append(i)
    out = list(ranked)
    for slots in places.values():
        if len(slots) < 2:
            continue
        ids = sorted((ranked[i][0] for i in slots), key=lambda c: _position(parts, c), reverse=True)
        for slot, cid in zip(slots, ids, strict=True):
            out[slot] = (cid, ranked[slot][1])
    return out


def _position(parts: Mapping[str, Part | None], cid: str) -> tuple[int, ...]:
    part = parts.get(cid)
    return part[1] if part is not None else ()


__all__ = ["END_RE", "asks_for_end", "last_parts_first"]
