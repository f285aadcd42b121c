"""The people of a meeting or a group by their role: the label lines of minutes.

Minutes and group pages name their people in labelled lines: ``참석: …``, ``불참: 배소윤
(휴가)``, ``기록: 오민재``, ``Coordinator: Priya Raman``. A question asks one role in its
own words ("10월 14일 회의에 누가 빠졌어?", "Who coordinates the group?"), which often
share no term with the label ("빠졌" / "불참"), so another line that restates more of the
question wins ("권태호: … 이번 회의에서는 …"). :func:`asked_roles` reads the roles a
person question asks, :func:`unit_role` the role a definition line's label names; a line
whose label is the asked role is that role's answer, as a table row is for a column.

A label is read whole: "Co-coordinator" is not the coordinator, and "불참" is no "참석".
"""

from __future__ import annotations

import re

from notelens.answer.units import AnswerUnit

_I = re.IGNORECASE
# (role, what a question writes to ask it, what a label that names it is).
_ROLES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "absent",
        re.compile(
            r"불참|결석|빠(?:졌|져|짐|진)|안\s*(?:온|왔)|\babsen(?:t|ce)\b|\bmissed\b"
            r"|\bdid(?:n't| not) (?:attend|come|join)\b",
            _I,
        ),
        re.compile(r"불참(?:자)?|결석(?:자)?|absent|absentees|absence|regrets|apologies", _I),
    ),
    (
        "attended",
        # ("불참" holds no "참석"; an absence question is read first and alone.)
        re.compile(r"참석|출석|참가|\battend(?:ed|s|ees|ance)?\b|\bwho (?:was|were) there\b", _I),
        re.compile(
            r"참석(?:자)?|출석(?:자)?|참가(?:자)?|attendees|attendance|attended|present"
            r"|participants",
            _I,
        ),
    ),
    (
        "recorder",
        re.compile(
            # ("기록했어" alone is a score recorded: "최고 성능을 기록했어?")
            r"기록\s*(?:담당|자)|기록(?:은|을)?\s*누가|누가\s*기록|회의록\s*(?:작성|담당|은|을|쓴)|서기"
            r"|\b(?:took|takes|wrote|writes) (?:the )?(?:minutes|notes)\b|\bnote-?taker\b",
            _I,
        ),
        re.compile(r"기록(?:자)?|서기|회의록|minutes(?: by)?|note-?taker|notes by|scribe", _I),
    ),
    (
        "chair",
        re.compile(
            r"진행(?:자|은|을|한|했|하|해)|사회(?:자|를|는|를 본)|의장"
            r"|\bchair(?:ed|s)?\b|\bfacilitat\w*|\bmoderat\w*",
            _I,
        ),
        re.compile(r"진행(?:자)?|사회(?:자)?|의장|chair|facilitator|moderator|host", _I),
    ),
    (
        "organizer",
        # "Who runs / leads the group?", "모임장은 누구야?": who organises it.
        re.compile(
            r"운영(?:자|은|을|하|해|진)|주최|총괄|이끄|이끌|모임장|스터디장|리더"
            r"|\bcoordinat\w*|\borgani[sz]\w*|\b(?:runs|ran|leads|led|heads)\b|\bin charge\b",
            _I,
        ),
        re.compile(
            r"운영(?:자|진)?|주최(?:자)?|총괄|모임장|스터디장|리더|coordinator|organi[sz]ers?"
            r"|organi[sz]ed by|run by|lead|leader",
            _I,
        ),
    ),
)


def asked_roles(question: str) -> frozenset[str]:
    """The roles a person question asks ("누가 빠졌어?" -> absent); an absence is asked
    alone (its words hold no attendance, but "참석 못 한" would read as both)."""
    found = [role for role, asks, _ in _ROLES if asks.search(question)]
    if "absent" in found:
        return frozenset({"absent"})
    return frozenset(found)


def unit_role(unit: AnswerUnit) -> str | None:
    """The role a definition line's label names as a whole ("불참: …" -> absent,
    "Coordinator: …" -> organizer, "Co-coordinator: …" -> ``None``)."""
    if unit.kind != "definition" or not unit.term:
        return None
    label = unit.term.strip(" *_")
    for role, _, names in _ROLES:
        if names.fullmatch(label):
            return role
    return None
