"""A note's other-language version of a passage, when the question asks for that version
(issues #15 and #22, twenty-ninth round).

Bilingual notes write a passage twice, one version after the other: a README's Korean
introduction, then its English one under "ENG" (a folded ``<details>`` block), each its
own chunk. A question that names the other language's version ("영어 버전 세 번째
bullet에서 …", "영문 Note는 …", "ENG 소개에서 …", "the Korean intro of …") is written in
its own language, so both legs find the version in that language (the Korean
introduction ranks first for a Korean question) and the version it asks to quote shares
none of its words: BM25 misses it and the dense leg ranks it 20th to 60th (realq8 z320
z365, realq9 p001's kind). The answer stage already prefers the asked language's units
(``answer/crosslang.py``), but only among the passages it reads.

:func:`twins_first` puts, for each passage of the fused head written in the question's
language, its *twin* (the passage right before or after it in the same note, written in
the asked language) in the place just above it; the places keep their scores. A
question that names no other language's version, or a head with no such neighbour (the
common case: a note in one language), changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from notelens.analysis.asked_language import named_languages

#: How many twins at most are brought up: the head's first passages' versions; more
#: would push the question's own matches out of the five hits the answer reads.
MAX_TWINS = 2


#: A version is about as long as the passage it restates: a twin's length is within
#: this factor of the passage's (a paragraph beside a one-line heading is no version).
LENGTH_RATIO = 2.5


def asks_version(question: str) -> bool:
    """Whether ``question`` names a language's version of the note's text ("영어판
    README", "ENG 소개", "the English version": ``analysis.asked_language``'s "version"
    reading; "부제 영어로 뭐였지" asks one name's wording, no version)."""
    return bool(named_languages(question, "version"))


def versions(a: str, b: str) -> bool:
    """Whether passages of lengths ``a`` and ``b`` can be versions of one text."""
    short, long = sorted((len(a.strip()), len(b.strip())))
    return short > 0 and long <= LENGTH_RATIO * short


def neighbours(order: Sequence[str], cid: str) -> list[str]:
    """The passages right before and after ``cid`` in its note's file ``order``."""
    if cid not in order:
        return []
    at = order.index(cid)
    return [order[i] for i in (at - 1, at + 1) if 0 <= i < len(order)]


def twins_first(
    ranked: Sequence[tuple[str, float]], twins: Mapping[str, str]
) -> list[tuple[str, float]]:
    """``ranked`` (``(id, score)``, best first) with each ``twins[id]`` (at most
    :data:`MAX_TWINS`, the first ids' first) placed just above ``id``; every place keeps
    its score (a twin from outside the list takes the place below the last)."""
    chosen: dict[str, str] = {}
    for cid, _ in ranked:
        twin = twins.get(cid)
        if twin is not None and twin not in chosen.values() and len(chosen) < MAX_TWINS:
            chosen[cid] = twin
    if not chosen:
        return list(ranked)
    placed = set(chosen.values())
    ids: list[str] = []
    for cid, _ in ranked:
        if cid in placed:
            if cid not in ids:
                ids.append(cid)  # already above the passage it is the version of
            continue
        if cid in chosen and chosen[cid] not in ids:
            ids.append(chosen[cid])
        if cid not in ids:
            ids.append(cid)
    scores = [s for _, s in ranked]
    last = scores[-1] if scores else 0.0
    return [(cid, scores[i] if i < len(scores) else last) for i, cid in enumerate(ids)]


__all__ = ["LENGTH_RATIO", "MAX_TWINS", "asks_version", "neighbours", "twins_first", "versions"]
