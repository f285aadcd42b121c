"""The words a question names a note's layout with: "item", "bullet", "sub item",
"section", "entry", "list" (issue #15, twenty-sixth round).

People ask for a list's item by where it is written ("Tuning 밑에 경량화 다음 bullet은?",
"Methods에서 Bytepair Encoding 바로 앞 item은?", "prompt Engineering 밑에 있는 sub item"):
these words say how the notes are laid out (markdown bullets, headings, numbered
lines), not what they say, so no passage writes them. In a Korean question they are
English words the notes' Korean text never holds, and the refusal signal's test of an
English term no passage writes (answer/unwritten.py) must not read them as the one word
that picks a fact the notes lack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from notelens.answer.ordinal_items import EN_PLACES

#: Lowercase English words naming a part of a note's layout (singular and plural).
LAYOUT_WORDS = frozenset(
    {
        "item",
        "items",
        "subitem",
        "subitems",
        "sub",
        "bullet",
        "bullets",
        "entry",
        "entries",
        "section",
        "sections",
        "subsection",
        "heading",
        "headings",
        "list",
        "lists",
    }
)
# The Korean words of a list's layout and of a place in it ("목록 세번째 항목", "마지막 섹션",
# "하위 bullet").
_KO_WHERE = ("항목", "목록", "섹션", "리스트", "하위", "마지막", "번째")


#: The words of :data:`LAYOUT_WORDS` and those naming a page's other parts (a table's
#: rows, columns and cells, a line, the note itself, a chapter or folder: "the 개요
#: note's LLM 방향성 list", "README table에서 …", "어느 chapter야?"): no passage writes them
#: either. (Ordinals are not layout: "the
#: sixth direction" of a five-item list is the near miss.) Only the unwritten-term test
#: reads these; :func:`where_terms` keeps to a list's own words.
PAGE_WORDS = LAYOUT_WORDS | frozenset(
    {
        *("row", "rows", "column", "columns", "table", "tables", "cell", "cells"),
        *("header", "line", "lines", "note", "notes", "page"),
        *("subsections", "chapter", "chapters", "category", "folder", "directory"),
    }
)


def names_layout(word: str) -> bool:
    """Whether ``word`` (an English word of a question) names a part of a note's layout,
    not its content: :data:`PAGE_WORDS`, hyphenated parts included ("sub-item")."""
    parts = word.lower().split("-")
    return all(p in PAGE_WORDS for p in parts)


def where_terms(terms_of: Callable[[str], Iterable[str]]) -> frozenset[str]:
    """The analyzer terms (``terms_of``) of the layout words and of the words of a place
    in a list ("first", "last", "번째", "마지막"): where an item is written, which a
    passage holding the item does not write."""
    words = (*sorted(LAYOUT_WORDS), *EN_PLACES, *_KO_WHERE)
    return frozenset(t for w in words for t in terms_of(w))
