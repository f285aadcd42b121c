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

from notelens.analysis.dates import DATE_RE
from notelens.answer.qtype import KO_NAME_RE
from notelens.answer.span import Span
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
    (
        # Who keeps a file, a log or a repository: the "owner:" / "Maintainer:" line of
        # its header.
        "keeper",
        re.compile(
            # (Not "담당": "기록 담당" is the recorder, "발표 담당" the presenter.)
            r"\bmaintain\w*|\bowner\b|\bowns\b|관리자|관리(?:는|를|하|해)|책임자",
            _I,
        ),
        re.compile(r"owner|maintainers?|maintained by|owned by|관리자?|책임자", _I),
    ),
    (
        # Who transcribed a talk or a Q&A: "Transcribed by:", "녹취:".
        "transcriber",
        re.compile(r"\btranscri\w*|녹취|받아\s*적", _I),
        re.compile(r"transcri(?:bed by|ber|ption by|pt by)|녹취(?:자)?|녹취\s*정리", _I),
    ),
    (
        # Who wrote a note, an essay or a post: "작성: 장우성", "Written by: …", and the
        # byline under its title (:func:`byline`). (Not a paper's authors: "저자".)
        "writer",
        re.compile(
            r"(?:쓴|작성한)\s*(?:사람|이|분)|작성자|글쓴이|필자|누가\s*(?:썼|작성)"
            r"|\bwho (?:wrote|authored)\b|\bwritten by\b",
            _I,
        ),
        re.compile(r"작성(?:자)?|글쓴이|필자|글|written by|author|by", _I),
    ),
    (
        # Who reviewed a paper or a draft: "Reviewer: …", "리뷰: …".
        "reviewer",
        re.compile(r"\breview(?:ed|er|s)?\b|리뷰(?:어|한|했|하|해|는|를)|검토(?:자|한|했)", _I),
        re.compile(r"review(?:ed by|er|ers)|리뷰(?:어)?|검토(?:자)?", _I),
    ),
)


# "세미나에서 발표한 사람은?", "Who gave the talk?": the presenter of a talk or a session.
# A question naming a paper ("Who presents the QLoRA paper?") is a schedule's lookup, its
# presenter in a table row (answer/rows.py) or under the paper's entry: every entry's
# "발표자:" line would gain alike, so the role is not read there.
_PRESENTER_ASKS_RE = re.compile(
    # Asked as "who": "발표자가 늦으면 어떻게 해?" names the role without asking its holder.
    r"발표자(?:는|가|이|가\s*누구|\s*이름)?\s*(?:누구|누군)|발표(?:한|하신|할)\s*(?:사람|분)"
    r"|누가\s*발표|발표(?:는|를)?\s*누가|연사(?:는|가)?\s*(?:누구|누군)"
    r"|\bwho (?:presented|presents|spoke|speaks|talked)\b"
    r"|\bwho (?:gave|gives) (?:the |a |this |that )?(?:talk|presentation|keynote)\b"
    r"|\bwho (?:was|is) the (?:presenter|speaker)\b",
    re.I,
)
_PAPER_RE = re.compile(r"논문|\bpapers?\b|\barticle\b", re.I)
_PRESENTER_LABEL_RE = re.compile(r"발표(?:자)?|연사|speaker|presenter|presented by|talk by", re.I)


def asked_roles(question: str) -> frozenset[str]:
    """The roles a person question asks ("누가 빠졌어?" -> absent); an absence is asked
    alone (its words hold no attendance, but "참석 못 한" would read as both)."""
    found = [role for role, asks, _ in _ROLES if asks.search(question)]
    if "absent" in found:
        return frozenset({"absent"})
    if "writer" in found and ("recorder" in found or _PAPER_RE.search(question)):
        # "회의록은 누가 작성했어?" asks the minutes' recorder; "논문을 쓴 사람" a
        # paper's authors, which no note's byline names.
        found.remove("writer")
    if _PRESENTER_ASKS_RE.search(question) and not _PAPER_RE.search(question):
        found.append("presenter")
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
    if _PRESENTER_LABEL_RE.fullmatch(label):
        return "presenter"
    return None


# A heading that names its presenter at its end: "9주차 (2025.05.17) Gorae — 발표 임가온",
# "6주차 기록: PagedAttention (발표 최우진)", "Week 3 — presenter: Dana Holt". The name is
# a Korean name of two to four syllables or one to three capitalised words, and ends
# the segment (then "발표 자료 모음" or "발표 논문 및 순서" name no one).
_HEADING_PRESENTER_RE = re.compile(
    r"(?:^|[\s(—–-])(?:발표자?|presenter|presented by|speaker)\s*[:：]?\s*"
    r"(?P<name>[가-힣]{2,4}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\s*\)?\s*$"
)
# Words that end a heading after "발표" without being anyone ("## 발표 순서").
_NOT_NAMES = frozenset(
    {"순서", "자료", "논문", "주제", "일정", "후기", "준비", "시간", "내용", "목록", "방식", "규칙"}
)


def asks_presenter(question: str) -> bool:
    """Whether the question asks who presented ("누가 발표했어?", "Gorae 논문 발표자는?",
    "Who presented …?"), a paper named or not."""
    return _PRESENTER_ASKS_RE.search(question) is not None


def heading_presenter(question: str, unit: AnswerUnit) -> Span | None:
    """The presenter a heading path names at its end ("… Gorae — 발표 임가온"), for a
    question asking who presented, when the best ``unit`` is a line under that heading
    that names no presenter itself (a session's bullets say what the paper did); the
    deepest segment that names one. ``None`` otherwise, and for a table row (its
    presenter column is rows.py's). Like ``heading_when``'s, the span comes from the
    context: ``start == end == 0``."""
    if unit.kind == "row" or not asks_presenter(question):
        return None
    if _PRESENTER_LABEL_RE.search(unit.text):
        return None
    for segment in reversed(unit.context.split(" > ")):
        m = _HEADING_PRESENTER_RE.search(segment.strip())
        if m is not None and m.group("name") not in _NOT_NAMES:
            return Span(m.group("name"), 0, 0)
    return None


# -- roles named inside a line ------------------------------------------------------------
#
# A header line packs several labelled fields ("Presenter: 정유나 · Date: 2026-04-30 ·
# Transcribed by: Priya Raman (from the Zoom recording)"), and a verdict line ends with its
# reviewer ("Score: 7/10 — reviewer: Hyejin Seo"). The unit is one definition line whose
# label is its first field's, so :func:`unit_role` sees only that one: a question asking
# the transcriber or the reviewer finds its role in a later field. Fields are separated
# as notes write them: " · ", " | ", " — ", "; ", or ", " before another "Label:".
_FIELD_SEP_RE = re.compile(r"\s+[·|—–]\s+|;\s+|,\s+(?=[^,:：]{1,25}[:：]\s)")
_FIELD_RE = re.compile(r"\s*(?P<label>[^:：]{1,30}?)\s*[:：]\s*(?P<value>\S.*?)\s*$", re.S)
# The end of a value: an aside in parentheses ("(from the Zoom recording)", "(휴가)"),
# or a closing period.
_VALUE_END_RE = re.compile(r"\s*[(（]|\s*[.。]\s*$")


def _fields(text: str) -> list[tuple[str, int, int]]:
    """The labelled fields of a line: ``(label, start, end)`` with the value's offsets in
    ``text``; a line of fewer than two fields gives none (a plain definition line is
    :func:`unit_role`'s)."""
    parts: list[tuple[int, int]] = []
    at = 0
    for sep in _FIELD_SEP_RE.finditer(text):
        parts.append((at, sep.start()))
        at = sep.end()
    parts.append((at, len(text)))
    found: list[tuple[str, int, int]] = []
    for a, b in parts:
        m = _FIELD_RE.fullmatch(text, a, b)
        if m is None:
            continue
        start = m.start("value")
        end = m.end("value")
        cut = _VALUE_END_RE.search(text, start, end)
        if cut is not None and cut.start() > start:
            end = cut.start()
        found.append((m.group("label").strip(" *_"), start, end))
    return found if len(found) >= 2 else []


def _field_role(label: str) -> str | None:
    """The role a field's label names as a whole (as :func:`unit_role` reads a line's)."""
    for role, _, names in _ROLES:
        if names.fullmatch(label):
            return role
    return "presenter" if _PRESENTER_LABEL_RE.fullmatch(label) else None


def names_role(unit: AnswerUnit, roles: frozenset[str]) -> bool:
    """Whether ``unit`` labels one of the asked ``roles``: its own label
    (:func:`unit_role`) or a field of a line that packs several ("… · Transcribed by: …").
    A table row's cells are the row readers' (answer/rows.py)."""
    if not roles or unit.cells:
        return False
    if unit_role(unit) in roles:
        return True
    return any(_field_role(label) in roles for label, _, _ in _fields(unit.text))


# A byline: the line under a note's title that names its writer, with the date or a
# "by" marker ("2026-10-25, 최민재", "by Dana Holt · March 3, 2026", "글: 문가온").
_BYLINE_RE = re.compile(
    r"[\s,·|/—–*_-]*(?P<by>(?:[Bb]y|[Ww]ritten by|글|작성(?:자)?)\s*[:：]?\s*)?"
    r"(?P<name>[가-힣]{3}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})[\s,·|/—–*_-]*"
)
# A year a date leaves behind ("March 3, 2026" read as "March 3").
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: How many ``W_ROLE`` a note's byline earns for a question asking its writer: the
#: byline writes nothing but the name and the date, so a line of the essay restating
#: the question's topic would win on words alone.
BYLINE_FIT = 2


def byline(unit: AnswerUnit) -> Span | None:
    """The writer's name when ``unit`` is a note's byline: one of the first two lines
    right under its title (a context of one heading) writing only a name with a date or
    a "by" marker; ``None`` otherwise (a lone name is a list item, not a byline)."""
    if unit.cells or unit.position > 1 or " > " in unit.context or len(unit.text) > 60:
        return None
    dates = [*DATE_RE.finditer(unit.text), *_YEAR_RE.finditer(unit.text)]
    # The line with its dates blanked out (offsets kept) must be the name alone.
    rest = unit.text
    for d in dates:
        rest = rest[: d.start()] + " " * (d.end() - d.start()) + rest[d.end() :]
    m = _BYLINE_RE.fullmatch(rest)
    if m is None or not (dates or m.group("by")):
        return None
    name = m.group("name")
    if name in _NOT_NAMES or (name[0] >= "가" and KO_NAME_RE.fullmatch(name) is None):
        # A Korean name is a surname and a given name ("2026-10-25 회의록" writes none).
        return None
    if name[0] < "가" and " " not in name and "-" not in name and not m.group("by"):
        # One capitalised word after a date is a label ("Updated 2025-01-02").
        return None
    return Span(m.group("name"), m.start("name"), m.end("name"))


def role_fit(unit: AnswerUnit, roles: frozenset[str]) -> int:
    """+1 for a unit that labels an asked role (:func:`names_role`); -1 for a table row
    whose columns name roles and none of the asked ones ("Who reviewed the MTP paper?"
    over a schedule row "논문: MTP · 발표자: 서혜진": its person is the presenter, not the
    reviewer, however well the row names the paper); 0 otherwise. A presenter question
    keeps every row: a schedule's "Lead" or "Host" column is often who presents."""
    if not roles:
        return 0
    if not unit.cells:
        if "writer" in roles and byline(unit) is not None:
            return BYLINE_FIT
        return int(names_role(unit, roles))
    if "presenter" in roles:
        return 0
    held = {_field_role(header.strip(" *_")) for header, _ in unit.cells} - {None}
    return -1 if held and held.isdisjoint(roles) else 0


def role_value(roles: frozenset[str], unit: AnswerUnit) -> Span | None:
    """The value of the field of ``unit`` that labels an asked role, in a line packing
    several fields ("… · Transcribed by: Priya Raman (from …)" -> "Priya Raman"); ``None``
    when no such field (a plain "기록: 오민재" is left to the short-answer rules)."""
    if not roles or unit.cells:
        return None
    if "writer" in roles and (by := byline(unit)) is not None:
        return by
    for label, start, end in _fields(unit.text):
        if _field_role(label) in roles and end > start:
            return Span(unit.text[start:end], start, end)
    return None
