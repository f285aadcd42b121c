"""A question that names a section: that section's parts first (issues #15, #22,
nineteenth round).

People ask about a part of a note by its heading: "Red Teaming 섹션 논문 목록", "LLM
섹션에서 아직 링크 없는 항목들", "what is in the Methods section?". The passage that
answers is one of the section's parts, and often not the first: a long section (a paper
list, a syllabus) is chunked into several passages under one heading path, and only the
part that holds the entry asked for answers. The question shares its words with the
heading, which every part carries, but the later parts hold none of the question's other
words ("목록", "링크", "항목" are the question's frame, not the note's text), so they rank
far below passages of other notes that repeat those words (realq: 11th, and out of the
top 40).

Notes name sections the way people write headings, and people ask for them by a shorter
form: an acronym for the words ("LLM 섹션" for "## Large Language Models"), the short
name beside a parenthesised long one ("GQA (Grouped-Query Attention)"). So the name the
question gives (the words just before 섹션/챕터/파트 or "section"/"chapter", or after
"section on/about/called") is matched **whole** against each heading segment of the
notes the fused head comes from, as written, as its initials, or as either side of a
"short (long)" heading; a name that matches no heading leaves the search as it was, so a
question word before the cue ("어느 섹션") changes nothing.

Where a section matches, its parts (in file order, at most :data:`MAX_PARTS`) take the
first places of the fused list, each place keeping its score (the list stays monotone);
everything else follows in fused order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from notelens.analysis.particles import trailing_particle

#: At most this many parts of the named section go first: ask reads five hits.
MAX_PARTS = 5

#: A name is at most this many words (headings are short).
MAX_NAME_WORDS = 4

# A name comes before these: "X 섹션", "X 목록" (the list X heads), "X 밑에 / 아래 / 하위"
# (what is filed under X). "리스트" is no cue: "리스트를 거꾸로 정렬하려면?" asks about
# Python's list (docs/benchmarks.md, nineteenth round).
_KO_CUE = re.compile(r"섹션|챕터|목록|밑에|아래|하위")
_EN_BEFORE = re.compile(r"\b(?:section|chapter|heading|list)s?\b", re.IGNORECASE)
_EN_AFTER = re.compile(
    r"\b(?:(?:section|chapter|heading)\s+(?:on|about|called|named|titled|for)|under|below)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
# Words in front of the cue that ask *which* section, or frame it; never a name.
_NOT_NAMES = frozenset(
    {"어느", "어떤", "무슨", "몇", "이", "그", "저", "각", "모든", "which", "what", "the", "a",
     "an", "this", "that", "each", "every", "same", "other", "in", "of", "under", "from"}
)  # fmt: skip
# English function words a heading's initials skip ("Society of Mind" -> SM is not
# asked; "Retrieval for RAG" -> RR).
_SKIP_INITIAL = frozenset({"of", "and", "for", "the", "a", "an", "in", "on", "to", "with", "&"})
_PARTICLE = trailing_particle("에서", "에서의", "의", "에")
_WORD = re.compile(r"[^\s\"'“”‘’`()\[\]{}<>,.:;!?]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _norm(words: Iterable[str]) -> str:
    return " ".join(w.lower() for w in words)


def section_names(question: str) -> list[str]:
    """The names ``question`` may give a section, longest first (normalised: lowercase,
    one space): the last one to :data:`MAX_NAME_WORDS` words before a section cue
    (섹션, 목록, 밑에, "section", "list" …), or the first ones after "section
    on/about/called ..." or "under". Empty: no cue."""
    out: dict[str, None] = {}
    for m in (*_KO_CUE.finditer(question), *_EN_BEFORE.finditer(question)):
        before = _words(question[: m.start()])
        for n in range(min(MAX_NAME_WORDS, len(before)), 0, -1):
            _add(out, before[-n:])
    for m in _EN_AFTER.finditer(question):
        after = _words(question[m.end() :])
        for n in range(min(MAX_NAME_WORDS, len(after)), 0, -1):
            _add(out, after[:n])
    # Longest first across cues too: "the first paper under Fine Tuning in the paper list"
    # names "Fine Tuning" (under) before "paper" (list), a word of the question's frame.
    return sorted(out, key=lambda name: -name.count(" "))


def _add(out: dict[str, None], words: list[str]) -> None:
    words = list(words)
    # "LLM의 섹션" / "LLM 섹션에서": the particle on the name's last word is not the name's.
    last = _PARTICLE.sub("", words[-1]) if re.search(r"[가-힣]", words[-1]) else words[-1]
    words[-1] = last or words[-1]
    if words[0].lower() in _NOT_NAMES:  # "어느 섹션", "the Methods section" -> "methods"
        return
    out[_norm(words)] = None


def heading_keys(segment: str) -> frozenset[str]:
    """The names one heading segment answers to (normalised): as written, less a
    parenthesised part and that part alone ("GQA (Grouped-Query Attention)": the whole,
    "gqa", "grouped-query attention"), and the initials of each form of two words or
    more ("Large Language Models" -> "llm": a final plural "s" is not an initial)."""
    forms = [segment]
    m = re.fullmatch(r"\s*(.+?)\s*\(([^()]+)\)\s*", segment)
    if m:
        forms += [m.group(1), m.group(2)]
    keys: set[str] = set()
    for form in forms:
        words = _words(form)
        if not words:
            continue
        keys.add(_norm(words))
        parts = [p for w in words for p in w.split("-") if p]
        initials = [p[0] for p in parts if p.lower() not in _SKIP_INITIAL and p[0].isalpha()]
        if len(initials) >= 2 and all(c.isascii() for c in initials):
            keys.add("".join(initials).lower())
    return frozenset(keys)


def _name_keys(name: str) -> set[str]:
    """A name as the question gives it, and a one-word acronym without its plural
    ("LLMs" -> "llms", "llm")."""
    keys = {name}
    if " " not in name and len(name) > 2 and name.endswith("s") and name.isascii():
        keys.add(name[:-1])
    return keys


@dataclass(frozen=True, slots=True)
class Part:
    """One stored passage as this module reads it."""

    chunk_id: str
    source: str
    heading: str  # the heading path, segments joined by " > "
    position: tuple[int, ...]  # in the file (line range or page)


SEPARATOR = " > "


def named_section(names: Sequence[str], parts: Iterable[Part], order: Sequence[str]) -> list[str]:
    """The chunk ids of the section ``names`` name (file order), or ``[]``.

    A section is a heading path prefix in one source that ends in a segment answering
    to a name (:func:`heading_keys`); its parts are the passages under it. The longest
    name that matches wins; among sections it matches in several notes or places, the
    one whose best part stands first in ``order`` (the fused list; the sources' order
    there otherwise)."""
    parts = list(parts)
    for name in names:
        keys = _name_keys(name)
        found = section_where(partial(_answers_to, keys), parts, order)
        if found:
            return found
    return []


def _answers_to(keys: set[str], segment: str) -> bool:
    return bool(keys & heading_keys(segment))


def section_where(
    match: Callable[[str], bool],
    parts: Iterable[Part],
    order: Sequence[str],
    *,
    fused_order: bool = False,
) -> list[str]:
    """The chunk ids (at most :data:`MAX_PARTS`) of the section whose heading segment
    ``match`` accepts, or ``[]``: a heading path prefix in one source ending in such a
    segment, its parts the passages under it; among several such sections, the one
    whose best part stands first in ``order`` (the fused list). The parts come in file
    order, or with ``fused_order`` in their order in ``order`` (those absent from it
    after, in file order): a whole note filed under one date has more parts than the
    places, and the fused order knows which of them the question's other words are in.
    Shared by the named section and the dated entry (retrieve/dated_entries.py)."""
    by_source: dict[str, list[Part]] = {}
    for p in parts:
        by_source.setdefault(p.source, []).append(p)
    rank = {cid: i for i, cid in enumerate(order)}
    found: dict[tuple[str, str], None] = {}
    for source, ps in by_source.items():
        for p in ps:
            segments = p.heading.split(SEPARATOR) if p.heading else []
            for i, seg in enumerate(segments):
                if match(seg):
                    found[(source, SEPARATOR.join(segments[: i + 1]))] = None
    best: tuple[int, list[str]] | None = None
    for source, prefix in found:
        members = [
            p
            for p in by_source[source]
            if p.heading == prefix or p.heading.startswith(prefix + SEPARATOR)
        ]
        members.sort(key=lambda p: p.position)
        if fused_order:
            members.sort(key=lambda p: rank.get(p.chunk_id, len(rank)))  # stable: file order
        top = min((rank.get(p.chunk_id, len(rank)) for p in members), default=len(rank))
        if best is None or top < best[0]:
            best = (top, [p.chunk_id for p in members])
    return best[1][:MAX_PARTS] if best else []


def named_first(
    ranked: Sequence[tuple[str, float]], section: Sequence[str]
) -> list[tuple[str, float]]:
    """``ranked`` (``(id, score)``, best first) with ``section``'s ids in the first
    places, in their order; the places keep their scores (a passage from outside the
    list takes the place below the last, at the last score)."""
    if not section:
        return list(ranked)
    chosen = set(section)
    ids = list(section) + [cid for cid, _ in ranked if cid not in chosen]
    scores = [s for _, s in ranked]
    last = scores[-1] if scores else 0.0
    return [(cid, scores[i] if i < len(scores) else last) for i, cid in enumerate(ids)]


__all__ = [
    "MAX_PARTS",
    "Part",
    "heading_keys",
    "named_first",
    "named_section",
    "section_names",
    "section_where",
]
