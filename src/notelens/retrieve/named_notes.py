"""A question that names a note: that note's passages first (issues #15, #22,
twenty-seventh round).

People ask about one note by its title, or by a part of it, and about a passage the
title's words are not in: "First PET method listed in the overview note" (a note titled
"개요"), "논문정리에서 LoRA 논문 있는 섹션" ("Large Language Models 관련 논문 정리"),
"SSL 시즌4 노트에서 …". The title stands in the first passage only, so neither leg
ties the other passages to it: the question's other words ("first", "method", "listed")
are frame words that every note holds, and the passage that answers ranked 9th to 70th
on realq7, below passages of other notes (docs/benchmarks.md, "Retrieval misses,
twenty-seventh round").

So the titles of the notes the fused head comes from are matched against the question:
the whole title, or its first or last two or more words (not starting or ending on a
function word), spaces optional ("논문정리" for "논문 정리"), followed by a word for a
document (note, 노트, README, 파일 …: a title alone is as often a passage's topic); a
one-word title also in the other language through the lexicon's word table ("overview
note", "the overview?" for "개요"). A part of a title that other notes of the head write is
a shared topic, not a name. The note with the longest match is named (the first in the
fused order among equals), and where none of its passages stands in the first
:data:`MAX_PARTS` places already, its passages, in their fused order and at most
:data:`MAX_PARTS`, take them (the searcher's step). A question that names no title leaves
the search as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

#: At most this many passages of the named note go first: ask reads five hits.
MAX_PARTS = 5

#: The longest run of title words matched (longer titles match by their runs).
MAX_RUN = 6

# Words a run of a title may not start or end on: they join the title's words, and a run
# "for RAG" or "notes for" is in many questions that name no note.
_FUNCTION = frozenset(
    {"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "by", "from",
     "at", "as", "is", "notes", "note", "관련", "및", "등"}
)  # fmt: skip
_WORD = re.compile(r"[^\s\"'“”‘’`()\[\]{}<>,.:;!?/]+")
_HANGUL = re.compile(r"[가-힣]")
_TAG = re.compile(r"^\s*[\[(][^\])]*[\])]\s*")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def title_runs(title: str) -> list[tuple[str, ...]]:
    """The word runs of ``title`` that name its note (lowercased): the whole title, and
    its first and last 2 to :data:`MAX_RUN` words where the run starts and ends on a
    content word and holds a letter. A run from the middle of a long title is a topic
    ("red teaming" of "Prompt injection and red teaming: reading notes"), not the note's
    name. A leading tag ("[스터디]") is no part of the name."""
    words = _words(_TAG.sub("", title))
    if not words:
        return []
    runs: dict[tuple[str, ...], None] = {tuple(words): None}
    for n in range(2, min(MAX_RUN, len(words) - 1) + 1):
        for run in (tuple(words[:n]), tuple(words[-n:])):
            lettered = any(re.search(r"[^\W\d_]", w) for w in run)  # not "4 29" of a date
            if run[0] not in _FUNCTION and run[-1] not in _FUNCTION and lettered:
                runs[run] = None
    return list(runs)


def _pattern(run: Sequence[str]) -> re.Pattern[str]:
    """``run`` as written in a question: spaces, hyphens, the title's punctuation or
    nothing between its words;
    no letter or digit before it; after a Latin word no Latin letter or digit (after a
    Hangul word a particle or a suffix may follow: "개요노트에")."""
    body = r"[\s\-_:,.·]*".join(re.escape(w) for w in run)
    tail = "" if _HANGUL.search(run[-1][-1]) else r"(?![A-Za-z0-9])"
    return re.compile(rf"(?<![A-Za-z0-9가-힣]){body}{tail}", re.IGNORECASE)


def match_length(
    question: str,
    title: str,
    translate: Callable[[str], Iterable[str]] = lambda w: (),
    elsewhere: Iterable[str] = (),
) -> int:
    """How much of ``title`` ``question`` names (the longest run's length without
    spaces; 0: none).

    ``elsewhere``: the text of other notes' passages; a part of the title written
    there is a topic the notes share ("LLM 논문" of "[사내 스터디] LLM 논문 읽기 …",
    "Large Language Models" of "Large Language Models 관련 논문 정리"), not this note's
    name. ``translate``: a lowercased word's spellings in the other language: a
    one-word title is named by a translation too when the question writes it as a
    document's name ("the overview", "overview note" for "개요"; "overview 발표" is a
    talk)."""
    best = 0
    whole = tuple(_words(_TAG.sub("", title)))
    others = list(elsewhere)
    for run in title_runs(title):
        size = sum(len(w) for w in run)
        if size <= best:
            continue
        pattern = _pattern(run)
        if _as_document(pattern, question) and (
            run == whole or not any(pattern.search(t) for t in others)
        ):
            best = size
    if not best and len(whole) == 1:
        for w in set(_words(question)):
            if any(t.lower() == whole[0] for t in translate(w)) and _as_document(
                _pattern((w,)), question, the=True
            ):
                best = len(whole[0])
    return best


# What follows a name that stands for a document: "overview note", "개요노트",
# "research-notes README", "the X page". A title alone ("임종석", "Super Bowl 50") is as
# often the topic a passage is about (KorQuAD, XQuAD: every paragraph file carries its
# article's title), and a question about the topic names no note.
_DOCUMENT = re.compile(
    r"^(?:'s)?\s*(?:(?:notes?|readme|files?|documents?|pages?)(?![A-Za-z])|노트|문서|파일|페이지)",
    re.IGNORECASE,
)


def _as_document(pattern: re.Pattern[str], question: str, *, the: bool = False) -> bool:
    """``pattern`` (a name) stands in ``question`` as a document's name: followed by
    :data:`_DOCUMENT`, or with ``the`` after "the" and before no further word ("in the
    overview?", "the overview's"; only a translated one-word title is allowed this:
    "the Panthers" names a team)."""
    for m in pattern.finditer(question):
        if _DOCUMENT.match(question[m.end() :]):
            return True
        # "the overview?", "the overview's closing line"; "the overview session" is a
        # talk, "the overview describe…" too close to call.
        alone = not re.match(r"\s*[A-Za-z가-힣]", question[m.end() :].removeprefix("'s"))
        alone = alone or question[m.end() :].startswith("'s")
        if the and alone and re.search(r"\bthe\s+$", question[: m.start()], re.IGNORECASE):
            return True
    return False


# A word for a document anywhere in a question: :data:`_DOCUMENT` must follow the name.
_DOCUMENT_WORD = re.compile(
    r"(?:notes?|readme|files?|documents?|pages?)(?![A-Za-z])|노트|문서|파일|페이지", re.IGNORECASE
)


def may_name(question: str, translate: Callable[[str], Iterable[str]] = lambda w: ()) -> bool:
    """Whether ``question`` can name a note at all (issue #22): a word for a document in
    it, or a word with a translation written as a document's name ("the overview?").
    Where it is ``False`` :func:`named_note` finds no note whatever the titles, so the
    searcher skips fetching the fused head's records; the check reads the question
    only."""
    if _DOCUMENT_WORD.search(question):
        return True
    return any(
        any(True for _ in translate(w)) and _as_document(_pattern((w,)), question, the=True)
        for w in set(_words(question))
    )


def named_note(
    question: str,
    notes: Sequence[tuple[str, str]],
    translate: Callable[[str], Iterable[str]] = lambda w: (),
    passages: Sequence[tuple[str, str]] = (),
) -> str | None:
    """The source of the note ``question`` names among ``notes`` (``(source, title)``
    in fused order), or ``None``: the longest match wins, the first in order among
    equals. ``passages``: ``(source, text)`` of the fused head, whose other notes' text
    tells a shared topic from a note's name (:func:`match_length`)."""
    best: tuple[int, str] | None = None
    for source, title in notes:
        others = [text for src, text in passages if src != source]
        size = match_length(question, title, translate, others)
        if size and (best is None or size > best[0]):
            best = (size, source)
    return best[1] if best else None


__all__ = ["MAX_PARTS", "match_length", "may_name", "named_note", "title_runs"]
