"""A list written inline, its items named in a row within one line (issue #15,
twenty-sixth round): "Downstream task에 대해 Adapter Tuning, LoRA, Prefix Tuning,
P-Tuning 등 비교", "Fine Tuning(Last 2 Layer), BiFit, Adapter tuning등 다양한 방법과
비교했을 때 …".

A note's summary line often lists what a paper compares or uses as names separated by
commas, inside a clause: a question asks for one of them by its place or its neighbour
("비교 대상 첫번째 방법?", "which method comes right after LoRA in that comparison?")
as it would of bullets. The items are the Latin names of the longest run of three or
more: the first may follow the clause's opening words, the last may run into its closing
ones ("… 등 비교", "…등 다양한 방법과"); a part that is no name ends the run.
"""

from __future__ import annotations

import re

# A name: up to five Latin words (digits, hyphens, dots, slashes, a "+" inside), each
# with an optional short parenthesis ("Fine Tuning(Last 2 Layer)", "P-Tuning", "GPT-3.5").
_WORD = r"[A-Za-z0-9][A-Za-z0-9.+/\-]*(?:\s?\([^()]{1,24}\))?"
_WORD_RE = re.compile(_WORD)
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,4}}"
_WHOLE_RE = re.compile(rf"\s*({_NAME})\s*")
# The name closing the clause's opening words ("… 대해서 Adapter Tuning").
_TAIL_RE = re.compile(rf"(?:^|(?<=\s))({_NAME})\s*$")
# The name opening the clause's closing words ("Prompt Tuning 등 비교", "tuning등 …").
_HEAD_RE = re.compile(rf"\s*({_NAME})(?=\s*(?:등|및|etc\b|and\b|\s[가-힣]|[가-힣]|[.;:)])|\s*$)")
# A run's joining word before its last name ("…, and Carol"), and its closing "etc.".
_AND_RE = re.compile(r"^\s*(?:and|or)\s+", re.I)
# A word that opens the run after a clause ("…behavioral patterns, including reasoning,
# hallucination, …"): the names start after it, not in the clause before.
_OPENS_RE = re.compile(r"^\s*(?:including|such as|e\.g\.,?|like|namely)\s+", re.I)
_ETC_RE = re.compile(r"\s*\betc\.?$", re.I)
#: The fewest names a run must hold to be a list (two are a pair, not a list).
FEWEST = 3


def inline_names(text: str) -> list[str]:
    """The names of the longest run of :data:`FEWEST` or more written in a row in
    ``text`` (module doc), or ``[]``."""
    parts = [_AND_RE.sub("", p) for p in text.split(",")]
    best: list[str] = []
    for i, first in enumerate(parts):
        first = _OPENS_RE.sub("", first)
        start = _TAIL_RE.search(first)
        if start is None:
            continue
        run = [start.group(1)]
        # (Whether each end is a whole part or cut out of the clause around the run.)
        cut_first, cut_last = _WHOLE_RE.fullmatch(first) is None, False
        for part in parts[i + 1 :]:
            if _OPENS_RE.match(part):
                break
            whole = _WHOLE_RE.fullmatch(part)
            if whole is not None:
                run.append(whole.group(1))
                continue
            head = _HEAD_RE.match(part)
            if head is not None:
                run.append(head.group(1))
                cut_last = True
            break
        if len(run) > len(best):
            best = [_ETC_RE.sub("", n).rstrip(".;:") for n in _trimmed(run, cut_first, cut_last)]
    best = [n for n in best if n]
    return best if len(best) >= FEWEST else []


def _trimmed(run: list[str], cut_first: bool, cut_last: bool) -> list[str]:
    """``run`` with an end cut out of the clause no longer than its longest whole name:
    the clause's words may lead or trail it ("We compared Mamba", "RetNet on long
    inputs")."""
    whole = run[int(cut_first) : len(run) - int(cut_last)]
    if len(run) < FEWEST or not whole:
        return run
    longest = max(len(_WORD_RE.findall(n)) for n in whole)
    out = list(run)
    if cut_first:
        out[0] = " ".join(_WORD_RE.findall(run[0])[-longest:])
    if cut_last:
        out[-1] = " ".join(_WORD_RE.findall(run[-1])[:longest])
    return out


def line_words(text: str, names: list[str]) -> str:
    """``text`` without its inline ``names``: the words that say what the run is ("…
    등 비교", "compared on long inputs")."""
    for name in names:
        text = text.replace(name, " ")
    return text
