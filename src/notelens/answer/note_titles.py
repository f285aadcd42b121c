"""A note's full title, asked for by the words a user knows it by.

A study note or a README is known by a short name: "거꾸로 읽는 SSL 시즌4 스터디 제목이
뭐야", "What is the title of the SSL season 4 study?" name the note by words of its title,
whose rest ("…: Large Language Models and Alignment Learning") is what is asked
(:func:`named_title`). A linked entry's title or path, which only its link's target
holds, is answer/link_answers.py's; :func:`titled_answer` runs when no link answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from notelens.answer.candidates import Scored
from notelens.answer.choose import Choice
from notelens.answer.container import asks_container
from notelens.answer.extractive import Candidate
from notelens.answer.span import Span
from notelens.types import Hit

# "원래 논문 제목", "full title", "정식 명칭", "제목이 뭐야", "the title of", "titled".
_TITLE_RE = re.compile(
    r"(?:원래|원|전체|정식|풀|full|원문)\s*(?:논문\s*)?(?:제목|title|이름|명칭|네임)"
    r"|제목(?:이|은)?\s*(?:뭐|뭔|무엇|알려|어떻게)|제목\s*[?？]?\s*$|원제|풀\s*네임|full\s*name"
    r"|\b(?:full|original|complete|exact)\s+(?:paper\s+)?(?:title|name)\b"
    r"|\btitle\s+of\b|\btitled\b",
    re.I,
)
# The fewest characters beyond the named words a title must hold to add anything.
_MIN_NAME = 4


def asks_title(question: str) -> bool:
    """Whether ``question`` asks for a title (not a container: "어느 섹션 제목 밑에 있어?"
    asks where a thing sits, container.py's)."""
    return asks_container(question) is None and _TITLE_RE.search(question) is not None


def _norm(text: str) -> str:
    """Lower-cased, without spaces, underscores, hyphens or colons."""
    return re.sub(r"[\s_:-]+", "", text).lower()


# "<the thing> 제목이 뭐야", "<the thing>의 원래 제목": the words that name the thing.
_TITLE_OF_KO_RE = re.compile(r"^\s*(.+?)\s*(?:의\s*)?(?:원래\s*|전체\s*|정식\s*)?(?:제목|title)")
# "What is the title of the SSL season 4 study?", "the full title of …".
_TITLE_OF_EN_RE = re.compile(r"\btitle\s+of\s+(?:the\s+)?(.+?)\s*\??\s*$", re.I)
# What the thing is, not its name ("스터디", "the study").
_KIND_WORDS = frozenset(
    {
        *("스터디", "글", "노트", "논문", "문서", "페이지", "파일", "정리", "메모"),
        *("study", "note", "notes", "paper", "page", "document", "file", "the", "full"),
        "original",
    }
)
# The fewest words a question names a note by: one word ("GQA 논문 제목") names an entry.
_TITLE_WORDS = 2


def named_title(question: str, titles: Sequence[str]) -> int | None:
    """The index of the note title that holds every word the question names its thing
    by (at least :data:`_TITLE_WORDS` of them) and more besides: the note asked about,
    whose full title is the answer."""
    m = _TITLE_OF_EN_RE.search(question) or _TITLE_OF_KO_RE.search(question)
    if m is None:
        return None
    words = [
        _norm(re.sub(r"(?<=[가-힣])(?:의|은|는)$", "", w))
        for w in re.findall(r"[\w.+-]+", m.group(1))
        if w.lower() not in _KIND_WORDS
    ]
    words = [w for w in words if w]
    if len(words) < _TITLE_WORDS:
        return None
    for i, title in enumerate(titles):
        held = _norm(title)
        if all(w in held for w in words) and len(held) > sum(map(len, words)) + _MIN_NAME:
            return i
    return None


def _lead_with(choice: Choice, unit: Candidate, answer: str) -> tuple[Choice, Span]:
    """``choice`` led by ``unit``, with ``answer`` as its short answer."""
    chosen = [unit, *(c for c in choice.chosen if c is not unit)][: max(1, len(choice.chosen))]
    chosen.sort(key=lambda c: (c.hit_index, c.position))
    return replace(choice, chosen=chosen, source=unit, lead=chosen.index(unit)), Span(answer, 0, 0)


def titled_answer(
    question: str, scored: Scored, hits: Sequence[Hit], choice: Choice
) -> tuple[Choice, Span] | None:
    """The choice led by a unit of the note ``question`` names by words of its title,
    with that title as the short answer; ``None`` when it asks no title or names no note."""
    if not asks_title(question):
        return None
    lead = choice.source.hit_index
    order = sorted(range(len(hits)), key=lambda i: i != lead)
    at = named_title(question, [hits[i].title for i in order])
    if at is None:
        return None
    hi = order[at]
    units = [c for c in scored.cands if c.hit_index == hi]
    if not units:
        return None
    unit = choice.source if hi == lead else max(units, key=lambda c: c.score)
    return _lead_with(choice, unit, hits[hi].title)
