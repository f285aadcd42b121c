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
sits under a line naming the thing, a retrieved entry whose short name (a head line as
answer/named_head.py reads it) is the thing the question asks about leads instead, and
the container is read off it. The thing must be the question's subject or a name it
writes ("the study's …" names no entry "/study"). A folder question is left alone (a
folder's README line is its answer), and so is a question whose best unit already sits
under a line naming the thing.
"""

from __future__ import annotations

from collections.abc import Sequence

from notelens.answer.container import asked_names, asks_container, squashed
from notelens.answer.named_head import head_name
from notelens.answer.units import AnswerUnit

__all__ = ["filed_entry"]

_FOLDER_NOUNS = frozenset({"폴더", "디렉토리", "디렉터리", "folder", "directory"})


def _is_entry(unit: AnswerUnit) -> bool:
    """A head line: a title with lines under it, or a numbered line."""
    return unit.kind == "title" or (unit.numbered and unit.kind in ("item", "definition"))


def _filed(names: list[str], unit: AnswerUnit) -> bool:
    """Whether ``unit`` is, or sits under, a line or heading writing a name asked about
    (then answer/container.py reads its container off it)."""
    held = [s for s in unit.context.split(" > ") if s.strip()]
    held += [unit.text] if _is_entry(unit) else []
    return any(n in squashed(s) for s in held for n in names)


def filed_entry(
    question: str, best: AnswerUnit | None, passages: Sequence[Sequence[AnswerUnit]]
) -> tuple[int, AnswerUnit] | None:
    """(the passage index, the entry's unit) of the retrieved entry whose short name is
    the thing a section question asks about (its subject: "X는 어느 섹션 …", or a name
    an English question writes, answer/container.py's ``asked_names``), when the
    ``best`` unit is not filed under it; ``None`` otherwise."""
    noun = asks_container(question)
    if noun is None or noun in _FOLDER_NOUNS or best is None:
        return None
    names = asked_names(question)
    if not names or _filed(names, best):
        return None
    for hi, passage in enumerate(passages):
        for u in passage:
            if _is_entry(u) and squashed(head_name(u.text)) in names:
                return hi, u
    return None
