"""The term a "what is X" question asks about, and the lines of notes that say what X is
(issue #15, twentieth round).

"X란? / X가 뭐야 / X 뭐임 / X 뜻 / What is X? / Sparse upcycling?" is one of the commonest
asks on a notes archive, and its answer is the line that *defines* X, which notes write
in a few shapes, Korean and English alike:

* a label and its description: "- **X**: …", "X — …", "X (long form): …";
* a glossary table row: "| X | … |" under a header with a description column ("용어 |
  뜻", "term | definition");
* a heading, ``<summary>``, callout title or bold line that is X alone, with its first
  body line under it ("### KV cache" then "이전 토큰들의 key, value를 …");
* a sentence with X as its subject and a class word or "means" after it ("X는 … 방법이다",
  "X란 …", "X is a …", "X refers to …").

A line that merely *uses* X is none of these: X beside a number or setting ("GQA group
8", "GQA: 8"), X inside a list of names ("PPO, DPO, KTO 구현 포함"), X as an object. Short
questions share few words with the defining line, and a glossary passage is long (many
terms), so the passages that use X outrank it in both legs: the search puts the passages
that define the asked term first (:func:`defining_first`), and the answer stage prefers
the defining line (``answer/defined.py``).

This module reads text only (no analyzer), so the search and the answer stage share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.retrieve.acronyms import spells
from notelens.retrieve.named_sections import named_first

# The term a Korean question opens with, and its other name in parentheses ("평가
# 인식(eval awareness)"): both shapes below ask about it.
_KO_TERM = r"^\s*(?P<term>[^?？!.,]{2,48}?)\s*(?:\((?P<alias>[^()]{2,40})\))?\s*"
# "X(Y)가 뭐야 / 뭐지 / 무엇인가 / 뭘 하는 / 어떻게 동작(작동)하는": X (and the parenthesised
# Y) is the whole topic of the question. The particle is the last before the ask.
_KO_RE = re.compile(
    _KO_TERM + r"(?:이란|란|이|가|은|는)\s+"
    r"(?:뭐|무엇|뭘|뭔|무슨\s*뜻|어떤\s*(?:뜻|의미|개념)|어떻게\s*(?:동작|작동|작용|돌아가))"
)
# "KTO 뭐임", "MoE 뭐야?", "RAG 뭔데": the spoken ask without a particle, the whole
# question (nothing after the ask but its ending).
_KO_BARE_RE = re.compile(
    _KO_TERM + r"(?:뭐|뭔|무엇)(?:임|야|지|예요|에요|인가요?|냐|니|죠|더라|였지|였더라|데)?"
    r"\s*[?？.]?\s*$"
)
# "X 뜻", "X의 의미는?", "X란?", "X이란 무엇인가", "X 정의해줘", "X 설명해 줘", "X 정의 알려줘":
# the other ways a Korean question asks what a term means (the ask after the term, with
# no particle before it).
_KO_TAIL_RE = re.compile(
    _KO_TERM + r"(?:(?:이란|란)(?:\s*(?:뭐|무엇)\S*)?"
    r"|(?:의\s*)?(?:뜻|의미|정의|개념)(?:은|는|이|가)?(?:\s*(?:뭐|무엇|알려|설명)\S*)*"
    r"|(?:정의|설명)\s*해\s*(?:줘|줄래|주세요|봐)\S*)"
    r"\s*[?？.]?\s*$"
)
# Not a term: a question word or an embedded question ("LoRA가 왜 효율적인지 설명해줘"
# asks a reason), a comparison ("DPO랑 PPO 차이"), a pointer ("이 논문 설명해줘").
_KO_NOT_TERM_RE = re.compile(
    r"(?:왜|어떻게|어째서|언제|누가|누구|어디|몇|무슨|어떤|차이|비교|장단점)"
    r"|[가-힣](?:인지|는지|은지|한지|할지|을지)(?:\s|$)|[가-힣A-Za-z0-9](?:이랑|랑)\s"
    r"|^(?:이|그|저|this|that)\s",
    re.I,
)
# "RAG의 정의는 뭐야?", "SAIL 약자 뭐야?": the ask's own noun is not part of the term.
_ASK_NOUN_RE = re.compile(r"(?:의\s*|\s+)(?:뜻|의미|정의|개념|약자|약어|줄임말|풀네임)$")
# "What is (a / the) X?", "What does X mean / do?", "How does X work?", "Define X".
_EN_RE = re.compile(
    r"^\s*(?:what(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?P<t1>[^?]{2,48}?)"
    r"|what\s+does\s+(?:an?\s+|the\s+)?(?P<t2>[^?]{2,48}?)\s+(?:mean|do|stand\s+for)"
    r"|how\s+(?:does|do)\s+(?:an?\s+|the\s+)?(?P<t3>[^?]{2,48}?)\s+work"
    r"|define\s+(?:an?\s+|the\s+)?(?P<t4>[^?]{2,48}?))"
    r"\s*(?:\((?P<alias>[^()]{2,40})\))?\s*(?:in (?:one line|short|these notes))?\s*[?？.]?\s*$",
    re.I,
)
# "Sparse upcycling?", "PagedAttention?": a technical term in Latin letters asked alone
# (a Korean "마감일?" asks a value, so only Latin terms read as this ask).
_BARE_LATIN_RE = re.compile(
    r"^\s*(?P<t5>[A-Za-z][A-Za-z0-9+./-]*(?:\s+[A-Za-z0-9+./-]+){0,2})\s*[?？]\s*$"
)
_QUESTION_WORD_RE = re.compile(
    r"^(?:what|who|whom|whose|which|when|where|why|how|is|are|was|were|do|does|did|can|any|and)\b",
    re.I,
)
# A question term that is a clause, not a term: "What is the accuracy of …" / "What is
# Priya's affiliation?" ask for a value; so does "A가 B보다 낮게 나온 이유는 뭐야?".
_CLAUSE_RE = re.compile(r"\b(?:of|in|for|on|from|with|that|which|used|reported)\b|'s\b", re.I)
_KO_CLAUSE_RE = re.compile(
    r"[가-힣]+(?:에서|에게|으로|로|를|을|와|과|하고|한|된|인|게|고|서|보다|에|도|만)\s"
)
# A term is a few words ("judge의 position bias"); a longer phrase is a clause.
MAX_TERM_WORDS = 3


def norm_term(term: str) -> str:
    """Lower case, markup and a parenthesis gone, a plural "s" and spacing folded."""
    t = re.sub(r"\([^)]*\)", " ", term.replace("*", "").replace("`", "")).lower()
    t = " ".join(t.split())
    plural = t.endswith("s") and not t.endswith(("ss", "us", "is")) and len(t) > 3
    return t[:-1] if plural else t


def asked_terms(question: str) -> tuple[str, ...]:
    """The term(s) a question asks the meaning or working of, normalised; () if the
    question is not of that shape. "평가 인식(eval awareness)이 뭐야?" gives both names;
    "judge의 position bias가 뭐야?" gives "judge의 position bias" and "position bias"."""
    m = _KO_RE.match(question)
    tail = None if m else (_KO_TAIL_RE.match(question) or _KO_BARE_RE.match(question))
    if tail is not None and _KO_NOT_TERM_RE.search(tail.group("term")):
        return ()
    m = m or tail
    if m:
        if _KO_CLAUSE_RE.search(m.group("term") + " ") or len(m.group("term").split()) > (
            MAX_TERM_WORDS
        ):
            return ()
        raw = [_ASK_NOUN_RE.sub("", m.group("term")), m.group("alias") or ""]
    else:
        m = _EN_RE.match(question)
        if m is None and not _QUESTION_WORD_RE.match(question):
            m = _BARE_LATIN_RE.match(question)
        if m is None:
            return ()
        groups = m.groupdict()
        term = next(groups[g] for g in ("t1", "t2", "t3", "t4", "t5") if groups.get(g))
        if _CLAUSE_RE.search(term) or len(term.split()) > MAX_TERM_WORDS + 1:
            return ()
        raw = [term, groups.get("alias") or ""]
    # "A의 B": B is the term, A the field it belongs to.
    raw += [r.rsplit("의 ", 1)[1] for r in raw if "의 " in r]
    return tuple(dict.fromkeys(n for n in map(norm_term, raw) if len(n) >= 2))


def names_term(label: str, asked: Sequence[str]) -> bool:
    """Whether a line's label is an asked term (normalised, whole: "라이선스: …" does not
    define "orbit-serve 라이선스"); a label "X (long form)" answers to either name."""
    forms = {norm_term(label)}
    forms |= {norm_term(a) for a in re.findall(r"\(([^()]{2,60})\)", label)}
    return bool(forms & set(asked))


# --- what a defining line looks like ----------------------------------------------------

# Markup around a line's words: list markers, quote markers, heading hashes, emphasis,
# code ticks, a link's target.
_LEAD_RE = re.compile(r"^\s*(?:>\s*)*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?(?:#{1,6}\s+)?")
_MARKUP_RE = re.compile(r"\*\*|__|`|~~|</?(?:b|strong|em|i)>")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
# "label: description", "label — description", "label - description".
# (Not "X = …": a formula or a setting, "RRF(d) = sum of …", "lr = 3e-4".)
_LABELLED_RE = re.compile(
    r"^(?P<label>[^:：|=]{1,80}?)\s*(?:[:：]|\s[—–-]{1,2}\s)\s*(?P<desc>[^=\s].*)$"
)
# A description says something: words, not a value ("GQA: 8", "lr: 3e-4", "LoRA: rank 16").
_VALUE_RE = re.compile(r"^[\d.,~×x%+\-→/ ]+|^(?:rank|r|alpha|lr|group|heads?|layers?)\s*\d", re.I)
# A Korean sentence with the term as its subject that says what it is: a class word
# ("방법", "모델", "현상", …) or "…을 말한다 / 뜻한다" at its end.
_KO_SUBJECT_RE = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:이란|란|은|는|이라는\s*것은|이란\s*건)\s+")
_KO_CLASS_END_RE = re.compile(
    r"(?:것|방법|방식|기법|기술|모델|현상|구조|개념|알고리즘|지표|경향|과정|손실|목표|"
    r"아이디어|전략|기법|형식|자료형|단위|비율|값|메커니즘|장치|모듈|함수|층|레이어|"
    r"attention|어텐션|학습|최적화|디코딩|양자화|정규화|임베딩)\s*"
    r"(?:이다|입니다|임|이에요|예요|다|이며|으로|로)?\s*[.。]?\s*$"
    r"|(?:을|를)\s*(?:말한다|뜻한다|의미한다|가리킨다|말함|뜻함|의미함|가리킴|말해요|뜻해요)"
)
# "X is a / an / the / one of …", "X refers to / means / denotes / describes …".
_EN_SUBJECT_RE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:is|are)\s+(?:an?|the|one|when|where|how|what)\b"
    r"|^\s*(?:\([^)]*\)\s*)?(?:refers?\s+to|means|denotes|describes|stands\s+for)\b",
    re.I,
)
# A reference line ("Ainslie et al., 2023 …", a URL) cites the paper, it defines nothing.
_REFERENCE_RE = re.compile(r"\bet al\b|https?://|\barxiv\b", re.I)


def cites(line: str) -> bool:
    """Whether a line is a reference ("Ainslie et al., 2023, …", a URL, an arXiv id): it
    cites a paper and says nothing of what a term is. The search and the answer stage
    (answer/defined.py, answer/candidates.py) read reference lines alike."""
    return _REFERENCE_RE.search(line) is not None


# A label line: a heading, a ``<summary>``, a callout title, a bold line standing alone.
_SUMMARY_RE = re.compile(r"<summary[^>]*>(.*?)</summary>", re.I)
_CALLOUT_RE = re.compile(r"^\s*>\s*\[![A-Za-z-]+\][+-]?\s*(.*)$")
_LABEL_LINE_RE = re.compile(r"^\s*(?:#{1,6}\s+(?P<h>.+)|\*\*(?P<b>[^*]+)\*\*\s*:?)\s*$")
# A glossary table's description column ("뜻", "설명", "한 줄 정의", "definition").
_DESC_HEADER_RE = re.compile(
    r"뜻|설명|정의|의미|개념|풀이|definition|meaning|description|explanation|what\s+it\s+is",
    re.I,
)
# Small words a title leaves in lower case.
_SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "for",
        "from",
        "and",
        "or",
        "in",
        "on",
        "to",
        "with",
        "by",
        "via",
        "at",
        "is",
        "are",
        "as",
        "without",
    }
)
#: A description is at least this long (a setting "fp16" is shorter).
MIN_DESC_CHARS = 6


def _plain(line: str) -> str:
    """A line's words: links as their text, no list / quote / heading markers or
    emphasis, single spaces."""
    text = _LINK_RE.sub(lambda m: m.group(1) or m.group(2) or "", line)
    text = _MARKUP_RE.sub("", _LEAD_RE.sub("", text))
    return " ".join(text.split())


def _describes(desc: str) -> bool:
    """Whether what follows a label describes (words), rather than sets a value."""
    d = desc.strip()
    return (
        len(d) >= MIN_DESC_CHARS
        and not _VALUE_RE.match(d)
        and len(re.findall(r"[A-Za-z]{2,}|[가-힣]{2,}", d)) >= 2
    )


def _names_a_work(label: str, desc: str) -> bool:
    """Whether a labelled line's description is a title ("GQA: Training Generalized
    Multi-Query Transformer Models (2023)", a paper list's entry): most of its English
    words capitalised, no Hangul. A title that spells the label out ("PRM: Process
    Reward Model") is the acronym's long form and still says what it is."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", desc)
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(big) < 3 or re.search(r"[가-힣]", desc):
        return False
    if sum(w[0].isupper() for w in big) < 0.7 * len(big):
        return False
    return not any(spells(label, desc.split()[:n]) for n in range(1, len(desc.split()) + 1))


def defines_line(line: str, asked: Sequence[str]) -> bool:
    """Whether one line of notes says what an ``asked`` term is: labelled with the term
    and a description after it, or a sentence with the term as its subject and a class
    word or "means" after it (see the module docstring). A reference line never does."""
    if not asked or cites(line):
        return False
    text = _plain(line)
    m = _LABELLED_RE.match(text)
    if (
        m
        and names_term(m.group("label"), asked)
        and _describes(m.group("desc"))
        and not _names_a_work(m.group("label"), m.group("desc"))
    ):
        return True
    low = text.lower()
    for a in asked:
        if not low.startswith(a):
            continue
        rest = text[len(a) :]
        if rest[:1].isalnum() and rest[:1].isascii():
            continue  # "GQA-style …" / "LoRAs": another word
        ko = _KO_SUBJECT_RE.match(rest)
        if ko and _KO_CLASS_END_RE.search(rest[ko.end() :]):
            return True
        if _EN_SUBJECT_RE.match(rest):
            return True
    return False


def defines_row(cells: Sequence[tuple[str, str]], asked: Sequence[str]) -> bool:
    """Whether a table row (``(header, value)`` pairs) is a glossary row of an asked
    term: one cell is the term and a later cell, under a description header ("뜻",
    "설명", "definition"), describes it. A syllabus row naming the term ("7주차 | PRM |
    Lantern: …") has no description column and is not one."""
    for i, (_, value) in enumerate(cells):
        if value and names_term(value, asked):
            return any(
                _DESC_HEADER_RE.search(h) and _describes(v) and not names_term(v, asked)
                for h, v in cells[i + 1 :]
            )
    return False


def _label(line: str) -> str | None:
    """The label a line stands for when it is a heading, a ``<summary>``, a callout's
    title or a bold line alone; else None."""
    if m := _SUMMARY_RE.search(line):
        return _plain(m.group(1))
    if m := _CALLOUT_RE.match(line):
        return _plain(m.group(1)) or None
    if m := _LABEL_LINE_RE.match(line):
        return _plain(m.group("h") or m.group("b") or "")
    return None


def _table_cells(line: str) -> list[str] | None:
    """A pipe-table line's cells, or None."""
    s = line.strip()
    if not (s.startswith("|") or s.count("|") >= 2):
        return None
    return [c.strip() for c in s.strip("|").split("|")]


def _is_separator(cells: Sequence[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c) and any(cells)


def defines_passage(text: str, heading: str, asked: Sequence[str]) -> bool:
    """Whether a passage holds a line that defines an ``asked`` term: a defining line
    (:func:`defines_line`), a glossary table row (:func:`defines_row`, under the
    passage's own header row), or the first body line under a label that is the term
    (a heading, ``<summary>``, callout title or bold line in the text, or the last
    segment of the passage's heading path)."""
    if not asked:
        return False
    under = bool(heading) and names_term(heading.rsplit(" > ", 1)[-1], asked)
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = _table_cells(line)
        if cells is not None:
            if _is_separator(cells):
                continue
            if header is None:
                header = cells
                continue
            if defines_row(list(zip(header, cells, strict=False)), asked):
                return True
            continue
        header = None
        label = _label(line)
        if label is not None:
            under = names_term(label, asked)
            continue
        if under and not cites(line) and len(_plain(line)) >= MIN_DESC_CHARS:
            return True
        under = False
        if defines_line(line, asked):
            return True
    return False


#: At most this many defining passages go first (ask reads five hits: the others stay).
MAX_DEFINING = 2


def defining_first(
    ranked: Sequence[tuple[str, float]], defining: Sequence[str]
) -> list[tuple[str, float]]:
    """``ranked`` (``(id, score)``, best first) with the first :data:`MAX_DEFINING` of
    ``defining`` (ids in ``ranked``, in its order) in the first places; the places keep
    their scores, so the list stays monotone."""
    # (The named-section step's placing: ids first, each place keeping its score.)
    return named_first(ranked, list(dict.fromkeys(defining))[:MAX_DEFINING])


__all__ = [
    "MAX_DEFINING",
    "MAX_TERM_WORDS",
    "asked_terms",
    "cites",
    "defines_line",
    "defines_passage",
    "defines_row",
    "defining_first",
    "names_term",
    "norm_term",
]
