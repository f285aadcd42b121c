"""The list a question names by its owner: an entry's own items, or a table's rows that
share the value the question writes.

Notes hang a list under the thing it belongs to, not always under a heading:

* an **entry with children**: a bold name or a title line with its bullets indented
  beneath it (``- **LaMDA**:`` then ``  - 대화 모델에 특화된 …``), a paper title with its
  summary lines;
* a **numbered line with flat details**: ``3. QLoRA`` followed by plain bullets, not
  indented, until the next number (``- 4-bit NormalFloat``, ``- Double Quantization``);
* **table rows sharing a column value**: a syllabus whose "Type" column says
  ``alignment learning`` on four rows, a schedule whose "Speaker" is one person twice.

People ask for such a list by its owner's name ("QLoRA 구성요소 알려줘", "LaMDA 특징
뭐뭐 있어?", "What are the parts of QLoRA?", "alignment learning 주제로 읽는 논문들",
"papers presented by Kim"): the answer is *all* the owner's items, from whichever
passage holds them, and nothing from a line that only mentions the name in passing
("quantization과 결합한 QLoRA" in a README's topic list).

:func:`owned_items` and :func:`shared_value_rows` are read by ``answer/choose.py``'s
list step after the section rules of ``answer/lists.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from notelens.answer.units import AnswerUnit

# English words that may stand before a name without being part of it ("the parts of
# QLoRA", "papers under LaMDA"); any other Latin word before it makes a longer name
# ("fine tuning" is not "tuning").
_BEFORE_OK = frozenset(
    {"a", "an", "the", "of", "in", "on", "for", "from", "under", "about", "by", "with"}
    | {"to", "and", "or", "is", "are", "was", "were", "what", "which", "who", "list"}
    | {"show", "give", "all", "its", "their", "does", "do", "did", "has", "have", "s"}
    # A place asked among the rows or items ("the first alignment learning paper").
    | {"first", "second", "third", "fourth", "fifth", "last", "final", "next"}
)
# ... and after it: those, a verb a question asks with ("What does QLoRA include?"), or
# the noun of the items asked ("the alignment learning papers"); any other word makes a
# longer name ("alignment learning" is not "alignment").
_AFTER_OK = _BEFORE_OK | frozenset(
    {"include", "includes", "consist", "consists", "contain", "contains", "cover", "covers"}
    | {"use", "uses", "made", "mean", "means", "section", "folder", "category", "topic", "track"}
    | {"papers", "paper", "entries", "items", "parts", "components", "elements", "steps"}
    | {"methods", "features", "examples", "types", "kinds", "topics", "weeks", "rows"}
)
# A bullet's lead name before its gloss ("Router z-loss — …", "LaMDA:", "SAIL: Search-…").
_LEAD_RE = re.compile(r"\s[—–:-]\s|[:：]\s|[:：]$")
# A parenthesised aside, and markup or numbering around a name.
_ASIDE_RE = re.compile(r"\([^)]*\)")
_EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")
#: The fewest items an owner has to be the list asked for.
LEAST_ITEMS = 2
#: The fewest characters of a Latin name, and of a Hangul one, read as naming an owner
#: (a two-syllable Korean noun, "결과", "방법", is any list's word, not an owner's name).
LATIN_NAME_CHARS = 2
HANGUL_NAME_CHARS = 3


def _names(text: str, least: int | None = None) -> list[str]:
    """The names a line gives its owner, lower-cased: its lead (before a gloss or a
    colon), without a parenthesised aside, and each part of a short comma list
    ("BLOOM, PaLM:" names both)."""
    lead = _LEAD_RE.split(text, maxsplit=1)[0]
    name = _EDGE_RE.sub("", _ASIDE_RE.sub(" ", lead)).lower()
    name = " ".join(name.split())
    parts = [p.strip() for p in name.split(",")] if "," in name else []
    return [n for n in dict.fromkeys([name, *parts]) if _long_enough(n, least)]


def _long_enough(name: str, least: int | None = None) -> bool:
    """Whether ``name`` has ``least`` characters, by default :data:`HANGUL_NAME_CHARS` if
    it writes Hangul, else :data:`LATIN_NAME_CHARS`."""
    if least is None:
        least = HANGUL_NAME_CHARS if re.search(r"[가-힣]", name) else LATIN_NAME_CHARS
    return len(name) >= least


def names_whole(name: str, question: str) -> bool:
    """Whether lower-cased ``question`` writes ``name`` as a name of its own: not inside
    a longer word, and no Latin word beside it but a function word ("the parts of
    qlora"); a Korean particle may follow ("qlora의", "이승현님")."""
    for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![a-z0-9])", question):
        # (A Latin word: "시즌4에서 alignment" has none before the name.)
        before = re.search(r"(?:^|\s)([a-z0-9][a-z0-9-]*)[\s-]$", question[: m.start()])
        after = re.match(r"[\s-]([a-z][a-z0-9-]*)", question[m.end() :])
        if before and before.group(1) not in _BEFORE_OK:
            continue
        if after and after.group(1) not in _AFTER_OK:
            continue
        return True
    return False


def _children(units: Sequence[AnswerUnit], at: int) -> list[AnswerUnit]:
    """The items ``units[at]`` owns: the units indented under it (their context ends
    with its text), or, for a numbered line, the plain bullets after it until the next
    numbered line (details written flat, not indented)."""
    owner = units[at]
    ctx = f"{owner.context} > {owner.text}" if owner.context else owner.text
    nested = [u for u in units if u.context == ctx and u.kind in ("item", "definition", "title")]
    if nested or not owner.numbered:
        return nested
    flat = []
    for u in units[at + 1 :]:
        if u.context.startswith(ctx):
            continue  # a detail's own sub-bullets ("- 예시:" and its examples)
        if (
            u.context != owner.context
            or u.numbered
            or u.kind not in ("item", "definition", "title")
        ):
            break
        flat.append(u)
    return flat


#: Units with the index of the passage each comes from.
Placed = list[tuple[int, AnswerUnit]]


def owned_items(question: str, units: Sequence[Sequence[AnswerUnit]]) -> Placed | None:
    """The items of the entry a list question names (see the module docstring), each
    with its passage index, from the first passage, in hit order, holding an
    entry the question names with at least :data:`LEAST_ITEMS` items, none of which the
    question names itself (then it asks about that item)."""
    low = question.lower()
    for hi, passage in enumerate(units):
        for at, u in enumerate(passage):
            if u.kind not in ("title", "item", "definition") or not any(
                names_whole(n, low) for n in _names(u.text)
            ):
                continue
            items = _owned(low, passage, at)
            if items is not None:
                return [(hi, c) for c in items]
    return None


def _owned(low: str, passage: Sequence[AnswerUnit], at: int) -> list[AnswerUnit] | None:
    """The items of ``passage[at]``, or of the one of them the question names too when
    that one has items of its own ("데이터 필터링 단계에서 제거하는 예시" -> the examples
    under "- 예시:" under "1. 데이터 필터링"); None when it has fewer than
    :data:`LEAST_ITEMS`, or when the question names an item without items (then it asks
    about that item)."""
    items = _children(passage, at)
    if len(items) < LEAST_ITEMS:
        return None
    for c in items:
        # (Any name of two letters or more: "예시" names the item "예시:".)
        if any(len(n) >= LATIN_NAME_CHARS and names_whole(n, low) for n in _names(c.text, 0)):
            return _owned(low, passage, passage.index(c))
    return items


# The words that make a value the category the rows are asked by: "alignment learning 주제로",
# "RAG 분야 논문", "유형이 SFT인", "papers on preference tuning", "which weeks cover X".
_CATEGORY = (
    r"(?:주제|분야|유형|타입|카테고리|관련|계열|쪽|트랙|topic|type|category|area|field|theme|track)"
)


# The items a table's rows are, written right after the category value ("the LLM
# evaluation papers", "RAG 논문들", "alignment learning 발표"): the rows of that value are
# asked for as such as by a category word.
_ROW_NOUN = r"(?:논문|발표|papers?|talks?|presentations?)"
# A place written between them ("RAG 두 번째 논문", "LLM evaluation 마지막 발표").
_KO_PLACE = r"(?:[가-힣\d]{1,2}\s*번\s*째|첫|마지막)"


def asks_by(value: str, question: str) -> bool:
    """Whether lower-cased ``question`` asks for the rows of the category ``value`` (a
    category word beside it, "on" / "about" / "cover" before it, or the rows' own noun
    after it), not for something the value only names ("scaling law에서 … 세 요소" asks
    the law's parts)."""
    v = re.escape(value)
    return bool(
        re.search(rf"{v}\s*(?:의|인|이|가|은|는)?\s*{_CATEGORY}", question)
        or re.search(rf"{_CATEGORY}\s*(?:[:=은는이가]|is|of|on)?\s*{v}", question)
        or re.search(rf"\b(?:on|about|covers?|covering)\s+{v}", question)
        or re.search(rf"{v}\s*(?:의|인)?\s*(?:{_KO_PLACE}\s*)?{_ROW_NOUN}", question)
    )


@dataclass(frozen=True, slots=True)
class ValueRows:
    """The rows of one table (one heading) whose ``header`` column holds ``value``, in
    hit order, one per row text, and how many values that column holds in all."""

    heading: str
    header: str
    value: str
    rows: Placed
    column_values: int


def value_rows(
    question: str, headings: Sequence[str], units: Sequence[Sequence[AnswerUnit]]
) -> list[ValueRows]:
    """Every cell value the question asks rows by (:func:`asks_by`, written whole), with
    the rows holding it across every passage of its table (one heading, ``headings[i]``
    for passage i: a long table is cut into several)."""
    low = question.lower()
    # (heading, header, value) -> the rows holding it; and each column's values.
    groups: dict[tuple[str, str, str], list[tuple[int, AnswerUnit]]] = {}
    values: dict[tuple[str, str], set[str]] = {}
    for hi, passage in enumerate(units):
        for u in passage:
            if u.kind != "row":
                continue
            for header, value in u.cells:
                v = " ".join(value.lower().split())
                values.setdefault((headings[hi], header), set()).add(v)
                if _long_enough(v) and names_whole(v, low) and asks_by(v, low):
                    groups.setdefault((headings[hi], header, v), []).append((hi, u))
    out: list[ValueRows] = []
    for (heading, header, v), rows in groups.items():
        # (A row in two overlapping passages is one row.)
        picked: dict[str, tuple[int, AnswerUnit]] = {}
        for hi, u in rows:
            picked.setdefault(u.text, (hi, u))
        out.append(
            ValueRows(heading, header, v, list(picked.values()), len(values[(heading, header)]))
        )
    return out


def shared_value_rows(
    question: str, headings: Sequence[str], units: Sequence[Sequence[AnswerUnit]]
) -> Placed | None:
    """The rows of one table that share the cell value a list question writes ("alignment
    learning 주제로 읽는 논문들" -> every row whose Type is "alignment learning"), each
    with its passage index (:func:`value_rows`), when at least :data:`LEAST_ITEMS` rows
    share it and another row of the column holds another value (a value every row holds
    selects nothing). The longest such value wins ("alignment learning" over a
    "learning" cell elsewhere)."""
    best: Placed | None = None
    best_len = 0
    for g in value_rows(question, headings, units):
        if len(g.rows) < LEAST_ITEMS or g.column_values < 2 or len(g.value) <= best_len:
            continue
        best, best_len = g.rows, len(g.value)
    return best
