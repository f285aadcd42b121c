"""Regex sentence splitting for Korean/English research notes.

A boundary is terminal punctuation (``. ! ? …`` and full-width forms) followed by
whitespace, a Korean sentence ending glued to the next sentence (``했다.그리고``), or a
line break that does not look like a soft wrap. Not boundaries: decimals and versions
(``3.25``, ``v1.0``: no whitespace after the dot), URLs, abbreviations (``e.g.``,
``et al.``, ``Fig. 2``), initials (``J. Smith``), list numbers at the start of a line
(``1. ``), and a period followed by a lowercase Latin word (``etc. and``).

Line breaks are boundaries because notes put one statement per line (often with the
two-space markdown hard break, which the cleaner has already removed). A line break is
treated as a soft wrap (no boundary) only when a Latin word continues in lowercase
(``the model is\\ntrained``) or a Hangul word continues after a non-final syllable.
"""

from __future__ import annotations

import re

__all__ = ["hard_split_spans", "sentence_spans", "split_sentences"]

_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’)]}»」』"

_CANDIDATE = re.compile(
    r"[.!?…。！？]+[\"'”’)\]}»」』]*(?=\s|$)"  # punctuation before whitespace / end
    r"|(?<=[다요음함됨임까죠])\.(?=[가-힣])"  # Korean ending glued to the next sentence
    r"|\n"
)

# Words (lowercased, without the trailing dot) after which a period does not end a sentence.
# fmt: off
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "cf", "vs", "al", "etc", "approx", "ca", "resp", "fig", "figs", "eq", "eqs",
    "sec", "secs", "tab", "tabs", "no", "nos", "vol", "vols", "pp", "p", "ch", "chap", "ex",
    "ref", "refs", "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "st", "inc", "ltd", "co",
    "corp", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "ver",
})
# fmt: on

# Hangul syllables that commonly end a sentence without punctuation (note style).
_KO_FINAL = frozenset("다요음함됨임까죠")
_LIST_START = re.compile(r"[ \t]*(?:[-*+•]\s|\d{1,9}[.)]\s|\||>|#)")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _is_latin_lower(ch: str) -> bool:
    return "a" <= ch <= "z"


def _period_is_boundary(text: str, pstart: int, pend: int) -> bool:
    """Decide for a candidate that starts with ``.`` (or ``...``)."""
    n = len(text)
    j = pend
    while j < n and text[j] in " \t\r\n":
        j += 1
    if j >= n:
        return True
    nxt = text[j]
    if _is_latin_lower(nxt):  # "e.g. the", "et al. show", "etc. and"
        return False
    # The word before the period (looked for in a bounded window: keeps this O(1)).
    lo = max(0, pstart - 64)
    window = text[lo:pstart]
    ws = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    word = window[ws + 1 :].lstrip("(\"'[“‘")
    if not word:
        return True
    low = word.lower()
    if low in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper() and word.isascii():
        return False  # an initial: "J. Smith"
    if word.isdigit() and len(word) <= 3:
        before = window[: ws + 1]
        nl = before.rfind("\n")
        if (nl >= 0 or lo == 0) and not before[nl + 1 :].strip():
            return False  # a list number at the start of a line: "1. "
    return True


def _newline_is_boundary(text: str, pos: int) -> bool:
    """A ``\\n`` at ``pos``: boundary unless the line break looks like a soft wrap."""
    k = pos - 1
    while k >= 0 and text[k] in " \t\r":
        k -= 1
    if k < 0:
        return False
    prev = text[k]
    j = pos + 1
    n = len(text)
    if j >= n:
        return True
    if text[j] == "\n":
        return True  # blank line: paragraph break
    if _LIST_START.match(text, j):
        return True
    while j < n and text[j] in " \t":
        j += 1
    if j >= n:
        return True
    nxt = text[j]
    if prev in _TERMINAL or prev in _CLOSERS:
        return True
    if (prev.isascii() and (prev.isalnum() or prev in ",;:-(")) and _is_latin_lower(nxt):
        return False
    return not (_is_hangul(prev) and prev not in _KO_FINAL and _is_hangul(nxt))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0

    def add(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))

    for m in _CANDIDATE.finditer(text):
        tok = m.group(0)
        if tok == "\n":
            if not _newline_is_boundary(text, m.start()):
                continue
            add(start, m.start())
            start = m.end()
            continue
        glued = m.end() < len(text) and _is_hangul(text[m.end()])  # "했다.그리고"
        if tok[0] == "." and not glued and not _period_is_boundary(text, m.start(), m.end()):
            continue
        add(start, m.end())
        start = m.end()
    add(start, len(text))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (Korean and English), in order, stripped, non-empty."""
    return [text[a:b] for a, b in sentence_spans(text)]


def hard_split_spans(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``limit`` chars, at whitespace if possible."""
    limit = max(1, limit)
    out: list[tuple[int, int]] = []
    a = start
    while end - a > limit:
        cut = a + limit
        ws = max(
            text.rfind(" ", a + limit // 2, cut + 1), text.rfind("\n", a + limit // 2, cut + 1)
        )
        if ws > a:
            cut = ws
        b = cut
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        a = cut
        while a < end and text[a].isspace():
            a += 1
    if a < end:
        out.append((a, end))
    return out
