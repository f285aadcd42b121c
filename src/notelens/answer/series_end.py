"""The last member of a counted series, asked for by "몇까지" (issue #15, twenty-fourth
round): "유튜브 재생목록은 시즌 몇까지 있어?", "스터디는 총 몇 주차까지야?", "마지막 회차는?",
"up to which season is there a playlist?", "What is the last week of the syllabus?".

Notes write such a series one member a line: link bullets "… 시즌1", "… 시즌2", "… 시즌3",
or a syllabus table's rows "1 주차", …, "21 주차". Every member shares the question's
words alike, so the scorer's best unit is any of them (often the first); the answer is
the one with the largest number of the asked counter among the lines of the best one's
list or table (the same heading and context, over every retrieved chunk of it).

The counter is read from the question as ``members.members`` reads a member ("시즌 몇"
-> 시즌, "몇 주차" -> 주차, "last week" -> 주차), and the series must be one of two
members or more; a question that writes no end ("몇 주차에 발표해?") asks one member, not
the last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.analysis.particles import trailing_particle
from notelens.answer.members import PROBE, members, probed_counters
from notelens.answer.units import AnswerUnit
from notelens.types import Hit

# "시즌 몇까지", "몇 주차까지", "몇주차까지", "마지막 회차", "마지막 시즌은": the counter
# right before or after 몇 (or after 마지막), then the end.
_KO_END_RE = re.compile(
    r"(?P<pre>[가-힣]{1,3}|[A-Za-z]+)?\s*몇\s*(?P<post>[가-힣]{1,3}?|[A-Za-z]+)?\s*까지"
    r"|마지막\s*(?P<last>[가-힣]{1,3}|[A-Za-z]+)"
)
_EN_END_RE = re.compile(
    r"\b(?:last|final|latest)\s+(?P<en>week|season|session|round|part|episode|volume)(?![a-z])"
    r"|\bup to (?:which|what)\s+(?P<upto>week|season|session|round|part|episode|volume)(?![a-z])"
    r"|\bwhich\s+(?P<which>week|season|session|round|part|episode|volume)\b[^?]{0,40}?"
    r"\b(?:last|final|latest)\b",
    re.I,
)
_PARTICLE_RE = trailing_particle()
# "총 몇 주 과정이야?", "How many weeks does the study run?": the weeks of a syllabus
# counted, its last week (read only over a lead that is a week's member, a syllabus row).
_WEEKS_RE = re.compile(
    r"총\s*몇\s*주(?!\s*차)|몇\s*주\s*(?:과정|짜리|코스)"
    r"|\bhow many weeks\b[^?]{0,60}?\b(?:last|run|span|in total|altogether)\b",
    re.I,
)


def series_counter(question: str) -> str | None:
    """The counter whose last member ``question`` asks for ("시즌", "주차"), or None."""
    m = _KO_END_RE.search(question)
    if m is not None:
        last = _PARTICLE_RE.sub("", m.group("last") or "")
        # (Either order: "몇 주차까지" writes the counter after its number, "몇 시즌까지"
        # a counter the notes write before it, "시즌3".)
        probes = (
            [f"{PROBE}{m.group('post')}", f"{m.group('post')}{PROBE}"] if m.group("post") else []
        )
        probes += [f"{m.group('pre')}{PROBE}"] if m.group("pre") else []
        probes += [f"{last}{PROBE}", f"{PROBE}{last}", f"{last} {PROBE}"] if last else []
        for probe in probes:
            found = probed_counters(probe)
            if found:
                return found[0]
    if _WEEKS_RE.search(question):
        return "주차"
    m = _EN_END_RE.search(question)
    if m is not None:
        word = m.group("en") or m.group("upto") or m.group("which")
        found = probed_counters(f"{word} {PROBE}")
        return found[0] if found else None
    return None


def _number(unit: AnswerUnit, counter: str) -> float | None:
    values = [float(n) for n, c in members(unit.text) if c == counter]
    return max(values) if values else None


def series_end(
    question: str,
    hits: Sequence[Hit],
    passages: Sequence[Sequence[AnswerUnit]],
    best_hit: int,
    best: AnswerUnit,
) -> tuple[int, AnswerUnit] | None:
    """The (hit index, unit) of the last member of the series ``best`` belongs to, when
    ``question`` asks for the last one and that is another line; else None."""
    counter = series_counter(question)
    # (Note lines only: prose sentences of one paragraph are no series of lines.)
    if counter is None or best.kind == "sentence" or _number(best, counter) is None:
        return None
    heading = hits[best_hit].heading
    series = [
        (value, hi, u)
        for hi, passage in enumerate(passages)
        if hits[hi].heading == heading
        for u in passage
        if u.context == best.context
        and u.kind != "sentence"
        and (value := _number(u, counter)) is not None
    ]
    if len({value for value, _, _ in series}) < 2:
        return None
    value, hi, unit = max(series, key=lambda s: s[0])
    if unit.text == best.text:
        return None
    return hi, unit


__all__ = ["series_counter", "series_end"]
