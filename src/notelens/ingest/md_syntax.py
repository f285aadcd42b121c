"""Markdown line syntax shared by the chunker (:mod:`markdown`) and the loaders'
title readers (:mod:`loaders`), so that what opens a heading or a code fence is decided
in one place: a title must come from a line the chunker also reads as a heading, and
never from inside a fence the chunker keeps as code.

:mod:`detect` keeps its own, stricter patterns on purpose: sniffing a format wants
evidence (``# x``), not CommonMark's edge cases (a lone ``#`` is an empty heading)."""

from __future__ import annotations

import re

__all__ = [
    "ATX",
    "CLOSING_HASHES",
    "HR",
    "LIST",
    "QUOTE",
    "SETEXT_DASH",
    "SETEXT_EQ",
    "atx_heading",
    "closes_fence",
    "fence_open",
]

#: An ATX heading line: group 1 the ``#`` run (its length is the level), group 2 the text
#: (closing hashes not yet removed: :func:`atx_heading`).
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
#: A fence line: group 1 the indent, group 2 the marker run, group 3 the info string.
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
SETEXT_EQ = re.compile(r"^ {0,3}=+[ \t]*$")
SETEXT_DASH = re.compile(r"^ {0,3}-{2,}[ \t]*$")
QUOTE = re.compile(r"^ {0,3}>")


def fence_open(line: str) -> re.Match[str] | None:
    """The line opens a code fence (a backtick fence whose info string holds a backtick
    is inline code, not a fence, as in CommonMark)."""
    m = _FENCE.match(line)
    if m is None or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None
    return m


def closes_fence(line: str, opener: re.Match[str]) -> bool:
    """The line closes the fence ``opener`` opened: only the same marker character, at
    least as many of them."""
    marker = opener.group(2)
    t = line.strip()
    return bool(t) and set(t) == {marker[0]} and len(t) >= len(marker)


def atx_heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and raw text (closing hashes removed, markup kept)."""
    m = ATX.match(line)
    if m is None:
        return None
    return len(m.group(1)), CLOSING_HASHES.sub("", (m.group(2) or "").strip())
