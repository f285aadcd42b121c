"""A section asked for by its place in the note's outline: "Recommendation System 다음
섹션은?", "Which section comes right after X?", "X 바로 앞 섹션", "논문 정리 마지막 섹션
이름?", "What is the first section of the paper list?", "Data-Centric NLP 연구의 두 번째
하위 섹션은?" (issue #15, twenty-fourth round).

The answer is a heading, and a heading is in no unit's text: chunks keep their heading
path as context, and a section with no body (a paper list's trailing "Quantization",
"Dataset") leaves no chunk of its own at all (the chunker merges it into the chunk
before it as a bare line, or drops it). So the extractor quotes a line of the named
section and no span of it answers. This module reads the note's outline instead
(:func:`notelens.ingest.markdown.outline`: every heading of the note file in order, a
section-level ``<details>`` summary one below the heading it sits under) and answers
with the heading at the asked place:

* **beside a named section** (the cue as ``answer/neighbour_items.py`` reads it, the
  name written right against it, whole): the next or previous heading at the named
  one's depth or above (its own subsections are skipped: "the section after X" is X's
  sibling);
* **at a place** ("첫 번째", "마지막", "the last"): among the sections of the note (the
  headings at its top depth below a single title heading), or among the subsections of
  a section the question names whole;
* **its own place** ("Methods는 몇 번째 섹션이야?", "RAG 논문은 몇 번째 섹션에 있어?"):
  the named section's place among its siblings, else that of the note's section the
  chain's answer sits in, written "4번째 (Methods)" / "4th (Methods)";
* **how many** ("섹션이 몇 개야?", "How many sections does X have?"): the count, with
  the sections counted;
* **the section above** ("X의 상위 섹션은?", "the parent section of X").

Only a question asking for the section itself fires: the section noun is the cue's or
the place's object and nothing but its name is asked after it ("마지막 섹션에 있는
논문" asks for papers, and stays the extractor's). A name that is no heading of a
retrieved note answers nothing (a section never written is refused as before): the
choice is judged as before this rule (``Choice.judged``), so the refusal signal does not
move. The answer quotes a unit under the answered heading when one was retrieved, else
the line that writes it, else a unit of the named section; the heading is the short
answer (from the outline, not the quote: ``start == end == 0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from notelens.analysis.lang import has_hangul
from notelens.answer.candidates import Scored
from notelens.answer.choose import Choice
from notelens.answer.extractive import Candidate
from notelens.answer.heading_label import without_outline_number
from notelens.answer.neighbour_items import named_at_cue, norm_name
from notelens.answer.ordinal_items import LAST
from notelens.answer.section_asks import SectionAsk, asked_section
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit, build_units
from notelens.errors import NotelensError
from notelens.ingest.markdown import Heading
from notelens.types import Hit

__all__ = ["Answered", "asked_heading", "read_outline", "section_answer"]

Outline = Callable[[str], Sequence[Heading]]

_WORD_RE = re.compile(r"[A-Za-z0-9]+|[가-힣]{2,}")
# Words of a note's title that say nothing of which note ("노트", "the notes").
_TITLE_STOP = frozenset({"the", "of", "and", "in", "on", "for", "a", "an", "to", "notes", "note"})


@dataclass(frozen=True, slots=True)
class Answered:
    """The answer read off an outline: the note, the heading answered (the first one
    counted, for a count), the heading the question names, and the short answer."""

    source: str
    heading: Heading
    named: Heading | None
    text: str


# Plain-text notes that the loader reads as markdown when they write markdown signals.
_TEXT_EXT = (".txt", ".text")


def read_outline(source: str) -> list[Heading]:
    """The outline of the markdown note at ``source`` (a hit's source key); ``[]`` for
    any other format or a note that cannot be read now."""
    from notelens.ingest import load_file
    from notelens.ingest.detect import MARKDOWN_EXT
    from notelens.ingest.markdown import outline
    from notelens.paths import source_path

    path = source_path(source)
    # (Only a file that may be markdown is read: a PDF or an office file, parsed whole,
    # would cost seconds and has no headings to read.)
    if path.suffix.lower() not in (*MARKDOWN_EXT, *_TEXT_EXT):
        return []
    try:
        doc = load_file(path)
    except (NotelensError, OSError):
        return []
    return outline(doc) if doc.format == "markdown" else []


def _name(heading: Heading) -> str:
    # (A heading's outline number, "1. Task 특화 사전 학습", is no part of its name.)
    return norm_name(without_outline_number(heading.text))


def _named_whole(question: str, heading: Heading) -> int:
    """The length of the heading's name when the question writes it whole (0: not)."""
    name = _name(heading)
    if len(name) < 2:
        return 0
    found = re.search(rf"(?<![0-9a-z가-힣]){re.escape(name)}(?![0-9a-z])", norm_name(question))
    return len(name) if found else 0


def _below(heads: Sequence[Heading], at: int) -> list[Heading]:
    """The subsections right below ``heads[at]`` (``at == -1``: the note's sections)."""
    top = heads[at].rank if at >= 0 else 0
    inner: list[Heading] = []
    for h in heads[at + 1 :]:
        if h.rank <= top:
            break
        inner.append(h)
    if not inner:
        return []
    depth = min(h.rank for h in inner)
    return [h for h in inner if h.rank == depth]


def _sections(heads: Sequence[Heading]) -> list[Heading]:
    """The note's sections: its top headings, or those below its one title heading."""
    top = _below(heads, -1)
    if len(top) == 1 and heads and heads[0] is top[0]:
        return _below(heads, 0)
    return top


def _title_words(question: str, title: str) -> int:
    """How many words of a note's title the question writes (a Korean word by its
    first two syllables, a particle may follow it)."""
    q = question.lower()
    qwords = set(_WORD_RE.findall(q))
    n = 0
    for w in {w.lower() for w in _WORD_RE.findall(title)} - _TITLE_STOP:
        n += (w in qwords) if w.isascii() else (w[:2] in q)
    return n


def _beside(heads: Sequence[Heading], at: int, step: int) -> Heading | None:
    """The heading beside ``heads[at]`` at its depth or above: its next or previous
    sibling, else the section it ends (after) or opens (before)."""
    rank = heads[at].rank
    order = range(at + 1, len(heads)) if step > 0 else range(at - 1, -1, -1)
    return next((heads[j] for j in order if heads[j].rank <= rank), None)


def asked_heading(
    ask: SectionAsk, question: str, hits: Sequence[Hit], outline: Outline, lead: int = 0
) -> Answered | None:
    """What ``ask`` asks for, read off the outlines of the retrieved notes (``lead``:
    the hit the chain's answer comes from, whose section a "몇 번째" question counts when
    it names none), or ``None``."""
    sources = list(dict.fromkeys(h.source for h in hits))
    outlines = {s: list(outline(s)) for s in sources}
    if ask.step:
        # The longest heading name written against the cue, the best-ranked note first.
        best: tuple[int, int, str, int] | None = None
        for rank, src in enumerate(sources):
            for i, h in enumerate(outlines[src]):
                n = named_at_cue(ask.anchor, ask.ends, [_name(h)])
                if n and (best is None or (n, -rank) > best[:2]):
                    best = (n, -rank, src, i)
        if best is None:
            return None
        heads = outlines[best[2]]
        nb = _beside(heads, best[3], ask.step)
        return None if nb is None else Answered(best[2], nb, heads[best[3]], nb.text)
    if ask.parent:
        return _parent(question, sources, outlines)
    if ask.number:
        return _number(question, hits, sources, outlines, lead)
    scoped = _scoped(question, hits, sources, outlines)
    if scoped is None:
        return None
    src, parts, named = scoped
    if ask.count:
        names = ", ".join(h.text for h in parts)
        total = f"{len(parts)}개" if has_hangul(question) else str(len(parts))
        return Answered(src, parts[0], named, f"{total} ({names})")
    k = len(parts) if ask.place == LAST else ask.place
    return Answered(src, parts[k - 1], named, parts[k - 1].text) if 1 <= k <= len(parts) else None


def _scoped(
    question: str, hits: Sequence[Hit], sources: list[str], outlines: dict[str, list[Heading]]
) -> tuple[str, list[Heading], Heading | None] | None:
    """The sections a place or a count is asked among: the subsections of a section the
    question names whole, else a note's sections (the note whose title the question
    writes most, then the best ranked); with the note and the named section."""
    scope: tuple[int, int, str, int] | None = None
    for rank, src in enumerate(sources):
        heads = outlines[src]
        for i, h in enumerate(heads):
            n = _named_whole(question, h)
            if n and _below(heads, i) and (scope is None or (n, -rank) > scope[:2]):
                scope = (n, -rank, src, i)
    if scope is not None:
        src, at = scope[2], scope[3]
        return src, _below(outlines[src], at), outlines[src][at]
    titles = {h.source: h.title for h in reversed(hits)}
    ranked = [
        (_title_words(question, titles[s]), -rank, s)
        for rank, s in enumerate(sources)
        if len(_sections(outlines[s])) >= 2
    ]
    if not ranked:
        return None
    src = max(ranked)[2]
    return src, _sections(outlines[src]), None


def _named_longest(
    question: str, sources: list[str], outlines: dict[str, list[Heading]]
) -> tuple[str, int] | None:
    """(the note, the index) of the heading the question names whole, the longest name
    then the best-ranked note."""
    best: tuple[int, int, str, int] | None = None
    for rank, src in enumerate(sources):
        for i, h in enumerate(outlines[src]):
            n = _named_whole(question, h)
            if n and (best is None or (n, -rank) > best[:2]):
                best = (n, -rank, src, i)
    return None if best is None else (best[2], best[3])


def _parent_at(heads: Sequence[Heading], at: int) -> int:
    """The index of the heading ``heads[at]`` sits under (-1: none)."""
    return next((j for j in range(at - 1, -1, -1) if heads[j].rank < heads[at].rank), -1)


def _parent(
    question: str, sources: list[str], outlines: dict[str, list[Heading]]
) -> Answered | None:
    """The section the named section sits in."""
    named = _named_longest(question, sources, outlines)
    if named is None:
        return None
    src, at = named
    heads = outlines[src]
    up = _parent_at(heads, at)
    return None if up < 0 else Answered(src, heads[up], heads[at], heads[up].text)


def _number(
    question: str,
    hits: Sequence[Hit],
    sources: list[str],
    outlines: dict[str, list[Heading]],
    lead: int,
) -> Answered | None:
    """The place of a section among its siblings: the section the question names whole
    (the longest name), else the note's section the lead hit sits in."""
    named = _named_longest(question, sources, outlines)
    if named is not None:
        src, heads = named[0], outlines[named[0]]
        heading = heads[named[1]]
        parts = _below(heads, _parent_at(heads, named[1]))
    else:
        src = hits[lead].source
        parts = _sections(outlines[src])
        path = {seg.strip() for seg in hits[lead].heading.split(" > ")}
        held = next((h for h in parts if h.text in path), None)
        if held is None:
            return None
        heading = held
    if heading not in parts or len(parts) < 2:
        return None
    k = parts.index(heading) + 1
    place = f"{k}번째" if has_hangul(question) else _EN_ORDINAL.get(k, f"{k}th")
    return Answered(src, heading, None, f"{place} ({heading.text})")


_EN_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 21: "21st", 22: "22nd", 23: "23rd"}


def _quoted(
    src: str,
    heading: Heading,
    named: Heading | None,
    scored: Scored,
    hits: Sequence[Hit],
    choice: Choice,
) -> Candidate | None:
    """The unit the answer quotes: one under the answered heading, else the line that
    writes it (a merged empty section), else one under the named heading, else the
    chain's own lead when it is of that note."""
    ours = [c for c in scored.cands if hits[c.hit_index].source == src]
    for target in (heading, named):
        if target is None:
            continue
        under = [
            c
            for c in ours
            if target.text in (s.strip() for s in hits[c.hit_index].heading.split(" > "))
        ]
        if under:
            return min(under, key=lambda c: (c.hit_index, c.position))
        if target is heading:
            line = _heading_line(src, heading, hits, choice.source.score)
            if line is not None:
                return line
    if hits[choice.source.hit_index].source == src:
        return choice.source
    return min(ours, key=lambda c: (c.hit_index, c.position)) if ours else None


def _heading_line(
    src: str, heading: Heading, hits: Sequence[Hit], score: float
) -> Candidate | None:
    """The unit of a retrieved chunk of ``src`` whose text is the heading itself."""
    key = norm_name(heading.text)
    for hi, hit in enumerate(hits):
        if hit.source != src:
            continue
        unit: AnswerUnit | None = next(
            (u for u in build_units(hit.text, hit.heading) if norm_name(u.text) == key), None
        )
        if unit is not None:
            return Candidate.of_unit(hi, unit, score)
    return None


def section_answer(
    question: str,
    scored: Scored,
    hits: Sequence[Hit],
    choice: Choice,
    outline: Outline = read_outline,
) -> tuple[Choice, Span] | None:
    """The choice quoting the asked section's unit, its heading as the short answer;
    ``None`` for other questions or a section no retrieved note's outline holds."""
    ask = asked_section(question)
    if ask is None:
        return None
    found = asked_heading(ask, question, hits, outline, choice.source.hit_index)
    if found is None:
        return None
    lead = _quoted(found.source, found.heading, found.named, scored, hits, choice)
    if lead is None:
        return None
    answered = replace(choice.replaced([lead], lead), judged=choice.for_refusal())
    return answered, Span(found.text, 0, 0)
