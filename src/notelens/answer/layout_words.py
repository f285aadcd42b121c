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


def names_layout(word: str) -> bool:
    """Whether ``word`` (an English word of a question) names a part of a note's layout,
    not its content: :data:`LAYOUT_WORDS`, hyphenated parts included ("sub-item")."""
    parts = word.lower().split("-")
    return all(p in LAYOUT_WORDS for p in parts)
