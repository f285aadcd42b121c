"""Which sibling line of one entry holds what the question asks *about* the entry.

The bullets under one entry ("LIMA > 3 LINE SUMMARY", "AlphaCode:") all share the
entry's name: it is in their heading path, and often in each line. The question's name
therefore scores every sibling alike, and the lexical share is decided by whichever line
repeats the name most ("LLaVA-1.5는 …" beats "… OCR 데이터셋을 추가" for "How did
LLaVA-1.5 improve OCR?"). What tells the siblings apart is the rest of the question: its
words that the heading path does not write and that are not the entry's name.

:func:`content_shares` gives each unit the share of those words it holds, each word
divided by how many of its siblings (the units of the same passage under the same
heading path) hold it, so a word every sibling holds counts little. A unit alone under
its heading path gets 0: there is no sibling to choose among.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence


def content_shares(
    q_weights: Mapping[str, float],
    keys: Sequence[tuple[int, str]],
    term_sets: Sequence[frozenset[str]],
    ctx_sets: Sequence[frozenset[str]],
    names: Sequence[frozenset[str]],
) -> list[float]:
    """Each unit's share (0..1) of the question's content words among its siblings.

    ``keys`` is each unit's (passage, heading path): units with the same key are
    siblings. ``names`` holds the term set of each of the question's names; a name one
    of whose terms the siblings' heading path writes is the entry's ("LLaVA-1.5" under
    "(LLaVA1.5, 2023)"), and all its terms drop out; a name the path does not write
    ("OCR") is asked about and counts.
    """
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[key].append(i)
    shares = [0.0] * len(keys)
    for group in groups.values():
        if len(group) < 2:
            continue
        ctx = ctx_sets[group[0]]
        entry = frozenset().union(*(ts for ts in names if ts & ctx))
        content = {t: w for t, w in q_weights.items() if t not in ctx and t not in entry}
        total = sum(content.values())
        if not total:
            continue
        held = {t: sum(t in term_sets[j] for j in group) for t in content}
        for i in group:
            own = term_sets[i]
            shares[i] = sum(w / held[t] for t, w in content.items() if t in own) / total
    return shares
