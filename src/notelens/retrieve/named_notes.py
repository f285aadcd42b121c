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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

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
    places: Collection[int] = (),
) -> int:
    """How much of ``title`` ``question`` names (the longest run's length without
    spaces; 0: none).

    ``elsewhere``: the text of other notes' passages; a part of the title written
    there is a topic the notes share ("LLM 논문" of "[사내 스터디] LLM 논문 읽기 …",
    "Large Language Models" of "Large Language Models 관련 논문 정리"), not this note's
    name. ``translate``: a lowercased word's spellings in the other language: a
    one-word title is named by a translation too when the question writes it as a
    document's name ("the overview", "overview note" for "개요"; "overview 발표" is a
    talk). ``places``: offsets of ``question`` where a locative particle begins
    (the analyzer's, "논문정리에서", "논문 정리에"): a run that ends there is named as
    the place a thing is written, with no word for a document after it."""
    best = 0
    whole = tuple(_words(_TAG.sub("", title)))
    others = list(elsewhere)
    for run in title_runs(title):
        size = sum(len(w) for w in run)
        if size <= best:
            continue
        pattern = _pattern(run)
        if _as_document(pattern, question, places=places) and (
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


def _as_document(
    pattern: re.Pattern[str], question: str, *, the: bool = False, places: Collection[int] = ()
) -> bool:
    """``pattern`` (a name) stands in ``question`` as a document's name: followed by
    :data:`_DOCUMENT`, or with ``the`` after "the" and before no further word ("in the
    overview?", "the overview's"; only a translated one-word title is allowed this:
    "the Panthers" names a team)."""
    for m in pattern.finditer(question):
        if _DOCUMENT.match(question[m.end() :]) or m.end() in places:
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


def may_name(
    question: str,
    translate: Callable[[str], Iterable[str]] = lambda w: (),
    places: Collection[int] = (),
) -> bool:
    """Whether ``question`` can name a note at all (issue #22): a word for a document in
    it, or a word with a translation written as a document's name ("the overview?").
    Where it is ``False`` :func:`named_note` finds no note whatever the titles, so the
    searcher skips fetching the fused head's records; the check reads the question
    only (``places``: where a locative particle begins in it, :func:`match_length`)."""
    if places or _DOCUMENT_WORD.search(question):
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
    places: Collection[int] = (),
    sectioned: Callable[[str], bool] = lambda source: False,
    note_texts: Callable[[str], Sequence[str]] | None = None,
) -> str | None:
    """The source of the note ``question`` names among ``notes`` (``(source, title)``
    in fused order), or ``None``: the longest match wins, the first in order among
    equals. ``passages``: ``(source, text)`` of the fused head, whose other notes' text
    tells a shared topic from a note's name (:func:`match_length`); another note's own
    title in its text is no topic written there, so two notes whose titles share a run
    ("… 관련 논문 정리") are both named by it, and the question's other words choose
    between them (:func:`_other_words`; none where they do not tell them apart; with
    no ``passages`` the first in order).
    ``places``: where a locative particle begins in ``question`` (:func:`match_length`),
    read only for the notes ``sectioned`` says have passages under headings of their
    own, which lack the title (asked only where the particle makes the match): a note
    whose every passage carries its title (an article's paragraphs) is found by the
    title's words already. ``note_texts``: every
    passage of a note, for the choice between equals (by default its passages in
    ``passages``: the head holds only some, and a word of the question may stand in the
    others)."""
    titles = dict(notes)
    texts: dict[str, list[str]] = {}
    for src, text in passages:
        texts.setdefault(src, []).append(text)
    sizes: dict[str, int] = {}
    for source, title in notes:
        others = [
            _without(text, titles.get(src, ""), title) for src, text in passages if src != source
        ]
        size = match_length(question, title, translate, others)
        if places:
            placed = match_length(question, title, translate, others, places)
            if placed > size and sectioned(source):
                size = placed
        if size:
            sizes[source] = size
    if not sizes:
        return None
    top = max(sizes.values())
    tied = [src for src in sizes if sizes[src] == top]
    if len(tied) == 1:
        return tied[0]
    # Equals: where their titles share the named run, the question's other words tell
    # them apart; otherwise the first in fused order, as before.
    runs = [_matched_run(question, titles[src], top) for src in tied]
    if not passages or len(set(runs)) == len(runs):
        return tied[0]
    read = note_texts or (lambda src: texts.get(src, []))
    return _other_words(question, runs[0] or (), {src: read(src) for src in tied})


def _without(text: str, title: str, own: str) -> str:
    """``text`` less its note's ``title`` (the note's name, not a topic it writes) where
    that title is not ``own``: notes titled alike are one article's paragraphs, and
    their title in each other's text stays a shared topic, as before."""
    return text.replace(title, " ") if title.strip() and title != own else text


def _matched_run(question: str, title: str, size: int) -> tuple[str, ...] | None:
    """The run of ``title`` of ``size`` letters that ``question`` writes, if any."""
    for run in title_runs(title):
        if sum(len(w) for w in run) == size and _pattern(run).search(question):
            return run
    return None


def _other_words(
    question: str, run: Sequence[str], texts: Mapping[str, Sequence[str]]
) -> str | None:
    """The one note of ``texts`` (source -> its passages in the fused head) that holds
    the most of ``question``'s words outside the title ``run`` (two letters or more, as
    written), or ``None`` where no note holds more than every other."""
    named = {w for part in run for w in _words(part)}
    words = {w for w in _words(question) if len(w) >= 2 and w not in named}
    counts: dict[str, int] = {}
    for src, parts in texts.items():
        joined = "\n".join(parts).lower()
        counts[src] = sum(1 for w in words if _written(w, joined))
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(counts, key=lambda src: counts[src])


def _written(word: str, text: str) -> bool:
    """``word`` stands in ``text`` (lowercased): a Latin word or number as a whole word
    ("rag" not in "storage"), a Hangul word anywhere (a particle may follow it)."""
    if _HANGUL.search(word):
        return word in text
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None


__all__ = ["MAX_PARTS", "match_length", "may_name", "named_note", "title_runs"]
