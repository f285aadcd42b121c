"""The entry a "which section" question names, over a line that only mentions it:
"Llama Guard는 어느 섹션에 정리돼있어?", "Under which heading is the Verify-and-Edit
paper listed?" (issue #15, twenty-fourth round).

Such a question names a thing filed in a note as an entry (a paper list's numbered
line, a title with its bullets under a section), and asks for the section it is filed
under (answer/container.py reads it off the quoted unit's heading path). The scorer's
best unit, though, may be another note's line that merely mentions the thing among
others (a README's folder list: "Prompt injection & red teaming: …, Llama Guard, 방어 기법
메모" under ``/safety``), and the container of that line is the other note's folder.
The thing's own entry says where the notes keep it: when the best unit neither is nor
sits under an entry the question names, a retrieved entry that does name it (its short
name whole, answer/named_head.py's reading of a head line) leads instead, and the
container is read off it. A folder question is left alone (a folder's README line is
its answer), and so is a question whose best unit already sits in the named entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.answer.container import asks_container
from notelens.answer.named_head import names_head
from notelens.answer.units import AnswerUnit

__all__ = ["filed_entry"]

_FOLDER_NOUNS = frozenset({"폴더", "디렉토리", "디렉터리", "folder", "directory"})


def _is_entry(unit: AnswerUnit) -> bool:
    """A head line: a title with lines under it, or a numbered line."""
    return unit.kind == "title" or (unit.numbered and unit.kind in ("item", "definition"))


def _filed(question: str, unit: AnswerUnit) -> bool:
    """Whether ``unit`` is, or sits under, an entry the question names."""
    segments = [s for s in unit.context.split(" > ") if s.strip()]
    return (_is_entry(unit) and names_head(question, unit.text)) or any(
        names_head(question, s) for s in segments
    )


def filed_entry(
    question: str, best: AnswerUnit | None, passages: Sequence[Sequence[AnswerUnit]]
) -> tuple[int, AnswerUnit] | None:
    """(the passage index, the entry's unit) of the retrieved entry the question names,
    for a section question whose ``best`` unit is not filed under it; ``None``
    otherwise."""
    noun = asks_container(question)
    if noun is None or noun in _FOLDER_NOUNS or best is None or _filed(question, best):
        return None
    for hi, passage in enumerate(passages):
        for u in passage:
            if _is_entry(u) and names_head(question, u.text):
                return hi, u
    return None
