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


# Where a Korean clause's last item ends and the clause goes on: "… 추가하는 방법을 통해",
# "… 확장한 모델", "… 추가 등을 통해".
_KO_CLAUSE_END_RE = re.compile(r"(?:하는|한|하여|해서|하고|함|등|및|을 통해|를 통해)(?:\s|$|[.,])")


def counted_parts(text: str, count: int) -> list[str]:
    """The ``count`` items of a line that writes exactly that many parts separated by
    commas, in any language ("작업 수 확장, 모델 크기 확장, 학습 데이터에 CoT 데이터 추가하는
    방법을 통해 …" for "세 가지 중 마지막"), or ``[]``: the count a question writes says
    where the run is when its items are no names. The middle parts are items whole; the
    first is cut to the last words of the clause before it (as many as the longest middle
    part has), the last before the words that go on with the clause (twenty-seventh
    round)."""
    parts = [p.strip() for p in text.split(",")]
    if count < FEWEST or len(parts) != count or not all(parts):
        return []
    middle = [p.split() for p in parts[1:-1]]
    if any(len(m) > 5 for m in middle):
        return []
    longest = max(len(m) for m in middle)
    first = " ".join(parts[0].split()[-longest:])
    end = _KO_CLAUSE_END_RE.search(parts[-1])
    last = (parts[-1][: end.start()] if end else " ".join(parts[-1].split()[:longest])).strip()
    items = [first, *(p for p in parts[1:-1]), last]
    return items if all(items) else []


def line_words(text: str, names: list[str]) -> str:
    """``text`` without its inline ``names``: the words that say what the run is ("…
    등 비교", "compared on long inputs")."""
    for name in names:
        text = text.replace(name, " ")
    return text
