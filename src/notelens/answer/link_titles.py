"""A linked entry's full title or path, asked for by the short name its link shows.

A README or a link digest links each write-up under a short name and keeps the long
one in the target: ``[Emergent Value Systems](research/Utility Engineering Analyzing
and Controlling Emergent Value Systems in AIs/content)``. The chunk's text keeps only the
link's text ("Emergent Value Systems"); the target travels with the hit
(:class:`notelens.types.Link`). People ask for what only the target holds, by the name
they saw:

* the **title** — "Emergent Value Systems 글 원래 논문 제목 뭐였지", "Critique
  Fine-Tuning 논문 full title 알려줘", "What is the subtitle of the … paper?": the
  target's path segment that holds the shown name and more ("Critique Fine-Tuning
  Learning to Critique is More Effective than Learning to Imitate");
* the **path** — "Variation selector 글 경로 어디야?", "Where does the GQA entry link
  to?": the target itself.

A note is known by a short name too: "거꾸로 읽는 SSL 시즌4 스터디 제목이 뭐야" names the
note by words of its title, whose rest ("…: Large Language Models and Alignment
Learning") is what is asked (:func:`named_title`).

:func:`linked_answer` finds the link a title or path question names (in the lead's
passage first, then the others, best first), makes the unit that shows the link the
answer's lead, and returns the span to lead with. A question naming no link, or a link
whose target adds nothing to its text, is left to the other rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from notelens.answer.candidates import Scored
from notelens.answer.choose import Choice
from notelens.answer.container import asks_container
from notelens.answer.extractive import Candidate
from notelens.answer.span import Span
from notelens.types import Hit, Link

LinkAsk = Literal["title", "path"]

# "원래 논문 제목", "full title", "정식 명칭", "제목이 뭐야", "부제", "subtitle",
# "the title of", "original title".
_TITLE_RE = re.compile(
    r"(?:원래|원|전체|정식|풀|full|원문)\s*(?:논문\s*)?(?:제목|title|이름|명칭|네임)"
    r"|제목(?:이|은)?\s*(?:뭐|뭔|무엇|알려|어떻게)|부제|풀\s*네임|full\s*name"
    r"|\bsub-?title\b|\b(?:full|original|complete|exact)\s+(?:paper\s+)?(?:title|name)\b"
    r"|\btitle\s+of\b|\btitled\b",
    re.I,
)
# "경로 어디야", "파일 위치", "링크 주소", "어디로 링크", "path", "link to", "URL".
_PATH_RE = re.compile(
    r"경로|파일\s*위치|링크\s*(?:주소|경로|어디)|어디로\s*링크|\bpath\b|\blinks?\s+to\b|\burl\b",
    re.I,
)
# The fewest characters of a link's text that a question names it by (not "a", "etc").
_MIN_NAME = 4


def asks_link(question: str) -> LinkAsk | None:
    """Whether ``question`` asks for a linked entry's title or path (not a container:
    "어디 폴더 밑에 링크돼 있어?" asks where the link sits, container.py's)."""
    if asks_container(question) is not None:
        return None
    if _PATH_RE.search(question):
        return "path"
    if _TITLE_RE.search(question):
        return "title"
    return None


def _norm(text: str) -> str:
    """Lower-cased, without spaces, underscores, hyphens or colons."""
    return re.sub(r"[\s_:-]+", "", text).lower()


def _segment_title(link: Link) -> str | None:
    """The target's path segment that holds the link's text and more (its full title),
    spaces for underscores; ``None`` when no segment adds to the text."""
    shown = _norm(link.text)
    best: str | None = None
    for seg in re.split(r"[/\\]", link.url.split("#")[0].split("?")[0]):
        seg = re.sub(r"\.(?:md|txt|html?|pdf)$", "", seg, flags=re.I).replace("_", " ").strip()
        longer = shown in _norm(seg) and len(_norm(seg)) > len(shown)
        if longer and len(seg.split()) >= 3 and (best is None or len(seg) > len(best)):
            best = seg
    return best


def link_answer(kind: LinkAsk, link: Link) -> str | None:
    """What a ``kind`` question asks of ``link``: its target (path) or the target's
    segment holding its full title; ``None`` when the target adds nothing."""
    if kind == "path":
        return link.url if _norm(link.url) != _norm(link.text) else None
    return _segment_title(link)


def named_link(question: str, links: Sequence[Link]) -> Link | None:
    """The link whose shown text the question writes (the longest such text)."""
    q = _norm(question)
    named = [lk for lk in links if len(_norm(lk.text)) >= _MIN_NAME and _norm(lk.text) in q]
    return max(named, key=lambda lk: len(lk.text), default=None)


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


def linked_answer(
    question: str, scored: Scored, hits: Sequence[Hit], choice: Choice
) -> tuple[Choice, Span] | None:
    """The choice led by the unit showing the link ``question`` names, and the title or
    path it asks for; ``None`` when it asks neither or names no link with more in its
    target."""
    kind = asks_link(question)
    if kind is None:
        return None
    lead = choice.source.hit_index
    for hi in sorted(range(len(hits)), key=lambda i: i != lead):
        link = named_link(question, hits[hi].links)
        if link is None:
            continue
        answer = link_answer(kind, link)
        if answer is None:
            continue
        shows = [
            c for c in scored.cands if c.hit_index == hi and link.text.lower() in c.text.lower()
        ]
        if not shows:
            continue
        return _lead_with(choice, max(shows, key=lambda c: c.score), answer)
    if kind == "title":
        order = sorted(range(len(hits)), key=lambda i: i != lead)
        at = named_title(question, [hits[i].title for i in order])
        if at is not None:
            hi = order[at]
            units = [c for c in scored.cands if c.hit_index == hi]
            if units:
                unit = choice.source if hi == lead else max(units, key=lambda c: c.score)
                return _lead_with(choice, unit, hits[hi].title)
    return None
