"""Where the notes keep a thing: "GSM8K Platinum은 어느 폴더에 있어?", "Under which
section are the reward-model papers listed?".

Such a question asks for the unit's place in its note, not for anything its text says:
the answer is the folder or section the unit sits under, which the unit's context (its
heading path, and the list items and labels above it) holds. A folder question takes the
deepest segment written as a path ("`/research`", "papers/"), a section, category or
chapter question the deepest segment of all (below the note's title). The span comes
from the context, as ``heading_when``'s does: ``start == end == 0``.
"""

from __future__ import annotations

import re

from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

__all__ = ["asks_container", "container_span"]

_KO_NOUNS = "폴더|디렉토리|디렉터리|섹션|카테고리|분류|챕터|목록|헤딩|항목"
_EN_NOUNS = "folder|directory|section|category|chapter|heading"
# Korean questions name the container in English as often as in Korean ("어느 section에
# 들어가 있지?"), and ask with 어디 as well as 어느 ("어디 폴더 밑에 링크돼 있어?").
_KO_RE = re.compile(
    rf"(?:어느|어떤|무슨|어디)\s*({_KO_NOUNS}|{_EN_NOUNS})\s*(?:에|에서|안에|밑에|아래에?|으로|로)\s*"
    r"(?:있|속|들어|정리|나와|나오|분류|포함|적혀|올라|넣|다뤄|다루|링크|저장|모여)",
    re.I,
)
_EN_RE = re.compile(
    rf"\b(?:in|under|into)\s+(?:which|what)\s+({_EN_NOUNS})s?\b"
    rf"|\b(?:which|what)\s+({_EN_NOUNS})s?\s+(?:is|are|does|do|did|was|were|has|have|holds?"
    r"|contains?|lists?|mentions?|covers?)\b",
    re.I,
)
# "Which sections is the paper list split into?" asks for the sections inside a thing.
_INSIDE_RE = re.compile(r"\b(?:split|divided|organi[sz]ed|broken)\s+into\b|나뉘|구성", re.I)
# A segment that is a path, or opens with one ("`/other`: This section encompasses …").
_PATH_RE = re.compile(r"^`?(/?[\w.-]+(?:/[\w.-]+)*/?)`?(?=$|\s*[:：\s])")


def asks_container(question: str) -> str | None:
    """The container noun a question asks for ("폴더", "section"), or ``None``."""
    if _INSIDE_RE.search(question):
        return None
    m = _KO_RE.search(question) or _EN_RE.search(question)
    if m is None:
        return None
    return next(g for g in m.groups() if g).lower()


def _path(segment: str) -> str | None:
    m = _PATH_RE.match(segment)
    return m.group(1) if m is not None and "/" in m.group(1) else None


def container_span(question: str, unit: AnswerUnit) -> Span | None:
    """The folder or section ``unit`` sits under, for a question asking where the notes
    keep something; ``None`` for other questions or a unit with no context below its
    note's title."""
    noun = asks_container(question)
    if noun is None:
        return None
    segments = [s.strip() for s in unit.context.split(" > ") if s.strip()][1:]
    if noun in ("폴더", "디렉토리", "디렉터리", "folder", "directory"):
        segments = [p for p in map(_path, segments) if p is not None]
    if not segments:
        return None
    return Span(segments[-1].strip("`"), 0, 0)
