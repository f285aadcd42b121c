"""Refusal signal of a setting the question names with its value that no passage pairs.

Experiment notes are read by their settings: "rank 32로 돌린 LoRA 점수는?", "lr 1e-4일
때 loss는?", "What did batch 64 give?". The question writes a setting's name and a
value together, and the notes answer only when they write that pairing: a run's row
("rank: 32 · LogicKor: 5.8"), a sweep ("rank 4, 8, 16, 32를 비교"), a change ("lr 3e-4
→ 1e-4"). Runs that never used the value still write the name (another run's "rank:
16") and the number (another setting's "alpha: 32"), so every word of the question is in
the evidence and ``unwritten.py``, which reads the number alone, passes it.

:func:`unpaired_settings` lists the question's (name, value) pairs that neither the top
passages nor the quoted units write together: the name, then within one line only
numbers and separators up to the value (a list or an arrow, "rank 4, 8, 16, 64",
"temperature 0.05 → 0.02"), or a table whose header row names the setting and whose
body holds the value in that column. Only a name the evidence writes as a label or a
header (:func:`labelled`) is a setting: in English a lowercase word before a number is
as often a function word ("between 1990", "happened in 1995"). The name is a lowercase
Latin word, how notes name a setting (a capitalised word is a name,
``refusal.qualifiers``' and ``members.py``'s); function words and the words of dates
and series ("in 2024", "week 3": ``indexed.py``) are none. :func:`setting_factor`
scales the evidence strength by ``1 - UNWRITTEN_PENALTY`` over a note unit when one is
unpaired (prose is left alone, as by ``unwritten_factor``: it says "a rank of
thirty-two").
"""

from __future__ import annotations

import re

from notelens.answer.unwritten import UNWRITTEN_PENALTY

# A setting's name and its value: "rank 32", "lr=1e-4", "k: 5", "rank를 32로" (a Korean
# particle between), "temperature 0.7". The value is a plain number or a float in
# e-notation, not glued to a unit or a name ("32B", "v2", "5/14").
_ASKED_RE = re.compile(
    r"(?<![A-Za-z0-9_\-@#])(?P<name>[a-z][a-z_]*)(?:[가-힣]{1,2})?\s*(?P<sep>[:=])?\s*"
    r"(?P<value>\d+(?:\.\d+)?(?:e-?\d+)?)(?![\d.,/:]|[A-Za-z%])"
)
# Words before a number that name no setting: function words, bounds, dates and the
# series of ``indexed.py`` (read there), counts.
_NOT_NAME_WORDS = """
a an the in on at of to for by with from over under than about around into onto and or
vs nor but is was are were be been being has have had did do does after before since
until till within only just all each every per top up down out off near past via least
most more less approx roughly also then week weeks wk season seasons session sessions
part chapter lecture episode ep cohort year years month months day days hour hours
minute minutes page pages line lines version v no number times x
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_SEPARATORS = r"[\s,/~→\->=:|()·]*"


def asked_settings(question: str) -> list[tuple[str, str]]:
    """The question's (setting name, value) pairs ("rank 32로" -> ("rank", "32")). A
    one-letter name only with ":" or "=" ("k=5"; "x 8" is a product)."""
    out: list[tuple[str, str]] = []
    for m in _ASKED_RE.finditer(question):
        name, value = m.group("name"), m.group("value")
        if name in _NOT_NAMES or (len(name) < 2 and m.group("sep") is None):
            continue
        if (name, value) not in out:
            out.append((name, value))
    return out


def _value_re(value: str) -> str:
    return rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)"


def paired(name: str, value: str, text: str) -> bool:
    """Whether ``text`` writes ``value`` as ``name``'s (see the module docstring)."""
    num = _value_re(value)
    # The name, a particle or a label's punctuation, then only numbers and separators on
    # the same line up to the value (a sweep's list, an arrow from the old value).
    inline = (
        rf"(?<![A-Za-z]){re.escape(name)}s?(?:[가-힣]{{1,2}})?"
        rf"(?:{_SEPARATORS}\d+(?:\.\d+)?(?:e-?\d+)?)*?{_SEPARATORS}{num}"
    )
    if re.search(inline, text, re.I):
        return True
    # A table: a header line naming the setting, and a body line holding the value in
    # that column (a markdown table, or a text table aligned by spaces).
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = _cells(line)
        column = next(
            (k for k, h in enumerate(header) if re.fullmatch(rf"{re.escape(name)}s?", h, re.I)),
            None,
        )
        if column is None or len(header) < 2:
            continue
        for body in lines[i + 1 :]:
            row = _cells(body)
            if len(row) == len(header) and re.fullmatch(num, row[column]):
                return True
    return False


def _cells(line: str) -> list[str]:
    """A table line's cells: split on "|" (a markdown table) or on runs of two or more
    spaces or a tab (a text table aligned by spaces)."""
    line = line.strip()
    if "|" in line:
        return [c.strip() for c in line.strip("|").split("|")]
    return [c for c in re.split(r"\s{2,}|\t", line) if c]


def labelled(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name`` as a label ("rank: 16", "lr=2e-4") or as a table
    header's cell: the notes keep it as a setting. A question's "between 1990" or
    "happened 1995" names no setting the notes label, and is left alone."""
    if re.search(rf"(?<![A-Za-z]){re.escape(name)}s?\s*[:=]", text, re.I):
        return True
    return any(
        len(cells) >= 2 and any(re.fullmatch(rf"{re.escape(name)}s?", c, re.I) for c in cells)
        for cells in map(_cells, text.splitlines())
    )


def unpaired_settings(question: str, evidence: str) -> list[tuple[str, str]]:
    """The question's :func:`asked_settings` that ``evidence`` (the top passages with
    their headings, and the quoted units as the extractor reads them, "rank: 16 ·
    alpha: 32") labels (:func:`labelled`) and does not pair (:func:`paired`)."""
    return [
        (n, v)
        for n, v in asked_settings(question)
        if labelled(n, evidence) and not paired(n, v, evidence)
    ]


def setting_factor(question: str, unit_kind: str, evidence: str) -> float:
    """``1 - UNWRITTEN_PENALTY`` when the best unit is a note unit (``unit_kind`` not
    "sentence") and a setting of the question is unpaired in ``evidence``, else 1."""
    if unit_kind == "sentence":
        return 1.0
    return 1.0 - UNWRITTEN_PENALTY if unpaired_settings(question, evidence) else 1.0


__all__ = ["asked_settings", "labelled", "paired", "setting_factor", "unpaired_settings"]
