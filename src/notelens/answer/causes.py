"""The line that says why, for a reason question whose best line only states the premise.

A question of reason restates what it presupposes: "speculative decoding이 target 분포를
유지할 수 있는 이유는?", "Kestrel-MoE를 베이스 모델로 고르지 않은 이유는?", "Why did the team
drop the dense-only retriever?". The line sharing most of its words is therefore the one
that states the premise ("출력 분포는 target model과 같게 유지된다", "베이스 모델은
Tern-7B로 확정"), and it says no why. Notes write the reason beside it with a causal
ending or marker ("… 방식이라 target 분포가 보존된다", "… 남겼기 때문이다", "궁금해서
시작했다", "because …", "due to …") or as a judgement of the thing ("추론 메모리가 너무
큼", "too slow"). When the line the short answer comes from says no why, a line of the top
passages that does, and that shares the question's words, is quoted first and the
short answer is its.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from notelens.analysis.lang import has_hangul
from notelens.answer.extractive import Candidate
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

Morphemes = Callable[[str], Sequence[tuple[str, str, int, int]]]

#: Korean connective endings of cause ("적어서", "부족하니까", "크므로", "하느라").
_CAUSAL_ENDINGS = frozenset(
    {
        "어서",
        "아서",
        "여서",
        "라서",
        "이라서",
        "니까",
        "으니까",
        "므로",
        "으므로",
        "느라",
        "느라고",
        "길래",
        "기에",
    }
)
#: Nouns that name a cause ("… 때문이다", "… 덕분에", "… 탓").
_CAUSAL_NOUNS = frozenset({"때문", "덕분", "탓", "이유", "원인"})
#: The nouns a cause's clause ends on: "이유" and "원인" name a cause, not give one
#: ("… 때문" is the clause, "이유는 …" opens a sentence about it).
_CLAUSE_NOUNS = _CAUSAL_NOUNS - {"이유", "원인"}
#: After "…이라" a verb of naming makes it a name, not a cause ("X라 부른다").
_NAMING_VERBS = frozenset({"부르", "불리", "칭하", "하"})
#: English markers of cause; "since" only before a clause, not a date ("since 2023").
_EN_CAUSE_RE = re.compile(
    r"\b(?:because|due to|thanks to|owing to|as a result|caused by|which is why|the reason"
    r"|since(?!\s+(?:\d|the\s+(?:start|beginning)|then|last|early|late)))\b",
    re.I,
)
#: A judgement that is a reason by itself ("메모리가 너무 큼", "too slow to serve").
_JUDGEMENT_RE = re.compile(
    r"너무|지나치게|\btoo\s+(?:large|big|slow|small|expensive|costly|long|short|high|low"
    r"|much|many|noisy|unstable)\b",
    re.I,
)

#: A causal line is quoted first only when it scores at least this share of the best
#: unit (chosen on the blind sets' odd reason questions; docs/benchmarks.md, "Reason
#: questions, twentieth round").
CAUSE_SHARE = 0.6
#: ... and shares at least this share of the question's term weight.
CAUSE_COVER = 0.15


def says_why(text: str, morphemes: Morphemes) -> bool:
    """Whether ``text`` writes a cause: a causal ending or noun, an English causal
    marker, or a judgement ("너무 큼", "too slow")."""
    if _EN_CAUSE_RE.search(text) or _JUDGEMENT_RE.search(text):
        return True
    if not has_hangul(text):
        return False
    ms = list(morphemes(text))
    return any(_causal_at(ms, k, _CAUSAL_NOUNS) for k in range(len(ms)))


def _causal_at(ms: Sequence[tuple[str, str, int, int]], k: int, nouns: frozenset[str]) -> bool:
    """Whether the ``k``-th morpheme of ``ms`` marks a cause: a causal ending, one of
    ``nouns``, or a copula's "이라" not before a verb of naming."""
    form, tag = ms[k][0], ms[k][1]
    if tag == "EC" and form in _CAUSAL_ENDINGS:
        return True
    if tag in ("NNB", "NNG") and form in nouns:
        return True
    # "… 방식이라 target 분포가 보존된다": the copula's "이라" joins a cause.
    if tag == "EC" and form == "라" and k > 0 and ms[k - 1][1] == "VCP":
        nxt = next((m for m in ms[k + 1 :] if m[1].startswith("V")), None)
        return nxt is None or nxt[0] not in _NAMING_VERBS
    return False


def cause_line(
    source: Candidate,
    best: Candidate,
    cands: Sequence[Candidate],
    q_weights: dict[str, float],
    q_total: float,
    morphemes: Morphemes,
) -> Candidate | None:
    """The best-scoring candidate that says why, when the answer's ``source`` (the unit
    its short answer comes from) does not: it must score :data:`CAUSE_SHARE` of
    ``best`` and share :data:`CAUSE_COVER` of the question's term weight. A table row
    is never one (rows name and count)."""
    if q_total <= 0 or says_why(source.text, morphemes):
        return None
    found: Candidate | None = None
    for c in cands:
        if c is source or c.score < CAUSE_SHARE * best.score:
            continue
        if c.unit is not None and c.unit.cells:
            continue
        if found is not None and c.score <= found.score:
            continue
        cover = sum(w for t, w in q_weights.items() if t in c.terms) / q_total
        if cover >= CAUSE_COVER and says_why(c.text, morphemes):
            found = c
    return found


#: Where a clause ends or a new one starts in a line of notes.
_BOUNDARY_RE = re.compile(r"[,.;:!?()\[\]·—–]|\s[-→]\s")
#: A short answer longer than this is no phrase; the quoted line answers.
_MAX_CLAUSE = 80


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to the clause around it: back to the previous
    boundary, on to the next one."""
    before = [m.end() for m in _BOUNDARY_RE.finditer(text, 0, start)]
    after = _BOUNDARY_RE.search(text, end)
    lo = before[-1] if before else 0
    hi = after.start() if after else len(text)
    return lo, hi


def _topic(m: tuple[str, str, int, int]) -> bool:
    """Whether a morpheme is the topic particle ("검증은", "덜한 건")."""
    return m[1] == "JX" and m[0] in ("은", "는", "ᆫ")


def cause_span(text: str, morphemes: Morphemes) -> tuple[int, int] | None:
    """The offsets of the clause of ``text`` that says why: an English clause from its
    marker ("because it missed exact codes"); a Korean one up to its causal ending or
    noun ("rejection sampling 방식이라", "… 남겼기 때문"), after the topic it
    explains ("검증은", "덜한 건"); a judgement's clause ("추론 메모리가 너무 큼").
    None when the clause is no phrase (over :data:`_MAX_CLAUSE` characters)."""
    found: tuple[int, int] | None = None
    en = _EN_CAUSE_RE.search(text)
    if en is not None:
        found = (en.start(), _clause(text, en.start(), en.end())[1])
    elif has_hangul(text):
        ms = list(morphemes(text))
        for k, (_, _, start, end) in enumerate(ms):
            if not _causal_at(ms, k, _CLAUSE_NOUNS):
                continue
            lo = _clause(text, start, end)[0]
            # The topic the cause explains ("검증은", "덜한 건") is the question's premise.
            topics = [m[3] for m in ms[:k] if _topic(m) and m[3] > lo]
            found = (topics[-1] if topics else lo, end)
            break
    if found is None:
        judged = _JUDGEMENT_RE.search(text)
        if judged is None:
            return None
        lo, hi = _clause(text, judged.start(), judged.end())
        if has_hangul(text):
            topics = [m[3] for m in morphemes(text) if _topic(m) and lo < m[3] <= judged.start()]
            lo = topics[-1] if topics else lo
        found = (lo, hi)
    lo, hi = found
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo < 2 or hi - lo > _MAX_CLAUSE:
        return None
    return lo, hi


def cause_short(unit: AnswerUnit, short: Span | None, morphemes: Morphemes) -> Span | None:
    """A reason question's short answer: the span already cut when it says why, else
    the clause of ``unit`` that does (:func:`cause_span`), else the span as cut. The
    aligners' phrase for "왜 …?" rarely holds the reason ("모델", "패턴": 8 of the 64
    short answers of reason questions held the gold on the replayed sets;
    docs/benchmarks.md, "Reason questions, twentieth round"), but a question asking for
    the cause as a noun ("사고 원인은?", "… 이유는 무엇인가?" over prose) is answered by
    a noun phrase, so without a clause that says why the phrase stays."""
    if short is not None and says_why(short.text, morphemes):
        return short
    found = cause_span(unit.text, morphemes)
    if found is None:
        return short
    lo, hi = found
    return Span(unit.text[lo:hi], lo, hi)
