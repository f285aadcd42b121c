"""One item of a list, asked for by its place: "LLM 재료 중 두번째는?", "Interpretability
첫번째 논문?", "GPT-3 전처리 2번 단계", "What's the first paper listed under Diffusion
Models?", "the last entry of the Large Language Models list" (issue #15, twenty-second
round).

People ask for an item of a list by its place in it and by the list's name (a heading, a
label line, or the item the list hangs under), not by the item's own words: the
question shares no word with the answer, and the scorer's best unit is whatever line
repeats the list's name. The answer is the item at that place, read off the note as it
is written:

* a **numbered list** says each item's place itself ("7. [Bytepair Encoding]"): the
  item numbered k, and for "the last" the highest number, in every retrieved passage
  of that list (a long list is split over chunks); plain bullets between the numbered
  lines ("1. Infra" / "- 운영환경" / "2. Backbone Model") are the items' details, not
  items;
* a list of **plain bullets** counts its bullets in order, one run of them (a prose
  line between two runs ends the list);
* a list **under an item** the question names ("Tuning 아래 첫 항목", "QLoRA 밑에 첫번째
  항목"): the bullets nested below that item, or, where the note writes the details of
  a numbered line as plain bullets beneath it, those bullets.

The list is the one whose name (the innermost heading or parent of its items) the
question writes most of; no list so named, no answer from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from notelens.analysis.lexicon import word_translations
from notelens.answer.inline_lists import counted_parts, inline_names, line_words
from notelens.answer.qtype import KO_NUM_WORDS, answer_type
from notelens.answer.units import AnswerUnit

_T = TypeVar("_T")

#: "the last": the highest place.
LAST = -1
#: "가운데 거", "the middle one": the item with as many before it as after it (a list of
#: an odd number of items has one).
MIDDLE = -2

# The Korean number words (qtype.KO_NUM_WORDS), with the forms a place is also written in:
# "첫 논문", "한 번째", "둘째", "셋 중 마지막".
KO_PLACES = {
    "첫": 1,
    "한": 1,
    "둘": 2,
    "셋": 3,
    "넷": 4,
    **KO_NUM_WORDS,
}
_KO_ALT = "|".join(sorted(KO_PLACES, key=len, reverse=True))
# What a place is asked of in Korean: an item, a paper, a step, a link, an example
# ("첫 논문", "2번 단계"); not a week or a day ("첫 주", "마지막 주차" are table rows').
# "마지막 bullet", "마지막 번호 항목" (the last numbered line), "하위 항목", "마지막 주제", "마지막
# 건" name a list's item as people write it about notes too (twenty-eighth round).
_KO_THING = (
    r"(?:항목|논문|단계|링크|예시|방법|모델|글|거|것|건|줄|주제|번호\s*항목|하위\s*항목"
    r"|item|entry|bullet|불릿|sub\s*-?\s*bullet)"
)
_KO_PLACE_RE = re.compile(
    # "두번째", "세 번째", "5번째"
    rf"(?<![가-힣])(?P<w>{_KO_ALT})\s*번\s*째|(?<![\d.])(?P<d>\d{{1,2}})\s*번\s*째"
    # "첫 논문", "첫 항목", "2번 단계"
    rf"|(?<![가-힣])(?P<f>첫)\s*(?={_KO_THING})|(?<![\d.])(?P<n>\d{{1,2}})\s*번\s*(?={_KO_THING})"
    # "마지막 거", "세개 중 마지막?", "마지막 항목"
    rf"|(?P<last>마지막)\s*(?:{_KO_THING}|[은는이가]?\s*\??\s*$)"
    # "하위 항목 가운데 거", "중간 항목": the middle one (not "세 개 가운데 것 중 …", among)
    rf"|(?P<mid>가운데|중간)\s*(?:{_KO_THING}(?!\s*중)|[은는이가]?\s*\??\s*$)"
    # "방향성 3번이 뭐였지", "2번은?": the numbered line by its number, asked of itself
    r"|(?<![\d.])(?P<k>\d{1,2})\s*번(?=[이은는]?\s*(?:뭐|무엇|뭔|어떤|\?|$))"
    # "제일 먼저 나오는 주제", "맨 처음 항목", "가장 앞에 있는 거"; "맨 끝 항목", "제일 뒤에"
    # (not of a table's column or row, or a time: "맨 마지막 열", "제일 처음 주")
    r"|(?:제일|가장|맨)\s*(?:(?P<front>먼저|처음|앞)|(?P<back>끝|뒤|마지막))"
    r"(?!\s*(?:열|행|칸|컬럼|column|row|주|날|시간|달))"
)
EN_PLACES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": LAST,
    "final": LAST,
}
# Nouns after an ordinal that name no place in a list: "the first author", "the first
# version", "the second half", "the final loss".
EN_NOT_PLACE = (
    r"(?:authors?|versions?|half|halves|times?|weeks?|days?|years?|months?|loss|draft|run|round)"
)
# "the first paper listed under X", "the last entry of the X list", "removed first in
# the X examples", "the third item in X": the ordinal, at most three words, then where.
_EN_PLACE_RE = re.compile(
    rf"\b(?P<o>{'|'.join(EN_PLACES)})\b(?!\s+{EN_NOT_PLACE}\b)\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:listed\s+|written\s+|mentioned\s+)?(?:under|in|of|on|among)\s",
    re.I,
)
# "Item 4 under Large Language Models", "what's number 3?", "entry #2": the place as a
# numeral after the noun of an item, as an English question writes a numbered line's
# number (twenty-seventh round).
_EN_NUMBERED_RE = re.compile(r"\b(?:item|entry|number|no\.)\s*#?(?P<k>\d{1,2})\b(?![.,]\d)", re.I)


# "Give the last one", "the second one"; "linked first", "listed last", "comes third":
# the place said of the item itself, the list named elsewhere in the question.
_EN_PLACE_ONE_RE = re.compile(
    rf"\b(?:the\s+)?(?P<o>{'|'.join(EN_PLACES)}|middle)\s+one\b"
    rf"|\b(?:listed|linked|mentioned|written|comes?|appears?)\s+(?P<a>{'|'.join(EN_PLACES)})\b",
    re.I,
)


# "the second item, as spelled", "First topic listed for /other", "third preprocessing
# step for GPT-3", "the middle bullet", "… three sub-bullets. The first?": the ordinal
# before a noun of a list's item (at most one word between) or alone at the question's
# end, the list named elsewhere (twenty-eighth round).
_EN_ITEM_NOUN = (
    r"(?:items?|bullets?|sub-?bullets?|topics?|entr(?:y|ies)|steps?|tasks?|links?"
    r"|examples?|points?|ones?)"
)
_EN_PLACE_NOUN_RE = re.compile(
    rf"\b(?P<o>{'|'.join(EN_PLACES)}|middle)\s+(?:[\w-]+\s+)?{_EN_ITEM_NOUN}\b"
    rf"|\bthe\s+(?P<a>{'|'.join(EN_PLACES)}|middle)\s*\?\s*$",
    re.I,
)


# "the first bare entry after FLAN": a place counted from another item, not from the
# list's start (answer/neighbour_items.py reads the item right beside one).
_EN_RELATIVE_RE = re.compile(r"\b(?:after|before|following|preceding)\b", re.I)


# "두 번째로 큰 모델", "the second largest model", "third-highest score": a rank by a
# measure, which the list's order need not follow (its sizes may be written in any order).
_BY_MEASURE_RE = re.compile(
    r"번\s*째로\s*(?:큰|작은|높|낮|많|적|긴|짧|빠른|빠르|느린|느리|좋|무거|가벼)"
    r"|\b(?:first|second|third|fourth|fifth|last)[\s-]+(?:\w+est|most|least)\b",
    re.I,
)


def asked_place(question: str) -> int | None:
    """The place in a list the question asks for (1-based, :data:`LAST` for the last),
    or ``None`` when it asks none (nor when it asks a rank by a measure)."""
    found = _place(question)
    return None if found is None else found[0]


def without_place(question: str) -> str:
    """``question`` with the words that ask a place blanked ("6번 항목", "Item 4", "Last"):
    they say where the item is in its list, and no passage writes them as words (the
    refusal signal reads the rest; answer/strength.py, the list questions' hook)."""
    found = _place(question)
    if found is None:
        return question
    start, end = found[1]
    return f"{question[:start]} {question[end:]}"


def _place(question: str) -> tuple[int, tuple[int, int]] | None:
    """The asked place (as :func:`asked_place`) and the span of the words asking it."""
    if _BY_MEASURE_RE.search(question):
        return None
    m = _KO_PLACE_RE.search(question)
    if m:
        if m.group("front"):
            return 1, m.span()
        if m.group("last") or m.group("back"):
            return LAST, m.span()
        if m.group("mid"):
            return MIDDLE, m.span()
        if m.group("w") or m.group("f"):
            return KO_PLACES[m.group("w") or m.group("f")], m.span()
        n = int(m.group("d") or m.group("n") or m.group("k"))
        return (n, m.span()) if n else None
    e = _EN_PLACE_RE.search(question)
    if e:
        return EN_PLACES[e.group("o").lower()], e.span("o")
    k = _EN_NUMBERED_RE.search(question)
    if k and int(k.group("k")):
        return int(k.group("k")), k.span()
    one = _EN_PLACE_ONE_RE.search(question)
    if one is None:
        one = _EN_PLACE_NOUN_RE.search(question)
        if one is None or _EN_RELATIVE_RE.search(question, one.end()):
            return None
    o = "o" if one.group("o") else "a"
    word = one.group(o).lower()
    return (MIDDLE if word == "middle" else EN_PLACES[word]), one.span(o)


class ListHit(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...


_MEMBER_KINDS = ("item", "title", "definition")
# A name's words: a Latin word (a trailing plural "s" dropped: "LLMs" is "llm"), a
# Korean word's first two syllables (a particle may follow it in the question).
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9]|[A-Za-z]|[가-힣]{2,}")
# A README's folder entry ("`/other`: This section …"): its name is the path.
_LEAD_RE = re.compile(r"^`?(/[\w.-]+(?:/[\w.-]+)*/?)`?(?=\s*[:：]|\s*$)")
# Words of a list's name that do not say which list.
_STOP = frozenset({"the", "and", "of", "for", "in", "on", "to", "a"})


def _stem(word: str) -> str:
    """A lower-cased word as names are matched: a Latin word without a plural "s", a
    Korean word's first two syllables."""
    return (word.rstrip("s") or word) if word.isascii() else word[:2]


def _words(name: str) -> list[str]:
    return [_stem(w) for w in map(str.lower, _WORD_RE.findall(name)) if w not in _STOP]


def _writes(question: str, qwords: set[str], word: str, apart: bool = True) -> bool:
    """Whether the question writes ``word`` (a Latin word whole or, hyphenated and
    ``apart``, each of its parts; a Korean one's stem)."""
    if not word.isascii():
        stem = _stem(word)
        return len(stem) >= 2 and stem in question
    if _stem(word) in qwords:
        return True
    if not apart:
        return False
    parts = [p for p in word.split("-") if p]
    return len(parts) >= 2 and all(_stem(p) in qwords for p in parts)


def _held(question: str, name: str) -> tuple[int, int]:
    """(how many of ``name``'s words ``question`` writes, how many it has). A word also
    counts written in the other language (the lexicon's "examples" for "예시"): an
    English question names a Korean note's list in English."""
    low = question.lower()
    qwords = set(_words(question))
    words = [w for w in map(str.lower, _WORD_RE.findall(name)) if w not in _STOP]
    if _abbreviates(question, words):
        # "개요노트 PET 방법론" for the list "Parameter Efficient Tuning": the question
        # writes the name by its initials, as notes and people shorten a heading.
        return len(words), len(words)
    held = sum(any(_writes(low, qwords, f) for f in (w, *word_translations(w))) for w in words)
    return held, len(words)


# An acronym as a question writes one: two to six capitals ("PET", "RAG", "PEFT").
_ACRONYM_RE = re.compile(r"(?<![A-Za-z])[A-Z]{2,6}(?![A-Za-z])")


def _abbreviates(question: str, words: list[str]) -> bool:
    """Whether the question writes an acronym of ``words`` (a name of two or more Latin
    words, each's initial in order): "PET" for "Parameter Efficient Tuning"."""
    if len(words) < 2 or not all(w.isascii() and w[0].isalpha() for w in words):
        return False
    initials = "".join(w[0] for w in words).upper()
    return any(m.group() == initials for m in _ACRONYM_RE.finditer(question))


def list_name(context: str) -> str:
    """The name of the list a unit of ``context`` belongs to: the innermost part (a
    heading, a label, a parent item), a folder entry by its path."""
    inner = context.rsplit(" > ", 1)[-1]
    m = _LEAD_RE.match(inner)
    return m.group(1) if m else inner


@dataclass(frozen=True, slots=True)
class Item:
    """An item of the asked list: its passage and its unit."""

    hit_index: int
    unit: AnswerUnit


def runs(
    passage: Sequence[AnswerUnit], context: str, kinds: tuple[str, ...] = _MEMBER_KINDS
) -> list[list[AnswerUnit]]:
    """The runs of list units (or of units of ``kinds``: a table's rows) of ``context``
    in a passage: a line of another kind (prose, a label) between two of them ends one
    list."""
    out: list[list[AnswerUnit]] = []
    run: list[AnswerUnit] = []
    for u in passage:
        if u.context != context:
            continue
        if u.kind in kinds:
            run.append(u)
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def _pick(items: Sequence[tuple[int, Item]], place: int) -> Item | None:
    """The item at ``place``: by its written number or its count in the run."""
    if not items:
        return None
    if place == LAST:
        return max(items, key=lambda p: p[0])[1]
    if place == MIDDLE:
        return at_place([it for _, it in sorted(items, key=lambda p: p[0])], MIDDLE)
    return next((it for n, it in items if n == place), None)


def at_place(seq: Sequence[_T], place: int) -> _T | None:
    """The element of ``seq`` (in order) at ``place``: 1-based, :data:`LAST`, or
    :data:`MIDDLE` (of an odd count only: an even one has two middles); ``None`` past
    the end."""
    if not seq:
        return None
    if place == LAST:
        return seq[-1]
    if place == MIDDLE:
        return seq[len(seq) // 2] if len(seq) % 2 else None
    return seq[place - 1] if 1 <= place <= len(seq) else None


@dataclass(frozen=True, slots=True)
class NamedList:
    """A list a question may name: its name, the path of names above it (headings,
    parent items, the numbered line whose details it is), its items by place."""

    name: str
    path: str
    items: list[tuple[int, Item]]
    hit_index: int
    #: The title of the list's note (:func:`list_rank` reads whether a question names it).
    title: str = ""


#: How well a question names a list (:func:`list_rank`), greater is better.
ListRank = tuple[int, int, float, int]


def list_rank(question: str, lst: NamedList) -> ListRank | None:
    """How well the question names ``lst``: whether it writes the whole title of the
    list's note, then the distinct question words its path holds, then the share of its
    own name's words held; ``None`` when its name is not named (no word of it, or one
    word of a longer name: "LLM" alone names every "LLM …").

    The note first: two notes list their topics alike ("주로 다루는 주제" in one, a
    headingless list under "research-notes" in another), and a question that names the
    note ("research-notes에서 다루는 주제 첫번째") asks for that note's list even where
    the other's heading shares more of its words (twenty-ninth round)."""
    if not _names_list(question, lst.name):
        return None
    held, words = _held(question, lst.name)
    low = question.lower()
    qwords = set(_words(question))
    # (Counted as the question's words the path writes: "research notes" is two words of
    # the question whether the path writes "research-notes" or "research" as well. A
    # hyphenated word is read apart only in the note's title, as the question names the
    # note: a line's "fine-tuning" is no "Fine Tuning" heading.)
    title = set(map(str.lower, _WORD_RE.findall(lst.title)))
    raw = [w for w in map(str.lower, _WORD_RE.findall(lst.path)) if w not in _STOP]
    path = {
        q
        for w in raw
        if _writes(low, qwords, w, apart=w in title)
        for q in (_question_words(w) if w in title else [_stem(w)])
    }
    return int(_names_title(question, lst.title)), len(path), held / words, -lst.hit_index


def _question_words(word: str) -> list[str]:
    """The question words a written path word stands for: itself (stemmed), or the
    parts of a hyphenated word the question writes apart."""
    stem = _stem(word)
    if not word.isascii() or "-" not in word:
        return [stem]
    return [_stem(p) for p in word.split("-") if p]


def _names_title(question: str, title: str) -> bool:
    """Whether the question writes every word of the note's ``title`` (and it has one)."""
    held, words = _held(question, title)
    return words > 0 and held == words


def place_item(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> Item | None:
    """The item at the place the question asks for, in the list it names most (module
    doc), or ``None``."""
    place = asked_place(question)
    if place is None:
        return None
    best: tuple[ListRank, NamedList] | None = None
    for lst in passage_lists(question, hits, units):
        r = list_rank(question, lst)
        if r is not None and (best is None or r > best[0]):
            best = (r, lst)
    return _pick(best[1].items, place) if best is not None else None


def passage_lists(
    question: str,
    hits: Sequence[ListHit],
    units: Sequence[Sequence[AnswerUnit]],
    prose: bool = False,
) -> list[NamedList]:
    """Every list of the passages with at least two items: each context's items, and
    the plain bullets under a numbered line the question names. A list's path holds
    the note's title and the line that introduces it ("주로 다음과 같은 내용을
    다룹니다."): a question tells two lists of one name apart by them."""
    out: list[NamedList] = []
    # A list once per note: a numbered one is read over all its chunks at once, a run of
    # plain bullets in its own chunk (a README's Korean topics in one chunk, the same
    # topics in English under the same title in the next are two lists).
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    examples = _EXAMPLES_ASKED_RE.search(question) is not None
    for hi, passage in enumerate(units):
        heads = _flat_heads(passage)
        for context in dict.fromkeys(u.context for u in passage if u.kind in _MEMBER_KINDS):
            for items in _context_lists(hits, units, hi, context):
                key = (hits[hi].source, context, tuple(it.unit.text for _, it in items))
                if key in seen:
                    continue
                seen.add(key)
                items = _inline(items) if examples else _without_examples(items)
                parent = _parent(passage, context)
                head = heads.get(parent.position, "") if parent is not None else ""
                path = f"{hits[hi].title} > {context} > {head} > {_intro(units, items[0][1])}"
                out.append(NamedList(list_name(context), path, items, hi, hits[hi].title))
        # "Tuning 아래 첫 항목": a numbered line's details written as plain bullets.
        for i, u in enumerate(passage):
            if not (u.numbered and u.kind == "item" and _named_item(question, u)):
                continue
            under: list[tuple[int, Item]] = []
            for v in passage[i + 1 :]:
                if v.context != u.context or v.kind not in _MEMBER_KINDS or v.numbered:
                    break
                under.append((len(under) + 1, Item(hi, v)))
            if len(under) >= 2:
                path = f"{hits[hi].title} > {u.context} > {u.text}"
                out.append(NamedList(item_name(u.text), path, under, hi, hits[hi].title))
    # After every list of lines, which keep a tie: "LoRA 요약에서 비교 대상 첫번째", a list
    # written inline in one line (answer/inline_lists.py); with ``prose``, in a prose
    # line too.
    # (Not when the question counts bullets or lines: "the last topic bullet", "마지막
    # 주제 bullet에 나오는 …" ask for a whole line, never a name written inside one.)
    if asks_lines(question):
        return out
    return out + _inline_lists(question, hits, units, prose)


# "the last topic bullet", "마지막 불릿", "second line", "sub-bullet": the question counts
# a list's lines.
_LINES_RE = re.compile(r"(?<![A-Za-z])(?:sub-?\s*)?(?:bullets?|lines?)(?![A-Za-z])|불릿", re.I)


def asks_lines(question: str) -> bool:
    """Whether the question names a list's lines (bullets) as what it counts."""
    return _LINES_RE.search(question) is not None


def _inline_lists(
    question: str,
    hits: Sequence[ListHit],
    units: Sequence[Sequence[AnswerUnit]],
    prose: bool = False,
) -> list[NamedList]:
    """Every list written inline in a list line of the passages, its names by place. Its
    name is the innermost part of the line's context the question names (the entry whose
    summary writes it: "PEFT of LLaMA for the Clinical Domain" over "3 LINE SUMMARY"),
    else the innermost; its path ends with the line itself, whose words ("… 등 비교")
    tell it from the entry's other lists."""
    out: list[NamedList] = []
    # "세 가지 중 마지막", "what three ways … the last one": a line of exactly that many
    # parts is a list too, its items no names (inline_lists.counted_parts).
    count = answer_type(question).count or 0
    for hi, passage in enumerate(units):
        for u in passage:
            if u.kind in _MEMBER_KINDS:
                names = inline_names(u.text) or counted_parts(u.text, count)
            elif prose and u.kind == "sentence":
                # "웹 문서, 책, 논문, 코드, 뉴스 기사 등 …에서 수집됨", "language, vision, sign
                # language, speech 등 여러 data를 …": a sentence names a run of things, by
                # Latin names or short words of any language (every comma's part).
                names = inline_names(u.text) or counted_parts(u.text, u.text.count(",") + 1)
            else:
                names = []
            # Only a run whose own line the question names ("비교 대상" over "… 등 비교"):
            # an entry's other lines list other things ("Critique Fine-Tuning, Emergent
            # Misalignment etc." under a folder's topics).
            if not names or not _held(question, line_words(u.text, names))[0]:
                continue
            parts = [item_name(p) for p in reversed(u.context.split(" > "))]
            name = next((p for p in parts if _names_list(question, p)), list_name(u.context))
            # (No name of the run has its line's written number: "3. …" numbers the line.)
            items = [
                (i + 1, Item(hi, replace(u, text=n, number=None))) for i, n in enumerate(names)
            ]
            path = f"{hits[hi].title} > {u.context} > {u.text}"
            out.append(NamedList(name, path, items, hi, hits[hi].title))
    return out


def _names_list(question: str, name: str) -> bool:
    """Whether the question names a list called ``name`` (as :func:`list_rank` asks)."""
    held, words = _held(question, name)
    return held > 0 and (held >= 2 or held == words)


def _intro(units: Sequence[Sequence[AnswerUnit]], first: Item) -> str:
    """The prose or label line right before a list's first item, if any."""
    before = [
        u
        for u in units[first.hit_index]
        if u.position == first.unit.position - 1 and u.kind in ("sentence", "summary")
    ]
    return before[0].text if before else ""


# "예시 링크 중 첫번째", "the second example": the names one line gives as examples.
_EXAMPLES_ASKED_RE = re.compile(r"링크|예시|\blinks?\b|\bexamples?\b", re.I)
# A line of names in a row: "Variation selector, GSM8K Platinum, Developer Messages etc."
# (a README's example links, their targets dropped at ingest).
_NAME_RUN_RE = re.compile(r"\s*(?:,?\s*(?:etc\.?|등)\s*\.?)?\s*$", re.I)
#: The longest a name of an inline run may be (a clause is no name).
NAME_CHARS = 40


def _names(text: str) -> list[str]:
    """The names of a line that is only names separated by commas (three or more), or
    ``[]``."""
    parts = [p.strip() for p in _NAME_RUN_RE.sub("", text).split(",")]
    if len(parts) < 3 or any(not p or len(p) > NAME_CHARS or p.endswith(".") for p in parts):
        return []
    return parts


def _inline(items: list[tuple[int, Item]]) -> list[tuple[int, Item]]:
    """When the question asks for links or examples and one item of the list is a line
    of names in a row, those names by place: a README gives a folder's examples so, one
    line of links under its description."""
    rows = [(it, names) for _, it in items if (names := _names(it.unit.text))]
    if len(rows) != 1:
        return items
    it, names = rows[0]
    return [(i + 1, Item(it.hit_index, replace(it.unit, text=n))) for i, n in enumerate(names)]


def _without_examples(items: list[tuple[int, Item]]) -> list[tuple[int, Item]]:
    """A list of bullets counted in order without its one line of names in a row, when
    the question asks for no links or examples: a README writes a folder's example links
    so, under its topics ("LLM 커뮤니티 내 토론 …" / "Critique Fine-Tuning, Emergent
    Misalignment etc."), and "the last topic" is the last topic, not the examples line
    (twenty-seventh round). A numbered list says its places itself and is kept."""
    rows = [it for _, it in items if _names(it.unit.text)]
    if len(rows) != 1 or any(it.unit.numbered for _, it in items) or len(items) < 3:
        return items
    return [(i + 1, it) for i, (_, it) in enumerate(p for p in items if p[1] is not rows[0])]


def item_name(text: str) -> str:
    """An item's name: its text before a dash, colon or parenthesis."""
    return re.split(r"\s[—–-]\s|[:(]", text, maxsplit=1)[0].strip(" []`*")


def _named_item(question: str, u: AnswerUnit) -> bool:
    """Whether the question names the item ``u`` ("Tuning 아래", "QLoRA 밑에")."""
    name = item_name(u.text).lower()
    return (
        len(name) >= 3
        and re.search(rf"(?<![\w]){re.escape(name)}(?![a-z0-9])", question.lower()) is not None
    )


def _parent(passage: Sequence[AnswerUnit], context: str) -> AnswerUnit | None:
    """The unit whose children have ``context`` (a title or label line), if in the
    passage."""
    up, _, inner = context.rpartition(" > ")
    return next((u for u in passage if u.context == up and u.text == inner), None)


def _flat_heads(passage: Sequence[AnswerUnit]) -> dict[int, str]:
    """For each plain list unit written after a numbered line of the same context (its
    details, not indented: "1. 데이터 필터링" / "- 예시:"), that numbered line's text, by
    the unit's position."""
    out: dict[int, str] = {}
    head: dict[str, str] = {}
    for u in passage:
        if u.kind not in _MEMBER_KINDS:
            continue
        if u.numbered:
            head[u.context] = u.text
        elif u.context in head:
            out[u.position] = head[u.context]
    return out


def _context_lists(
    hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]], hi: int, context: str
) -> list[list[tuple[int, Item]]]:
    """The lists of ``context`` first met in passage ``hi``, their items by place: its
    numbered lines by their written numbers (over every passage of the same note and
    context: a long list is split over chunks) when it numbers them (none for a lone
    numbered line), else each run of two or more bullets in that passage, counted."""
    numbered: dict[int, Item] = {}
    for hj, passage in enumerate(units):
        if hits[hj].source != hits[hi].source:
            continue
        for u in passage:
            if u.context == context and u.kind in _MEMBER_KINDS and u.number is not None:
                numbered.setdefault(u.number, Item(hj, u))
    if numbered:
        # The numbered lines are the items, plain ones between them their details; a
        # list whose retrieved chunks start at "2." still says which line is second
        # (and has no first to give).
        return [sorted(numbered.items())] if len(numbered) >= 2 else []
    return [
        [(i + 1, Item(hi, u)) for i, u in enumerate(run)]
        for run in runs(units[hi], context)
        if len(run) >= 2
    ]


def numbered_list(
    hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]], hi: int, context: str
) -> list[Item]:
    """The numbered lines of the list of ``context`` in passage ``hi`` and in every
    other passage of the same note, by their written numbers; ``[]`` when it numbers
    fewer than two. A long numbered list is split over chunks: its
    items are all of them, wherever each chunk ranks."""
    lists = _context_lists(hits, units, hi, context)
    if len(lists) != 1 or not all(it.unit.numbered for _, it in lists[0]):
        return []
    return [it for _, it in lists[0]]


__all__ = [
    "EN_NOT_PLACE",
    "EN_PLACES",
    "KO_PLACES",
    "LAST",
    "MIDDLE",
    "Item",
    "ListHit",
    "ListRank",
    "NamedList",
    "asked_place",
    "asks_lines",
    "at_place",
    "item_name",
    "list_name",
    "list_rank",
    "numbered_list",
    "passage_lists",
    "place_item",
    "runs",
    "without_place",
]
