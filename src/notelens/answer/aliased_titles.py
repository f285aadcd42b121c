"""A paper's full title, asked for by the short name its entry writes beside it:
"LLaVA 논문 정식 제목 뭐야", "GQA 논문 제목?", "What is the full title of the Tern paper?"
(issue #15, twenty-sixth round).

A paper list writes an entry as its title with the short name people call it by
("Visual Instruction Tuning(LLaVA, 2023)"), or the short name first ("FLASK: Fine-grained
Language Model Evaluation …"), and a prose note quotes it ('Ainslie et al., 2023, "GQA:
Training Generalized …"'). A question names the paper by the short name only, so the
words it shares with the notes are the name and "논문 제목": the scorer's best line may be
another one that writes "제목" (a README's "논문 제목은 원문 그대로"), or the right line with
its author cut as the short answer. This rule reads the retrieved units' (short name,
title) pairs and answers with the title whose short name the question writes whole (the
longest one: "LLaVA1.5" is not "LLaVA"), quoting its unit. A note's own title, named by
words of it, is answer/note_titles.py's (it runs first); a link's target title is
answer/link_answers.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from notelens.answer.candidates import Scored, every_unit
from notelens.answer.choose import Choice
from notelens.answer.extractive import Candidate
from notelens.answer.grounding import latin_names
from notelens.answer.link_answers import LINK_FLOOR
from notelens.answer.note_titles import asks_title
from notelens.answer.span import Span
from notelens.types import Hit

__all__ = ["AliasedTitle", "aliased_title", "title_pairs"]

# "Title(Alias, 2023)", "Title (Alias)": the short name first in the parentheses, a
# year or a remark may follow it after a comma.
_PAREN_RE = re.compile(
    r"(?P<title>[^()\[\]\"“”:]{8,}?)\s*\(\s*(?P<alias>[^(),]{2,40}?)\s*(?:,[^()]*)?\)"
)
# "Alias: Title", "Alias : Title" (a line or a quoted string that opens with the name).
_COLON_RE = re.compile(r"^\s*(?P<alias>[A-Za-z][\w.+\- ]{1,30}?)\s*:\s*(?P<title>\S.{7,})$")
# A title quoted in a prose line ('Ainslie et al., 2023, "GQA: …"').
_QUOTED_RE = re.compile(r"[\"“](?P<q>[^\"“”]{8,})[\"”]")
# What trails a title and is no part of it: "(2024, 작성중)", a link.
_TRAIL_RE = re.compile(r"\s*(?:\([^()]*\)|\(?https?://\S+\)?)\s*$")


def _clean(title: str) -> str:
    out = title.strip()
    while (cut := _TRAIL_RE.sub("", out)) != out:
        out = cut
    return out.strip(" .,")


def _named(alias: str) -> bool:
    """Whether ``alias`` reads as a name: a capital or a digit in it."""
    return any(ch.isupper() or ch.isdigit() for ch in alias)


def _latin(title: str) -> bool:
    """Whether ``title`` is written mostly in Latin letters, as a paper's title is."""
    letters = [ch for ch in title if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.6 * len(letters)


def title_pairs(text: str) -> Iterator[tuple[str, str]]:
    """The (short name, full title) pairs ``text`` writes; the full title keeps an
    "Alias: …" head (it is how the paper is titled)."""
    for m in _PAREN_RE.finditer(text):
        alias = m.group("alias").strip()
        # (A year, "2023", or a remark, "참고 논문", is no short name: it has no Latin letter.)
        if re.search(r"[A-Za-z]", alias):
            yield alias, _clean(m.group("title"))
    for line in [text, *(m.group("q") for m in _QUOTED_RE.finditer(text))]:
        c = _COLON_RE.match(line)
        # (A name before the colon, "GQA", "Stable Diffusion 3", and a work's title after
        # it: "shared expert: 모든 토큰이 …" is a glossary line, its term no short name.)
        if c is not None and _named(c.group("alias")) and _latin(c.group("title")):
            yield c.group("alias").strip(), _clean(line)


def _written(alias: str, question: str) -> bool:
    """Whether ``question`` writes ``alias`` whole (not as part of "LLaVA1.5", "LLaVA-2")."""
    name = " ".join(alias.lower().split())
    found = re.search(
        rf"(?<![0-9a-z]){re.escape(name)}(?![0-9a-z]|[-.][0-9a-z])",
        " ".join(question.lower().split()),
    )
    return found is not None


def _names_only(alias: str, question: str) -> bool:
    """Whether every name the question writes (a Latin word with a capital or a digit)
    is part of ``alias``: then the unit holds all that is asked, the name and its title."""
    held = alias.lower()
    return all(n.lower() in held for n in latin_names(question))


@dataclass(frozen=True, slots=True)
class AliasedTitle:
    """The choice led by the titled unit, the title as the short answer, and the floor
    of the refusal signal (:data:`LINK_FLOOR` when the question names nothing but the
    short name, else 0.0)."""

    choice: Choice
    short: Span
    floor: float


def aliased_title(
    question: str, scored: Scored, hits: Sequence[Hit], choice: Choice
) -> AliasedTitle | None:
    """The unit that writes the asked paper's full title beside the short name the
    question names it by, leading, with the title as the short answer; ``None`` when no
    title is asked or no retrieved unit pairs a written name with a title.

    The unit then holds all that is asked, as a link's target does for a linked title
    (answer/link_answers.py): its strength is at least the same floor, when the question
    names no other thing; the scorer's best unit, which the refusal signal reads, shares
    only "논문 제목" with the question so often that it would refuse the right answer."""
    if not asks_title(question):
        return None
    best: tuple[int, int, Candidate, str, str] | None = None
    # The lead first, then the units by score, then the retrieved units the scorer left
    # out (an entry's title line is its bullets' context): the longest name written wins.
    for rank, cand in enumerate(every_unit(choice.source, scored, hits)):
        if cand.unit is None:
            continue
        for alias, title in title_pairs(cand.text):
            if len(title) <= len(alias) + 3 or not _written(alias, question):
                continue
            # (The question writing the title itself asks something else of it.)
            if _written(title, question):
                continue
            key = (len(alias), -rank)
            if best is None or key > (best[0], best[1]):
                best = (len(alias), -rank, cand, title, alias)
    if best is None:
        return None
    lead, title, best_alias = best[2], best[3], best[4]
    chosen = [lead, *(c for c in choice.chosen if c is not lead)][: max(1, len(choice.chosen))]
    chosen.sort(key=lambda c: (c.hit_index, c.position))
    answered = replace(choice, chosen=chosen, source=lead, lead=chosen.index(lead))
    floor = LINK_FLOOR if _names_only(best_alias, question) else 0.0
    return AliasedTitle(answered, Span(title, 0, 0), floor)
