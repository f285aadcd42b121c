"""What a note writes under a named line: "Infra 밑에 달린 bullet 뭐야?", "prompt Engineering
아래 bullet 뭐야", "What bullet sits under Backbone?" (issue #15, twenty-sixth round).

Such a question names a list's line X and asks for the lines under it, not for X: the
scorer's best unit is X itself (it holds the question's only content words), so the
answer repeats the question. The lines under X are its children: the bullets nested
under a title line (their context ends with it), or, in an export that writes the
nesting flat, the plain bullets right after a numbered line ("1. Infra" / "- 운영환경" /
"2. Backbone Model"), up to the next numbered one. Those lead, X's own line left out.

The other way round, a question asking which item X sits under ("Automatic Curriculum은
어떤 방향성 항목 밑에 있어?") is answer/container.py's, whose heading path stops at the
section in such an export: :func:`flat_parent` names the numbered line X hangs under.

A question that asks a place among them ("X 아래 첫 항목", "the last item under X") or
a neighbour ("X 밑에 Y 다음 bullet") is answer/ordinal_items.py's and
answer/neighbour_items.py's; a question asking where X sits ("X는 어느 항목 밑이야?")
is answer/container.py's: neither is read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.neighbour_items import norm_name
from notelens.answer.units import AnswerUnit

__all__ = ["asked_under", "children_of", "flat_parent"]

_KO_LINE = r"(?:bullet|불릿|sub\s*-?\s*items?|items?|하위\s*항목|세부\s*항목|항목|내용|거|것)"
# "X 밑에 달린 bullet 뭐야?", "X 아래 bullet 뭐야", "X 밑에 뭐 적혀있어",
# "X 밑에 있는 sub item 뭐였지?"
_KO_RE = re.compile(
    r"^\s*(?P<x>.+?)\s*(?:의\s*)?(?:밑|아래)(?:에|에는|엔)?\s*"
    r"(?:(?:달린|달려\s*있는|있는|적힌|적혀\s*있는|붙은|나오는)\s*)?"
    rf"(?:{_KO_LINE}\s*(?:은|는|이|가|들은)?\s*)?"
    r"(?:뭐|무엇|뭔|어떤\s*거|적혀|써\s*있|나와)"
    # A question may end on the line's noun, the asking left unsaid ("Infra 밑에 적힌 거",
    # "Tuning 아래 하위 항목들"): the noun, after a verb of being written or none, ends it.
    rf"|^\s*(?P<y>.+?)\s*(?:의\s*)?(?:밑|아래)(?:에|에는|엔)?\s*"
    r"(?:(?:달린|달려\s*있는|있는|적힌|적혀\s*있는|붙은|나오는)\s*)?"
    rf"{_KO_LINE}\s*(?:들)?\s*(?:은|는|이|가)?\s*\??\s*$"
)
# "What bullet sits under Backbone?", "What is listed under Infra?", "Which items are
# written below Tuning?"
_EN_RE = re.compile(
    r"^\s*(?:what|which)(?:'s|\s+is|\s+are)?\s+(?:the\s+)?(?:(?:bullets?|items?|sub-?items?"
    r"|points?|lines?)\s+)?(?:(?:is|are|sits?|listed|written|nested|kept)\s+)*"
    r"(?:under|below|beneath)\s+(?:the\s+)?(?P<x>.+?)\s*\??\s*$",
    re.I,
)
# A place or a neighbour among the lines: another rule's question.
_PLACE_RE = re.compile(
    r"첫|두\s*번|세\s*번|마지막|번\s*째|다음|앞|뒤|몇|\b(?:first|second|third|last|next|after|before"
    r"|how\s+many)\b",
    re.I,
)
# A scope the question writes after X in English ("under Infra in the overview note").
_EN_SCOPE_RE = re.compile(r"\s+(?:in|of|from)\s+(?:the\s+)?.+$", re.I)


def asked_under(question: str) -> str | None:
    """The name of the line whose children the question asks for, normalised
    (:func:`~notelens.answer.neighbour_items.norm_name`), or ``None``."""
    if _PLACE_RE.search(question):
        return None
    m = _KO_RE.search(question)
    if m is not None:
        name = m.group("x") or m.group("y")
    else:
        e = _EN_RE.search(question)
        if e is None:
            return None
        name = _EN_SCOPE_RE.sub("", e.group("x"))
    name = norm_name(name)
    return name if len(name) >= 2 else None


def _named(name: str, unit: AnswerUnit) -> bool:
    """Whether ``unit``'s line is the one named: the name ends the question's words
    before the cue ("LLM 재료에서 Infra" names "Infra"), whole."""
    line = norm_name(unit.text)
    return bool(line) and (
        name == line or (name.endswith(line) and name[-len(line) - 1 : -len(line)] == " ")
    )


def _nameable(name: str, unit: AnswerUnit) -> bool:
    return unit.kind in ("title", "item", "definition") and _named(name, unit)


def children_of(question: str, best: AnswerUnit, passage: Sequence[AnswerUnit]) -> list[AnswerUnit]:
    """The lines under the line the question names, when it asks for what is under it:
    ``best`` itself, or else the first line of its passage named; ``[]`` otherwise.

    (The named line need not score best: a sibling line that shares the question's
    other words ("LLM 재료에서 Infra 밑에 …" over "3. Tuning", which repeats no more of it
    than "1. Infra" does) may lead, and its children are not the ones asked.)"""
    name = asked_under(question)
    if name is None:
        return []
    if not _nameable(name, best):
        found = next((u for u in passage if _nameable(name, u)), None)
        if found is None:
            return []
        best = found
    inner = f"{best.context} > {best.text}" if best.context else best.text
    nested = [u for u in passage if u.context == inner and u.position > best.position]
    if best.kind == "title" or nested:
        return nested
    if not best.numbered:
        return []
    # Written flat: the plain bullets right after the numbered line, at its context.
    out: list[AnswerUnit] = []
    for u in passage:
        if u.position <= best.position:
            continue
        if u.context != best.context or u.numbered or u.kind not in ("item", "definition"):
            break
        out.append(u)
    return out


def flat_parent(unit: AnswerUnit, passage: Sequence[AnswerUnit]) -> AnswerUnit | None:
    """The numbered line a plain bullet hangs under in an export that writes the nesting
    flat ("5. prompt Engineering" / "- Automatic Curriculum"): the nearest numbered item
    above it at its context with only plain bullets between; ``None`` for any other
    unit (a numbered line itself, a bullet nested by indentation, prose between)."""
    if unit.kind not in ("item", "definition") or unit.numbered:
        return None
    above = sorted(
        (u for u in passage if u.position < unit.position), key=lambda u: u.position, reverse=True
    )
    for u in above:
        if u.context != unit.context or u.kind not in ("item", "definition"):
            return None
        if u.numbered:
            return u
    return None
