"""The version of a named thing a question asks about.

Notes keep successive versions of one model, dataset or tool as separate entries, each
with its own lines under it::

    2026-07-03 · Kestrel-MoE          2026-11-16 · Kestrel-MoE 2
      - train: 512x H100, 19 days       - train 6.1T tokens, 768x H100, 23 days

    - 📜 Quill-Embed: … 8K Context     - 📜 Quill-Embed v2
      - 8,192 tokens 입력                 - 32,768-token input

A question names one of them the way the notes do: "Kestrel-MoE training run" (or "Quill-Embed
(the first version)", "Quill-Embed 입력 길이") is the bare name, the first entry;
"Kestrel-MoE 2", "Quill-Embed v2" the later one. The lines of both share the question's
words, and the later entry often wins on them (it restates its predecessor's facts). The
line quoted must sit where the name is written with the version the question writes: a
line whose entry (its heading path, the list items above it) writes the name only with
another version yields to the best line of an entry that writes it with the asked one.

A name glued to more letters ("Quill-Embed-small", "Kestrel-MoE-Lite") is another name, not
a version, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.extractive import Candidate
from notelens.answer.qtype import LATIN_NAME_RE

__all__ = ["versions_of", "written_version"]

# What follows a name as its version: "2", "v2", "v2.1", "R1" ("Kestrel-MoE 2",
# "Quill-Embed v2", "Kestrel-R1"), then no more letters or digits.
_VERSION_RE = re.compile(r"[\s-]?(v?\d{1,2}(?:\.\d+)*|r\d{1,2})(?![A-Za-z0-9.-]*[A-Za-z0-9])", re.I)
# A name continued by letters, a digit or a hyphen and a word is another name.
# (A Korean particle glued to it is not: "Kestrel-MoE는".)
_LONGER_RE = re.compile(r"[A-Za-z0-9]|-[A-Za-z0-9]")
# The runner-up from the asked version's entry must still be a fair answer: a line far
# below the best one shares little of the question.
_MIN_SHARE = 0.6


def versions_of(name: str, text: str) -> set[str]:
    """The versions ``text`` writes ``name`` with ("" for the bare name); empty when it
    does not write ``name`` (or writes it only as part of a longer name)."""
    out: set[str] = set()
    low, key = text.lower(), name.lower()
    at = low.find(key)
    while at >= 0:
        end = at + len(key)
        before = low[at - 1] if at else " "
        if not (before.isalnum() or before == "-"):
            m = _VERSION_RE.match(low, end)
            if m is not None:
                out.add(m.group(1).lstrip("v"))
            elif not _LONGER_RE.match(low, end):
                out.add("")
        at = low.find(key, at + 1)
    return out


def _base_names(question: str) -> list[tuple[str, set[str]]]:
    """The names a question writes, each with the versions it writes them with
    ("Kestrel-MoE 2" -> ("Kestrel-MoE", {"2"}), "Quill-Embed v2" -> ("Quill-Embed", {"2"}),
    "Quill-Embed" -> ("Quill-Embed", {""}))."""
    out: list[tuple[str, set[str]]] = []
    for m in LATIN_NAME_RE.finditer(question):
        name = m.group(0)
        v = re.search(r"[\s-](v?\d{1,2}(?:\.\d+)*|[rR]\d{1,2})$", name)
        base = name[: v.start()] if v else name
        # A name, not a capitalised word opening a sentence ("How", "Which"): it has a
        # version, a digit, a hyphen or a capital inside.
        if len(base) >= 3 and (v or re.search(r"[\d.-]|\w[A-Z]", base)):
            asked = versions_of(base, question)
            if asked:
                out.append((base, asked))
    return out


def _held(base: str, c: Candidate) -> set[str]:
    """The versions of ``base`` where ``c`` sits: its entry (heading path, the list items
    above it). Not its own text: a line writes values after a name ("CoT 27.5"), and a
    line of the later entry that compares with the first ("same recipe as Kestrel-MoE")
    still sits in the later."""
    return versions_of(base, c.unit.context) if c.unit is not None else set()


def written_version(question: str, best: Candidate, cands: Sequence[Candidate]) -> Candidate:
    """``best``, or the best-scored candidate whose entry writes a name of the question
    with the version the question asks, when ``best``'s entry writes it only with
    another version. Only among note lines: prose sentences name versions in passing
    ("Windows 95 replaced Windows 3.1"), not as entries."""
    if best.unit is None or best.unit.kind == "sentence":
        return best
    for base, asked in _base_names(question):
        held = _held(base, best)
        if not held or held & asked:
            continue
        found = [c for c in cands if c.score >= _MIN_SHARE * best.score and _held(base, c) & asked]
        if found:
            return max(found, key=lambda c: c.score)
    return best
