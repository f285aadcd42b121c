"""Short answers: the span of the chosen unit that answers the question.

No reader model ships in a wheel (issue #15), so the span comes from three signals:

* the **answer type** (``answer/qtype.py``): a week, date, size, number or name question
  takes the token of that type in the unit; a table row gives the cell under the
  matching header (발표자 / Speaker, 주차, 날짜, Affiliation, 논문 / Paper title);
  a definition line gives its body; an entry title gives the title;
* the **question terms** matched in the unit: the answer is new information next to
  them, so a candidate made only of question words is skipped and the one closest to
  the matched words wins;
* **Kiwi morphemes** (Korean) or word runs (English) for the other questions: noun
  phrases cut at morpheme boundaries, so "1989년에" yields "1989년".

:func:`short_answer` returns ``None`` when the unit has no such span (a "why" or "how"
question is answered by the unit itself).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from notelens.analysis.lang import has_hangul
from notelens.analysis.particles import trailing_particle
from notelens.answer.class_words import generic_name
from notelens.answer.qtype import (
    KO_NAME_RE,
    PERSON_RE,
    AnswerType,
    Kind,
    asked_kinds,
    type_pattern,
)
from notelens.answer.units import AnswerUnit


@runtime_checkable
class MorphemeSource(Protocol):
    """An analyzer that can list morphemes with offsets (KiwiAnalyzer does)."""

    def morphemes(self, text: str) -> list[tuple[str, str, int, int]]: ...


@dataclass(frozen=True, slots=True)
class Span:
    """``text`` = ``unit.text[start:end]``, a substring of the unit; except a span cut
    from the unit's heading path (answer/heading_when.py: "January > 1st week"), which
    has ``start == end == 0`` and no offsets in the quote."""

    text: str
    start: int
    end: int


_HEADERS: dict[Kind, re.Pattern[str]] = {
    "person": re.compile(r"speaker|presenter|발표자?|저자|author|이름|name|담당", re.I),
    "week": re.compile(r"주차|week|회차|^$", re.I),
    "date": re.compile(r"date|날짜|일자|일시|upload|year|연도|month", re.I),
    "org": re.compile(r"affiliation|소속|기관|organi[sz]ation|company|lab", re.I),
    "title": re.compile(r"title|논문|paper|제목", re.I),
    "name": re.compile(r"title|논문|paper|model|모델|이름|name", re.I),
}
_NOUNISH = frozenset({"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XSN", "XPN", "SW"})
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "does",
        "do",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "into",
        "than",
        "then",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "them",
        "also",
    ]
)
_EN_INNER = frozenset({"of", "the", "and", "de", "for", "'s", "-"})
_WORD_RE = re.compile(r"[\w'’.%+-]*\w[%]?|[^\w\s]", re.U)


def _positions(text: str, q_terms: Collection[str]) -> list[int]:
    """Offsets in ``text`` where a question term occurs (case-insensitive)."""
    low = text.lower()
    out: list[int] = []
    for t in q_terms:
        if len(t) < 2 and not has_hangul(t[:1]):
            continue
        for m in re.finditer(re.escape(t.lower()), low):
            out.append(m.start())
    return out


def _only_question(span: str, q_terms: Collection[str]) -> bool:
    """Whether ``span`` adds nothing to the question (all its words are question terms)."""
    words = [w.lower() for w in re.findall(r"[\w]+", span)]
    if not words:
        return True
    low_terms = {t.lower() for t in q_terms}
    return all(any(w.startswith(t) or t.startswith(w) for t in low_terms) for w in words)


def column_for(kind: Kind, cells: Sequence[tuple[str, str]]) -> bool:
    """Whether a table row has a column holding the asked kind (발표자 for "who")."""
    header_re = _HEADERS.get(kind)
    return header_re is not None and any(h and header_re.search(h) for h, _ in cells)


def _closest(
    spans: Sequence[tuple[int, int]], anchors: Sequence[int], text: str, q_terms: Collection[str]
) -> tuple[int, int] | None:
    """The span amid the most question words: each matched question word nearby adds
    ``1 / (1 + distance / 12)``, so a span surrounded by the question's words wins over
    one that merely touches a single word."""
    best: tuple[float, tuple[int, int]] | None = None
    for s, e in spans:
        if _only_question(text[s:e], q_terms):
            continue
        near = sum(1.0 / (1.0 + min(abs(a - s), abs(a - e)) / 12.0) for a in anchors)
        key = -near - 0.001 * (e - s)
        if best is None or key < best[0]:
            best = (key, (s, e))
    return best[1] if best else None


def _span(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in " ,·:;(":
        s += 1
    while e > s and text[e - 1] in " ,·:;.(":
        e -= 1
    return Span(text[s:e], s, e)


def _row_span(qtype: AnswerType, question: str, unit: AnswerUnit) -> Span | None:
    """The cell(s) of a table row under the headers the question asks about."""
    kinds = asked_kinds(question, qtype)
    found: list[Span] = []
    for kind in kinds:
        header_re = _HEADERS.get(kind)
        if header_re is None:
            continue
        for h, v in unit.cells:
            if header_re.search(h) and (kind != "week" or h or re.search(r"\d", v)):
                label = f"{h}: {v}" if h else v
                at = unit.text.find(label)
                if at >= 0:
                    off = at + len(label) - len(v)
                    found.append(Span(v, off, off + len(v)))
                break
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    found.sort(key=lambda sp: sp.start)
    # Several cells ("2 주차 … 김택민"): the span runs from the first to the last.
    s, e = found[0].start, found[-1].end
    return Span(", ".join(sp.text for sp in found), s, e)


_LATIN_PARTICLE_RE = trailing_particle("와", "과", "도", "만", "에서", "부터", "까지")


def _latin_particle_len(span: str) -> int:
    """The length of a Korean particle written onto a Latin name or number ("7B를")."""
    m = _LATIN_PARTICLE_RE.search(span)
    if m is None or m.start() == 0 or not re.match(r"[A-Za-z0-9)\]]", span[m.start() - 1]):
        return 0
    return m.end() - m.start()


def _typed(kind: Kind, text: str, anchors: Sequence[int], q_terms: Collection[str]) -> Span | None:
    spans: list[tuple[int, int]] = []
    pattern = type_pattern(kind)
    if kind == "person":
        spans += [(m.start(), m.end()) for m in KO_NAME_RE.finditer(text)]
        spans += [(m.start(), m.end()) for m in PERSON_RE.finditer(text)]
    elif pattern is not None and kind in ("week", "date", "size", "number", "org", "name"):
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    if kind == "name":
        # "LLM 기반 분류기": a kind of model, not the model's name (answer/class_words.py).
        spans = [(s, e) for s, e in spans if not generic_name(text[s:e])]
        # "Orca-2 7B를": the name pattern's word characters run on into the particle.
        spans = [(s, e - _latin_particle_len(text[s:e])) for s, e in spans]
    best = _closest(spans, anchors, text, q_terms)
    return _span(text, *best) if best else None


# The noun the question asks about, right before its topic particle at the end
# ("헤이그가 공부한 대학교는?" → 대학교) or after 어떤/어느/무슨 ("어떤 나무로" → 나무): the
# answer ends with it ("노터데임 대학교"), so it may close a candidate phrase.
_KO_HEAD_RES = (
    re.compile(
        r"(?<![가-힣A-Za-z0-9])([가-힣A-Za-z0-9]+)(?:은|는|이|가|을|를)?"
        r"(?:\s*(?:무엇|어디|누구|뭐)[가-힣]{0,4})?\s*\??\s*$"
    ),
    re.compile(r"(?:어떤|어느|무슨|어떠한)\s+([가-힣A-Za-z0-9]+)"),
)


def ko_head(question: str, q_terms: Collection[str]) -> str | None:
    """The question term the answer's phrase ends with, if the question names one."""
    for pattern in _KO_HEAD_RES[::-1]:
        m = pattern.search(question)
        if m is None:
            continue
        word = m.group(1)
        found = [t for t in q_terms if len(t) > 1 and word.startswith(t)]
        if found:
            return max(found, key=len)
    return None


_COUNT_TAGS = frozenset({"SN", "NR", "NNB"})


def _ko_candidates(
    text: str, analyzer: MorphemeSource, q_terms: Collection[str], head: str | None
) -> list[tuple[int, int]]:
    """Noun phrases of ``text`` cut at the question's own words (morpheme by morpheme):
    the answer is the new information, so a run of nominal morphemes breaks where a
    question term stands, except the asked-about ``head`` noun, which may end it."""
    low_terms = {t.lower() for t in q_terms}
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, bool]] = []  # (start, end, is head)
    prev = ""

    def close() -> None:
        if run and not all(h for _, _, h in run):
            out.append((run[0][0], run[-1][1]))
        run.clear()

    for form, tag, s, e in analyzer.morphemes(text):
        if tag not in _NOUNISH:
            close()
            continue
        is_q = form.lower() in low_terms
        is_head = head is not None and form.lower() == head.lower()
        count_edge = (prev in _COUNT_TAGS) != (tag in _COUNT_TAGS)
        if run and (s - run[-1][1] > 1 or (s > run[-1][1] and count_edge)):
            # A gap, or a space between a count ("2019년") and a name: two phrases.
            close()
        prev = tag
        if is_q and not is_head:
            close()
            continue
        run.append((s, e, is_head))
        if is_head:
            close()
    close()
    return out


def _en_phrases(text: str, q_terms: Collection[str]) -> list[tuple[int, int]]:
    """Runs of non-stopword, non-question words (``of``/``the`` allowed inside)."""
    low_terms = {t.lower() for t in q_terms}
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        while run and run[-1][2] in _EN_INNER:
            run.pop()
        if run:
            out.append((run[0][0], run[-1][1]))
        run.clear()

    for m in _WORD_RE.finditer(text):
        w = m.group().lower()
        is_q = any(w.startswith(t) for t in low_terms if len(t) > 2)
        if not m.group()[0].isalnum() and w not in ("-",):
            close()
        elif w in _EN_INNER and run:
            run.append((m.start(), m.end(), w))
        elif w in _EN_STOP or is_q:
            close()
        else:
            run.append((m.start(), m.end(), w))
    close()
    return [(s, e) for s, e in out if len(text[s:e].split()) <= 8]


# An entry line's leading marks: emoji or bullets, then an "[Org]" tag.
_ENTRY_MARKS_RE = re.compile(r"^[^\w\[(\"“]*(?:\[[^\]]{1,40}\]\s*)?")


def short_answer(
    question: str,
    qtype: AnswerType,
    unit: AnswerUnit,
    q_terms: Collection[str],
    analyzer: object,
) -> Span | None:
    """The span of ``unit.text`` that answers ``question``, or ``None``."""
    text = unit.text
    kind = qtype.kind
    # A cell names or counts; it gives no reason ("Why was week 9's presenter changed?"
    # is not answered by the presenter's cell).
    if unit.kind == "row" and unit.cells and kind != "reason":
        row = _row_span(qtype, question, unit)
        if row is not None:
            return row
    if (
        unit.kind == "definition"
        and unit.term
        and kind in ("definition", "other", "method")
        and _positions(unit.term, q_terms)
    ):
        at = text.find(unit.term)
        body = re.search(r"[:：]\s*", text[at + len(unit.term) :]) if at >= 0 else None
        if body is not None:
            s = at + len(unit.term) + body.end()
            if not _only_question(unit.term, q_terms) and kind != "definition":
                return _span(text, at, at + len(unit.term))
            return _span(text, s, len(text))
    if unit.kind == "title" and kind in ("title", "name"):
        cut = text.rfind(" (")
        # The entry's marks are no part of its name: "📜 [Petrel AI] Petrel-3-Vision".
        lead = _ENTRY_MARKS_RE.match(text)
        start = lead.end() if lead and lead.end() < (cut if cut > 0 else len(text)) else 0
        return _span(text, start, cut if cut > 0 else len(text))
    ko_q, ko_text = has_hangul(question), has_hangul(text)
    # Prose: align the question to the sentence (answer/align.py) when both are in one
    # language (across languages nothing aligns), and not for a bare "X란?" / "What is
    # X?": a definition is the sentence itself, not a phrase of it.
    bare_definition = kind == "definition" and len([t for t in q_terms if len(t) > 1]) <= 2
    if kind in ("number", "size") and unit.kind != "sentence":
        # A bullet, row or definition line with several numbers: the one labelled by
        # the question's words, in the asked unit (answer/numbers.py). Prose is left
        # to the aligners, which read the clause (in Korean prose too: KorQuAD F1 0.644
        # -> 0.639 with every number, 0.643 with only a number in the asked unit).
        from notelens.answer.numbers import number_span

        found = number_span(question, text, q_terms)
        if found is not None:
            return _span(text, *found)
    if unit.kind == "sentence" and bare_definition and not ko_q and not ko_text:
        # An English "What is X?" over a sentence that glosses X ("clades (genetic
        # branches)", "X is a suite of …"): the gloss; the sentence otherwise.
        from notelens.answer.align_en_gloss import gloss_span

        gloss = gloss_span(question, text)
        if gloss is not None:
            return _span(text, *gloss)
    if unit.kind == "sentence" and ko_q == ko_text and not bare_definition:
        from notelens.answer.align import en_span, ko_span

        if ko_text and isinstance(analyzer, MorphemeSource):
            found = ko_span(question, kind, text, analyzer)
        else:
            found = None if ko_text else en_span(question, kind, text, q_terms, analyzer)
        if found is not None:
            return _span(text, *found)
    if kind in ("reason", "method", "definition", "list"):
        return None
    anchors = _positions(text, q_terms)
    typed = _typed(kind, text, anchors, q_terms)
    if typed is not None:
        # "몇 주차에 누가": the week and the name, when the unit holds both.
        more = [_typed(k, text, anchors, q_terms) for k in asked_kinds(question, qtype)[1:]]
        parts = sorted(
            {sp.start: sp for sp in [typed, *more] if sp is not None}.values(),
            key=lambda sp: sp.start,
        )
        if len(parts) > 1:
            return Span(", ".join(sp.text for sp in parts), parts[0].start, parts[-1].end)
        return typed
    if kind in ("week", "date", "size", "number"):
        return None
    # Names, places and "what" questions: the nearest noun phrase that is not the question.
    if has_hangul(text) and isinstance(analyzer, MorphemeSource):
        head = ko_head(question, q_terms)
        spans = _ko_candidates(text, analyzer, q_terms, head)
        # One syllable alone ("후", "게") is a particle-like noun, not an answer.
        spans = [sp for sp in spans if sp[1] - sp[0] > 1] or spans
        if head is not None:
            # A phrase closed by the asked-about noun is the answer when there is one.
            headed = [sp for sp in spans if text[sp[0] : sp[1]].endswith(head)]
            spans = headed or spans
    else:
        spans = _en_phrases(text, q_terms)
    best = _closest(spans, anchors, text, q_terms)
    if best is None:
        return None
    sp = _span(text, *best)
    return sp if sp.text and len(sp.text) < 0.8 * len(text) else None
