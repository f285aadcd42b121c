"""List questions: which question wants a list, and which units are its items.

A note writes a list in more ways than one bullet per item under the asked heading:

* an **intro line** ("We ran four models …:", "배포 5단계:") followed by the items;
* **ordinal prose** ("첫째, … 둘째, … 셋째, …", "First, … Second, …"): each item a
  sentence of one paragraph;
* entries (titles with their own bullets) under a **section the question names**
  ("the papers of the Pruning section", "Speech 섹션에는 어떤 논문들이"): the items
  are the entries' titles, which the scorer does not quote for a list question.

:func:`list_type` reads list questions that ``answer/qtype.py`` leaves untyped ("action
item 목록", "결과 세 개는?", "순서대로"); :func:`list_items` picks the items to quote
after the best unit, which :func:`lists_sentence` lets a prose list compete for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from notelens.analysis.particles import trailing_particle
from notelens.answer.prose import Scored
from notelens.answer.qtype import KO_NUM_WORDS, NUM_WORDS, AnswerType
from notelens.answer.units import AnswerUnit, build_units

_NUM_KO_ALT = "|".join(KO_NUM_WORDS)
# Nouns that name the items of a list ("세 요소", "두 가지 원칙"); "두 나라는?" asks
# for two names in prose, which the list rules do not serve.
_LIST_NOUNS = "요소|단계|항목|종류|가지|방법|원칙|교훈|특징|조건|이유"
# "결과 세 개는?", "선택지 두 개는?", "네 개의 모델은?", "세 요소는?": a Korean number word
# (never a digit: "8개야?" asks whether there are eight) before the asked noun at the end.
_COUNT_KO_RE = re.compile(
    rf"(?<![가-힣])({_NUM_KO_ALT})\s*(?:개(?:의\s*[가-힣A-Za-z]+)?|{_LIST_NOUNS})"
    r"(?:은|는|가|야|를)?\s*\??\s*$"
)
# "action item 목록", "checklist", "순서대로 / 차례대로 정리해", "우선순위 순서는?"; not
# "리스트", which is as often a program's list ("파이썬 리스트를 정렬하려면?").
_LIST_WORD_RE = re.compile(
    r"목록|체크리스트|\bchecklist\b|순서대로|차례대로|순서(?:는|가)\s*\??\s*$", re.I
)

# A sentence that opens with an ordinal ("첫째,", "둘째로", "Second,", "Finally,").
_ORDINAL_RE = re.compile(
    # "첫째 주에는" is a week, not an item: a comma or "로" must follow the ordinal.
    r"^\s*(?:(?:첫|둘|셋|넷|다섯|여섯)째|(?:첫|두|세|네|다섯) 번째|마지막으)(?:,|로[,\s])"
    r"|^\s*(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?"
    r"|finally|lastly),\s",
    re.I,
)
# An intro line that announces the items below it: ends with a colon.
_INTRO_RE = re.compile(r"[:：]\s*$")
# A sentence naming several things in a row ("Vendor-X 41%, Orchard-Coder-7B 33%, …").
_COMMA_RE = re.compile(r",\s|、|·")
# The fewest items a comma-separated prose sentence answers a list question with.
LIST_SEPARATORS = 3


class _Cand(Scored, Protocol):
    """What :func:`list_items` reads of an extraction candidate."""

    @property
    def text(self) -> str: ...
    @property
    def unit(self) -> AnswerUnit | None: ...


C = TypeVar("C", bound=_Cand)


class _Hit(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def heading(self) -> str: ...


#: Each passage's answer units, in passage order (``units.build_units`` of each hit).
PassageUnits = Sequence[Sequence[AnswerUnit]]


def passage_units(hits: Sequence[_Hit], units: PassageUnits | None = None) -> PassageUnits:
    """``units`` when the caller built them (``answer/choose.py`` builds every passage's
    units once for all the list rules), else each hit's units built here."""
    return units if units is not None else [build_units(h.text, h.heading) for h in hits]


# "어떤 유형들로 나뉘었어?", "도구들 뭐뭐 있었지?": a plural asked for by 어떤, or "what
# and what", asks for the items of one list (not "어떤 모델들 중 가장 …": one of them).
_CONTENTS_KO_RE = re.compile(r"어떤\s*[가-힣A-Za-z-]+들(?!\s*중)|뭐뭐|무엇무엇")
# "실험 로그 남은 문제들", "다음 할 일들은?": a question that ends on a plural noun asks
# for the things themselves, the items of the list that noun heads (not "그들" / "이들",
# pronouns, nor "사람들" alone).
_PLURAL_END_KO_RE = re.compile(
    r"[가-힣A-Za-z](?<![그이저])(?<!사람)들(?:은|는|이|을|를)?"
    r"(?:\s*(?:뭐(?:야|였어|였지|지|있어)?|알려\s*줘|정리해\s*줘))?\s*\??\s*$"
)
# "What is still in my unread backlog?", "What's on the reading list?": the contents of
# one named list, which qtype reads as a definition ("What is …").
_CONTENTS_EN_RE = re.compile(
    r"\bwhat(?:'s|\s+is|\s+are)\s+(?:still\s+|left\s+)?(?:in|on)\s+(?:my|our|the)\b", re.I
)


# "task 구성이 어떻게 돼?", "운영진 역할 분담 알려줘", "What is the benchmark made up of?",
# "the breakdown of …": the parts of a whole, or who does which part, are the items of
# one list, however ``answer/qtype.py`` types the question ("어떻게" reads as a method).
# (Not "구성하려면" / "구성했어", how something is put together.)
_PARTS_RE = re.compile(
    r"구성(?:이|은|을)?\s*(?:어떻게|뭐|무엇|어떤)|구성\s*(?:요소|항목)|(?:역할|업무|담당)\s*분담"
    r"|\bmade up of\b|\bcompos(?:ed|ition) of\b|\bbreakdown\b|\bsplit (?:of|between)\b"
    r"|\bwho does what\b",
    re.I,
)


# "/other 폴더에서 다루는 주제", "Red Teaming 섹션 논문들", "Which entries are in the
# Methods section?", "What is under the /rag folder?": what a named section or folder
# holds is the list of its entries, whatever the question's type.
_CONTAINER_KO = r"(?:폴더|디렉토리|디렉터리|섹션|section|카테고리|category|챕터)"
_SECTION_CONTENTS_RE = re.compile(
    rf"{_CONTAINER_KO}\s*(?:에서|에는|에|의|안에|밑에|아래에?)?\s*"
    r"(?:(?:다루는|다룬|있는|들어\s*있는|들어간|정리된|정리한|모인|모아\s*둔|포함된|올라온|적힌)\s*)?"
    r"(?:주제|논문|글|항목|내용|목록|것|리스트)"
    r"|\b(?:entries|papers|items|topics|notes|articles)\s+(?:are\s+)?(?:listed\s+)?(?:in|under)"
    r"\s+the\s+[^?]{1,40}?\s(?:section|folder|category)\b"
    r"|\bwhat(?:'s|\s+is|\s+are)\s+(?:in|under)\s+the\s+[^?]{1,40}?\s(?:section|folder|category)\b",
    re.I,
)


def list_type(question: str, atype: AnswerType) -> AnswerType:
    """``atype``, or a list type for an untyped question that asks for a list in words
    ``answer/qtype.py`` does not read ("목록", "세 개는?", "순서대로", "어떤 유형들",
    "뭐뭐"; "what is in my backlog?", which it types a definition); a question asking
    the parts of a whole or the division of roles ("구성이 어떻게 돼?", "역할 분담") is a
    list whatever its type, except a count or a person ("몇 개로 구성돼?")."""
    if atype.kind == "definition" and _CONTENTS_EN_RE.search(question):
        return AnswerType("list")
    if atype.kind in ("other", "definition", "title") and _SECTION_CONTENTS_RE.search(question):
        return AnswerType("list")
    if atype.kind in ("other", "method", "definition") and _PARTS_RE.search(question):
        m = _COUNT_KO_RE.search(question)
        return AnswerType("list", KO_NUM_WORDS[m.group(1)] if m else atype.count)
    if atype.kind != "other":
        return atype
    if (
        _CONTENTS_KO_RE.search(question)
        or _CONTENTS_EN_RE.search(question)
        or _PLURAL_END_KO_RE.search(question)
    ):
        return AnswerType("list")
    m = _COUNT_KO_RE.search(question)
    if m:
        return AnswerType("list", KO_NUM_WORDS[m.group(1)])
    if _LIST_WORD_RE.search(question):
        return AnswerType("list")
    return atype


def ordinal(text: str) -> bool:
    """Whether a sentence opens with an ordinal ("둘째,", "Second,")."""
    return _ORDINAL_RE.match(text) is not None


# A run of three or more values after a noun: "rank 4, 8, 16, 64", "batch 8 / 16 / 32",
# "lr 1e-4, 2e-4, 5e-4" (a sweep as notes write it).
_SERIES_RE = re.compile(
    r"(?P<noun>[A-Za-z][\w-]*|[가-힣]+)\s*(?:[:=]\s*)?"
    r"\d[\w.+-]*(?:\s*(?:,|/|、)\s*\d[\w.+-]*){2,}"
)


def names_series(question: str, text: str) -> bool:
    """Whether ``text`` writes a run of three or more values of a noun the question
    writes ("이서연이 비교한 rank 값들" over "rank 4, 8, 16, 64를 비교했는데"): a list of
    values is that run, not a line naming one of them ("rank 16, alpha 32")."""
    low = question.lower()
    for m in _SERIES_RE.finditer(text):
        noun = m.group("noun").lower()
        if len(noun) >= 2 and re.search(rf"(?<![\w]){re.escape(noun)}", low):
            return True
    return False


def lists_sentence(text: str, count: int | None, question: str = "") -> bool:
    """Whether a prose sentence answers a question asking for ``count`` items: an
    ordinal one, or one naming ``count`` to ``count`` + 2 things separated by commas
    (``count`` at least :data:`LIST_SEPARATORS`). Without a count, only a run of values
    of a noun the ``question`` writes (:func:`names_series`): encyclopedia prose is full
    of commas, and a list question without a number there is mostly a misread plural."""
    if not count:
        return bool(question) and names_series(question, text)
    if ordinal(text):
        return True
    # "the two principal groups": prose names two things in every other sentence, so
    # only three or more, and about as many as asked (not a long enumeration of
    # something else).
    parts = len(_COMMA_RE.findall(text)) + 1
    return count >= LIST_SEPARATORS and count <= parts <= count + 2


# The number of a count phrase: a Korean number word, a digit, or an English one.
_NUM_ALL = {**NUM_WORDS, **{str(n): n for n in range(2, 11)}}
_NUM_ALT = "|".join(sorted(_NUM_ALL, key=len, reverse=True))
# "세 가지", "3가지", "다섯 단계", "three criteria", "the 4 stages": a count and the word
# that follows it (a Korean counter or list noun, an English noun).
_COUNT_PHRASE_RE = re.compile(
    rf"(?<![\w.])({_NUM_ALT})\s*([가-힣]+|(?<=\s)[A-Za-z][A-Za-z-]{{2,}})", re.I
)
# Korean particles after the counter ("가지로", "단계는"): the counter is what precedes.
# A line that goes on to what it announces.
_PRESENTS_RE = re.compile(r"[:：]")
_PARTICLE_RE = trailing_particle("와", "과", "도", "만")


def _count_nouns(text: str, count: int) -> set[str]:
    """The words ``text`` writes right after the number ``count`` ("세 가지로" -> "가지",
    "three stages" -> "stag"): a Korean counter without its particle, an English noun's
    first four letters (so "stage" and "stages" meet)."""
    out = set()
    for m in _COUNT_PHRASE_RE.finditer(text):
        if _NUM_ALL.get(m.group(1).lower()) != count:
            continue
        word = m.group(2).lower()
        out.add(word[:4] if word.isascii() else _PARTICLE_RE.sub("", word) or word)
    return out


def announces_count(question: str, text: str, count: int | None) -> bool:
    """Whether ``text`` names the list the question asks for by its size in the
    question's words ("기준 세 가지는?" over "측정 기준은 세 가지로 정했다: A, B, 그리고
    C", "the three criteria" over "three criteria: …"): the same count before the same
    counter or noun, on a line that goes on to the items (a colon, or two separators):
    such a line is the list's own intro, or the list itself ("세 가지 방법을 비교했다."
    names the size and none of the items)."""
    if not count or not (_PRESENTS_RE.search(text) or len(_COMMA_RE.findall(text)) >= 2):
        return False
    asked = _count_nouns(question, count)
    return bool(asked) and not asked.isdisjoint(_count_nouns(text, count))


def list_items(best: C, cands: Sequence[C], want: int) -> list[C]:
    """The other items of the list ``best`` belongs to (or announces), nearest first:
    the ordinal sentences of its passage, the items after an intro line, or its
    siblings (same passage, same parent)."""
    u = best.unit
    if u is None:
        return []
    same = [c for c in cands if c is not best and c.hit_index == best.hit_index and c.unit]
    if u.kind == "sentence" and ordinal(best.text):
        items = [c for c in same if c.unit and c.unit.kind == "sentence" and ordinal(c.text)]
    elif u.kind != "item" and _INTRO_RE.search(best.text):
        # The items right after the intro line, until the first unit that is not one.
        items = []
        for c in sorted(same, key=lambda c: c.position):
            if c.position <= best.position:
                continue
            if c.unit is None or c.unit.kind not in ("item", "definition", "row"):
                break
            items.append(c)
        return items[:want]
    else:
        items = [
            c
            for c in same
            if c.unit is not None
            and c.unit.context == u.context
            and c.unit.kind in ("item", "definition", "row")
        ]
    items.sort(key=lambda c: abs(c.position - best.position))
    return items[:want]


def numbered_heads(best: C, cands: Sequence[C], count: int | None) -> list[C] | None:
    """The numbered items of the list ``best`` belongs to when that list writes each
    item as a numbered line with its details as plain bullets beneath it, not indented
    ("1. Chunking" / "- 문서를 …" / "2. Retriever" / "- sparse: BM25 …"), and the
    question asks for as many items as it numbers ("구성 요소 네 가지"): read flat, the
    details are the numbered items' siblings, and the nearest siblings of the best line
    are details of one item; or when the numbered lines sit beside plain ones, whichever
    of them is best. The numbered lines are the list asked for, in order;
    ``None`` for any other list (all numbered, another count) or question (without a
    count, the details may hold what is asked: "PPO, DPO 등" under "3. 최적화
    알고리즘")."""
    u = best.unit
    if count is None or u is None or u.kind not in ("item", "definition"):
        return None
    group = sorted(
        (
            c
            for c in cands
            if c.hit_index == best.hit_index
            and c.unit is not None
            and c.unit.kind in ("item", "definition")
            and c.unit.context == u.context
        ),
        key=lambda c: c.position,
    )
    heads = [c for c in group if c.unit is not None and c.unit.numbered]
    if len(heads) != count or len(heads) == len(group):
        return None
    # Details between the numbers; or a numbered list beside a plain one ("배포 5단계:" /
    # "1. …" … "5. …" / "- 롤백 기준: …"), whichever line is best (one of the numbers or
    # a plain note beside them): the count asked is the numbered list's, and the nearest
    # siblings of the best line would be the plain notes rather than the numbers.
    return heads


# A heading that names a list of its own: a checklist, the to-dos, the steps, the rules.
_LIST_HEADING_RE = re.compile(
    r"check\s?list|to-?dos?\b|action items?|\bsteps\b|\btips\b|\brules\b|guidelines"
    r"|pitfalls|takeaways|lessons|체크리스트|할\s?일|단계|절차|순서|주의\s?사항|원칙|규칙|교훈|요령",
    re.I,
)
_HEADING_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]{2,}|[가-힣]{2,}")
# Words of a heading that say nothing of its subject.
_HEADING_STOP = frozenset({"the", "and", "for", "with", "before", "after", "our", "your"})
#: The least share of a list heading's words a question restates to be asking for it.
HEADING_RESTATED = 0.6


def restates_list_heading(question: str, unit: AnswerUnit, siblings: int, least: int) -> bool:
    """Whether an untyped question asks for the list a heading names: ``unit`` is one of
    ``siblings`` (at least ``least``) items under a heading that names a
    list ("Checklist before trusting a code benchmark number", "배포 전 체크리스트"),
    and the question restates most of that heading ("What should I check before
    trusting a code benchmark number?"): it asks for the items, not for one of them."""
    if unit.kind not in ("item", "definition") or siblings < least:
        return False
    heading = unit.context.rsplit(" > ", 1)[-1]
    m = _LIST_HEADING_RE.search(heading)
    if m is None:
        return False
    held, words = _restated(question, heading[: m.start()] + " " + heading[m.end() :])
    return bool(words) and held / words >= HEADING_RESTATED


def _restated(question: str, heading: str) -> tuple[int, int]:
    """(how many of ``heading``'s subject words ``question`` writes, how many it has)."""
    words = [w.lower() for w in _HEADING_WORD_RE.findall(heading) if w.lower() not in _HEADING_STOP]
    low = question.lower()
    # A Korean word may take another particle in the question: its first two syllables.
    return sum((w if w.isascii() else w[:2]) in low for w in words), len(words)


#: The fewest heading words a question restates to name a section by them alone.
HEADING_WORDS_HELD = 2


def restated_heading_items(
    question: str,
    hits: Sequence[_Hit],
    best_hit: int,
    least: int,
    units: PassageUnits | None = None,
) -> tuple[int, list[AnswerUnit]] | None:
    """The items of the section a list question names by its heading's own words, in any
    passage ("오류 분석 50건은 어떤 유형들로 나뉘었어?" -> ``## 오류 분석 (10/30, 50건)``'s
    bullets, "What is still in my unread backlog?" -> ``## backlog (unread)``'s): (hit
    index, its items) for the first passage other than the best unit's (whose
    siblings list_items has quoted already) whose innermost heading has at least
    :data:`HEADING_WORDS_HELD` words, :data:`HEADING_RESTATED` of them in the question,
    and which holds at least ``least`` bullets right under it and no table (a table's
    rows are rows.py's), none of which the question names itself (then it asks about
    that one). A line elsewhere that repeats the heading's words (a to-do "오류 분석 50건
    — 10/30까지") scores higher on them than the items, which need not repeat them."""
    low = question.lower()
    per_hit = passage_units(hits, units)
    for hi, h in enumerate(hits):
        if hi == best_hit:
            continue
        passage = per_hit[hi]
        if any(u.kind == "row" for u in passage):
            continue
        # The passage's heading, then the labels inside it ("남은 문제" over its bullets
        # in a plain-text log): a label heads its list as a heading does.
        contexts = dict.fromkeys(
            [h.heading]
            + [u.context for u in passage if u.kind == "summary" or u.context != h.heading]
        )
        for ctx in contexts:
            held, words = _restated(question, ctx.rsplit(" > ", 1)[-1])
            if held < HEADING_WORDS_HELD or held / words < HEADING_RESTATED:
                continue
            items = [u for u in passage if u.kind in ("item", "definition") and u.context == ctx]
            if len(items) >= least and not any(_item_name(u.text) in low for u in items):
                return hi, items
    return None


def items_lead(chosen: Sequence[_Cand], least: int) -> bool:
    """Whether a list answer quotes at least ``least`` items of a note (bullets, rows,
    entries, ordinal sentences): then they lead the answer, not a phrase of one. Prose
    sentences quoted side by side are not items ("the two principal groups" has its
    short answer inside one)."""
    return len(chosen) >= least and all(
        c.unit is not None and (c.unit.kind != "sentence" or ordinal(c.text)) for c in chosen
    )


def named_section(
    question: str, hits: Sequence[_Hit], units: PassageUnits | None = None
) -> tuple[int, list[AnswerUnit]] | None:
    """The entries of a section the question names as one ("Pruning 섹션", "under KV
    cache", "the Speech section"): (hit index, its top-level titles) for the first
    passage whose innermost heading is so named and which holds at least two entries
    (titles with bullets), none of which the question names itself (then the question
    is about that entry's bullets: "the write-ups under /research")."""
    low = question.lower()
    per_hit = passage_units(hits, units)
    for hi, h in enumerate(hits):
        name = _section_name(h.heading)
        at = re.escape(name)
        if len(name) < 2 or not re.search(
            rf"(?<!\w)under (?:the )?{at}(?!\w)|(?<!\w){at}\s*(?:section|섹션|항목|아래)", low
        ):
            continue
        titles = [u for u in per_hit[hi] if u.kind == "title" and u.context == h.heading]
        if len(titles) >= 2 and not any(_title_name(t.text) in low for t in titles):
            return hi, titles
    return named_entry_items(question, hits, per_hit)


# A list item that heads a section of its own in a README's tree: a path ("`/other`:
# This section encompasses …") or a short name before a colon ("Reading list: …").
_ENTRY_LEAD_RE = re.compile(r"^`?(/?[\w.-]+(?:/[\w.-]+)*/?)`?(?=\s*[:：]|$)|^([^:：]{2,40})[:：]")


def named_entry_items(
    question: str, hits: Sequence[_Hit], units: PassageUnits | None = None
) -> tuple[int, list[AnswerUnit]] | None:
    """The items under a list entry the question names as a folder or section ("/other
    폴더에서 다루는 주제" over a README's "- `/other`: This section …" and its bullets):
    (hit index, the entry's direct items) for the first passage holding such an entry
    with at least two items. A README writes its folders as list items, not headings."""
    low = question.lower()
    per_hit = passage_units(hits, units)
    for hi in range(len(hits)):
        passage = per_hit[hi]
        for t in passage:
            if t.kind not in ("title", "summary"):
                continue
            m = _ENTRY_LEAD_RE.match(t.text)
            name = (m.group(1) or m.group(2)).strip().lower() if m else t.text.lower()
            at = re.escape(name)
            named = re.search(rf"(?<![\w/]){at}\s*(?:{_CONTAINER_KO}|항목|아래|밑)", low, re.I)
            under = re.search(rf"under (?:the )?{at}(?!\w)|the {at} (?:section|folder)", low)
            if len(name) < 2 or not (named or under):
                continue
            ctx = f"{t.context} > {t.text}" if t.context else t.text
            items = [
                u for u in passage if u.kind in ("item", "definition", "title") and u.context == ctx
            ]
            if len(items) >= 2:
                return hi, items
    return None


def asked_heading_items(
    question: str, hits: Sequence[_Hit], best_hit: int, units: PassageUnits | None = None
) -> tuple[int, list[AnswerUnit]] | None:
    """The items of a sub-section the question names by its heading ("MoE terms" ->
    ``## MoE``'s bullets, "회의 할 일들" -> ``### 할 일``): (hit index, its items) for the
    first passage below the best unit's in the same note (its heading path starts with
    the best passage's), whose innermost heading is named in the question as a word
    and which holds at least two bullets under that heading and no table. Only below the
    best passage: another meeting's ``### 안건`` is a sibling, not the asked one."""
    low = question.lower()
    base = hits[best_hit].heading
    per_hit: PassageUnits | None = units
    for hi, h in enumerate(hits):
        # Not the best passage's own heading: its siblings are list_items' already, and
        # its best unit may be the answer itself ("Alignment Tuning에는 SFT와 RLHF가
        # 포함됨" under "1. Alignment Tuning"); a dated meeting heading also reads as its
        # bare noun ("2026-09-08 (월) 회의" -> "회의"), which the question names.
        if not h.heading.startswith(base + " > "):
            continue
        name = _section_name(h.heading)
        # A Korean particle may follow the name ("할 일들은"), a Latin letter may not.
        if len(name) < 2 or not re.search(rf"(?<!\w){re.escape(name)}(?![a-z0-9])", low):
            continue
        # (Built only for a passage below the best one the question names.)
        per_hit = passage_units(hits, per_hit)
        passage = per_hit[hi]
        if any(u.kind == "row" for u in passage):
            # A table under the heading is what a question naming it asks about ("the
            # readings of the English cohort"): its rows, which rows.py picks.
            continue
        items = [u for u in passage if u.kind in ("item", "definition") and u.context == h.heading]
        if len(items) >= 2 and not any(_item_name(u.text) in low for u in items):
            return hi, items
    return None


def _item_name(item: str) -> str:
    """A bullet's lead term ("Router z-loss — …" -> "router z-loss"), as a question
    naming that one entry would write it."""
    return _title_name(re.split(r"\s[—–:-]\s|:\s", item, maxsplit=1)[0])


def _title_name(title: str) -> str:
    """An entry title's name as a question would write it (no parenthesised year)."""
    return _EDGE_RE.sub("", _ASIDE_RE.sub(" ", title)).lower() or title.lower()


def _section_name(heading: str) -> str:
    """The innermost heading's name, lower-cased, without its emoji or a parenthesised
    aside ("🗣️ Speech (지난주 밀린 것)" -> "speech")."""
    name = _ASIDE_RE.sub(" ", heading.rsplit(" > ", 1)[-1])
    return _EDGE_RE.sub("", name).lower()


_ASIDE_RE = re.compile(r"\([^)]*\)")
# Emoji, numbering and punctuation around the name ("2.", "🗣️", ":").
_EDGE_RE = re.compile(r"^[\W\d_]+|[\W_]+$")
