"""What a question asking for a section by its place in the note's outline asks
(answer/section_answers.py answers it): the section beside a named one ("X 다음 섹션은?",
"Which section comes right after X?"), at a place ("마지막 섹션 이름?", "the first
section"), a named section's own place ("몇 번째 섹션이야?"), how many there are ("섹션이
몇 개야?") or the section above a named one ("X의 상위 섹션은?").

Only a question asking for the section itself is read: the section noun is the cue's or
the place's object and nothing but its name is asked after it ("마지막 섹션에 있는 논문"
asks for papers; "X 다음 논문" is a list's item, answer/neighbour_items.py's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notelens.answer.neighbour_items import asked_neighbour
from notelens.answer.ordinal_items import EN_PLACES, KO_PLACES, LAST

__all__ = ["SectionAsk", "asked_section"]

_KO_NOUN = (
    r"(?:하위\s*|세부\s*)?(?:섹션|챕터|카테고리|헤딩|소제목|파트|단원|section|chapter|heading)"
)
_EN_NOUN = r"(?:section|chapter|heading|category|part)"
# What may follow the asked section in a Korean question that asks for its name only:
# "이름?", "제목이 뭐야", "은 뭐였지", "알려줘".
_KO_NAME_TAIL_RE = re.compile(
    r"^(?:\s|의|은|는|이|가|을|를|이름|제목|명칭|명|뭐\S*|무엇\S*|무슨\s*거\S*|어떤\s*거\S*"
    r"|알려\s*줘\S*|말해\s*줘\S*|이야|야|이에요|예요|인가요?|이지|지|임|[?？.!])*$"
)
_KO_PLACE_ALT = "|".join(sorted((k for k in KO_PLACES if k != "첫"), key=len, reverse=True))
# "마지막 섹션", "첫 번째 섹션", "두번째 하위 섹션", "맨 끝 섹션", "3번째 섹션".
_KO_PLACE_RE = re.compile(
    rf"(?:(?P<last>(?:맨\s*)?마지막|맨\s*(?:끝|뒤))|(?P<first>첫\s*(?:번\s*)?(?:째)?|맨\s*(?:앞|처음))"
    rf"|(?<![가-힣])(?P<w>{_KO_PLACE_ALT})\s*번\s*째|(?<![\d.])(?P<d>\d{{1,2}})\s*번\s*째)"
    rf"\s*(?:에\s*(?:있는|나오는|오는)\s*)?{_KO_NOUN}"
)
# "섹션 중 마지막은?", "섹션들 중에 첫 번째는?"
_KO_AMONG_RE = re.compile(
    rf"{_KO_NOUN}\s*(?:들)?\s*(?:중|중에|중에서|가운데)\s*"
    rf"(?:(?P<last>(?:맨\s*)?마지막)|(?P<first>첫\s*(?:번\s*)?(?:째)?|맨\s*(?:앞|처음))"
    rf"|(?<![가-힣])(?P<w>{_KO_PLACE_ALT})\s*번\s*째|(?P<d>\d{{1,2}})\s*번\s*째)"
    r"\s*(?:거|것|꺼)?"
)
_EN_PLACE_ALT = "|".join(EN_PLACES)
# "What is the last section of the paper list?", "What's the name of the first heading
# in X?", "Which is the final section?": the question opens with the asked section.
_EN_PLACE_RE = re.compile(
    r"^\s*(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)?\s+(?:the\s+)?"
    r"(?:(?:name|title)\s+of\s+the\s+)?"
    rf"(?P<o>{_EN_PLACE_ALT})\s+(?:(?:top-level|main|major)\s+)?(?:sub-?)?{_EN_NOUN}s?\b",
    re.I,
)
# "Which section comes last / first in the paper list?"
_EN_COMES_RE = re.compile(
    rf"^\s*(?:what|which)\s+(?:sub-?)?{_EN_NOUN}\s+(?:comes|is|appears)\s+(?P<o>first|last)\b",
    re.I,
)
# A Korean neighbour question's asked section: the noun after the cue ("X 다음 섹션은?",
# "X 바로 앞에 나오는 섹션"), or before it ("X 섹션 다음은?").
_KO_CUE = r"(?:다음|뒤|앞|이전|전|이후)"
_KO_AFTER_CUE_RE = re.compile(
    rf"{_KO_CUE}\s*(?:에\s*)?(?:(?:나오는|오는|있는|이어지는|위치한)\s*)?(?:{_KO_NOUN})"
)
_KO_BEFORE_CUE_RE = re.compile(rf"{_KO_NOUN}\s*(?:의\s*)?(?:바로\s*)?{_KO_CUE}")
# An English neighbour question asks for the section itself: "Which section comes
# right after X?", "What is the heading before X?", "What's the next section after X?".
_EN_NEIGHBOUR_RE = re.compile(
    r"^\s*(?:what|which)(?:'s|\s+is|\s+was)?\s+(?:the\s+)?(?:(?:name|title)\s+of\s+the\s+)?"
    rf"(?:next\s+|previous\s+|following\s+|preceding\s+)?(?:sub-?)?{_EN_NOUN}\b",
    re.I,
)
# "몇 번째 섹션에 있어?", "Methods 섹션은 몇 번째야?", "What number section is X?"
_KO_NUMBER_RE = re.compile(
    rf"몇\s*번\s*째\s*(?:에\s*(?:있는|나오는|오는)\s*)?{_KO_NOUN}|{_KO_NOUN}\s*(?:은|는|이|가)?\s*(?:중\s*)?몇\s*번\s*째"
)
_EN_NUMBER_RE = re.compile(
    rf"\b(?:what|which)\s+(?:number|position)\b.*\b{_EN_NOUN}\b|\b{_EN_NOUN}\s+number\b", re.I
)
# "섹션이 몇 개야?", "몇 개의 섹션으로 돼 있어?", "How many sections does X have?"
_KO_COUNT_NOUN = r"(?:하위\s*|세부\s*)?(?:섹션|챕터|소제목|헤딩|section|chapter|heading)"
_KO_COUNT_RE = re.compile(
    rf"{_KO_COUNT_NOUN}\s*(?:들)?\s*(?:이|가|은|는)?\s*(?:총\s*|모두\s*|전부\s*)?몇\s*개"
    rf"|몇\s*개의?\s*{_KO_COUNT_NOUN}"
)
# "Knowledge Augmentation의 상위 섹션은?", "What is the parent section of X?"
_KO_PARENT_RE = re.compile(rf"(?:상위|부모|바로\s*위)\s*(?:{_KO_NOUN}|제목|항목)")
_EN_PARENT_RE = re.compile(
    rf"^\s*(?:what|which)(?:'s|\s+is|\s+was)?\s+(?:the\s+)?(?:parent|enclosing)\s+{_EN_NOUN}\b",
    re.I,
)
_EN_COUNT_RE = re.compile(
    r"\bhow\s+many\s+(?:top-level\s+|main\s+)?(?:sub-?)?(?:sections|chapters|headings)\b", re.I
)


@dataclass(frozen=True, slots=True)
class SectionAsk:
    """What the question asks: the section beside a named one (``step`` +1 / -1, the
    question's text where the name is written and whether it ends that text), or the
    section at a place (``place``, 1-based or :data:`LAST`)."""

    step: int = 0
    anchor: str = ""
    ends: bool = False
    place: int = 0
    # "몇 번째 섹션이야?": the place of the section named or holding the thing asked about.
    number: bool = False
    # "섹션이 몇 개야?": how many sections (the note's, or a named section's subsections).
    count: bool = False
    # "X의 상위 섹션은?": the section a named section sits in.
    parent: bool = False


def _place(m: re.Match[str]) -> int:
    if m.group("last"):
        return LAST
    if m.group("first"):
        return 1
    return KO_PLACES[m.group("w")] if m.group("w") else int(m.group("d"))


def _names_only(rest: str) -> bool:
    return _KO_NAME_TAIL_RE.match(rest) is not None


def asked_section(question: str) -> SectionAsk | None:
    """The section the question asks for by its place, or ``None``."""
    up = _KO_PARENT_RE.search(question)
    if (up is not None and _names_only(question[up.end() :])) or _EN_PARENT_RE.match(question):
        return SectionAsk(parent=True)
    if _KO_COUNT_RE.search(question) or _EN_COUNT_RE.search(question):
        return SectionAsk(count=True)
    if _KO_NUMBER_RE.search(question) or _EN_NUMBER_RE.search(question):
        return SectionAsk(number=True)
    for rx in (_KO_PLACE_RE, _KO_AMONG_RE):
        for m in rx.finditer(question):
            if _names_only(question[m.end() :]) and _place(m):
                return SectionAsk(place=_place(m))
    e = _EN_PLACE_RE.match(question) or _EN_COMES_RE.match(question)
    if e is not None:
        return SectionAsk(place=EN_PLACES[e.group("o").lower()])
    near = asked_neighbour(question)
    if near is None:
        return None
    step, anchor, ends = near
    if ends:
        k = _KO_AFTER_CUE_RE.search(question, len(anchor))
        b = _KO_BEFORE_CUE_RE.search(question)
        asks = (k is not None and _names_only(question[k.end() :])) or (
            b is not None and b.start() < len(anchor) + 8 and _names_only(question[b.end() :])
        )
    else:
        asks = _EN_NEIGHBOUR_RE.match(question) is not None
    return SectionAsk(step=step, anchor=anchor, ends=ends) if asks else None
