"""Answer units: the pieces of a chunk an extractive answer can quote.

Research notes are not encyclopedia prose. A chunk is a list entry whose title line is
followed by nested bullets, a table, ``<details>`` blocks, definition lines, or prose.
:func:`build_units` reads a chunk's text line by line and returns what a reader would
point at as "the answer":

* a **list item** (its continuation lines joined), with the items above it as its
  *context* (an entry title is context for the bullets under it);
* a **table row**, its cells joined with the header: ``주차: 2 · 발표자: 김택민``
  (an empty header cell gives the bare value);
* a **summary line** (a ``<summary>`` text, or a short label line such as ``notes`` or
  ``3 LINE SUMMARY``): context for the lines after it, never an answer by itself;
* a **definition line** (``GQA: …``, ``- **BM25**: …``), which keeps its term;
* a **sentence** of prose (``notelens.analysis.sentences``).

The heading path and the parent titles are the unit's ``context``: the scorer matches
the question against them, the answer never shows them. A list item with children is a
``title`` unit: the answer only when the question asks for a title or a paper name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from notelens.analysis.dates import DATE_RE
from notelens.ingest.ditto import cell_spans
from notelens.ingest.ditto import resolve as resolve_ditto

UnitKind = Literal["item", "title", "row", "summary", "definition", "sentence"]

MIN_UNIT_CHARS = 2
MAX_UNIT_CHARS = 600
#: How a table row's cells are joined into its unit's text ("주차: 2 · 발표자: 김택민"); the
#: readers of a row's cells (answer/authorship.py, service.py) split on it.
ROW_CELL_SEP = " · "


@dataclass(frozen=True, slots=True)
class AnswerUnit:
    """One quotable piece of a chunk.

    ``line`` is the 0-based index of the unit's first line in the chunk text;
    ``cells`` holds ``(header, value)`` pairs for table rows; ``term`` the defined term
    of a definition line; ``number`` a numbered list item's written number ("2." -> 2),
    kept so that readers of a list's places need not parse the chunk's line again.
    """

    kind: UnitKind
    text: str
    context: str
    line: int
    position: int
    cells: tuple[tuple[str, str], ...] = ()
    term: str = ""
    number: int | None = None

    @property
    def numbered(self) -> bool:
        """Whether the list item's marker is a number ("2.")."""
        return self.number is not None


_BULLET_RE = re.compile(r"^(\s*)(?:[-*+•]\s+|\d{1,3}[.)]\s+)")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_TAG_RE = re.compile(r"</?(?:details|summary|br|p|div|span|b|i|em|strong|sup|sub)\b[^>]*>", re.I)
_SUMMARY_RE = re.compile(r"<summary[^>]*>(.*?)</summary>", re.I)
_MD_RE = re.compile(r"\*\*|__|`|~~")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# A term may carry its other name in parentheses before the colon ("**DPO** (Direct
# Preference Optimization): …", "TTFT (time to first token): …").
_DEF_BOLD_RE = re.compile(r"^\*\*([^*]{1,60})\*\*\s*(\([^()]{1,60}\))?\s*[:：]\s*(\S.*)$")
_DEF_RE = re.compile(
    r"^([^:：\s,\"“”()][^:：,\"“”()]{0,40}?)\s*(\([^()]{1,40}\))?\s*[:：]\s+(\S.*)$"
)
_HEADING_RE = re.compile(r"^#{1,6}\s+")
#: A definition list's definition line (``: text``).
_DD_RE = re.compile(r"^:[ \t]+(\S.*)$")
_END_RE = re.compile(r"[.!?。！？]$|[다음함임됨]\.?$")


def clean(text: str) -> str:
    """One line of quotable text: links as their text, no markup or tags, single spaces."""
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _MD_RE.sub("", text)
    return " ".join(text.split())


def _cells(line: str, width: int | None = None) -> list[str]:
    """The cells of a table line; with ``width`` (the separator's), a header line whose
    first cell is blank ("| a | b" over rows "x | y | z") keeps that blank cell. The
    chunker's ditto rewrite splits by the same rule (``ingest/ditto.py``); without a
    width an outer pipe is never a cell."""
    return [line[a:b] for a, b in cell_spans(line, width or 0)]


def _definition(text: str, aliased: bool = False) -> tuple[str, str] | None:
    """The term and its meaning when ``text`` reads "term: meaning". With ``aliased`` (a
    glossary bullet) the term may carry its other name in parentheses ("- TTFT (time to
    first token): …"); a paragraph's "전문가 혼합 (mixture of experts): …" stays prose."""
    m = _DEF_BOLD_RE.match(text)
    if m and (aliased or not m.group(2)):
        return clean(f"{m.group(1)} {m.group(2) or ''}"), clean(m.group(3))
    plain = clean(text)
    m = _DEF_RE.match(plain)
    if m and m.group(2) and not aliased:
        return None
    if m and not re.match(r"^(?:https?|www)\b", m.group(1), re.I) and len(m.group(1).split()) <= 5:
        return f"{m.group(1).strip()} {m.group(2) or ''}".strip(), m.group(3).strip()
    return None


def reads_as_sentence(text: str) -> bool:
    """Whether a line ends as a statement ("…가 포함됨.", "… is used."): a list item with
    children that says something is content, not an entry title."""
    return len(text) > 20 and _END_RE.search(text) is not None


def _is_label(text: str) -> bool:
    """A short line that names what follows (``notes``, ``3 LINE SUMMARY``, a heading)."""
    d = _DEF_RE.match(text)
    # ("Week 3 (3/22): …" over its bullets stays a label: the alias form is a glossary
    # bullet's, :func:`_definition`.)
    return 0 < len(text) <= 40 and not _END_RE.search(text) and (d is None or bool(d.group(2)))


@dataclass(slots=True)
class _Open:
    """A list item being read: its indent, line, and text so far."""

    indent: float
    line: int
    text: str
    raw: str
    label: bool = False
    number: int | None = None


class _Reader:
    """Turns the lines of one chunk into units (one pass, a stack of open list items)."""

    def __init__(self, heading: str) -> None:
        self.heading = heading
        self.units: list[AnswerUnit] = []
        self.stack: list[_Open] = []  # enclosing items / labels, innermost last
        self.pending: _Open | None = None  # the item whose continuation lines we read

    def context(self, extra: str = "") -> str:
        parts = [self.heading, *(o.text for o in self.stack), extra]
        return " > ".join(p for p in parts if p)

    def add(self, kind: UnitKind, text: str, line: int, **kw: object) -> None:
        text = text[:MAX_UNIT_CHARS]
        if len(text) < MIN_UNIT_CHARS:
            return
        ctx = kw.pop("context", None)
        self.units.append(
            AnswerUnit(
                kind,
                text,
                str(ctx) if ctx is not None else self.context(),
                line,
                len(self.units),
                **kw,  # type: ignore[arg-type]
            )
        )

    def flush(self, next_indent: int | None) -> None:
        """Emit the pending item; it becomes a title if the next line is nested under it."""
        p = self.pending
        self.pending = None
        if p is None:
            return
        nested = next_indent is not None and next_indent > p.indent
        while self.stack and self.stack[-1].indent >= p.indent:
            self.stack.pop()
        if p.label:
            # A label is the context of what follows at its own indent and deeper.
            self.add("summary", p.text, p.line)
            p.indent -= 0.5
            self.stack.append(p)
            return
        else:
            d = _definition(p.raw, aliased=True)
            if d is not None and not nested:
                self.add("definition", p.text, p.line, term=d[0], number=p.number)
            else:
                self.add("title" if nested else "item", p.text, p.line, number=p.number)
        if nested:
            self.stack.append(p)

    def pop_to(self, indent: float) -> None:
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()


def build_units(text: str, heading: str = "") -> list[AnswerUnit]:
    """The answer units of one chunk's ``text`` under ``heading`` (its heading path)."""
    r = _Reader(heading)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped or stripped.lower() in ("<details>", "</details>"):
            i += 1
            continue
        indent = len(raw) - len(raw.lstrip())
        # -- tables: header line, separator, rows ------------------------------------
        if i + 1 < len(lines) and _TABLE_SEP_RE.match(lines[i + 1]) and "|" in stripped:
            r.flush(None)
            width = len(_cells(lines[i + 1]))
            header = [clean(h) for h in _cells(raw, width)]
            j = i + 2
            above: list[str] = []
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                cells = resolve_ditto([clean(c) for c in _cells(lines[j], width)], above)
                above = cells
                pairs = tuple(
                    (header[k] if k < len(header) else "", v) for k, v in enumerate(cells) if v
                )
                shown = ROW_CELL_SEP.join(f"{h}: {v}" if h else v for h, v in pairs)
                r.add("row", shown, j, cells=pairs, context=r.context(" ".join(header)))
                j += 1
            i = j
            continue
        summary = _SUMMARY_RE.search(stripped)
        bullet = _BULLET_RE.match(raw)
        if bullet is not None:
            r.flush(indent)
            r.pop_to(indent)
            body = raw[bullet.end() :]
            marker = bullet.group(0).strip().rstrip(".)")
            number = int(marker) if marker.isdigit() else None
            r.pending = _Open(indent, i, clean(body), body.strip(), number=number)
        elif summary is not None or (
            _is_label(clean(stripped))
            and (
                r.pending is not None
                or r.stack
                or _HEADING_RE.match(stripped)
                or _opens_list(lines, i)
            )
        ):
            # A <summary> text or a short label line between list items or over a list
            # ("Repo Structure" above its bullets in a plain-text README): context for
            # the lines below it, not an answer of its own.
            r.flush(indent)
            r.pop_to(indent - 0.5)
            label = clean(summary.group(1) if summary else _HEADING_RE.sub("", stripped))
            r.pending = _Open(indent, i, label, label, label=True)
        elif r.pending is not None and not r.pending.label and indent > r.pending.indent:
            r.pending.text = f"{r.pending.text} {clean(stripped)}".strip()
            r.pending.raw = f"{r.pending.raw} {stripped}"
        else:
            r.flush(indent)
            r.pop_to(indent)
            if not _definition_item(r, stripped, i):
                _prose(r, stripped, i)
        i += 1
    r.flush(None)
    return r.units


def _opens_list(lines: list[str], at: int) -> bool:
    """Whether ``lines[at]`` is a bare name over a list: three words at most, no colon
    (a "세 단계:" line announces its items, answer/lists.py reads it as a sentence), and
    the next line with text is a list item. A longer line there says something ("LLM
    전체가 아닌 일부분만을 튜닝하는 방법론" over its list of methods)."""
    line = lines[at].strip()
    if len(line.split()) > 3 or line.endswith((":", "：")):
        return False
    for below in lines[at + 1 :]:
        if below.strip():
            return _BULLET_RE.match(below) is not None
    return False


def _definition_item(r: _Reader, line: str, at: int) -> bool:
    """A definition list's ``: definition`` line (Pandoc / Markdown Extra): the term is
    the short line right above it, read as a sentence of its own. Both become one
    definition unit ("ECE (expected calibration error): 모델의 …"), as a ``term: …``
    line is, so the term is never quoted without what it means."""
    m = _DD_RE.match(line)
    last = r.units[-1] if r.units else None
    if m is None or last is None or last.kind != "sentence" or last.line != at - 1:
        return False
    if not _is_label(last.text):
        return False
    from notelens.analysis.sentences import split_sentences

    r.units.pop()
    sentences = split_sentences(m.group(1)) or [m.group(1)]
    r.add("definition", clean(f"{last.text}: {sentences[0]}"), at - 1, term=last.text)
    for sentence in sentences[1:]:
        r.add("sentence", clean(sentence), at)
    return True


#: An opening sentence up to this long that dates what it names is a line's lead ("사내
#: 세미나, 2025년 11월 14일."): the event, whose labelled fields follow on the line
#: ("발표자: …") and are read under it. Undated, an opening sentence is no event ("연구실
#: 신입용. 형식이 섞여 있음: …" is a remark and a remark): its fields keep their context.
LEAD_CHARS = 60


def _prose(r: _Reader, line: str, at: int) -> None:
    from notelens.analysis.sentences import split_sentences

    if _HEADING_RE.match(line):
        return
    # Sentence by sentence: a paragraph may open with "X: …" without being a definition.
    lead = ""
    for k, sentence in enumerate(split_sentences(line)):
        d = _definition(sentence)
        if d is not None:
            # "사내 세미나, 2025년 11월 14일. 발표자: 배준호": a field after the line's
            # opening sentence is that sentence's (the event it names), read under it.
            ctx = r.context(lead) if lead else None
            r.add("definition", clean(sentence), at, term=d[0], context=ctx)
        else:
            r.add("sentence", clean(sentence), at)
            if k == 0 and len(sentence) <= LEAD_CHARS and DATE_RE.search(sentence):
                lead = clean(sentence).rstrip(".")
