"""One item of a list, asked for by its neighbour: "QLoRA 항목 중 Double Quantization 다음
거?", "Large Language Models 목록에서 Qwen 바로 앞 항목?", "X 바로 뒤에 나오는 논문", "3주차
다음 주에 발표한 사람", "What comes right after tokenization in the pipeline?", "Which
step precedes deduplication?" (issue #15, twenty-third round).

Such a question names an item X of a list (a bullet, a numbered line, a table row) and
wants the one beside it. X is the only line that shares the question's words, so the
scorer's best unit is X itself: the right section, the wrong line. The answer is X's
neighbour, read off the list as answer/ordinal_items.py reads a list's places (the same
lists, no second reading): a numbered list by its written numbers over every retrieved
chunk of the note (X is "4.", the answer "5." wherever that chunk ranked), plain bullets
by their run, nested bullets among their siblings under their parent; and a table by its
run of rows ("3주차 다음 주" is the next row).

Only a neighbour of an X found in a retrieved list is answered, and X must be written
right against the cue ("X 다음", "after X"): "다음 중 …" (the following ones), "다음과
같은", "after full fine-tuning" over no list holding that item, "Kestrel-7B는 이후 어떤
모델" (later in time) name no item beside the cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from notelens.answer.ordinal_items import (
    Item,
    ListHit,
    ListRank,
    NamedList,
    item_name,
    list_name,
    list_rank,
    passage_lists,
    runs,
)
from notelens.answer.units import AnswerUnit

#: The neighbour after X, and the one before it.
NEXT = 1
PREVIOUS = -1

# What a Korean neighbour question asks for after its cue: an item, a paper, a step, a
# model, a week or a meeting (a table's rows), a section (in Korean or English: "X 다음
# section은?"), "뭐", "누구", or nothing more ("X 다음?").
_KO_THING = (
    r"(?:항목|논문|단계|모델|섹션|링크|예시|방법|챕터|순서|차례|글|줄|행|주차|주|회차|회의|세미나|발표|"
    r"거|것|건|item|entry|step|paper|model|section|chapter|heading)"
)
_KO_VERB = (
    r"(?:나오는|나온|오는|온|있는|적힌|소개된|등장하는|위치한|놓인|쓰인|이어지는|진행된|발표한)"
)
_KO_ASK = r"(?:뭐|무엇|뭔|무슨|어떤|어느|누구|누가|언제|[?？]|$)"
_KO_CUE_RE = re.compile(
    # (A cue starts a word: not the "전" of "버전", the "위" of "단위".)
    rf"(?:(?P<right>바로\s*)|(?<![가-힣]))(?P<cue>다음|뒤|앞|이후|이전|전|아래|밑|위)"
    r"(?:에는|에|으로는|으로|엔|은|는|이|가)?\s*"
    rf"(?=(?:{_KO_VERB}\s*)?(?P<what>{_KO_THING}|{_KO_ASK}))"
)
# "이후" / "이전" / "전" also mean later / earlier in time ("배포 이후 latency", "몇년도
# 이후 논문", "학습 전 모델"): a neighbour only with "바로" or a list's own noun after them
# ("X 이후 항목", "X 전 단계").
_KO_TIME_CUES = frozenset({"이후", "이전", "전"})
_KO_LIST_THING_RE = re.compile(r"항목|단계|논문|섹션|순서|차례|줄|행|item|entry|step")
# "아래" / "밑" / "위" name a list's children or parent ("Tuning 아래 첫 항목"): the line
# below or above only with "바로" ("X 바로 아래 항목").
_KO_SPACE_CUES = frozenset({"아래", "밑", "위"})
_KO_NEXT = frozenset({"다음", "뒤", "이후", "아래", "밑"})
# English: a verb or noun of place, then the cue ("what comes right after X", "the step
# before X", "which paper is listed after X"), or "what follows / precedes X". Not
# "reach after", "drop after", "check before": those say when, not where.
_EN_CUE_RE = re.compile(
    r"(?:\b(?:comes?|came|is|was|next|what'?s|appears?|appeared|listed|written|mentioned|"
    r"goes|sits?|items?|entry|entries|steps?|stages?|papers?|models?|sections?|ones?|rows?|"
    r"weeks?|lines?|chapters?)|’s)\s+(?:(?:right|immediately|directly|just)\s+)?"
    r"(?P<cue>after|before|following|preceding)\b"
    r"|\b(?P<verb>follows|precedes)\b",
    re.I,
)
_EN_NEXT = frozenset({"after", "following", "follows"})
# Marks a name may carry in the note or the question: "[Flash Attention 2]", "`LoRA`".
_MARKS_RE = re.compile(r"[\[\]`*\"'“”‘’]")
# A Korean question's X may carry the noun of what it is ("3주차 다음", "10월 14일 회의
# 다음 회의", "Qwen 항목 바로 앞") or "의" ("X의 다음") between it and the cue.
_KO_TAIL = rf"\s*(?:{_KO_THING}\s*)?(?:의\s*)?$"


#: The fewest characters of an item's leading words that name it.
_SHORTEST = 3


def norm_name(text: str) -> str:
    """``text`` as names are matched: lower-cased, marks ("[X]", "`X`") and extra spaces
    dropped."""
    return " ".join(_MARKS_RE.sub(" ", text).lower().split())


def asked_neighbour(question: str) -> tuple[int, str, bool] | None:
    """(:data:`NEXT` or :data:`PREVIOUS`, the question's text where X is written, whether
    X ends that text (Korean "X 다음") rather than starts it (English "after X")), or
    ``None`` when the question asks no neighbour."""
    for m in _KO_CUE_RE.finditer(question):
        cue = m.group("cue")
        if not m.group("right") and (
            cue in _KO_SPACE_CUES
            or (cue in _KO_TIME_CUES and not _KO_LIST_THING_RE.match(m.group("what")))
        ):
            continue
        before = question[: m.start()]
        if before.strip():
            return (NEXT if cue in _KO_NEXT else PREVIOUS), before, True
    e = _EN_CUE_RE.search(question)
    if e is not None:
        cue = (e.group("cue") or e.group("verb")).lower()
        return (NEXT if cue in _EN_NEXT else PREVIOUS), question[e.end() :], False
    return None


def _names(u: AnswerUnit) -> list[str]:
    """What a question may call a unit: an item by its name (its text before a dash,
    colon or parenthesis, or a definition's term), a row by its first cell ("3", header
    "주차": "3주차", "week 3")."""
    if u.kind == "row":
        if not u.cells:
            return []
        head, value = (norm_name(c) for c in u.cells[0])
        out = [f"{value}{head}", f"{value} {head}", f"{head} {value}", f"{head}{value}"]
        # A bare number names no row: "3 다음" is no week.
        return [*out, value] if not value.isdigit() else out
    names = {norm_name(item_name(u.text)), norm_name(u.term)}
    # An item's leading words name it too ("Decontamination" for "Decontamination
    # against eval sets"): a question shortens a long item.
    for name in list(names):
        words = name.split()
        names |= {p for i in range(1, len(words)) if len(p := " ".join(words[:i])) >= _SHORTEST}
    return [n for n in names if len(n) >= 2]


def named_at_cue(anchor: str, ends: bool, names: Sequence[str]) -> int:
    """The length of the longest of ``names`` (normalised as :func:`norm_name` does)
    written right against the cue in ``anchor`` (0: none)."""
    text = norm_name(anchor)
    best = 0
    for name in names:
        if not name or len(name) <= best:
            continue
        body = rf"(?<![0-9a-z가-힣]){re.escape(name)}"
        found = (
            re.search(body + _KO_TAIL, text)
            if ends
            else re.match(rf"\s*(?:the\s+)?{body}(?![0-9a-z])", text)
        )
        best = len(name) if found else best
    return best


def _tables(hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]) -> list[NamedList]:
    """Every table of the passages with at least two rows: a run of rows of one
    context, by their order."""
    out: list[NamedList] = []
    for hi, passage in enumerate(units):
        for context in dict.fromkeys(u.context for u in passage if u.kind == "row"):
            for rows in runs(passage, context, ("row",)):
                if len(rows) >= 2:
                    items = [(i + 1, Item(hi, u)) for i, u in enumerate(rows)]
                    path = f"{hits[hi].title} > {context}"
                    out.append(NamedList(list_name(context), path, items, hi, hits[hi].title))
    return out


def neighbour_item(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> Item | None:
    """The item beside the one the question names, on the side it asks, in a retrieved
    list holding that item (the longest name written, then the list the question names
    most), or ``None``."""
    found = neighbour_pair(question, hits, units)
    return found[1] if found is not None else None


def neighbour_pair(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> tuple[Item, Item] | None:
    """(the item the question names, the item beside it) as :func:`neighbour_item`
    finds them, or ``None``: the named item is the line the question's words describe,
    which the refusal signal reads (answer/choose.py ``Choice.anchor``)."""
    asked = asked_neighbour(question)
    if asked is None:
        return None
    step, anchor, ends = asked
    best: tuple[tuple[int, ListRank], tuple[Item, Item]] | None = None
    for key, lst, place, it in named_items(question, anchor, ends, hits, units):
        nb = dict(lst.items).get(place + step)
        if nb is not None and (best is None or key > best[0]):
            best = (key, (it, nb))
    return best[1] if best is not None else None


def named_items(
    question: str,
    anchor: str,
    ends: bool,
    hits: Sequence[ListHit],
    units: Sequence[Sequence[AnswerUnit]],
) -> Iterator[tuple[tuple[int, ListRank], NamedList, int, Item]]:
    """Every item of a retrieved list or table that ``anchor`` names, with its list and
    place, keyed by how well it is named: the longest of its names written against the
    cue, then how well the question names its list (:func:`list_rank`)."""
    # (A run of names in a prose line too: "X 다음" names X itself, which says where the
    # run is; a place alone does not, so answer/ordinal_items.py reads list lines only.)
    for lst in [*passage_lists(question, hits, units, prose=True), *_tables(hits, units)]:
        rank: ListRank | None = None
        for place, it in lst.items:
            n = named_at_cue(anchor, ends, _names(it.unit))
            if not n:
                continue
            if rank is None:
                rank = list_rank(question, lst) or (0, 0, 0.0, -lst.hit_index)
            yield (n, rank), lst, place, it


# "X와 같은 목록에 있는 다른 것", "X랑 같은 섹션의 다른 논문", "the other items in the same
# list as X", "what else is listed with X": X's fellow items.
_KO_SAME_RE = re.compile(
    r"(?:와|과|랑|이랑|하고)\s*같은\s*(?:목록|리스트|섹션|카테고리|그룹|분류|항목|list)"
    r"(?:에|의)?\s*(?:있는|속한|들어\s*있는|나오는|적힌)?\s*다른"
)
_EN_SAME_RE = re.compile(
    r"\b(?:other|else)\b.{0,40}?\bsame\s+(?:list|section|category|group)\s+as\b"
    r"|\bwhat\s+else\s+is\s+(?:listed|mentioned)\s+(?:with|alongside|besides)\b",
    re.I,
)


def asked_fellows(question: str) -> tuple[str, bool] | None:
    """(the question's text where X is written, whether X ends it) when the question
    asks for the other items of X's list, else ``None``."""
    m = _KO_SAME_RE.search(question)
    if m is not None and question[: m.start()].strip():
        return question[: m.start()], True
    e = _EN_SAME_RE.search(question)
    return (question[e.end() :], False) if e is not None else None


def fellow_items(
    question: str, hits: Sequence[ListHit], units: Sequence[Sequence[AnswerUnit]]
) -> list[Item]:
    """The other items of the retrieved list holding the item the question names (the
    longest name written, then the list the question names most), in order; ``[]``
    when it asks none or no list holds X."""
    asked = asked_fellows(question)
    if asked is None:
        return []
    anchor, ends = asked
    best: tuple[tuple[int, ListRank], list[Item]] | None = None
    for key, lst, _, it in named_items(question, anchor, ends, hits, units):
        if best is None or key > best[0]:
            best = (key, [o for _, o in lst.items if o is not it])
    return best[1] if best is not None else []


__all__ = [
    "NEXT",
    "PREVIOUS",
    "asked_fellows",
    "asked_neighbour",
    "fellow_items",
    "named_at_cue",
    "named_items",
    "neighbour_item",
    "neighbour_pair",
    "norm_name",
]
