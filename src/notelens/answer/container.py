"""Where the notes keep a thing: "GSM8K Platinum은 어느 폴더에 있어?", "Under which
section are the reward-model papers listed?".

Such a question asks for the unit's place in its note, not for anything its text says:
the answer is the folder or section the unit sits under, which the unit's context (its
heading path, and the list items and labels above it) holds. A folder question takes the
deepest segment written as a path ("`/research`", "papers/"), a section, category or
chapter question the deepest segment of all (below the note's title). The span comes
from the context, as ``heading_when``'s does: ``start == end == 0``.

A paper list writes an entry as a title with its summary under a label ("6. AnimateDiff
…(2024)" > "3 LINE SUMMARY" > the bullets): the thing asked about is the entry, so its
container is the segment above the one that names it, not the deepest one (the label of
the entry's own summary). A note without a ``#`` title starts its heading path with its
first section ("Diffusion Models > 6. AnimateDiff …"): that section is the container
then, not a note title to skip.

People ask for the container by its kind as often as by the word section ("Galactica는
어떤 종류의 사전학습 밑에 정리돼 있어?", "LLM 방향성 중 어떤 항목 밑이야?", "Which kind
of pre-training is Galactica listed under?"): "which … under" is the question. And by
what the container holds, the noun closing the question ("LLaVA 논문 들어있는 섹션",
"X 정리된 폴더는?"), as a sub-heading ("Under which sub-heading are X and Y listed?") or
as a part of a named note ("Which part of the overview note holds the X list?"). The
container answers such a question even where it shares a word with it or the question
names several things (answer/short_span.py leads with it).
"""

from __future__ import annotations

import re

from notelens.analysis.lang import has_hangul
from notelens.analysis.particles import trailing_particle
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

__all__ = ["asked_names", "asks_container", "container_span", "squashed"]

_KO_NOUNS = "폴더|디렉토리|디렉터리|섹션|카테고리|분류|챕터|목록|헤딩|항목"
_EN_NOUNS = "folder|directory|section|category|chapter|heading"
# A heading one level down is asked for under its own name as often ("Under which
# sub-heading are X and Y listed?", "Which subsection holds X?").
_EN_SUB = r"sub-?(?:heading|section)"
# Korean questions name the container in English as often as in Korean ("어느 section에
# 들어가 있지?"), and ask with 어디 as well as 어느 ("어디 폴더 밑에 링크돼 있어?").
# A word may stand between the noun and its particle ("어느 section 예시로 나와?": the
# thing is given as one of the section's examples). The section may be asked as a
# subsection ("FLASK는 어느 하위 섹션에 있어?"): the deepest segment is the answer then too.
_KO_RE = re.compile(
    rf"(?:어느|어떤|무슨|어디)\s*(?:(?:하위|세부)\s*)?({_KO_NOUNS}|{_EN_NOUNS})\s*"
    r"(?:(?:의\s*)?(?:예시|예제|예|일부|쪽)\s*)?"
    r"(?:에|에서|안에|밑에|아래에?|으로|로)\s*"
    r"(?:있|속|들어|정리|나와|나오|분류|포함|적혀|올라|넣|다뤄|다루|링크|저장|모여)"
    # "어느 폴더 소속이야?": the thing belongs to the folder.
    rf"|(?:어느|어떤|무슨)\s*({_KO_NOUNS}|{_EN_NOUNS})\s*소속",
    re.I,
)
_EN_RE = re.compile(
    rf"\b(?:in|under|into)\s+(?:which|what)\s+({_EN_SUB}|{_EN_NOUNS})s?\b"
    rf"|\b(?:which|what)\s+({_EN_SUB}|{_EN_NOUNS})s?\s+(?:(?:of|in)\s+(?:the\s+)?[\w\s-]{{1,40}}?\s+)?"
    r"(?:is|are|does|do|did|was|were|has|have|holds?|contains?|lists?|mentions?|covers?"
    r"|includes?)\b",
    re.I,
)
# "Which heading sits directly above Knowledge Augmentation?", "What's the Korean heading
# above the weekly paper table?": the heading a thing is written under is the one above
# it in the page, whatever the thing is (a sub-heading, a table, a line).
_EN_ABOVE_RE = re.compile(
    rf"\b(?:which|what)(?:'s|\s+is)?\s+(?:the\s+)?(?:[\w-]+\s+)?({_EN_SUB}|{_EN_NOUNS})\s+"
    r"(?:(?:sits?|is|comes?|appears?|stands?)\s+)?(?:(?:directly|right|just|immediately)\s+)?"
    r"above\b",
    re.I,
)
# A scope written after the thing ("above X in the SSL note").
_EN_SCOPE_RE = re.compile(r"\s+(?:in|of|from)\s+(?:the\s+)?.+$", re.I)
# "Which part of the overview note holds the X list?": a part of a named note or list is
# one of its sections (a part of anything else, "which part of the model", is not).
_EN_PART_RE = re.compile(
    r"\b(?:which|what)\s+(part)s?\s+of\s+(?:the\s+|my\s+)?[\w\s-]{1,40}?"
    r"\b(?:notes?|list|overview|page|document|file|readme)\s+"
    r"(?:holds?|contains?|lists?|covers?|includes?|has|have|is|are)\b",
    re.I,
)
# "어떤 종류의 사전학습 밑에 정리돼 있어?", "어떤 항목 밑이야?": which kind of thing it is
# filed under, whatever noun names the kind (a few words between 어떤 and 밑/아래).
_KO_UNDER_RE = re.compile(
    r"(?:어느|어떤|무슨)\s*((?:[^\s?]+\s*){1,3}?)(?:밑|아래|하위)(?:에(?!서)|이야|야|인가|일까|\s*\??\s*$)"
)
# "Which kind of pre-training is Galactica listed under?", "What category does X fall under?"
_EN_UNDER_RE = re.compile(
    r"^\s*(?:which|what)\s+([\w-]+)\b.*\b(?:listed|filed|grouped|sorted|kept|placed|fall|falls"
    r"|go|goes|put|classified|categori[sz]ed)\s+under\s*\??\s*$",
    re.I,
)
# "repo 구조 설명하는 섹션 제목이 뭐였지?", "What is the section title for X?": the
# heading above the line the question describes, asked by its title or name (not an
# item's or a list's own name: 항목, 목록 are left out; nor the first or last section of
# a note, which no one line's context holds).
_TITLE_NOUNS = "폴더|디렉토리|디렉터리|섹션|카테고리|분류|챕터|헤딩"
_KO_TITLE_RE = re.compile(
    rf"\s({_TITLE_NOUNS}|{_EN_NOUNS})\s*(?:제목|이름|명)(?:이|은|에|\s|\?|$)",
    re.I,
)
# ("the name of the section on X" is left out: there X is as often the section's own
# line in a list of sections, whose name the line itself writes.)
_EN_TITLE_RE = re.compile(rf"\b({_EN_NOUNS})\s+(?:title|name)\b", re.I)
# "LLaVA 논문 들어있는 섹션", "X 있는 섹션 이름?", "Y 정리된 폴더는?": the container asked
# for by a clause that says what it holds, the noun closing the question (a place among
# sections, "처음 나오는 섹션", "다음에 오는 섹션", is answer/section_answers.py's).
_KO_HOLDS_RE = re.compile(
    r"(?:있는|들어\s*있는|들어간|담긴|나오는|정리된|정리되어\s*있는|모여\s*있는|속한|포함된)\s*"
    rf"(?:큰\s*|하위\s*|세부\s*)?({_TITLE_NOUNS}|{_EN_NOUNS})\s*(?:이름|제목|명)?\s*"
    r"(?:은|는|이|가)?\s*(?:뭐(?:야|였지|지|더라|였더라)?|어디(?:야)?)?\s*\??\s*$",
    re.I,
)
_ORDINAL_RE = re.compile(r"마지막|첫\s*번?째?\s|\b(?:first|last|second|final)\b", re.I)
# A section asked by its place ("제일 처음 나오는 섹션", "다음에 오는 섹션") is no container.
_PLACE_RE = re.compile(r"처음|다음|이전|먼저|맨\s*(?:앞|뒤|위|아래)|바로\s*(?:앞|뒤|위|아래)")
# "Which sections is the paper list split into?" asks for the sections inside a thing.
_INSIDE_RE = re.compile(r"\b(?:split|divided|organi[sz]ed|broken)\s+into\b|나뉘|구성", re.I)
# A segment that is a path, or opens with one ("`/other`: This section encompasses …").
_PATH_RE = re.compile(r"^`?(/?[\w.-]+(?:/[\w.-]+)*/?)`?(?=$|\s*[:：\s])")


def asks_container(question: str) -> str | None:
    """The container noun a question asks for ("폴더", "section"), or ``None``."""
    if _INSIDE_RE.search(question):
        return None
    m = (
        _KO_RE.search(question)
        or _EN_RE.search(question)
        or _EN_PART_RE.search(question)
        or _EN_ABOVE_RE.search(question)
    )
    if m is None and not _ORDINAL_RE.search(question):
        m = (
            _KO_TITLE_RE.search(question)
            or _EN_TITLE_RE.search(question)
            or (_KO_HOLDS_RE.search(question) if not _PLACE_RE.search(question) else None)
        )
    if m is None:
        m = _KO_UNDER_RE.search(question) or _EN_UNDER_RE.search(question)
        # (The kind's own noun: "종류의 사전학습" -> "사전학습", "항목" -> "항목".)
        return m.group(1).split()[-1].lower() if m is not None else None
    return next(g for g in m.groups() if g).lower()


def _path(segment: str) -> str | None:
    m = _PATH_RE.match(segment)
    return m.group(1) if m is not None and "/" in m.group(1) else None


# A list marker or a colon around a segment ("1. Task 특화 사전 학습", "Galactica:").
_MARKER_RE = re.compile(r"^\s*\d{1,3}[.)]\s+|\s*[:：]\s*$")
# A name as an English question writes it: words that open with a capital or a digit
# ("the LoRA paper", "Emergent Misalignment"), the question's first word left off.
_NAME_RE = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z0-9][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)*")
# What the thing is (a paper, a note) is no part of its name ("GQA 논문은" -> "GQA").
_PARTICLE_RE = trailing_particle("도")
# (Latin letters only: a particle glued to a name, "AnimateDiff는", is no part of it.)
_KO_LATIN_RE = re.compile(
    r"(?<![A-Za-z0-9.+-])(?=[A-Za-z0-9.+-]*[A-Z0-9])[A-Za-z0-9][A-Za-z0-9.+-]*"
)
_DOC_NOUN_RE = re.compile(r"\s*(?:논문|글|리뷰|노트|정리|메모|페이지|paper|note|review)$", re.I)


def asked_names(question: str) -> list[str]:
    """What a container question may ask about: the words before its topic particle
    ("AnimateDiff는 어느 …" -> "animatediff", "GQA 논문은" -> "gqa") and the names an
    English question writes ("the LoRA paper", "the LLM overview notes"). Which of them
    is the thing asked about, and which its container, the unit's context tells
    (:func:`_container_at`)."""
    out: list[str] = []
    m = re.match(r"^\s*(.+?)(?:은|는|이|가)\s", question)
    if m is not None and has_hangul(question[: m.end()]):
        out.append(squashed(_DOC_NOUN_RE.sub("", m.group(1))))
    # A Korean question written without a topic particle names the thing before its
    # question word ("LLaVA1.5 논문 어느 섹션에 있어?" -> "llava1.5").
    w = re.match(r"^\s*([^?]+?)\s+(?:어느|어떤|무슨|어디)\s", question)
    if w is not None and has_hangul(question):
        out.append(squashed(_DOC_NOUN_RE.sub("", _PARTICLE_RE.sub("", w.group(1)))))
    out += [squashed(n) for n in _NAME_RE.findall(question) if n.lower() not in ("i", "a")]
    above = _EN_ABOVE_RE.search(question)
    if above is not None:
        # "Which heading sits right above 지식 보강?": the heading named after "above",
        # whatever its script (a Korean one has no capital to find it by).
        rest = _EN_SCOPE_RE.sub("", question[above.end() :].strip(" ?"))
        out.append(squashed(re.sub(r"^(?:the|a)\s+", "", rest, flags=re.I)))
    if has_hangul(question) and _KO_HOLDS_RE.search(question):
        # "LLaVA 논문 들어있는 섹션": the clause says what the container holds, and its
        # Latin words are names wherever they stand (no capital opens a Korean sentence).
        # (Elsewhere a name may be the section's own: "GQA 설명은 어느 섹션에 나와?" over
        # a "GQA (Grouped-Query)" heading.)
        out += [squashed(n) for n in _KO_LATIN_RE.findall(question)]
    return [n for n in dict.fromkeys(out) if len(n) >= 2]


def squashed(text: str) -> str:
    """Lower-cased, without spaces, hyphens and underscores ("Animate Diff" = "AnimateDiff")."""
    return re.sub(r"[\s_-]+", "", text).lower()


def _container_at(names: list[str], text: str, every: list[str]) -> int | None:
    """The index in ``every`` (the unit's context segments) of the container of the
    thing the question asks about. A name is first written by the entry it names (the
    title above a bullet that repeats it is the entry, the bullet part of it), so each
    name counts where it is first written, the unit's own text last of all; the thing
    asked about is the most deeply nested of the question's names (a question names
    its containers too: "… listed in the LLM overview notes"). ``None``: no name is
    written below the first segment."""
    depth = -1
    for name in names:
        at = next(
            (k for k, seg in enumerate([*every, text]) if name in squashed(seg)),
            -1,
        )
        depth = max(depth, at)
    return depth - 1 if depth >= 1 else None


def _is_header(segment: str, unit: AnswerUnit) -> bool:
    """Whether ``segment`` is ``unit``'s table header: it writes every header of the
    row's cells (an empty cell has none in the row, so not all the header's words)."""
    heads = [squashed(h) for h, _ in unit.cells if h.strip()]
    return bool(heads) and all(h in squashed(segment) for h in heads)


def container_span(question: str, unit: AnswerUnit) -> Span | None:
    """The folder or section ``unit`` sits under, for a question asking where the notes
    keep something; ``None`` for other questions or a unit with no context below its
    note's title."""
    noun = asks_container(question)
    if noun is None:
        return None
    every = [s.strip() for s in unit.context.split(" > ") if s.strip()]
    if unit.kind == "row" and every and _is_header(every[-1], unit):
        # (A table row's context ends with its header line, "Type Paper title Speaker":
        # a line of the table, not the section the table sits in.)
        every.pop()
    segments = every[1:]
    if noun in ("폴더", "디렉토리", "디렉터리", "folder", "directory"):
        # A folder's own line ("- `/research`") quoted as the best unit is the folder.
        own = _path(unit.text.strip()) if unit.kind == "title" else None
        segments = [p for p in map(_path, [*segments, *([own] if own else [])]) if p is not None]
    else:
        # The entry that names the thing asked about: its container is the segment
        # above it (the heading path's first one too, in a note without a title line);
        # the unit itself naming it: the deepest segment.
        at = _container_at(asked_names(question), unit.text, every)
        if at is not None:
            segments = every[: at + 1]
    if not segments:
        return None
    return Span(_MARKER_RE.sub("", segments[-1].strip("`")).strip(), 0, 0)
